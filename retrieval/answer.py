"""Compose an extractive answer: the sentences that answer, each cited [n], and sources.

Each candidate sentence from the top passages is scored by the idf-weighted share of the
question's terms it contains, plus a little of its passage's rank. The best sentences
become snippets (a short one takes its best neighbour along, up to two sentences and
`MAX_SNIPPET_CHARS`); an over-long sentence is cut to the window around its matches.
Whether to answer at all is decided by `confidence`: the idf-weighted share of the
question's terms found in the best passage (calibrated in `retrieval/evaluate.py`).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import date

from retrieval.analysis import Analyzer
from retrieval.engines import PassageRecord
from retrieval.search import Hit, Searcher, SearchResult
from retrieval.sentences import split_paragraphs, split_sentences

MAX_SNIPPETS = 3
MAX_SNIPPET_CHARS = 300
# A sentence is quoted when its value is at least this share of the best sentence's: from
# the best sentence's own article, or from another article. Chosen on half of XQuAD's
# articles and confirmed on the other half (see README): against one floor of 0.5 for
# all, answer-in-snippets rose (en 0.930 -> 0.934, ru 0.853 -> 0.862 on the held-out half)
# and snippets from articles the question is not about fell by more than half.
SAME_ARTICLE_FLOOR = 0.4
OTHER_ARTICLE_FLOOR = 0.8
PASSAGES_CONSIDERED = 5
# Calibrated on XQuAD en+ru (answerable) vs. off-topic questions; see README "Quality".
DEFAULT_THRESHOLD = 0.25
_WORD_SPAN = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class Snippet:
    """A quoted piece of an article, cited as source `n`."""

    n: int
    text: str
    article_id: str


@dataclass(frozen=True, slots=True)
class Source:
    """A cited article."""

    n: int
    id: str
    title: str
    url: str | None
    published: date | None
    precision: str
    lang: str
    outlet: str | None

    @classmethod
    def of(cls, n: int, rec: PassageRecord) -> Source:
        """Return source `n` for the article a stored passage belongs to."""
        return cls(
            n=n,
            id=rec.article_id,
            title=rec.title,
            url=rec.url,
            published=rec.published,
            precision=rec.precision,
            lang=rec.lang,
            outlet=rec.source,
        )

    def date_label(self) -> str:
        """Return the date as precise as it is known ("2025-11-20", "2015-03", "2015")."""
        if self.published is None:
            return ""
        if self.precision == "year":
            return str(self.published.year)
        if self.precision == "month":
            return self.published.strftime("%Y-%m")
        return self.published.isoformat()


@dataclass(frozen=True, slots=True)
class Answer:
    """A transport-agnostic reply: renderers turn it into Telegram HTML or plain text."""

    question: str
    lang: str
    found: bool
    snippets: list[Snippet]
    sources: list[Source]
    confidence: float
    hits: list[Hit] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    mode: str = "extractive"  # "llm" when a language model wrote `prose`
    prose: str | None = None  # the model's checked text, citing [n] of `sources`
    prose_sources: list[int] = field(default_factory=list)  # the n that `prose` cites
    fallback_reason: str | None = None  # why an available model's answer was not used


@dataclass(frozen=True, slots=True)
class _Ctx:
    analyzer: Analyzer
    lang: str


@dataclass(slots=True)
class _Sentence:
    text: str
    hit_rank: int
    index: int  # position within its passage
    paragraph: int
    matched: frozenset[str]
    prior: float

    @property
    def key(self) -> tuple[int, int]:
        return (self.hit_rank, self.index)


def compose_answer(
    result: SearchResult,
    searcher: Searcher,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    max_snippets: int = MAX_SNIPPETS,
) -> Answer:
    """Build the cited extractive answer for a search result."""
    t0 = time.perf_counter()
    query = result.query
    weights = {t: searcher.idf(t) for t in query.terms}
    total = sum(weights.values()) or 1.0
    hits = result.hits[:PASSAGES_CONSIDERED]
    confidence = 0.0
    per_passage: list[list[_Sentence]] = []
    top_score = hits[0].score if hits else 1.0
    for rank, hit in enumerate(hits):
        sentences: list[_Sentence] = []
        covered: set[str] = set()
        idx = 0
        for para_no, paragraph in enumerate(split_paragraphs(hit.passage.text)):
            for text in split_sentences(paragraph):
                terms = set(searcher.analyzer.terms(text, hit.passage.lang)) & weights.keys()
                covered |= terms
                prior = 0.15 * (hit.score / top_score if top_score > 0 else 0.0)
                sentences.append(_Sentence(text, rank, idx, para_no, frozenset(terms), prior))
                idx += 1
        title_terms = set(searcher.analyzer.terms(hit.passage.title, hit.passage.lang))
        covered |= title_terms & weights.keys()
        coverage = sum(weights[t] for t in covered) / total
        confidence = max(confidence, coverage)
        # A passage that alone doesn't clear the bar may not supply snippets either.
        per_passage.append(sentences if coverage >= threshold else [])
    found = bool(hits) and confidence >= threshold
    snippets: list[Snippet] = []
    sources: list[Source] = []
    if found:
        snippets, sources = _choose(per_passage, hits, weights, max_snippets, searcher.analyzer)
        found = bool(snippets)
    elapsed = (time.perf_counter() - t0) * 1000
    return Answer(
        question=query.text,
        lang=query.lang,
        found=found,
        snippets=snippets if found else [],
        sources=sources if found else [],
        confidence=round(confidence, 4),
        hits=result.hits,
        timings_ms={**result.timings_ms, "answer": elapsed},
    )


def _choose(
    per_passage: list[list[_Sentence]],
    hits: list[Hit],
    weights: dict[str, float],
    max_snippets: int,
    analyzer: Analyzer,
) -> tuple[list[Snippet], list[Source]]:
    total = sum(weights.values()) or 1.0

    def value(s: _Sentence) -> float:
        return sum(weights[t] for t in s.matched) / total + s.prior

    # Plain best-first: on XQuAD this keeps the gold answer in the snippets more often
    # than favouring sentences with not-yet-covered terms (92.9% vs 89.2% en, measured).
    candidates = sorted(
        (s for sentences in per_passage for s in sentences if s.matched),
        key=lambda s: (-value(s), s.hit_rank, s.index),
    )
    chosen: list[tuple[_Sentence, str]] = []
    used: set[tuple[int, int]] = set()
    seen_texts: set[str] = set()
    best = value(candidates[0]) if candidates else 0.0
    best_article = hits[candidates[0].hit_rank].passage.article_id if candidates else None
    for cand in candidates:
        if len(chosen) >= max_snippets or value(cand) < best * SAME_ARTICLE_FLOOR:
            break
        # Another article is quoted only when it answers nearly as well as the best one.
        other = hits[cand.hit_rank].passage.article_id != best_article
        if other and value(cand) < best * OTHER_ARTICLE_FLOOR:
            continue
        if cand.key in used or cand.text in seen_texts:
            continue
        ctx = _Ctx(analyzer, hits[cand.hit_rank].passage.lang)
        text, parts = _expand(cand, per_passage[cand.hit_rank], weights, ctx, used)
        used.update(parts)
        seen_texts.update(per_passage[cand.hit_rank][i].text for _, i in parts)
        chosen.append((cand, text))
    numbers: dict[str, int] = {}
    sources: list[Source] = []
    snippets: list[Snippet] = []
    for cand, text in chosen:
        rec = hits[cand.hit_rank].passage
        n = numbers.get(rec.article_id)
        if n is None:
            n = numbers[rec.article_id] = len(numbers) + 1
            sources.append(Source.of(n, rec))
        snippets.append(Snippet(n=n, text=text, article_id=rec.article_id))
    return snippets, sources


def _expand(
    cand: _Sentence,
    sentences: list[_Sentence],
    weights: dict[str, float],
    ctx: _Ctx,
    used: set[tuple[int, int]],
) -> tuple[str, list[tuple[int, int]]]:
    """Return the snippet text for a chosen sentence and the sentences it uses."""
    key = (cand.hit_rank, cand.index)
    if len(cand.text) > MAX_SNIPPET_CHARS:
        return _window(cand.text, cand.matched, weights, ctx), [key]
    best: _Sentence | None = None
    for j in (cand.index + 1, cand.index - 1):
        if 0 <= j < len(sentences):
            neighbour = sentences[j]
            if neighbour.paragraph != cand.paragraph or neighbour.key in used:
                continue
            if len(cand.text) + 1 + len(neighbour.text) > MAX_SNIPPET_CHARS:
                continue
            if best is None or len(neighbour.matched) > len(best.matched):
                best = neighbour
    if best is None:
        return cand.text, [key]
    pair = (best, cand) if best.index < cand.index else (cand, best)
    return f"{pair[0].text} {pair[1].text}", [key, (cand.hit_rank, best.index)]


def _window(text: str, matched: frozenset[str], weights: dict[str, float], ctx: _Ctx) -> str:
    """Cut a long sentence to the ≤ MAX_SNIPPET_CHARS window holding most matched weight."""
    spans = [(m.start(), m.end()) for m in _WORD_SPAN.finditer(text)]
    marks: list[float] = []
    for start, end in spans:
        terms = ctx.analyzer.terms(text[start:end], ctx.lang)
        marks.append(sum(weights[t] for t in terms if t in matched))
    budget = MAX_SNIPPET_CHARS - 2  # room for the ellipses
    best_start, best_gain = 0, -1.0
    j = 0
    gain = 0.0
    for i, (start, _) in enumerate(spans):
        while j < len(spans) and spans[j][1] - start <= budget:
            gain += marks[j]
            j += 1
        if gain > best_gain:
            best_gain, best_start = gain, start
        gain -= marks[i]
    end = best_start + budget
    piece = text[best_start:end]
    if end < len(text):
        piece = piece.rsplit(" ", 1)[0] if " " in piece else piece
        piece = piece.rstrip(" ,;:") + "…"
    if best_start > 0:
        piece = "…" + piece
    return piece
