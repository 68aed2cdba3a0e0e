"""How well one sentence answers a question: its words, and an answer of the asked kind.

A sentence is read once: which of the question's terms it holds (idf-weighted) and, for
a question that asks for a kind of answer (`retrieval.kinds`), the spans of that kind
that are new to the question, with how close each lies to the question's words. The
closest new span is the sentence's candidate answer; `answer.py` weighs both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.analysis import Analyzer
from retrieval.kinds import Kind
from retrieval.namekeys import KEY_LENGTH, KEY_MARK, skeleton
from retrieval.spans import Span, find_spans

_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
# A candidate answer this many words from the question's words counts half.
_HALF_DISTANCE = 4.0
# Kinds whose answer is a short fact a highlight can mark.
SHORT_FACT_KINDS = frozenset(
    {Kind.PERSON, Kind.NAME, Kind.AMOUNT, Kind.MONEY, Kind.DATE, Kind.PLACE}
)


@dataclass(frozen=True, slots=True)
class Reading:
    """What one sentence holds for one question."""

    matched: frozenset[str]  # the question's terms it contains
    lexical: float  # their idf weight, as a share of the question's
    answer: Span | None  # the best new span of the asked kind, if any
    evidence: float  # 0..1: an answer of the asked kind close to the question's words


class Reader:
    """Reads sentences for one question: its terms, their weights and the asked kind."""

    def __init__(
        self,
        analyzer: Analyzer,
        weights: dict[str, float],
        kind: Kind,
        question_terms: frozenset[str] | None = None,
        *,
        keys: bool = False,
    ) -> None:
        self.analyzer = analyzer
        # With `keys`, a sentence in another language matches the question by its names'
        # keys and its numbers (`retrieval.namekeys`) instead of by terms.
        self.keys = keys
        self.weights = weights
        self.total = sum(weights.values()) or 1.0
        self.kind = kind
        # Words of the question said back are no answer ("who did Mary Barra succeed?").
        self.question_terms = question_terms if question_terms is not None else frozenset(weights)

    def read(self, text: str, lang: str) -> Reading:
        """Return what `text` holds for the question."""
        analyzer, weights = self.analyzer, self.weights
        positions: list[int] = []
        matched: set[str] = set()
        spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        for i, (start, end) in enumerate(spans):
            word = text[start:end]
            found = self._key_terms(word) if self.keys else analyzer.terms(word, lang)
            hit = [t for t in found if t in weights]
            if hit:
                matched.update(hit)
                positions.append(i)
        lexical = sum(weights[t] for t in matched) / self.total
        answer: Span | None = None
        evidence = 0.0
        if self.kind is not Kind.OTHER and self.kind is not Kind.YESNO and matched:
            answer, evidence = self._best_span(text, lang, spans, positions)
        return Reading(frozenset(matched), lexical, answer, evidence)

    @staticmethod
    def _key_terms(word: str) -> list[str]:
        if word.isdigit():
            return [word]
        if not word[:1].isupper():
            return []
        key = skeleton(word)[:KEY_LENGTH]
        return [KEY_MARK + key] if len(key) >= 2 else []

    def _best_span(
        self, text: str, lang: str, words: list[tuple[int, int]], positions: list[int]
    ) -> tuple[Span | None, float]:
        best: Span | None = None
        best_value = 0.0
        for span in find_spans(text, self.kind):
            inside = [i for i, (s, e) in enumerate(words) if s >= span.start and e <= span.end]
            new = self._new(text[span.start : span.end], lang)
            if new <= 0:
                continue
            distance = 0
            if inside and not any(inside[0] <= p <= inside[-1] for p in positions):
                first, last = inside[0], inside[-1]
                distance = min(first - p if p < first else p - last for p in positions) - 1
            value = new * _shape(text[span.start : span.end], self.kind)
            value /= 1.0 + max(distance, 0) / _HALF_DISTANCE
            if value > best_value:
                best, best_value = span, value
        return best, best_value

    def _new(self, piece: str, lang: str) -> float:
        """Return the share of a span's terms that the question does not already say."""
        if self.keys:
            terms = [t for w in _WORD.findall(piece) for t in self._key_terms(w)]
        else:
            terms = self.analyzer.terms(piece, lang)
        if not terms:
            return 1.0 if any(ch.isdigit() for ch in piece) else 0.0
        return sum(t not in self.question_terms for t in terms) / len(terms)


def _shape(piece: str, kind: Kind) -> float:
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
