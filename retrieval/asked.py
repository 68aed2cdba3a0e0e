"""What a question says it asks for, beyond its kind: the unit an amount counts ("how
many *pilots*", "what share", "how long") and the noun a name is ("which *airline*",
"какой *суд*"), and whether that noun stands beside a name in a sentence. The sentence
reader (`retrieval.evidence`) prefers spans of that unit or beside that noun.
"""

from __future__ import annotations

import re

from retrieval.analysis import Analyzer
from retrieval.kinds import Kind
from retrieval.spans import names_a_sum

_PERCENT = re.compile(
    r"\b(?:percent\w*|per cent|процент\w*|відсот\w*|долю|частку)"
    # "what share", "the share of": a share asked; "share offer", "share price": stock.
    r"|\b(?:what|which|a|the)\s+(?:\w+\s+)?(?:share|proportion)\b(?!\s+(?:offer|price|sale|issue))"
    r"|\b(?:share|proportion)\s+of\b"
)
_DURATION = re.compile(
    r"\bhow long\b|\bhow many (?:years|months|weeks|days|hours)\b|скільки (?:часу|років|днів)|"
    r"сколько (?:времени|лет|дней)|как долго|через скільки|через сколько"
)
# An age asked: "how old", "в каком возрасте", or "сколько лет" / "скільки років" before
# whom it is asked of ("сколько лет (было) земану", not "сколько лет длилась", "дали",
# "на скільки років японці дають кредит").
_AGE = re.compile(
    r"\bhow old\b|\bat what age\b|\bв каком возрасте\b|\bу якому віці\b"
    r"|(?<!на )\b(?:сколько лет|скільки років)\s+(?:(?:было|исполнилось|исполняется|будет|було|"
    r"виповнилося|виповнюється|буде)\s+)?(?!(?:назад|тому|прошло|минуло|пройшло|дали|дадут|"
    r"дадуть|дають|грозит|загрожує|тюрьмы|колонии|в\b|у\b|на\b|за\b))[^\W\d_]+"
    r"(?:у|ю|е|і|ї|и|ой|ому|ему|ій|ові|еві)\b"
)
_SCORE = re.compile(
    r"\bwhat\s+was\s+the\s+score\b|\bfinal\s+score\b|\bscore\s+(?:of|in)\s+the\s+(?:game|match|final)\b|"
    r"\bз\s+яким\s+рахунком|"
    r"\bякий\s+рахунок|\bс\s+каким\s+сч[её]том|\bкакой\s+сч[её]т\b"
)
_HOW_LONG = re.compile(r"\bhow long\b|\bякої довжини\b|\bкакой длины\b|\bзавдовжки\b")
_COUNT_CUE = re.compile(
    r"\b(?:how many|скільки|сколько|на скільки|на сколько|скількох|скольких|скільком|скольким)"
    r"\s+((?:[^\W\d_][^\W_]*\s+){0,1}[^\W\d_][^\W_]*)"
)


def counted(
    question: str, lang: str, analyzer: Analyzer, kind: Kind = Kind.AMOUNT
) -> frozenset[str]:
    """Return the terms of what an amount question counts; "%" for a share, "time" for a
    duration; empty when it does not say ("how much did it cost"). A money question
    counts money, whatever words follow "скільки" ("скільки коштуватиме ремонт")."""
    text = question.casefold()
    units: set[str] = set()
    if _PERCENT.search(text):
        units.add("%")
    if _AGE.search(text):
        units.add("age")  # "сколько лет комри": "31-летний", not "десять лет в НХЛ"
    elif _DURATION.search(text):
        units.add("time")
    if _SCORE.search(text):
        units.add("score")  # "з яким рахунком": 4:2, not the 300 who watched
    if _HOW_LONG.search(text):
        units.add("length")  # "how long is the bridge" asks a length, not a duration
    match = _COUNT_CUE.search(text)
    if match and not units and kind is not Kind.MONEY:
        units.update(analyzer.terms(match.group(1), lang))
    return frozenset(units)


def counts_no_money(question: str) -> bool:
    """Return whether an English "how many" question counts things that are not money
    ("how many a320s", not "how many dollars"). Only English: "скільки" / "сколько" is
    as often followed by its verb as by its noun ("сколько меллон пожертвовал" asks a
    sum; seen Ukrainian and Russian questions lost five right highlights)."""
    text = question.casefold()
    return _HOW_MANY.search(text) is not None and not names_a_sum(text)


_HOW_MANY = re.compile(r"\bhow many\b")


_TYPE_NOUN = re.compile(
    r"\b(?:which|what)\s+(?!(?:is|was|are|were|did|does|do|has|have|had|will|would|can|"
    r"could|of|the|a|an)\b)([^\W\d_]+)"
    r"|\bwho(?:'s|s| is| was| are| were)?\s+(?:the|a|an)\s+([^\W\d_]+)"
    r"|\b(?:як(?:ий|а|е|і|ого|ій|им|ому|ою|у|их|ими)|"
    r"как(?:ой|ая|ое|ие|ого|ом|ому|ую|им|их|ими))\s+([^\W\d_]+)"
    r"|\b(?:хто|кто)\s+(?:з|із|из|среди|серед)\s+([^\W\d_]+)"
)


def named_types(question: str, lang: str, analyzer: Analyzer) -> frozenset[str]:
    """Return the terms of the noun a name question asks about ("which *airline*")."""
    match = _TYPE_NOUN.search(question.casefold()[:240])
    if match is None:
        return frozenset()
    noun = next(group for group in match.groups() if group)
    return frozenset(analyzer.terms(noun, lang))


TYPED_BEFORE = 1.5  # a name of what the question asks for ("Окружной суд" for "какой суд")
TYPED_AFTER = 1.3  # ... after a comma before the asked noun ("Philippe Sands, a QC")
_TYPE_REACH = 2  # words either side of a name that may say what it is ("Sands, a QC")
_TYPE_PREFIX = 3  # "uni" names a "University"
# Prepositions that place a name rather than say what it is ("the only country in North
# Africa"; "the city of Leeds" is the city).
_PLACING = frozenset(
    {"in", "at", "on", "near", "from", "to", "into", "inside", "outside", "across"}
    | {"в", "у", "на", "біля", "від", "до", "з", "із", "під", "над", "при", "поблизу"}
    | {"около", "возле", "из", "от", "под"}
)


def asked_noun_beside(
    text: str,
    lang: str,
    words: list[tuple[int, int]],
    span_end: int,
    inside: list[int],
    types: frozenset[str],
    analyzer: Analyzer,
) -> float:
    """Return how surely a name (the sentence's words `inside` it, of `words`' offsets)
    names what the question asks for, `types` (`named_types`); 1 when it doesn't: the
    asked noun just before it ("суд Амстердама", "judge Letitia Clark"), or less surely
    after a comma ("Philippe Sands, a QC")."""
    if not inside:
        return 1.0
    first, last = inside[0], inside[-1]

    def names_type(near: range) -> bool:
        for i in near:
            start, end = words[i]
            for term in analyzer.terms(text[start:end], lang):
                if term in types or any(
                    len(t) >= _TYPE_PREFIX and term.startswith(t) for t in types
                ):
                    return True
        return False

    # "страна в Северной Африке": past a preposition the noun is not what the name is.
    reach = first
    while reach > max(0, first - _TYPE_REACH):
        start, end = words[reach - 1]
        if text[start:end].casefold() in _PLACING:
            break
        reach -= 1
    if names_type(range(reach, first)):
        return TYPED_BEFORE
    if text[span_end : span_end + 2].lstrip().startswith(",") and names_type(
        range(last + 1, min(len(words), last + 1 + _TYPE_REACH))
    ):
        return TYPED_AFTER
    return 1.0
