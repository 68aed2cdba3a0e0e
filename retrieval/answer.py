"""Compose an extractive answer: the sentences that answer, each cited [n], and sources.

The sentences to quote, and the fact to highlight, are chosen in `retrieval.quotes`.
Whether to answer at all is the refusal model's
call (`retrieval.refusal`, fitted by `benchmarks/fit_refusal.py`), with a few rules no
probability overrides; `docs/quality.md` has the figures.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from retrieval import highlight, refusal
from retrieval.events import untold_event, untold_outcome
from retrieval.everyday import is_everyday_request
from retrieval.evidence import Reader
from retrieval.excerpt import MAX_SNIPPET_CHARS
from retrieval.kinds import Kind, question_kind
from retrieval.numbered import unpaired_name
from retrieval.quotes import (
    ARTICLE_PASSAGES,
    MAX_SNIPPETS,
    PASSAGES_CONSIDERED,
    Sentence,
    Snippet,
    Source,
    choose,
    question_reader,
    question_weights,
    read_sentences,
    rest_of_article,
    share,
)
from retrieval.search import Hit, Query, Searcher, SearchResult
from retrieval.tense import asks_future

__all__ = [
    "MAX_SNIPPETS",
    "MAX_SNIPPET_CHARS",
    "Answer",
    "Horizon",
    "Snippet",
    "Source",
    "compose_answer",
    "compose_keyed",
]

# A passage whose article (its passages read for the question) holds less of the
# question's idf weight than this supplies no snippets.
PASSAGE_FLOOR = 0.25
# The start of the rule a number no candidate has refuses by ("no article has 2024"): the
# one rule about the articles found that another language's may still answer.
MISSING_NUMBER = "no article has"
# A refused question names its closest article when a passage holds this much of it.
CLOSEST_COVERAGE = 0.5
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class Horizon:
    """Why the articles can't answer a question about a time: they all predate its year
    ("before", year), the newest of them is from long ago ("newest", year, month), or
    undated, the latest year they name is ("named", year), or undated and naming no
    year, the newest article of the whole collection is ("collection", year, month)."""

    kind: str
    year: int
    month: int | None = None


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
    signals: dict[str, float] = field(default_factory=dict)  # what the refusal model weighed
    # When not found: the nearest article the corpus does have, if one is close.
    closest: Source | None = None
    refusal_rule: str | None = None  # the rule that refused it regardless of the model
    horizon: Horizon | None = None  # when refused for time: where the articles end
    # Typos read as the articles' words: (as typed, as the articles spell it), for the reply.
    spelling: tuple[tuple[str, str], ...] = ()
    retyped_from: str | None = None  # the question as typed: another layout, Latin letters
    retyped_how: str | None = None  # "layout" or "latin" (`retrieval.search.Query`)


def compose_keyed(
    question: str,
    lang: str,
    hits: list[Hit],
    weights: dict[str, float],
    searcher: Searcher,
    *,
    kind: Kind,
    min_coverage: float,
    min_keys: int,
    numbers: set[str],
    max_snippets: int = MAX_SNIPPETS,
) -> Answer:
    """Quote passages of another language that hold the question's name keys and numbers.

    A passage may be quoted when it (with its headline) holds at least `min_coverage` of
    the keys' idf weight, at least `min_keys` of them (or all, when fewer are known), and
    every number in `numbers`.
    """
    hits = hits[:PASSAGES_CONSIDERED]
    reader = Reader(searcher.analyzer, weights, kind, keys=True)
    per_passage, held_terms = read_sentences(hits, reader)
    coverages = [share(h, weights) for h in held_terms]
    needed = min(min_keys, len(weights))
    usable: list[list[Sentence]] = []
    for hit, sentences, coverage in zip(hits, per_passage, coverages, strict=True):
        held = {t for s in sentences for t in s.matched}
        held |= reader.read(hit.passage.title, hit.passage.lang).matched
        rec = hit.passage
        digits = set(_DIGITS.findall(f"{rec.title} {rec.text}"))
        complete = numbers <= digits | {str(rec.published.year) if rec.published else ""}
        ok = coverage >= min_coverage and len(held) >= needed and complete
        usable.append(sentences if ok else [])
    snippets: list[Snippet] = []
    sources: list[Source] = []
    said: list[Sentence] = []
    if any(usable):
        snippets, sources = choose(
            usable,
            hits,
            weights,
            max_snippets,
            searcher.analyzer,
            highlight.rarity(searcher),
            quoted_out=said,
        )
    # Asked about a death or a verdict, quotes that tell of none answer nothing, in any
    # language; nor do quotes that name no answer to how a story ended.
    found = (
        bool(snippets)
        and untold_event(question, said) is None
        and not untold_outcome(question, snippets)
    )
    return Answer(
        question=question,
        lang=lang,
        found=found,
        snippets=snippets if found else [],
        sources=sources if found else [],
        confidence=round(max(coverages, default=0.0), 4),
        hits=hits,
    )


def over_floor(
    read: list[list[Sentence]],
    hits: list[Hit],
    held: list[frozenset[str]],
    weights: dict[str, float],
) -> list[list[Sentence]]:
    """Return the sentences of each passage read (`read_sentences`) that may be quoted:
    those of passages whose article's passages read here hold `PASSAGE_FLOOR` of the
    question together, none of the others'.

    Where the brigade planted the forest ("у с. Глибочиці") is told in a passage that
    names neither the brigade nor Zhytomyr; the article's other passages do (XQuAD ru
    answer in the snippets 0.870 -> 0.881, written-a +1 question, tune half unchanged).
    """
    article_terms: dict[str, frozenset[str]] = {}
    for hit, terms in zip(hits, held, strict=True):
        aid = hit.passage.article_id
        article_terms[aid] = article_terms.get(aid, frozenset()) | terms
    passes = {aid: share(terms, weights) >= PASSAGE_FLOOR for aid, terms in article_terms.items()}
    return [
        sentences if passes[hit.passage.article_id] else []
        for sentences, hit in zip(read, hits, strict=True)
    ]


def _missing_number(question: str, hits: list[Hit], rest: Callable[[], list[Hit]]) -> str | None:
    """Return a number of the question that neither the candidate passages nor the first
    article's other passages (`rest`, fetched only if needed) have: "57" of "коли 57
    бригада перебралась у нову каховку" is in the lead of the article whose later passage
    matched best."""
    if refusal.missing_number(question, hits) is None:
        return None
    return refusal.missing_number(question, [*hits, *rest()])


def _unpaired(
    query: Query, hits: list[Hit], rest: Callable[[], list[Hit]], searcher: Searcher
) -> str | None:
    """Return a numbered name of the question ("iphone 16") that neither the candidate
    passages nor the first article's other passages write (`retrieval.numbered`)."""
    analyzer, engine = searcher.analyzer, searcher.index.engine

    def known(term: str) -> bool:
        return engine.doc_freq(term) > 0

    found = unpaired_name(query.text, hits, analyzer, query.lang, query.aliases, known)
    if found is None:
        return None
    return unpaired_name(query.text, [*hits, *rest()], analyzer, query.lang, query.aliases, known)


def _unreported_year(
    query: Query, said: list[Sentence], read: list[Hit], searcher: Searcher
) -> str | None:
    """Return the calendar year a question names when every quoted article predates it:
    dated ones were published in an earlier year, undated ones name only earlier years
    ("кто убил шерифа в страсбурге в 2023" had quoted an undated story naming only 2018,
    because another candidate, a plan for 2023, had the number)."""
    dr = query.date_range
    if dr is None or dr.relative or not said or asks_future(query.text):
        return None
    years = refusal.years_in(query.text)
    if not years:
        return None
    asked = max(int(y) for y in years)
    articles = list(dict.fromkeys(read[s.hit_rank].passage.article_id for s in said))
    for aid in articles:
        recs = [h.passage for h in read if h.passage.article_id == aid]
        if recs[0].published is not None:
            if recs[0].published.year >= asked:
                return None
            continue
        recs += searcher.passages_of(aid, limit=ARTICLE_PASSAGES)
        named = refusal.years_in(" ".join(f"{r.title} {r.text}" for r in recs))
        if not named or max(int(y) for y in named) >= asked:
            return None
    return str(asked)


def compose_answer(
    result: SearchResult,
    searcher: Searcher,
    *,
    threshold: float | None = None,
    max_snippets: int = MAX_SNIPPETS,
    quoted: list[Sentence] | None = None,
) -> Answer:
    """Build the cited extractive answer for a search result, or say it isn't covered.

    `threshold` is the probability (from `retrieval.refusal`) needed to answer; None
    takes the fitted model's own. `quoted`, when given, receives the quoted sentences
    (`benchmarks/fit_highlight.py` reads their candidate spans).
    """
    t0 = time.perf_counter()
    query = result.query
    weights = question_weights(query, searcher)
    read_weights = question_weights(query, searcher, calendar=True)
    top = result.hits[:PASSAGES_CONSIDERED]
    hits = refusal.reported_first(query.text, query.date_range, result.hits)[:PASSAGES_CONSIDERED]
    # What the rules say no candidate has, none of the best-scored ones has either.
    candidates = [*hits, *(h for h in top if h not in hits)]
    kind = question_kind(query.text)
    reader = question_reader(result, searcher, read_weights, kind)
    # Reordered, the first hit need not be the best scored: ranks count from the best.
    best_read, held = read_sentences(
        hits, reader, top_score=max((h.score for h in hits), default=1.0)
    )
    # The refusal model reads its signals as it was fitted: without the date's words, and
    # over the best passages only.
    coverages = [share(h, weights) for h in held]
    signals = refusal.features(
        question=query.text,
        lang=query.lang,
        weights=weights,
        hits=hits,
        coverages=coverages,
        best_sentence=max((share(s.matched, weights) for p in best_read for s in p), default=0.0),
        evidence=max(
            (
                s.reading.evidence * min(1.0, s.reading.lexical + s.context)
                for p in best_read
                for s in p
            ),
            default=0.0,
        ),
        kind=kind,
        searcher=searcher,
        date_range=query.date_range,
        # A typo read as a word of the passages still counts as a word they lack.
        aliases={a: t for a, t in query.aliases.items() if a not in query.corrections},
    )
    model = refusal.load_model()
    confidence = model.probability(signals) if hits else 0.0
    cut = model.threshold if threshold is None else threshold
    # A number or year no candidate has, or a request for instructions, a recipe or a
    # forecast, is never answered, whatever the model says.
    rule = None
    horizon = None
    # The first article's other passages, fetched at most once, and only when needed.
    rest = cache(lambda: rest_of_article(hits, searcher))
    if is_everyday_request(query.text):
        rule = "everyday request"
    elif hits and (number := _missing_number(query.text, candidates, rest)) is not None:
        rule = f"{MISSING_NUMBER} {number}"
    elif hits and (name := _unpaired(query, candidates, rest, searcher)) is not None:
        rule = f"{MISSING_NUMBER} {name}"
    elif hits and (month := refusal.missing_month(query.date_range, candidates)) is not None:
        rule = f"no article from {month}"
    elif refusal.undisclosed(kind, [s for p in best_read for s in p], weights):
        rule = "the articles say it was not disclosed"
    elif (year := refusal.predates(query.text, query.date_range, hits)) is not None:
        rule = f"every article predates {year}"
        horizon = Horizon("before", year)
    elif (old := refusal.stale(query.text, hits, query.today, searcher)) is not None:
        newest, known = old
        if known == "newest":
            rule = f"asked about now, newest article from {newest:%B %Y}"
            horizon = Horizon("newest", newest.year, newest.month)
        elif known == "named":  # undated articles, as new as the latest year they name
            rule = f"asked about now, latest year the articles name {newest.year}"
            horizon = Horizon("named", newest.year)
        else:  # undated, naming no year: no newer than the collection's newest
            rule = f"asked about now, undated articles, newest of all from {newest:%B %Y}"
            horizon = Horizon("collection", newest.year, newest.month)
    found = bool(hits) and confidence >= cut and rule is None
    snippets: list[Snippet] = []
    sources: list[Source] = []
    if found:
        # The first article's other passages are read for an answer that is given.
        extra = rest()
        extra_read, extra_held = read_sentences(
            extra, reader, top_score=max(h.score for h in hits), first_rank=len(hits)
        )
        per_passage = over_floor(
            [*best_read, *extra_read], [*hits, *extra], [*held, *extra_held], weights
        )
        said: list[Sentence] = []
        snippets, sources = choose(
            per_passage,
            [*hits, *extra],
            read_weights,
            max_snippets,
            searcher.analyzer,
            highlight.rarity(searcher),
            quoted_out=said,
        )
        if quoted is not None:
            quoted.extend(said)
        found = bool(snippets)
        if found and refusal.no_sum_quoted(kind, said):
            found = False
            rule = "no quoted sentence names a sum"
        elif found and (event := untold_event(query.text, said)) is not None:
            found = False
            rule = f"no quoted sentence tells of {event}"
        elif found and untold_outcome(query.text, snippets):
            found = False
            rule = "no quoted sentence tells how it ended"
        elif found and (later := _unreported_year(query, said, [*hits, *extra], searcher)):
            found = False
            rule = f"{MISSING_NUMBER} {later}"
    closest = None
    if not found and coverages and not is_everyday_request(query.text):
        best = max(range(len(coverages)), key=coverages.__getitem__)
        if coverages[best] >= CLOSEST_COVERAGE:
            closest = Source.of(1, hits[best].passage)
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
        signals=dict(zip(refusal.FEATURES, signals, strict=True)),
        closest=closest,
        refusal_rule=rule,
        horizon=horizon if not found else None,
        spelling=query.spelling,
        retyped_from=query.retyped_from,
        retyped_how=query.retyped_how,
    )
