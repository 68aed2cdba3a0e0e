"""Which measure a question asks for, and which one a span of a sentence is.

"In what year" is answered by a year, "what date" / "какого числа" by a day of the month;
"how many hot dogs" is no duration ("10 минут"), "what share" no count ("125 рейсов").
`retrieval.evidence` keeps a reply's candidates to the measure asked.
"""

from __future__ import annotations

import re

from retrieval.calendar_words import MONTHS
from retrieval.kinds import Kind

_ASKS_YEAR = re.compile(
    r"\b(?:what|which) year\b|(?<!\w)(?:якого року|в якому році|у якому році|який рік|"
    r"з якого року|в каком году|какого года|какой год|с какого года)(?!\w)"
)
_ASKS_DAY = re.compile(
    r"\b(?:what|which)\s+(?:exact\s+)?date\b|\bwhat\s+day\b(?!\s+of\s+the\s+week)"
    r"|(?<!\w)(?:якого|какого)\s+числа(?!\w)|(?<!\w)на\s+(?:яке|какое)\s+число(?!\w)"
    r"|(?<!\w)(?:яка|какая|яку|какую)\s+дат[аиу](?!\w)|(?<!\w)на\s+(?:який|какой)\s+день(?!\w)"
)
# A day of the month: "11 June", "June 11", "27 грудня", "1 марта 2020", "24.02.2022".
_DAY = re.compile(
    rf"(?<!\d)(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th|-?(?:го|е|я))?\s+(?:of\s+)?{MONTHS}"
    rf"|{MONTHS}\s+(?:[1-9]|[12]\d|3[01])(?!\d)|(?<![\d.])\d{{1,2}}\.\d{{1,2}}(?:\.\d{{2,4}})?(?![\d])",
    re.IGNORECASE,
)
_PERCENT = r"%|\bper\s?cent|\bвідсот|\bпроцент"
PERCENT_SIGN = re.compile(_PERCENT, re.IGNORECASE)
# A share: a percentage or a fraction ("12%", "two-thirds", "пятой части", "половина"), or
# a number followed by its whole ("one in five", "8 out of 10", "троє з п'яти").
_SHARE_FORM = re.compile(
    rf"{_PERCENT}|\b(?:half|halves|third|quarter|fifth|tenth)s?\b"
    r"|(?<!\w)(?:половин|третин|трет|чверт|четверт|частин|част[иь]|кожн|каждо|каждый)\w*",
    re.IGNORECASE,
)
_OF_A_WHOLE = re.compile(
    r"\s+(?:in|out\s+of|з|із|из)\s+(?:\d|two|three|four|five|six|seven|eight|nine|ten|"
    r"дв|тр|чотир|четыр|п['’]?ят|шест|шіст|сем|сім|вос|віс|дев|десят)",
    re.IGNORECASE,
)
TIME_UNIT = re.compile(
    r"\b(?:years?|months?|weeks?|days?|hours?|minutes?|рок\w*|років|лет|год\w*|місяц\w*|"
    r"месяц\w*|тиж\w*|недел\w*|дн\w*|годин\w*|час\w*|хвилин\w*|минут\w*)\b",
    re.IGNORECASE,
)
SCORE_FORM = re.compile(r"\d{1,3}\s*[:–-]\s*\d{1,3}")
LENGTH_UNIT = re.compile(
    r"\b(?:km|kilomet\w*|met(?:re|er)s?|miles?|feet|foot|км|кілометр\w*|километр\w*|м|"
    r"метр\w*|миль?)\b",
    re.IGNORECASE,
)
# What `asked.counted` says a question counts when it counts no things.
MEASURES = frozenset({"%", "time", "score", "length", "age"})
# A number that is someone's age: "31-летний", "68-річний", "a 39-year-old", "aged 39",
# "в возрасте 72 лет", "у віці 90 років", "Manning, 39, said".
_AGE_AFTER = re.compile(r"\s?-\s?(?:летн|річн|year-old|years?-old)|\s+years?\s+old\b", re.I)
_AGE_BEFORE = re.compile(r"(?:\baged|\bage\s+of|\bat\s+age|\bв\s+возрасте|\bу\s+віці)\s+$", re.I)
# "Manning, 39, said": a capitalised name, then the number between commas.
_AGE_APPOSED = re.compile(r"[A-ZА-ЯІЇЄҐ][\w'’-]+,\s$")


def names_an_age(piece: str, after: str, before: str) -> bool:
    """Return whether an amount (`piece`, between `before` and `after`) is an age."""
    if _AGE_AFTER.match(after) or _AGE_AFTER.search(piece) or _AGE_BEFORE.search(before):
        return True
    return _AGE_APPOSED.search(before) is not None and after.startswith(",")


def asks_year(question: str) -> bool:
    """Return whether a question asks for a year ("in what year", "в каком году")."""
    return _ASKS_YEAR.search(question.casefold()) is not None


def asks_day(question: str) -> bool:
    """Return whether a question asks for a day of the month ("what date", "какого числа")."""
    return _ASKS_DAY.search(question.casefold()) is not None


def names_a_day(text: str, start: int, end: int) -> bool:
    """Return whether `text[start:end]` names a day of the month ("11 June", "27 грудня")."""
    return _DAY.search(text, start, end) is not None


def is_share(text: str, start: int, end: int) -> bool:
    """Return whether the amount at `text[start:end]` is a share: a percentage, a fraction,
    or a number followed by its whole ("one in five")."""
    return bool(_SHARE_FORM.search(text, start, end) or _OF_A_WHOLE.match(text, end))


def shape(piece: str, kind: Kind) -> float:
    """Return how much a span looks like an answer of its kind (1 best).

    A name of two words beats one word, and both beat an acronym ("US", "США"); an amount
    or a date with words around its digits beats a bare number.
    """
    if kind in (Kind.PERSON, Kind.NAME, Kind.PLACE):
        if piece.isupper() and len(piece) <= 5:
            return 0.6
        return 1.0 if len(piece.split()) > 1 else 0.8
    if kind in (Kind.AMOUNT, Kind.MONEY, Kind.DATE):
        digits = any(ch.isdigit() for ch in piece)
        if digits and (any(ch.isalpha() for ch in piece) or not piece[-1].isdigit()):
            return 1.0  # "4.2 kilometres", "96%", "£10.3m", "24 July"
        return 0.8 if digits else 0.7  # a bare number; a number word ("three")
    return 1.0
