"""Building blocks shared by the absolute and relative date rules."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_FLAGS = re.IGNORECASE
_APOS = "'’ʼ‘`´′"
# Word boundaries that treat an apostrophe inside a word (п'ять, don't) as part of the word.
_L = rf"(?<!\w)(?<!\w[{_APOS}])"
_R = rf"(?!\w)(?![{_APOS}]\w)"
_POSS = rf"(?:[{_APOS}]s)?"  # English possessive: "yesterday's", "last week’s"
_DASHES = "-‐‑–—"
_DASH = r"\-‐‑–—"  # for character classes
_NOT_OF = r"(?!\s+of(?!\w))"  # "the last week of May" is about May, not about last week


def _alt(*parts: str) -> str:
    return "(?:" + "|".join(parts) + ")"


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _FLAGS)


# Modal "may" is followed by a verb; the month is not ("3 may be", "this may help").
_MAY_GUARD = (
    r"(?!\s+(?:be|have|not|also|well|need|want|help|get|take|make|seem|sound|look|lead|cause"
    r"|affect|apply|change|come|go|use|include|contain|require|result|occur|happen|explain"
    r"|indicate|mean|vary|differ|become|remain|face|see|find|give|say|feel|try|still|even"
    r"|never|only|just|already|soon|possibly|eventually|yet)(?!\w))"
)

_EN_MONTHS = (
    "jan(?:uary)?",
    "feb(?:ruary)?",
    "mar(?:ch)?",
    "apr(?:il)?",
    "may",
    "june?",
    "july?",
    "aug(?:ust)?",
    "sep(?:t(?:ember)?)?",
    "oct(?:ober)?",
    "nov(?:ember)?",
    "dec(?:ember)?",
)
_UK_MONTHS = (
    "січ(?:ень|ня|ні|нем|ню)",
    "лют(?:ий|ого|ому|им)",
    "берез(?:ень|ня|ні|нем|ню)",
    "квіт(?:ень|ня|ні|нем|ню)",
    "трав(?:ень|ня|ні|нем|ню)",
    "черв(?:ень|ня|ні|нем|ню)",
    "лип(?:ень|ня|ні|нем|ню)",
    "серп(?:ень|ня|ні|нем|ню)",
    "верес(?:ень|ня|ні|нем|ню)",
    "жовт(?:ень|ня|ні|нем|ню)",
    "листопад(?:а|і|ом|у)?",
    "груд(?:ень|ня|ні|нем|ню)",
)
_RU_MONTHS = (
    "январ(?:ь|я|е|ю|[её]м)",
    "феврал(?:ь|я|е|ю|[её]м)",
    "март(?:а|е|у|ом)?",
    "апрел(?:ь|я|е|ю|ем)",
    "ма(?:й|я|е|ем)",
    "июн(?:ь|я|е|ю|ем)",
    "июл(?:ь|я|е|ю|ем)",
    "август(?:а|е|у|ом)?",
    "сентябр(?:ь|я|е|ю|[её]м)",
    "октябр(?:ь|я|е|ю|[её]м)",
    "ноябр(?:ь|я|е|ю|[её]м)",
    "декабр(?:ь|я|е|ю|[её]м)",
)
_MONTH_LOOKUP: tuple[tuple[int, re.Pattern[str]], ...] = tuple(
    (number, _compile(_alt(en, uk, ru)))
    for number, (en, uk, ru) in enumerate(zip(_EN_MONTHS, _UK_MONTHS, _RU_MONTHS, strict=True), 1)
)
_EN_MONTH_ALT = _alt(*(m + _MAY_GUARD if m == "may" else m for m in _EN_MONTHS))
_ANY_MONTH_ALT = _alt(_EN_MONTH_ALT, *_UK_MONTHS, *_RU_MONTHS)
# The period of "Jan." / "Sept." is part of the month only when a number follows.
_MON = rf"{_L}(?P<mon>{_ANY_MONTH_ALT}){_R}(?:\.(?=\s*\d))?"
_EN_MON = rf"{_L}(?P<mon>{_EN_MONTH_ALT}){_R}(?:\.(?=\s*\d))?"

_DAY = r"(?P<d>[0-3]?\d)(?!\d)"
_ORD = rf"(?:st|nd|rd|th|[{_DASH}]?(?:го|ого|е|ше|ге|тє|те|є))?"
_YEAR = r"(?P<y>(?:19|20)\d\d)(?!\d)"
_YEAR_ORD = rf"(?:[{_DASH}](?:го|му|м|й|ий|ом|ому))?"
_YEAR_WORD = r"(?:\s*(?:(?:року|році|рік|года|году|год)(?!\w)|[рг](?:\.|(?!\w))))"
_YEARS_WORD = r"(?:\s*(?:(?:роки|роках|годы|годах)(?!\w)|(?:рр|гг)\.))"
_OPT_YEAR = rf"(?:,?\s+{_YEAR}{_YEAR_ORD}{_R}{_YEAR_WORD}?)?"

# Words that may follow a bare year in a time expression ("in 2019 when ...", "у 2019 і ...");
# anything else ("in 2000 homes") makes the number a count rather than a year.
_FOLLOW_WORDS = (
    "and|or|but|when|where|what|who|whom|which|how|why|was|were|did|does|do|is|are|has|have"
    "|had|the|a|an|to|till|until|through|thru|after|before|vs|versus|compared|as|at|for|in|on"
    "|with|by|about|regarding|i|we|you|they|he|she|it|there|that|this|so|then|also|if|since"
    "|from|while|during"
    "|і|й|та|або|чи|а|але|що|коли|де|хто|як|до|по|з|у|в|на|про|після"
    "|и|или|но|что|когда|где|кто|как|с|о|об|после"
)
_FOLLOW = rf"(?=\s*(?:\Z|[^\w\s%]|(?:{_FOLLOW_WORDS})(?!\w)))"
_NOT_DECIMAL = r"(?![.,]\d)"

_PREFIX_WINDOW = 48  # characters before an expression searched for its preposition


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, slots=True)
class _Found:
    """An expression found in the text: its character span and the dates it covers."""

    start: int
    end: int
    first: date
    last: date
    # Said from today ("last September", "у вересні минулого року"): it means that time,
    # not the month of whatever year an article was written in.
    deictic: bool = False
