"""The highlight: which short fact in the quoted sentences answers the question, if any.

Every span of the asked kind in a quoted sentence (`retrieval.evidence.Candidate`) is a
candidate. A small linear model weighs what makes one the answer: how close it lies to
the question's words and how many of them stand around it, whether it says something the
question does not, whether it looks like an answer of its kind (and counts what the
question counts, or stands beside the asked noun), how well its sentence answers, and,
for a name, how rare it is in the collection (a country the news names everywhere is
seldom the "who") and whether it holds a lowercase word (a council, not a person).
The reply's candidates compete with each other and with "none of them" (a conditional
logit: each candidate's probability is exp(score) / (1 + the sum of exp(score) over the
reply's candidates), so one strong rival lowers it). The surest candidate is marked when
its probability reaches the model's threshold: no highlight is better than a wrong one.
The coefficients live in `retrieval/data/highlight.json`, written by
`benchmarks/fit_highlight.py` from XQuAD (en, ru: half of the articles) and the seen news
questions (the tune half, written-a, written-d and written-e).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from retrieval.asked import TYPED_AFTER, TYPED_BEFORE
from retrieval.evidence import SHORT_FACT_KINDS, Candidate
from retrieval.kinds import Kind
from retrieval.names import PARTICLES

if TYPE_CHECKING:
    from retrieval.quotes import Sentence
    from retrieval.search import Searcher

_DATA = Path(__file__).resolve().parent / "data" / "highlight.json"

FEATURES = (
    "new",  # share of its terms the question does not say
    "shape",  # looks like an answer of its kind (two-word name, number with a unit)
    "close",  # 1 / (1 + words between it and the question's words / 4)
    "typed",  # the asked noun stands just before it ("judge Clark")
    "typed_after",  # ... or after it, past a comma ("Sands, a QC")
    "uncounted",  # an amount of something else than the question counts
    "unit",  # an amount of what the question says it counts ("96%" for "what share")
    "start",  # it starts the sentence
    "quoted_person",  # in quotation marks, asked who: a title or an event, seldom a person
    "quoted",  # in quotation marks, asked for another kind ("which film")
    "placed_name",  # a name after "in", "at", "в", asked who or which: a place, seldom it
    "first_in_sentence",  # the best of its sentence's candidates by the reader's score
    "alone",  # 1 / the number of candidates in its sentence
    "lexical",  # idf share of the question's terms in its sentence
    "context",  # the same for its passage with the headline
    "sentence",  # its sentence's value (what chose the quotes)
    "amount",  # the question asks for an amount or a sum
    "date",  # the question asks for a date or time
    "other_year",  # its sentence names years, none of them the asked one (not asked when)
    # Against the other candidates of the reply:
    "lexical_gap",  # its sentence's lexical share minus the best candidate sentence's
    "near_gap",  # idf share of the question's terms within three words of it, minus the
    # largest such share among the candidates
    "sentence_gap",  # its sentence's value minus the largest
    "few",  # 1 / the number of candidates in the reply
    "rare",  # asked who, what or where: its rarest word's idf over the highest idf (the
    # answer is seldom a name the whole collection repeats: "України", "General Motors")
    "common_word",  # asked who: it holds a lowercase word, so names a body, not a person
    "share",  # a percentage, asked how many of something ("45%" for "how many people")
)


@dataclass(frozen=True, slots=True)
class HighlightModel:
    """Conditional logit over `FEATURES`, with a "none of them" option scoring 0, and the
    operating threshold."""

    coef: tuple[float, ...]
    intercept: float
    threshold: float

    def score(self, features: Sequence[float]) -> float:
        z = self.intercept + sum(c * f for c, f in zip(self.coef, features, strict=True))
        return max(-30.0, min(30.0, z))

    def probabilities(self, candidates: Sequence[Sequence[float]]) -> list[float]:
        """Each candidate's probability of being the answer among `candidates` (one
        reply's), the rest being the chance that none of them is."""
        scores = [self.score(x) for x in candidates]
        top = max(0.0, *scores) if scores else 0.0
        weights = [math.exp(z - top) for z in scores]
        total = math.exp(-top) + sum(weights)
        return [w / total for w in weights]


@cache
def load_model(path: Path = _DATA) -> HighlightModel:
    """Return the fitted model (`benchmarks/fit_highlight.py` writes it)."""
    data = json.loads(path.read_text("utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path} was fitted on other features: refit it")
    return HighlightModel(tuple(data["coef"]), float(data["intercept"]), float(data["threshold"]))


def _own(
    sentence: Sentence, candidate: Candidate, order: int, kind: Kind, rare: Rarity
) -> dict[str, float]:
    reading = sentence.reading
    piece = sentence.text[candidate.span.start : candidate.span.end]
    return {
        "new": candidate.new,
        "shape": candidate.shape,
        "close": 1.0 / (1.0 + max(candidate.distance, 0) / 4.0),
        "typed": 1.0 if candidate.typed == TYPED_BEFORE else 0.0,
        "typed_after": 1.0 if candidate.typed == TYPED_AFTER else 0.0,
        "uncounted": 0.0 if candidate.counted else 1.0,
        "unit": 1.0 if candidate.unit else 0.0,
        "start": 1.0 if candidate.start else 0.0,
        "quoted_person": 1.0 if candidate.quoted and kind is Kind.PERSON else 0.0,
        "quoted": 1.0 if candidate.quoted and kind is not Kind.PERSON else 0.0,
        "placed_name": 1.0 if candidate.placed and kind in (Kind.PERSON, Kind.NAME) else 0.0,
        "first_in_sentence": 1.0 if order == 0 else 0.0,
        "alone": 1.0 / len(reading.candidates),
        "lexical": reading.lexical,
        "context": sentence.context,
        "sentence": sentence.value,
        "amount": 1.0 if kind in (Kind.AMOUNT, Kind.MONEY) else 0.0,
        "date": 1.0 if kind is Kind.DATE else 0.0,
        # Asked when, another year may be the answer ("lowest close since when").
        "other_year": 1.0 if reading.other_year and kind is not Kind.DATE else 0.0,
        "near": min(candidate.near, 1.0),
        "rare": rare(piece, sentence.lang) if kind in _NAME_KINDS else 0.0,
        "common_word": 1.0 if kind is Kind.PERSON and _LOWER_WORD.search(piece) else 0.0,
        "share": 1.0 if candidate.share else 0.0,
    }


_COMPARED = ("lexical", "near", "sentence")
_NAME_KINDS = frozenset({Kind.PERSON, Kind.NAME, Kind.PLACE})
# A lowercase word inside a name ("сільської ради", "партия"), particles aside.
_LOWER_WORD = re.compile(rf"(?<![\w'’.-])(?!(?:{PARTICLES})\b)[a-zа-яіїєґё][\w'’]*")

# How rare a span's words are in the collection, 0..1: (text, language) -> share.
Rarity = Callable[[str, str], float]


def rarity(searcher: Searcher) -> Rarity:
    """Return the rarity of a span's rarest word for `searcher`'s collection: its idf
    over the idf of a word no passage holds."""
    top = searcher.idf("\x00")  # no passage holds it: the highest idf
    analyzer = searcher.analyzer

    def rare(text: str, lang: str) -> float:
        terms = analyzer.terms(text, lang)
        if not terms or top <= 0:
            return 0.0
        return min(1.0, max(searcher.idf(t) for t in terms) / top)

    return rare


Scored = tuple[float, "Sentence", Candidate, tuple[float, ...]]


def score(
    quoted: Sequence[Sentence], rare: Rarity, model: HighlightModel | None = None
) -> list[Scored]:
    """Return every candidate span of the quoted sentences with its probability of being
    the answer and its `FEATURES` values; `rare` is the collection's `rarity`."""
    model = model or load_model()
    found: list[tuple[Sentence, Candidate, dict[str, float]]] = []
    for sentence in quoted:
        for order, candidate in enumerate(sentence.reading.candidates):
            if candidate.span.kind not in SHORT_FACT_KINDS:
                continue
            found.append(
                (sentence, candidate, _own(sentence, candidate, order, candidate.span.kind, rare))
            )
    if not found:
        return []
    largest = {name: max(own[name] for _, _, own in found) for name in _COMPARED}
    rows: list[tuple[float, ...]] = []
    for _, _, own in found:
        for name in _COMPARED:
            own[f"{name}_gap"] = own[name] - largest[name]
        own["few"] = 1.0 / len(found)
        rows.append(tuple(own[name] for name in FEATURES))
    chances = model.probabilities(rows)
    return [
        (p, sentence, candidate, x)
        for p, (sentence, candidate, _), x in zip(chances, found, rows, strict=True)
    ]


def pick(
    quoted: Sequence[Sentence], rare: Rarity, model: HighlightModel | None = None
) -> tuple[Sentence, Candidate] | None:
    """Return the quoted sentence and span surest to answer, if sure enough."""
    model = model or load_model()
    best = max(score(quoted, rare, model), key=lambda s: s[0], default=None)
    if best is None or best[0] < model.threshold:
        return None
    return best[1], best[2]
