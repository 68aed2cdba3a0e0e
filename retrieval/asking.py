"""What every transport agrees on about a question and its reply: one definition each.

The length limit is checked here for the searcher, the facade and the command line's
usage check alike; the words people wrap a question in for a bot ("do you know who …",
"підкажіть, будь ласка, коли …") are taken off here, and a year typed against its
abbreviation ("2018г.") is set apart; a reply lists the sources
`shown_sources` returns, in Telegram HTML, in plain text and on the buttons.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from retrieval.errors import EmptyQuery, QueryTooLong
from retrieval.everyday import GREETINGS

if TYPE_CHECKING:
    from retrieval.answer import Answer, Source

MAX_QUESTION_CHARS = 1000


def check_question(question: str) -> str:
    """Return the question without surrounding space.

    Raises:
        QueryTooLong: over `MAX_QUESTION_CHARS` characters.
        EmptyQuery: nothing but space.
    """
    text = question.strip()
    if len(text) > MAX_QUESTION_CHARS:
        msg = f"question is {len(text)} characters; the limit is {MAX_QUESTION_CHARS}"
        raise QueryTooLong(msg)
    if not text:
        raise EmptyQuery("empty question")
    return text


# A request around a question: "can you tell me", "do you know", "підкажіть, будь ласка",
# "не знаешь", after a greeting or not, or a greeting alone ("привіт! хто …"). It is taken
# off only when a question word follows, so "tell me a joke" stays an everyday request and
# "розкажи про брексит" a topic.
_HELLO = rf"(?:{GREETINGS}|ok|okay|so|слухай|слухайте|слушай|слушайте)(?:[\s,]+(?:there|bot|бот))?"
_GREETING = rf"(?:{_HELLO}[\s,!.]+)?"
_REQUEST = (
    r"(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+)?"
    r"(?:tell|say\s+to|explain\s+to|remind)\s+me"
    r"|(?:do|did)\s+(?:you|u|any(?:one|body))\s+(?:happen\s+to\s+)?know"
    r"|(?:please\s+|pls\s+|plz\s+)?tell\s+me"
    r"|i\s+(?:want|need|would\s+like|['’]d\s+like)\s+to\s+know|i\s+(?:wonder|was\s+wondering)"
    r"|any\s+idea|please|pls|plz"
    r"|(?:будь\s+ласка[\s,]+)?(?:підкажіть|підкажи|скажіть|скажи|нагадайте|нагадай|поясніть"
    r"|поясни)(?:[\s,]+будь\s+ласка)?"
    r"|(?:пожалуйста[\s,]+)?(?:подскажите|подскажи|скажите|скажи|напомните|напомни|объясните"
    r"|объясни)(?:[\s,]+пожалуйста)?"
    r"|(?:а\s+)?(?:(?:ти|ви|ты|вы)\s+)?(?:не\s+)?(?:знаєш|знаєте|підкажеш|підкажете|знаешь"
    r"|знаете|подскажешь|подскажете)"
    r"|(?:хочу|хотів\s+би|хотіла\s+б)\s+(?:дізнатися|дізнатись|знати)"
    r"|(?:хочу|хотел\s+бы|хотела\s+бы)\s+(?:узнать|знать)"
    r"|цікаво|интересно|будь\s+ласка|пожалуйста)"
)
_ASKS = (
    r"(?:who|whom|whose|what|what['’]?s|whats|when|where|which|why|how|is|are|was|were|did"
    r"|does|do|has|have|had|will|would|can|could|should"
    r"|хто|кого|кому|ким|чий|чия|чиє|чиї|що|чого|чому|чим|коли|де|куди|звідки|скільки|як\w*"
    r"|чи|навіщо|кто|кем|чей|чья|чь[её]|чьи|что|чему|чем|почему|зачем|когда|где|откуда"
    r"|сколько|как\w*)"
)
_PREPOSITION = r"(?:(?:в|у|на|з|із|зі|від|до|за|о|об|про|по|для|с|со|от|из|к)\s+)?"
_WRAPPED = re.compile(
    rf"^(?:{_GREETING}{_REQUEST}|{_HELLO})[\s,:;!.—–-]+(?={_PREPOSITION}{_ASKS}(?![\w'’]))",
    re.IGNORECASE,
)
_THANKS = re.compile(
    r"(?:[\s,]+(?:please|pls|plz|thanks|thank\s+you|thx|будь\s+ласка|дякую|пожалуйста"
    r"|спасибо))+(?=[\s?!.]*$)",
    re.IGNORECASE,
)


def unwrapped(question: str) -> str:
    """Return a question without the request around it ("do you know who won …" → "who
    won …", "подскажите пожалуйста, когда …" → "когда …", "… pls" → "…"). A request
    followed by no question word is left as it is."""
    text = _THANKS.sub("", question)
    found = _WRAPPED.match(text)
    text = text[found.end() :] if found else text
    return text if text.strip(" ?!.") else question


# A year glued to its abbreviation, as people type it ("в 2018г.", "у 2019р"): the year is
# then no word of its own, and the articles' "2018" never matched it.
_GLUED_YEAR = re.compile(
    r"(?<![\w.])((?:19|20)\d\d)(?=(?:гг|рр|г|р|года|году|год|року|році|рік)(?:\.|(?!\w)))",
    re.IGNORECASE,
)


def unglued(question: str) -> str:
    """Return a question with a year set apart from its abbreviation ("2018г." →
    "2018 г.")."""
    return _GLUED_YEAR.sub(r"\1 ", question)


def shown_sources(answer: Answer) -> list[Source]:
    """Return the sources a reply lists: those the model's text cites, else every one."""
    if answer.mode == "llm" and answer.prose:
        return [s for s in answer.sources if s.n in answer.prose_sources]
    return answer.sources
