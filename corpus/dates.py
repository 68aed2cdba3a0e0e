"""Turn the many ways sources write a publication date into a date and its precision."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

__all__ = ["parse_moment", "parse_published"]

_YEAR = re.compile(r"\d{4}")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_SLASHED = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_MIN_YEAR = 1000
_MAX_YEAR = 2999


def parse_published(value: object) -> tuple[date, str] | None:
    """Return (date, precision) for a published value, or None when it is not a date.

    Accepts `date`/`datetime` objects (YAML front matter gives these), a year as an int,
    and strings: ISO dates, ISO datetimes with or without a zone (the date as written,
    not converted to UTC), `YYYY-MM`, a bare `YYYY`, `DD.MM.YYYY`, `YYYY/MM/DD` and RFC 2822
    (`Tue, 10 Jun 2003 04:00:00 GMT`, as in RSS `pubDate`). Precision is "day", "month"
    or "year"; a month or year is stored as its first day.
    """
    if isinstance(value, datetime):
        return value.date(), "day"
    if isinstance(value, date):
        return value, "day"
    if isinstance(value, int) and not isinstance(value, bool):
        return _year(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    if _YEAR.fullmatch(text):
        return _year(int(text))
    if match := _YEAR_MONTH.fullmatch(text):
        return _ymd(int(match[1]), int(match[2]), 1, "month")
    if match := _DOTTED.fullmatch(text):
        return _ymd(int(match[3]), int(match[2]), int(match[1]), "day")
    if match := _SLASHED.fullmatch(text):
        return _ymd(int(match[1]), int(match[2]), int(match[3]), "day")
    try:
        return datetime.fromisoformat(text).date(), "day"
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date(), "day"
    except (TypeError, ValueError, IndexError):
        return None


def _year(year: int) -> tuple[date, str] | None:
    return _ymd(year, 1, 1, "year")


def _ymd(year: int, month: int, day: int, precision: str) -> tuple[date, str] | None:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return date(year, month, day), precision
    except ValueError:
        return None


def parse_moment(value: object) -> datetime | None:
    """Return the exact moment (UTC) a published value names, or None.

    Only a value with a time of day and a zone counts: an aware `datetime`, an ISO string
    with an offset or `Z`, or RFC 2822 with a zone. A date, or a time without a zone
    (whose zone we would have to guess), gives None.
    """
    moment: datetime | None = None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        text = value.strip()
        if len(text) > 10 and any(ch.isdigit() for ch in text[11:]):
            try:
                moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                try:
                    moment = parsedate_to_datetime(text)
                except (TypeError, ValueError, IndexError):
                    moment = None
    if moment is None or moment.tzinfo is None or moment.utcoffset() is None:
        return None
    return moment.astimezone(UTC)
