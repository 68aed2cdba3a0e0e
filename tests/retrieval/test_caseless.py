"""Caseless patterns find what the same pattern finds with IGNORECASE, at the same offsets."""

from __future__ import annotations

import re

import pytest

from retrieval.caseless import caseless, fold
from retrieval.kinds import Kind
from retrieval.spans import find_spans

SENTENCES = [
    "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m).",
    "У понеділок, 8 серпня 2016 року, Кабмін виділив 2 мільйони 300 тисяч гривень.",
    "В ПЯТНИЦУ около двадцати тысяч человек вышли на улицы Москвы из-за реформы.",
    "İstanbul saw 3 DAYS of protests in March 2013 because of the park plan.",
    "Sweden defeated South Korea 1-0 at 14:00 GMT, two years ago on Monday.",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_fold_keeps_every_offset(text: str) -> None:
    low = fold(text)
    assert len(low) == len(text)
    assert low.replace("İ", "i") == text.lower().replace("i̇", "i")


def test_escapes_keep_their_case() -> None:
    # \W, \S and \D mean the opposite of \w, \s and \d: lowering them would change the pattern.
    pattern = r"\W+(?:MONDAY|Friday)\S*\D"
    plain = re.compile(pattern, re.IGNORECASE)
    twin = caseless(pattern)
    for text in ("Next, monday's talks.", "on FRIDAY!x", "... Friday9 1"):
        assert [m.span() for m in twin.finditer(fold(text))] == [
            m.span() for m in plain.finditer(text)
        ]
    assert twin.flags & re.IGNORECASE == 0


@pytest.mark.parametrize("text", [s for s in SENTENCES if len(s.swapcase()) == len(s)])
def test_spans_match_the_ignorecase_reading(text: str) -> None:
    """The span finder on a sentence and on its case-swapped twin finds the same spans."""
    for kind in (Kind.AMOUNT, Kind.MONEY, Kind.DATE, Kind.REASON):
        spans = [(s.start, s.end) for s in find_spans(text, kind)]
        swapped = [(s.start, s.end) for s in find_spans(text.swapcase(), kind)]
        assert spans == swapped, kind
    assert find_spans(SENTENCES[0], Kind.MONEY)
    assert find_spans(SENTENCES[2], Kind.AMOUNT)
