"""The highlight: which short fact in the quoted sentences answers the question, if any.

Every span of the asked kind in a quoted sentence (`retrieval.evidence.Candidate`) is a
candidate. A small logistic model weighs what makes one the answer: how close it lies to
the question's words and how many of them stand around it, whether it says something the
question does not, whether it looks like an answer of its kind (and counts what the
question counts, or stands beside the asked noun), and how well its sentence answers.
The surest candidate is marked when its probability reaches the model's threshold: no
highlight is better than a wrong one. The coefficients live in
`retrieval/data/highlight.json`, written by `benchmarks/fit_highlight.py` from XQuAD
(en, ru: half of the articles) and the tune half of the news questions.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from retrieval.evidence import SHORT_FACT_KINDS, Candidate
from retrieval.kinds import Kind

if TYPE_CHECKING:
    from retrieval.quotes import Sentence

_DATA = Path(__file__).resolve().parent / "data" / "highlight.json"

FEATURES = (
    "value",  # the reader's own score of the span (capped at 1.5)
    "new",  # share of its terms the question does not say
    "shape",  # looks like an answer of its kind (two-word name, number with a unit)
    "close",  # 1 / (1 + words between it and the question's words / 4)
    "typed",  # the asked noun stands just before it ("judge Clark")
    "typed_after",  # ... or after it, past a comma ("Sands, a QC")
    "uncounted",  # an amount of something else than the question counts
    "start",  # it starts the sentence
    "near",  # idf share of the question's terms within three words of it
    "first_in_sentence",  # the best of its sentence's candidates by the reader's score
    "alone",  # 1 / the number of candidates in its sentence
    "lexical",  # idf share of the question's terms in its sentence
    "context",  # the same for its passage with the headline
    "sentence",  # its sentence's value (what chose the quotes)
    "top",  # its sentence is the best quoted one
    "amount",  # the question asks for an amount or a sum
    "date",  # the question asks for a date or time
    "other_year",  # its sentence names years, none of them the asked one
    # Against the other candidates of the reply:
    "value_share",  # its value over the best candidate's
    "lexical_gap",  # its sentence's lexical share minus the best candidate sentence's
    "near_gap",  # its "near" minus the largest
    "close_gap",  # its "close" minus the largest
    "sentence_gap",  # its sentence's value minus the largest
    "few",  # 1 / the number of candidates in the reply
)
_TYPED = 1.4  # `evidence._TYPED` is 1.5, `_TYPED_AFTER` 1.3: between them


@dataclass(frozen=True, slots=True)
class HighlightModel:
    """Logistic regression over `FEATURES` with the operating threshold."""

    coef: tuple[float, ...]
    intercept: float
    threshold: float

    def probability(self, features: Sequence[float]) -> float:
        z = self.intercept + sum(c * f for c, f in zip(self.coef, features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def load_model(path: Path = _DATA) -> HighlightModel:
    """Return the fitted model (`benchmarks/fit_highlight.py` writes it)."""
    data = json.loads(path.read_text("utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path} was fitted on other features: refit it")
    return HighlightModel(tuple(data["coef"]), float(data["intercept"]), float(data["threshold"]))


def _own(
    sentence: Sentence, candidate: Candidate, order: int, top: bool, kind: Kind
) -> list[float]:
    reading = sentence.reading
    return [
        min(candidate.value, 1.5),
        candidate.new,
        candidate.shape,
        1.0 / (1.0 + max(candidate.distance, 0) / 4.0),
        1.0 if candidate.typed > _TYPED else 0.0,
        1.0 if 1.0 < candidate.typed <= _TYPED else 0.0,
        0.0 if candidate.counted else 1.0,
        1.0 if candidate.start else 0.0,
        min(candidate.near, 1.0),
        1.0 if order == 0 else 0.0,
        1.0 / len(reading.candidates),
        reading.lexical,
        sentence.context,
        sentence.value,
        1.0 if top else 0.0,
        1.0 if kind in (Kind.AMOUNT, Kind.MONEY) else 0.0,
        1.0 if kind is Kind.DATE else 0.0,
        1.0 if reading.other_year else 0.0,
    ]


_AT = {name: i for i, name in enumerate(FEATURES)}
_COMPARED = ("lexical", "near", "close", "sentence")


Scored = tuple[float, "Sentence", Candidate, tuple[float, ...]]


def score(quoted: Sequence[Sentence], model: HighlightModel | None = None) -> list[Scored]:
    """Return every candidate span of the quoted sentences with its probability of being
    the answer and its `FEATURES` values."""
    model = model or load_model()
    top = max(quoted, key=lambda s: s.value, default=None)
    found: list[tuple[Sentence, Candidate, list[float]]] = []
    for sentence in quoted:
        for order, candidate in enumerate(sentence.reading.candidates):
            if candidate.span.kind not in SHORT_FACT_KINDS:
                continue
            own = _own(sentence, candidate, order, sentence is top, candidate.span.kind)
            found.append((sentence, candidate, own))
    if not found:
        return []
    best_value = max(own[_AT["value"]] for _, _, own in found) or 1.0
    largest = {name: max(own[_AT[name]] for _, _, own in found) for name in _COMPARED}
    out: list[Scored] = []
    for sentence, candidate, own in found:
        x = (
            *own,
            own[_AT["value"]] / best_value,
            *(own[_AT[name]] - largest[name] for name in _COMPARED),
            1.0 / len(found),
        )
        out.append((model.probability(x), sentence, candidate, x))
    return out


def pick(
    quoted: Sequence[Sentence], model: HighlightModel | None = None
) -> tuple[Sentence, Candidate] | None:
    """Return the quoted sentence and span surest to answer, if sure enough."""
    model = model or load_model()
    best = max(score(quoted, model), key=lambda s: s[0], default=None)
    if best is None or best[0] < model.threshold:
        return None
    return best[1], best[2]
