"""Relative date expressions: "yesterday", "на прошлой неделе", "за останні 3 дні"."""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from retrieval.dates._common import (
    _APOS,
    _L,
    _NOT_OF,
    _POSS,
    _PREFIX_WINDOW,
    _R,
    _alt,
    _compile,
    _Found,
    _month_end,
)

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


# A season's first month (meteorological seasons: winter is December to February).
_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
_SEASON_WORDS = {
    "spring": r"spring|весн\w*|весною|весной",
    "summer": r"summer|літ[аоі]|влітку|літом|лет[аоу]|летом",
    "autumn": r"autumn|fall|осен[іи]|осінн?\w*|осінь|осенью|восени|осінню",
    "winter": r"winter|зим[аиіуоы]|зимою|зимой|взимку",
}


def _season_of(name: str) -> str:
    for season, words in _SEASON_WORDS.items():
        if re.fullmatch(words, name, re.IGNORECASE):
            return season
    msg = f"not a season: {name}"
    raise ValueError(msg)


def _season(match: re.Match[str], today: date) -> tuple[date, date]:
    """Return a season counted from today ("this summer", "минулої зими", "прошлым летом").

    This season is the one today is in, else this year's (ended or yet to come; a range
    yet to come is dropped, as every relative range ends by today); last season is the
    latest one over before today.
    """
    first = _SEASON_START[_season_of(match.group("season") or match.group("season2"))]

    def occurrence(year: int) -> tuple[date, date]:
        start = date(year, first, 1)
        return start, _add_months(start, 3) - timedelta(days=1)

    year = today.year - (1 if first == 12 and today.month < 3 else 0)
    start, end = occurrence(year)
    if match.group("last") is not None or match.group("last2") is not None:
        while end >= today:
            year -= 1
            start, end = occurrence(year)
        return start, end
    return start, min(end, today)


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
            r"(?:(?:in|during|over)\s+)?(?:(?P<last>last|this\s+past)|this)"
            r"\s+(?P<season>spring|summer|autumn|fall|winter)(?:'s)?",
            r"(?:(?P<last2>минул(?:ого|ої|ою|им)|торішн(?:ього|ьої|ім)|прошл(?:ого|ой|ым))"
            r"|цього|цієї|цим|цією|этого|этой|этим)"
            r"\s+(?P<season2>літа|літом|весни|весною|осені|осінню|зими|зимою"
            r"|лета|летом|весны|весной|осени|осенью|зимы|зимой)",
        ),
        _season,
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


def relative_ranges(text: str, today: date) -> Iterator[_Found]:
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
