"""Absolute date expressions: "3 November 2025", "у листопаді", "2019 року", ranges."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from retrieval.dates._common import (
    _APOS,
    _DASH,
    _DASHES,
    _DAY,
    _EN_MON,
    _FLAGS,
    _FOLLOW,
    _L,
    _MON,
    _MONTH_LOOKUP,
    _NOT_DECIMAL,
    _OPT_YEAR,
    _ORD,
    _POSS,
    _PREFIX_WINDOW,
    _R,
    _YEAR,
    _YEAR_ORD,
    _YEAR_WORD,
    _YEARS_WORD,
    _alt,
    _compile,
    _Found,
    _month_end,
)


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
    # 25.11 (day and month as people write them in Ukrainian and Russian; only before a
    # plausible next word, and with a two-digit month: "10.08 гривень" is a price)
    _Form(
        _compile(
            rf"(?<!\bо\s)(?<!\bоб\s)(?<!\bat\s)"  # "о 10.12", "at 10.12": a time of day
            rf"{_NUMERIC_L}(?P<d>[0-3]?\d)\.(?P<m>0[1-9]|1[0-2]){_NUMERIC_R}{_FOLLOW}"
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
# "Of last year", "минулого року", "этого года" after a month: the year it is in.
_YEAR_AFTER = _compile(
    r"\s+(?:(?P<last>(?:of\s+)?last\s+year|минулого\s+року|торік|прошлого\s+года)"
    r"|(?:of\s+)?this\s+year|цього\s+року|этого\s+года|текущего\s+года)"
    rf"{_R}"
)
# Lower-case "this may"/"last march" is far more often a verb than a month.
_AMBIGUOUS_LOWER = frozenset({"may", "march", "mar"})


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
    year_said = _YEAR_AFTER.match(text, atom.end) if atom.year is None and atom.month else None
    if year_said is not None and (prefix is not None or atom.complete) and mod is None:
        # "у вересні минулого року", "в сентябре этого года", "in September last year":
        # the month of the year said, counted from today.
        last = year_said.group("last") is not None
        start, end = _bounds(atom, today.year - 1 if last else today.year)
        end = min(end, today)
        begin = prefix.start() if prefix is not None else atom.start
        if start > end:
            return None
        return _Found(begin, year_said.end(), start, end, deictic=True)
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
    if start > end:
        return None
    # "Last September", "минулого вересня": that month counted from today.
    return _Found(prefix.start(), atom.end, start, end, deictic=mod is not None)


# A season of a named year: "осенью 2018", "summer of 2019", "влітку 2020 року". Winter is
# that year's January and February (a winter "of 2018" is mostly in it).
_SEASON_YEAR = _compile(
    rf"{_L}(?:(?:in|during)\s+(?:the\s+)?)?(?P<season>spring|summer|autumn|fall|winter"
    r"|навесні|весною|весна|весни|влітку|улітку|літом|літо|літа|восени|осінню|осінь|осені"
    r"|взимку|зимою|зима|зими|весной|весны|летом|лето|лета|осенью|осень|осени|зимой|зимы)"
    rf"(?:\s+of)?\s+{_YEAR}{_R}{_YEAR_WORD}?"
)
# How each season's words begin, and its first and last month.
_SEASON_MONTHS = (
    (re.compile(r"spring|нав|вес"), 3, 5),
    (re.compile(r"summer|вл|ул|літ|лет"), 6, 8),
    (re.compile(r"autumn|fall|вос|осін|осен"), 9, 11),
    (re.compile(r"winter|вз|зим"), 1, 2),
)


def _season_of_year(match: re.Match[str]) -> _Found | None:
    word = match.group("season").casefold()
    year = int(match.group("y"))
    for begins, first, last in _SEASON_MONTHS:
        if begins.match(word):
            return _Found(match.start(), match.end(), date(year, first, 1), _month_end(year, last))
    return None


def absolute_ranges(text: str, today: date) -> Iterator[_Found]:
    for match in _SEASON_YEAR.finditer(text):
        if (season := _season_of_year(match)) is not None:
            yield season
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
