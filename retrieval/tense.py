"""Whether a question asks about now or about what is to come ("still", "зараз"; "will",
"буде"): an old article tells how it was, and one from before may tell of a plan
(`retrieval.refusal` reads both).
"""

from __future__ import annotations

import re

from retrieval.kinds import question_head

# Words that ask about what is to come: an article from before may tell of a plan.
_FUTURE = re.compile(
    r"\b(?:will|won't|going to|plan\w*|expected|scheduled|due to|next|upcoming|future)\b"
    r"|\b(?:буде|будуть|будемо|планує\w*|планую\w*|заплановано|очікує\w*|наступн\w*|"
    r"майбутн\w*|має\s+бути)\b"
    r"|\b(?:будет|будут|будем|планиру\w*|запланирован\w*|ожида\w*|следующ\w*|предстоящ\w*|"
    r"должн\w*\s+быть)\b"
)


def asks_future(question: str) -> bool:
    """Return whether a question asks about a plan or what is to come ("will", "буде")."""
    return _FUTURE.search(question_head(question)) is not None


# Words that ask about the present, or the next days: an old article tells how it was,
# not how it is or will be tomorrow. ("На вихідних", "на выходных" may be a weekend
# past: "скільки людей прийшло на фестиваль на вихідних"; "на вихідні" looks ahead.)
_NOW = re.compile(
    r"\b(?:now|right now|currently|current|still|these days|nowadays|latest|most recent"
    r"|tomorrow|tonight|this weekend|this season|recent news|any news)\b"
    # "Останні новини про …", "свежие новости": the news of these days, not a last one
    # ("последний король руанды" names a king).
    r"|(?<!\w)(?:останн\w*|свіж\w*|последн\w*|свеж\w*)\s+(?:новин\w*|новост\w*)"
    # The last election is the one before now, not the corpus's last ("when was the last
    # uk general election held", "кто выиграл последние выборы").
    r"|\b(?:last|most\s+recent)\s+(?:[\w-]+\s+){0,2}(?:elections?|referendums?)\b"
    r"|(?<!\w)(?:останн|последн)\w*\s+(?:[\w-]+\s+){0,2}(?:вибор|выбор|референдум)\w*"
    # A score asked in the present is a game on now: "what's the score of the arsenal game".
    r"|\bwhat(?:'s|\s+is)\s+the\s+score\b"
    r"|(?<!\w)(?:зараз|тепер|нині|наразі|досі|дотепер|все ще|й досі|найостанніш\w*|"
    r"найсвіжіш\w*|найновіш\w*|завтра|на вихідні|сьогодні ввечері|цього сезону"
    r"|у цьому сезоні|в цьому сезоні)(?!\w)"
    r"|(?<!\w)(?:сейчас|теперь|ныне|в настоящее время|до сих пор|вс[её] ещ[её]|по-прежнему|"
    r"самы\w+ последн\w*|самы\w+ свеж\w*|новейш\w*|завтра|на выходные|"
    r"сегодня вечером|этого сезона|в этом сезоне)(?!\w)"
    # "Who is the new pope", "кто новый папа", "что нового у ryanair": who or what is new
    # now; "хто став новим головою" asks about a past change and stays.
    r"|^(?:who(?:'s|\s+is)\s+the\s+new|what(?:'s|\s+is)\s+new\s+(?:with|at|in|on|for))\b"
    r"|^(?:хто\s+(?:зараз\s+)?нов(?:ий|а)|кто\s+(?:сейчас\s+)?нов(?:ый|ая)|що\s+нового"
    r"|что\s+нового)(?!\w)"
)


# "The area now known as Jacksonville" names a place, it asks nothing about now.
_NOW_NAMING = re.compile(
    r"\b(?:now|currently|today)\s+(?:known|called|named)\b|\bwhat\s+is\s+now\b"
    r"|(?<!\w)(?:нині|тепер|зараз)\s+(?:відом\w*|назива\w*)|(?<!\w)(?:ныне|теперь|сейчас)\s+"
    r"(?:известн\w*|называ\w*)"
)


def asks_now(question: str) -> bool:
    """Return whether a question asks how things are now ("still", "зараз", "сейчас")."""
    return _NOW.search(_NOW_NAMING.sub(" ", question_head(question))) is not None
