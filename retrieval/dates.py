"""Find a date expression in a question (en, uk, ru) and turn it into a date range.

The search layer removes the matched phrase from the query (so "yesterday" is not a search
term) and keeps articles published within ``[start, end]``. The rules are hand-written
regular expressions, tuned to stay quiet rather than guess:

- a bare month or year needs a preposition or a modifier to count ("in May", "last May",
  "у 2019 році", "since 2019"), so "Theresa May", "may I ask" and "2019 people" are not dates;
- relative expressions ("yesterday", "на прошлой неделе", "за останні 3 дні") never reach
  past ``today``; only explicit calendar dates with a year may end in the future;
- a year or a day without a year resolves to the nearest past or current occurrence;
- when several expressions appear, the leftmost one wins (the longest, on a tie).
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["DateRange", "find_date_range", "strip_span"]


@dataclass(frozen=True, slots=True)
class DateRange:
    """A date filter found in a question, with where it was found."""

    start: date  # inclusive
    end: date  # inclusive
    span: tuple[int, int]  # character offsets of the matched expression in the question
    phrase: str  # the matched text

    def __post_init__(self) -> None:
        if self.end < self.start:
            msg = f"date range ends ({self.end}) before it starts ({self.start})"
            raise ValueError(msg)


# --- building blocks ------------------------------------------------------------------------

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
_YEAR_WORD = r"(?:\s*(?:(?:року|році|рік|года|году|год)(?!\w)|[рг]\.))"
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


# --- absolute expressions ("3 November 2025", "у листопаді", "2019 року") -------------------


@dataclass(frozen=True, slots=True)
class _Atom:
    """An absolute calendar expression before its year is settled."""

    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    day_end: int | None  # set for day ranges ("3-5 November")
    complete: bool  # reads as a date on its own, without a preposition
    month_text: str  # the month word as written, "" if none

    @property
    def month_only(self) -> bool:
        return self.month is not None and self.day is None and self.year is None


def _month_number(word: str) -> int | None:
    for number, pattern in _MONTH_LOOKUP:
        if pattern.fullmatch(word):
            return number
    return None


def _int(match: re.Match[str], group: str) -> int | None:
    text = match.group(group) if group in match.re.groupindex else None
    return int(text) if text else None


def _atom(match: re.Match[str], *, complete: bool) -> _Atom | None:
    groups = match.re.groupindex
    month_text = match.group("mon") if "mon" in groups else None
    month = _int(match, "m")
    if month_text is not None:
        month = _month_number(month_text)
        if month is None:
            return None
    day = _int(match, "d")
    if "d1" in groups:
        day = _int(match, "d1")
    return _Atom(
        start=match.start(),
        end=match.end(),
        year=_int(match, "y"),
        month=month,
        day=day,
        day_end=_int(match, "d2"),
        complete=complete,
        month_text=month_text or "",
    )


_NUMERIC_L = rf"(?<![\w.{_DASH}/])"
_NUMERIC_R = rf"(?![\w{_DASH}/]|\.\d)"
_DAY_CONNECT = rf"\s*(?:[{_DASH}]|\s(?:to|and|till|until|through|по|до|і|та|и)\s)\s*"
_DAY_RANGE = (
    rf"{_L}(?P<d1>[0-3]?\d)(?!\d){_ORD}{_R}(?P<conn>{_DAY_CONNECT})(?P<d2>[0-3]?\d)(?!\d){_ORD}"
    rf"{_R}(?:\s+of)?\s+{_MON}{_OPT_YEAR}"
)


@dataclass(frozen=True, slots=True)
class _Form:
    pattern: re.Pattern[str]
    complete: bool
    range_end_only: bool = False

    def atoms(self, text: str) -> Iterator[_Atom]:
        for match in self.pattern.finditer(text):
            atom = self.build(match)
            if atom is not None:
                yield atom

    def build(self, match: re.Match[str]) -> _Atom | None:
        complete = self.complete
        if "conn" in match.re.groupindex:
            # "3-5 November" stands alone; "3 to 5 November" needs "from"/"between"/"з"/"с".
            complete = match.group("conn").strip() in _DASHES
        return _atom(match, complete=complete)


_FORMS: tuple[_Form, ...] = (
    # 2025-11-25
    _Form(_compile(rf"{_NUMERIC_L}(?P<y>\d{{4}})-(?P<m>\d\d?)-(?P<d>\d\d?){_NUMERIC_R}"), True),
    # 25.11.2025 (d.m.yyyy only: 11/25/2025 and 25/11/2025 are ambiguous)
    _Form(
        _compile(
            rf"{_NUMERIC_L}(?P<d>\d\d?)\.(?P<m>\d\d?)\.(?P<y>\d{{4}}){_NUMERIC_R}{_YEAR_WORD}?"
        ),
        True,
    ),
    # 3-5 November, з 3 по 5 листопада 2025
    _Form(_compile(_DAY_RANGE), True),
    # November 3-5, 2025
    _Form(
        _compile(
            rf"{_EN_MON}\s+(?P<d1>[0-3]?\d)(?!\d)(?:st|nd|rd|th)?\s*[{_DASH}]\s*"
            rf"(?P<d2>[0-3]?\d)(?!\d)(?:st|nd|rd|th)?{_R}(?:,?\s+{_YEAR}{_R})?"
        ),
        True,
    ),
    # 3 November 2025, the 3rd of November, 3 листопада 2025 року, 3-го ноября
    _Form(_compile(rf"{_L}(?:the\s+)?{_DAY}{_ORD}{_R}(?:\s+of)?\s+{_MON}{_OPT_YEAR}"), True),
    # November 3, 2025 / November 3rd (without a year only before a plausible next word)
    _Form(
        _compile(
            rf"{_EN_MON}\s+(?:the\s+)?{_DAY}(?:st|nd|rd|th)?{_R}"
            rf"(?:,?\s+{_YEAR}{_R}|{_FOLLOW}{_NOT_DECIMAL})"
        ),
        True,
    ),
    # November 2025, листопада 2025 року, в ноябре 2025 года
    _Form(_compile(rf"{_MON},?\s+{_YEAR}{_YEAR_ORD}{_POSS}{_R}{_YEAR_WORD}?"), True),
    # November (needs "in", "since", "last", ...)
    _Form(_compile(_MON), False),
    # 2019 року, 2019 году, 2019-го года, 2019 р.
    _Form(_compile(rf"{_L}{_YEAR}{_YEAR_ORD}{_R}{_NOT_DECIMAL}{_YEAR_WORD}"), True),
    # 2019 (needs "in", "since", ...)
    _Form(_compile(rf"{_L}{_YEAR}{_YEAR_ORD}{_NOT_DECIMAL}(?:[{_APOS}]s{_R}|{_FOLLOW})"), False),
    # 2021 роки / 2021 годах: only as the end of "2019–2021 роки"
    _Form(_compile(rf"{_L}{_YEAR}{_YEAR_ORD}{_R}{_YEARS_WORD}"), True, range_end_only=True),
)

_SINCE = _alt(
    r"ever\s+since",
    "since",
    r"(?:starting|beginning)(?:\s+(?:from|in|on|with))?",
    r"починаючи\s+(?:з|із|зі|від)",
    "з|із|зі",
    r"начиная\s+(?:с|со|от)",
    "с|со",
)
_FROM = "from|від|од|от"
_BETWEEN = "between|між|поміж|между"
_IN = _alt(
    r"(?:(?:in|at|during|by|towards?)\s+)?(?:the\s+)?"
    r"(?:early|late|(?:start|beginning|end|middle)\s+of)",
    r"(?:(?:in|during)\s+)?the\s+year",
    "in|on|during|throughout",
    r"(?:[ув]\s+)?(?:кінці|середині)|на\s+початку|наприкінці|посередині|протягом|впродовж",
    "у|в|уві",
    r"(?:в\s+)?(?:начале|конце|середине)|в\s+течение|на\s+протяжении|во",
)
_LAST_MOD = "last|минулого|минулому|минулий|торішнього|торішньому|прошлого|прошлом|прошлый"
_THIS_MOD = "this|цього|цьому|цей|этого|этом|этот"
_MOD = f"{_LAST_MOD}|{_THIS_MOD}"
_PREFIX = _compile(
    rf"{_L}(?:(?P<since>{_SINCE})|(?P<between>{_BETWEEN})|(?P<frm>{_FROM})|(?P<inp>{_IN}))"
    rf"(?:\s+(?P<mod>{_MOD}))?\s+\Z"
    rf"|{_L}(?P<mid>(?:(?:in|at|during)\s+)?mid)[{_DASH}]?\s*\Z"
    rf"|{_L}(?P<mod_only>{_MOD})\s+\Z"
)
_PREFIX_WINDOW = 48
_CONNECT = _compile(
    rf"\s*(?P<dash>[{_DASH}])\s*"
    r"|\s+(?P<and>and|і|та|й|и)\s+"
    r"|\s+(?P<to>to|till|until|through|thru|по|до)\s+"
)
_NOW = _compile(
    rf"{_L}(?:today|now|the\s+present(?:\s+day)?|present\s+day|сьогодні|сьогоднішнього\s+дня"
    r"|зараз|тепер|нині|наших\s+днів|сегодня|сегодняшнего\s+дня|сейчас|настоящего\s+времени"
    rf"|наших\s+дней){_R}"
)
# Lower-case "this may"/"last march" is far more often a verb than a month.
_AMBIGUOUS_LOWER = frozenset({"may", "march", "mar"})


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _infer_year(atom: _Atom, today: date) -> int:
    """Pick the year of the nearest past or current occurrence of a month (and day)."""
    key = (atom.month or 1, atom.day or 1)
    return today.year if key <= (today.month, today.day) else today.year - 1


def _bounds(atom: _Atom, year: int) -> tuple[date, date]:
    if atom.month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if atom.day is None:
        return date(year, atom.month, 1), _month_end(year, atom.month)
    start = date(year, atom.month, atom.day)
    end = date(year, atom.month, atom.day_end) if atom.day_end is not None else start
    return start, end


def _resolve(atom: _Atom, today: date) -> tuple[date, date]:
    if atom.year is not None:
        return _bounds(atom, atom.year)
    start, end = _bounds(atom, _infer_year(atom, today))
    return start, min(end, today)


def _resolve_pair(first: _Atom, last: _Atom, today: date) -> tuple[date, date]:
    """Resolve "from X to Y", letting a side without a year borrow the other's.

    With no year on either side the range starts at the nearest past occurrence of X.
    """
    first_key = (first.month or 1, first.day or 1)
    last_key = (last.month or 12, last.day or 31)
    if first.year is not None:
        first_year = first.year
    elif last.year is not None:
        first_year = last.year if first_key <= last_key else last.year - 1
    else:
        first_year = _infer_year(first, today)
    if last.year is not None:
        last_year = last.year
    else:
        last_year = first_year if last_key >= first_key else first_year + 1
    start = _bounds(first, first_year)[0]
    end = _bounds(last, last_year)[1]
    return start, (min(end, today) if last.year is None else end)


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    first: date
    last: date


@dataclass(frozen=True, slots=True)
class _Tail:
    """The second half of a range: an absolute expression, or None for "now"."""

    end: int
    atom: _Atom | None
    years_word: bool  # "2019–2021 роки": the plural marks the pair as a year range


def _range_end(text: str, pos: int) -> _Tail | None:
    best: _Tail | None = None
    now = _NOW.match(text, pos)
    if now is not None:
        best = _Tail(now.end(), None, years_word=False)
    for form in _FORMS:
        match = form.pattern.match(text, pos)
        atom = form.build(match) if match is not None else None
        if atom is None or atom.day_end is not None or (best is not None and atom.end <= best.end):
            continue
        best = _Tail(atom.end, atom, years_word=form.range_end_only)
    return best


def _as_range(text: str, atom: _Atom, prefix: re.Match[str] | None, today: date) -> _Found | None:
    """Read "from X to Y", "between X and Y", "X – Y" starting with ``atom``."""
    connect = _CONNECT.match(text, atom.end) if atom.day_end is None else None
    tail = _range_end(text, connect.end()) if connect is not None else None
    if connect is None or tail is None:
        return None
    kind = _prefix_kind(prefix)
    if kind == "between":
        allowed = connect.group("and") or connect.group("dash")
    elif kind in ("since", "frm"):
        allowed = connect.group("to") or connect.group("dash")
    elif kind in ("inp", "mid"):
        allowed = connect.group("dash")
    else:
        # Without a preposition both sides must read as dates on their own.
        tail_complete = tail.atom is None or tail.atom.complete
        allowed = (connect.group("to") or connect.group("dash")) and (
            (atom.complete and tail_complete) or tail.years_word
        )
    if not allowed:
        return None
    if tail.atom is None:
        start, end = _resolve(atom, today)[0], today
    else:
        start, end = _resolve_pair(atom, tail.atom, today)
    begin = prefix.start() if prefix is not None and kind != "mod_only" else atom.start
    return _Found(begin, tail.end, start, end) if start <= end else None


def _prefix_kind(prefix: re.Match[str] | None) -> str | None:
    if prefix is None:
        return None
    for kind in ("since", "between", "frm", "inp", "mid", "mod_only"):
        if prefix.group(kind) is not None:
            return kind
    return None


def _interpret(text: str, atom: _Atom, today: date) -> _Found | None:
    """Read an absolute expression together with the preposition or modifier before it."""
    prefix = _PREFIX.search(text, max(0, atom.start - _PREFIX_WINDOW), atom.start)
    mod = None
    if prefix is not None:
        mod = prefix.group("mod") or prefix.group("mod_only")
        if mod is not None and not atom.month_only:
            prefix, mod = None, None
    ranged = _as_range(text, atom, prefix, today)
    if ranged is not None:
        return ranged
    kind = _prefix_kind(prefix)
    if prefix is None:
        if not atom.complete:
            return None
        start, end = _resolve(atom, today)
        return _Found(atom.start, atom.end, start, end) if start <= end else None
    if mod is not None and atom.month is not None:
        if atom.month_text in _AMBIGUOUS_LOWER:
            return None
        if re.fullmatch(_LAST_MOD, mod, _FLAGS):
            year = today.year if atom.month < today.month else today.year - 1
            start, end = _bounds(atom, year)
        else:
            start, end = _bounds(atom, today.year)
            end = min(end, today)
    else:
        start, end = _resolve(atom, today)
    if kind == "since" and atom.day_end is None:
        end = today
    return _Found(prefix.start(), atom.end, start, end) if start <= end else None


# --- relative expressions ("yesterday", "на прошлой неделе", "за останні 3 дні") -----------

_Resolver = Callable[[re.Match[str], date], tuple[date, date]]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _add_months(day: date, months: int) -> date:
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def _fixed(make: Callable[[date], tuple[date, date]]) -> _Resolver:
    def resolve(_match: re.Match[str], today: date) -> tuple[date, date]:
        return make(today)

    return resolve


def _last_week(today: date) -> tuple[date, date]:
    monday = _monday(today) - timedelta(days=7)
    return monday, monday + timedelta(days=6)


def _last_month(today: date) -> tuple[date, date]:
    first = _add_months(today.replace(day=1), -1)
    return first, _month_end(first.year, first.month)


_NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "один": 1,
    "одну": 1,
    "одна": 1,
    "два": 2,
    "дві": 2,
    "две": 2,
    "три": 3,
    "чотири": 4,
    "четыре": 4,
    "пять": 5,
    "пару": 2,
    "пари": 2,
    "пары": 2,
}
_FEW = 3  # "the last few days", "останні дні", "последние дни"
_NUMBER = (
    r"\d{1,4}|(?:a\s+)?few|(?:a\s+)?couple(?:\s+of)?|an?|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|eleven|twelve|кілька|кількох|декілька|декількох|пару|пари|один|одну"
    rf"|одна|два|дві|три|чотири|п[{_APOS}]ять|несколько|нескольких|пары|две|четыре|пять"
)
# unit word -> (unit, is plural)
_UNITS: dict[str, tuple[str, bool]] = {
    **{w: ("day", False) for w in ("day", "день", "дня", "добу", "сутки")},
    **{w: ("day", True) for w in ("days", "дні", "днів", "днями", "доби", "діб", "дней", "дни")},
    "суток": ("day", True),
    **{w: ("week", False) for w in ("week", "тиждень", "тижня", "неделю", "неделя")},
    **{w: ("week", True) for w in ("weeks", "тижні", "тижнів", "тижнями", "недели", "недель")},
    **{w: ("month", False) for w in ("month", "місяць", "місяця", "месяц", "месяца")},
    **{
        w: ("month", True)
        for w in ("months", "місяці", "місяців", "місяцями", "месяцев", "месяцы")
    },
    **{w: ("year", False) for w in ("year", "рік", "року", "год", "года")},
    **{w: ("year", True) for w in ("years", "роки", "років", "роками", "лет", "годы")},
    **{w: ("hour", False) for w in ("hour", "годину", "час", "часа")},
    **{w: ("hour", True) for w in ("hours", "години", "годин", "часов", "часы")},
}
_UNIT = _alt(*sorted(_UNITS, key=len, reverse=True))


def _count(match: re.Match[str]) -> tuple[int, str]:
    """Read the number and unit of a relative expression; alternatives number them n2, u3."""
    groups = {k: v for k, v in match.groupdict().items() if v is not None}
    raw = next((groups[k] for k in ("n", "n2", "n3") if k in groups), None)
    unit_word = next((groups[k] for k in ("u", "u2", "u3") if k in groups), "day")
    # casefold, not lower: IGNORECASE also matches "ſ" for "s" and "K" for "k"
    unit, plural = _UNITS.get(unit_word.casefold(), ("day", False))
    if raw is None:
        return (_FEW if plural else 1), unit
    word = re.sub(rf"^a\s+|\s+of$|[{_APOS}]", "", raw.casefold())
    if word.isdigit():
        return int(word), unit
    return _NUMBER_WORDS.get(word, _FEW), unit


def _rolling(match: re.Match[str], today: date) -> tuple[date, date]:
    n, unit = _count(match)
    if unit == "week":
        return today - timedelta(days=7 * n), today
    if unit == "month":
        return _add_months(today, -n), today
    if unit == "year":
        return _add_months(today, -12 * n), today
    days = n if unit == "day" else math.ceil(n / 24)
    return today - timedelta(days=days), today


def _ago(match: re.Match[str], today: date) -> tuple[date, date]:
    n, unit = _count(match)
    if unit == "day":
        day = today - timedelta(days=n)
        return day, day
    if unit == "hour":
        return today - timedelta(days=math.ceil(n / 24)), today
    if unit == "week":
        monday = _monday(today - timedelta(days=7 * n))
        return monday, min(monday + timedelta(days=6), today)
    if unit == "month":
        first = _add_months(today.replace(day=1), -n)
        return first, min(_month_end(first.year, first.month), today)
    year = today.year - n
    return date(year, 1, 1), min(date(year, 12, 31), today)


def _rel(*alternatives: str) -> re.Pattern[str]:
    return _compile(rf"{_L}{_alt(*alternatives)}{_R}")


_EN_OVER = r"(?:(?:in|over|during|for|within|throughout)\s+)?"
_RELATIVE: tuple[tuple[re.Pattern[str], _Resolver], ...] = (
    (
        _rel(
            rf"today{_POSS}",
            "tonight",
            r"this\s+(?:morning|afternoon|evening)",
            r"сьогодні|сьогоднішн\w*|сегодня|сегодняшн\w*",
        ),
        _fixed(lambda t: (t, t)),
    ),
    (
        _rel(rf"yesterday{_POSS}", r"[ув]чора|[ув]чорашн\w*|вчера|вчерашн\w*"),
        _fixed(lambda t: (t - timedelta(days=1), t - timedelta(days=1))),
    ),
    (
        _rel(
            rf"(?:the\s+)?day\s+before\s+yesterday{_POSS}",
            r"позавчора|позавчорашн\w*|позавчера|позавчерашн\w*",
        ),
        _fixed(lambda t: (t - timedelta(days=2), t - timedelta(days=2))),
    ),
    (
        _rel(rf"last\s+night{_POSS}", r"минулої\s+ночі|прошлой\s+ночью"),
        _fixed(lambda t: (t - timedelta(days=1), t)),
    ),
    (
        _rel(
            rf"(?:earlier\s+)?this\s+week{_POSS}{_NOT_OF}",
            r"(?:на\s+)?цьому\s+тижні|цього\s+тижня|(?:за\s+)?цей\s+тиждень",
            r"(?:на\s+)?этой\s+неделе|этой\s+недели|(?:за\s+)?эту\s+неделю|эта\s+неделя",
        ),
        _fixed(lambda t: (_monday(t), t)),
    ),
    (
        _rel(
            rf"(?:last|previous)\s+week{_POSS}{_NOT_OF}",
            r"(?:на\s+)?минулому\s+тижні|минулого\s+тижня|(?:за\s+)?минулий\s+тиждень",
            r"попереднього\s+тижня",
            r"(?:на\s+)?(?:прошлой|прошедшей)\s+неделе|(?:прошлой|прошедшей)\s+недели",
            r"(?:за\s+)?прошлую\s+неделю|прошлая\s+неделя",
        ),
        _fixed(_last_week),
    ),
    (
        _rel(
            rf"(?:earlier\s+)?this\s+month{_POSS}{_NOT_OF}",
            r"(?:[ув]\s+)?цьому\s+місяці|цього\s+місяця|(?:за\s+)?цей\s+місяць",
            r"(?:в\s+)?(?:этом|текущем)\s+месяце|(?:этого|текущего)\s+месяца",
            r"(?:за\s+)?этот\s+месяц",
        ),
        _fixed(lambda t: (t.replace(day=1), t)),
    ),
    (
        _rel(
            rf"(?:last|previous)\s+month{_POSS}{_NOT_OF}",
            r"(?:[ув]\s+)?минулому\s+місяці|минулого\s+місяця|(?:за\s+)?минулий\s+місяць",
            r"попереднього\s+місяця",
            r"(?:в\s+)?прошлом\s+месяце|прошлого\s+месяца|(?:за\s+)?прошлый\s+месяц",
        ),
        _fixed(_last_month),
    ),
    (
        _rel(
            rf"(?:earlier\s+)?this\s+year{_POSS}{_NOT_OF}",
            r"(?:[ув]\s+)?цьому\s+році|цього\s+року|(?:за\s+)?цей\s+рік|цьогоріч\w*",
            r"(?:в\s+)?(?:этом|текущем|нынешнем)\s+году|(?:этого|текущего|нынешнего)\s+года",
            r"(?:за\s+)?этот\s+год",
        ),
        _fixed(lambda t: (t.replace(month=1, day=1), t)),
    ),
    (
        _rel(
            rf"(?:last|previous)\s+year{_POSS}{_NOT_OF}",
            r"(?:[ув]\s+)?минулому\s+році|минулого\s+року|(?:за\s+)?минулий\s+рік",
            r"торік|торішн\w*|попереднього\s+року",
            r"(?:в\s+)?прошлом\s+году|прошлого\s+года|(?:за\s+)?прошлый\s+год",
        ),
        _fixed(lambda t: (date(t.year - 1, 1, 1), date(t.year - 1, 12, 31))),
    ),
    (
        _rel(
            rf"{_EN_OVER}(?:the\s+)?(?:last|past|previous|preceding)\s+(?P<n>{_NUMBER})"
            rf"\s+(?P<u>{_UNIT})",
            rf"(?:(?:за|протягом|впродовж|у|в)\s+)?"
            rf"(?:останні|останніх|останній|останню|останніми|минулі|минулих)"
            rf"\s+(?:(?P<n2>{_NUMBER})\s+)?(?P<u2>{_UNIT})",
        ),
        _rolling,
    ),
    (
        _rel(
            rf"(?:(?:за|в|в\s+течение|на\s+протяжении)\s+)?"
            rf"(?:последние|последних|последний|последнюю|последними|прошедшие|прошедших"
            rf"|прошедший|прошедшую)\s+(?:(?P<n>{_NUMBER})\s+)?(?P<u>{_UNIT})",
            rf"{_EN_OVER}(?:the\s+(?:last|past|previous|preceding)|past)"
            rf"\s+(?P<u2>day|week|month|year){_POSS}{_NOT_OF}",
            rf"{_EN_OVER}recent\s+(?P<u3>days|weeks|months|years)",
        ),
        _rolling,
    ),
    (
        _rel(
            rf"(?:(?P<n>{_NUMBER})\s+)?(?P<u>{_UNIT})\s+(?:ago|тому(?!\s+що(?!\w))|назад)",
        ),
        _ago,
    ),
)


_REL_PREFIX = _compile(
    rf"{_L}(?:(?P<since>ever\s+since|since|starting(?:\s+from)?|починаючи\s+(?:з|із|зі|від)"
    r"|з|із|зі|начиная\s+(?:с|со|от)|с|со)"
    r"|(?P<same>during|over|within|throughout|from|for|від|от|протягом|впродовж|в\s+течение"
    r"|на\s+протяжении|за))\s+\Z"
)


def _relative(text: str, today: date) -> Iterator[_Found]:
    for pattern, resolver in _RELATIVE:
        for match in pattern.finditer(text):
            try:
                start, end = resolver(match, today)
            except (ValueError, OverflowError):
                continue
            begin = match.start()
            prefix = _REL_PREFIX.search(text, max(0, begin - _PREFIX_WINDOW), begin)
            if prefix is not None:
                begin = prefix.start()
                if prefix.group("since") is not None:
                    end = today
            if start <= end:
                yield _Found(begin, match.end(), start, end)


def _absolute(text: str, today: date) -> Iterator[_Found]:
    atoms = [atom for form in _FORMS if not form.range_end_only for atom in form.atoms(text)]
    # Text that reads as a full date belongs to it even when that date is unusable, so
    # "since December 2025" (in the future) does not fall back to "since December".
    wholes = [(a.start, a.end) for a in atoms if a.complete]
    for atom in atoms:
        if any(
            s <= atom.start and atom.end <= e and e - s > atom.end - atom.start for s, e in wholes
        ):
            continue
        try:
            found = _interpret(text, atom, today)
        except (ValueError, OverflowError):
            continue
        if found is not None:
            yield found


def find_date_range(question: str, *, today: date) -> DateRange | None:
    """Find the leftmost date expression in ``question`` and the dates it covers.

    Args:
        question: the user's question, in English, Ukrainian or Russian.
        today: the date relative expressions ("yesterday", "last week") count from.

    Returns:
        The range with its span and phrase, or None when the question names no date.
    """
    candidates = [*_relative(question, today), *_absolute(question, today)]
    if not candidates:
        return None
    best = min(candidates, key=lambda f: (f.start, f.start - f.end))
    return DateRange(
        start=best.first,
        end=best.last,
        span=(best.start, best.end),
        phrase=question[best.start : best.end],
    )


_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]|«\s*»|\"\s*\"|“\s*”|„\s*“")
_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?…)\]»])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[«])\s+")
_DOUBLED_PUNCT = re.compile(r"[,;:]+\s*(?=[,;:.!?…])")
_LEADING_PUNCT = re.compile(rf"^[\s,;:{_DASH}]+")
_TRAILING_PUNCT = re.compile(rf"[\s,;:{_DASH}]+$")


def strip_span(question: str, found: DateRange) -> str:
    """Remove the date phrase from ``question`` and tidy the spaces and punctuation left.

    Raises:
        ValueError: ``found`` does not point at its phrase in ``question``.
    """
    start, end = found.span
    if question[start:end] != found.phrase:
        msg = f"span {found.span} does not hold {found.phrase!r} in the question"
        raise ValueError(msg)
    text = f"{question[:start]} {question[end:]}"
    text = _EMPTY_BRACKETS.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _SPACE_AFTER_OPEN.sub(r"\1", text)
    text = _DOUBLED_PUNCT.sub("", text)
    text = _LEADING_PUNCT.sub("", text)
    text = _TRAILING_PUNCT.sub("", text).strip()
    return text if any(c.isalnum() for c in text) else ""
