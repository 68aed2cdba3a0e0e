"""Find a date expression in a question (en, uk, ru) and turn it into a date range.

The search layer removes the matched phrase from the query (so "yesterday" is not a search
term) and keeps articles published within ``[start, end]``. The rules are hand-written
regular expressions, tuned to stay quiet rather than guess:

- a bare month or year needs a preposition or a modifier to count ("in May", "last May",
  "у 2019 році", "since 2019"), so "Theresa May", "may I ask" and "2019 people" are not dates;
- relative expressions ("yesterday", "на прошлой неделе", "за останні 3 дні") never reach
  past ``today``; only explicit calendar dates with a year may end in the future;
- a month or season said from today ("last September", "у вересні минулого року", "цього
  літа") is relative too: it means that time, not the month of an article's year;
- a year or a day without a year resolves to the nearest past or current occurrence;
- when several expressions appear, the leftmost one wins (the longest, on a tie).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from retrieval.dates._absolute import absolute_ranges
from retrieval.dates._common import _DASH, _EN_MONTHS, _L, _R, _RU_MONTHS, _UK_MONTHS
from retrieval.dates._relative import relative_ranges

__all__ = ["DateRange", "find_date_range", "mentions_month", "strip_span"]


@dataclass(frozen=True, slots=True)
class DateRange:
    """A date filter found in a question, with where it was found."""

    start: date  # inclusive
    end: date  # inclusive
    span: tuple[int, int]  # character offsets of the matched expression in the question
    phrase: str  # the matched text
    # "yesterday", "this week": counted from today. A calendar date ("in May 2018",
    # "у 2019 році") names when something happened, which need not be when it was reported.
    relative: bool = False

    def __post_init__(self) -> None:
        if self.end < self.start:
            msg = f"date range ends ({self.end}) before it starts ({self.start})"
            raise ValueError(msg)


# A month's name in any of the three languages and its forms ("December", "грудня",
# "в декабре"); "may" only as "May" followed by a number or a year.
_MAY_NUMBER = r"May(?=\s+\d)"
_MONTH_NAMES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(rf"{_L}(?:{en}|{uk}|{ru}){_R}", re.IGNORECASE)
    if en != "may"
    else re.compile(rf"{_L}(?:{_MAY_NUMBER}|(?i:{uk}|{ru})){_R}")
    for en, uk, ru in zip(_EN_MONTHS, _UK_MONTHS, _RU_MONTHS, strict=True)
)


def mentions_month(text: str, month: int) -> bool:
    """Return whether ``text`` names month ``month`` (1-12) in English, Ukrainian or Russian."""
    return _MONTH_NAMES[month - 1].search(text) is not None


def find_date_range(question: str, *, today: date) -> DateRange | None:
    """Find the leftmost date expression in ``question`` and the dates it covers.

    Args:
        question: the user's question, in English, Ukrainian or Russian.
        today: the date relative expressions ("yesterday", "last week") count from.

    Returns:
        The range with its span and phrase, or None when the question names no date.
    """
    relative = list(relative_ranges(question, today))
    candidates = [*relative, *absolute_ranges(question, today)]
    if not candidates:
        return None
    best = min(candidates, key=lambda f: (f.start, f.start - f.end))
    return DateRange(
        start=best.first,
        end=best.last,
        span=(best.start, best.end),
        phrase=question[best.start : best.end],
        relative=best.deictic or any(best is f for f in relative),
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
