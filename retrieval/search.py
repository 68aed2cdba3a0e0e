"""Find the passages that best answer a question: analysis, filters, recency, per-article cap."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, cached_property

from corpus.lang import detect_language
from retrieval.aliases import ALIAS_WEIGHT, alias_terms, expand
from retrieval.analysis import SERVING_MEMO_LIMIT, SERVING_TOKEN_MEMO_LIMIT, Analyzer
from retrieval.asking import check_question, unglued, unwrapped
from retrieval.dates import DateRange, find_date_range, strip_span
from retrieval.engines import Filters, PassageRecord, QueryTerms
from retrieval.engines.base import Candidate, day_number
from retrieval.errors import EmptyQuery
from retrieval.grams import GramStats, question_grams
from retrieval.index import IndexVersion
from retrieval.inflect import other_cases
from retrieval.layout import retyped, unmixed
from retrieval.options import SearchOptions as SearchOptions  # imported from here too
from retrieval.spelling import corrections
from retrieval.translit import from_latin

# How many of the best word matches get 3-gram scores: 2 per wanted hit, plus 8 (on SciFact
# anything from 1 per hit up ranks alike: top-10 overlap with a full 3-gram field 0.988-0.990).
_RESCORE_PER_HIT = 2
_RESCORE_EXTRA = 8


@dataclass(frozen=True, slots=True)
class Query:
    """An analysed question."""

    text: str
    lang: str
    terms: dict[str, int]
    date_range: DateRange | None
    grams: list[str] = field(default_factory=list)
    # Terms of a calendar date kept in the question ("2018", "липень"): they rank, but
    # whether an article is of that time is judged from its date and numbers, not them.
    date_terms: frozenset[str] = frozenset()
    today: date | None = None  # the day the question is asked on
    # Other names of its terms ("коронавирус" for "ковид"), each with the term it stands for.
    aliases: dict[str, str] = field(default_factory=dict)
    # Of `aliases`, the typos read as what the passages say (`retrieval.spelling`), and how
    # the reply shows them: (the word as typed, the word as the articles spell it).
    corrections: dict[str, str] = field(default_factory=dict)
    spelling: tuple[tuple[str, str], ...] = ()
    # The question as it arrived, when it was typed in another keyboard layout and `text`
    # is what it says in the layout meant (`retrieval.layout`), or in Latin letters and
    # `text` is its Cyrillic (`retrieval.translit`); `retyped_how` says which.
    retyped_from: str | None = None
    retyped_how: str | None = None  # "layout" or "latin"


@dataclass(frozen=True, slots=True)
class Hit:
    """A passage found for a question."""

    passage: PassageRecord
    score: float


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Hits for a query, best first, with where the time went."""

    query: Query
    hits: list[Hit]
    timings_ms: dict[str, float] = field(default_factory=dict)


class Searcher:
    """Answers search requests against one opened index version."""

    def __init__(self, index: IndexVersion, *, options: SearchOptions | None = None) -> None:
        self.index = index
        self.options = options or SearchOptions()
        self.analyzer = Analyzer(
            index.analysis,
            memo_limit=SERVING_MEMO_LIMIT,
            token_memo_limit=SERVING_TOKEN_MEMO_LIMIT,
        )

    def analyse(
        self, question: str, *, today: date, lang: str | None = None, dates: bool = True
    ) -> Query:
        """Analyse a question: language, date phrase (unless `dates` is off), terms.

        Raises:
            QueryTooLong: over `retrieval.asking.MAX_QUESTION_CHARS` characters.
            EmptyQuery: nothing searchable is left.
        """
        # "Do you know who …", "підкажіть, будь ласка, коли …": the question is what follows.
        text = unglued(unwrapped(check_question(question)))
        if self.options.typos:
            # Words typed with keys of both alphabets ("скiльки") are read in one.
            text = unmixed(text)
        typed = how = None
        if lang is None:
            lang = detect_language(text)
            if self.options.typos and (read := self._read_as_meant(text, lang)) is not None:
                typed, how, (text, lang) = text, read[0], read[1:]
        found = find_date_range(text, today=today) if dates else None
        # A calendar date stays part of the question: its year is a word to match.
        rest = strip_span(text, found) if found and found.relative else text
        terms = self.query_terms(rest, lang)
        if not terms:
            raise EmptyQuery("the question has no searchable words")
        grams = self.query_grams(rest, lang)
        date_terms: frozenset[str] = frozenset()
        if found is not None and not found.relative:
            date_terms = frozenset(self.analyzer.terms(found.phrase, lang)) & terms.keys()
            if date_terms == terms.keys():
                date_terms = frozenset()  # a question that is only a date is about it
        return Query(
            text=text,
            lang=lang,
            terms=terms,
            date_range=found,
            grams=grams,
            date_terms=date_terms,
            today=today,
            aliases={
                **expand(terms, lang, self.alias_table),
                **self._other_cases(rest, terms, lang),
            },
            retyped_from=typed,
            retyped_how=how,
        )

    def _other_cases(self, text: str, terms: dict[str, int], lang: str) -> dict[str, str]:
        """Return the stems of other cases of the question's Russian words that no
        passage holds (`retrieval.inflect`)."""
        if lang != "ru":
            return {}
        engine = self.index.engine
        return other_cases(text, terms, self.analyzer, lambda t: engine.doc_freq(t) > 0)

    def _read_as_meant(self, text: str, lang: str) -> tuple[str, str, str] | None:
        """Return (how, the question, its language) when it was typed with the other
        keyboard layout on ("layout") or in Latin letters for Cyrillic ("latin")."""
        # Both readings ask how many passages hold the question's words: each once.
        freq = cache(self._passages)

        def knows(word: str, lang: str) -> bool:
            return freq(word, lang) > 0

        def held(word: str, lang: str) -> int:  # a stop word's form ("кого" of "хто")
            if self.analyzer.function_word(word, lang):  # is held everywhere
                return self.index.engine.num_docs
            return freq(word, lang)

        # Typed with the other keyboard layout on: read what the keys say in it.
        if (again := retyped(text, knows, lang)) is not None:
            return ("layout", *again)
        # Ukrainian or Russian in Latin letters: read in Cyrillic.
        if (spelt := from_latin(text, held, lang)) is not None:
            return ("latin", *spelt)
        return None

    def _passages(self, word: str, lang: str) -> int:
        """Return how many passages hold the term of a (normalised) word form (0 when it
        gives no term or several)."""
        terms = self.analyzer.terms_of_words([word], lang)
        return self.index.engine.doc_freq(terms[0]) if len(terms) == 1 else 0

    @cached_property
    def alias_table(self) -> dict[str, dict[str, frozenset[str]]]:
        """Return the other names of news words by language (`retrieval.aliases`)."""
        return alias_terms(self.analyzer)

    def query_terms(self, text: str, lang: str) -> dict[str, int]:
        """Return the distinct terms of a question with their counts."""
        counts: dict[str, int] = {}
        for term in self.analyzer.terms(text, lang):
            counts[term] = counts.get(term, 0) + 1
        return counts

    def query_grams(self, text: str, lang: str) -> list[str]:
        """Return a question's distinct 3-grams, or none when they would not be used."""
        if self.options.gram_boost <= 0 or self.gram_stats is None:
            return []
        return question_grams(text, self.analyzer, lang)

    @cached_property
    def gram_stats(self) -> GramStats | None:
        """Return the version's 3-gram statistics (read on first use), None if it has none."""
        return GramStats.load(self.index.path)

    def search(
        self,
        question: str,
        *,
        k: int = 5,
        offset: int = 0,
        lang: str | None = None,
        filters: Filters | None = None,
        today: date | None = None,
        per_article: int | None = None,
        dates: bool = True,
    ) -> SearchResult:
        """Return the best passages for a question.

        `lang` overrides detection of the question's language. `filters` restrict the
        articles' languages and dates; explicit dates win over a date phrase found in
        the question; `dates=False` reads a date phrase as ordinary words.
        """
        t0 = time.perf_counter()
        today = today or date.today()
        query = self.analyse(question, today=today, lang=lang, dates=dates)
        filters = filters or Filters()
        found = query.date_range
        explicit = filters.date_from is not None or filters.date_to is not None
        if found is not None and found.relative and not explicit:
            filters = Filters(langs=filters.langs, date_from=found.start, date_to=found.end)
        t1 = time.perf_counter()

        def ranked(asked: Query) -> list[Hit]:
            return self.search_terms(
                asked.terms,
                grams=asked.grams,
                k=k,
                offset=offset,
                filters=filters,
                today=today,
                per_article=per_article,
                aliases=asked.aliases,
            )

        hits = ranked(query)
        # A word no passage holds, one typo from a word of the passages found: search again
        # with what was meant (`retrieval.spelling`).
        fixed, shown = corrections(query, hits, self) if self.options.typos else ({}, ())
        if fixed:
            query = replace(
                query, aliases={**query.aliases, **fixed}, corrections=fixed, spelling=shown
            )
            hits = ranked(query)
        t2 = time.perf_counter()
        return SearchResult(
            query=query,
            hits=hits,
            timings_ms={"analysis": (t1 - t0) * 1000, "search": (t2 - t1) * 1000},
        )

    def search_terms(
        self,
        terms: dict[str, int],
        *,
        k: int,
        grams: Sequence[str] = (),
        offset: int = 0,
        filters: Filters | None = None,
        today: date | None = None,
        per_article: int | None = None,
        aliases: dict[str, str] | None = None,
    ) -> list[Hit]:
        """Rank passages for terms and 3-grams: engine BM25, recency prior, per-article cap.

        `aliases` (the query's other names for its terms) rank at `ALIAS_WEIGHT`.
        """
        opts = self.options
        cap = opts.per_article if per_article is None else per_article
        wanted = offset + k
        # Each distinct term counts once: a word the question repeats (or two forms with one
        # stem) is not worth twice (SciFact train nDCG@10 0.6922 -> 0.6999, measured).
        once: dict[str, float] = dict.fromkeys(terms, 1.0)
        for alias in aliases or {}:
            once.setdefault(alias, ALIAS_WEIGHT)
        query = QueryTerms(body=once, title=once, title_boost=opts.title_boost)
        engine = self.index.engine
        # Never more than there are: tantivy's limit is a 64-bit count (`--k 10**30` raised).
        limit = min(wanted * 4 + 10, max(engine.num_docs, 1))
        found = engine.candidates(query, limit=limit, filters=filters or Filters())
        scores, records = self._rescore(found, grams, wanted)
        today_number = day_number(today or date.today())
        # Equal scores go by article key, not by where the build happened to store the
        # passages (two indexing threads), so a rebuild ranks the same.
        rescored = sorted(
            (
                (score * self._recency(c.day, today_number), c, record)
                for score, c, record in zip(scores, found, records, strict=True)
            ),
            key=lambda triple: (-triple[0], triple[1].article_key),
        )
        per: dict[int, int] = {}
        chosen: list[tuple[float, Candidate, PassageRecord | None]] = []
        for score, cand, record in rescored:
            seen = per.get(cand.article_key, 0)
            if seen >= cap:
                continue
            per[cand.article_key] = seen + 1
            chosen.append((score, cand, record))
            if len(chosen) >= wanted:
                break
        page = chosen[offset:]
        missing = [c for _, c, record in page if record is None]
        rest = iter(engine.load(missing) if missing else [])
        return [
            Hit(record if record is not None else next(rest), score) for score, _, record in page
        ]

    def _rescore(
        self, found: list[Candidate], grams: Sequence[str], wanted: int
    ) -> tuple[list[float], list[PassageRecord | None]]:
        """Add the question's 3-gram scores to the best word matches' scores.

        Returns every candidate's score and the passages loaded on the way (None where not).
        The rest keep their word score, which puts them below nearly all re-scored ones.
        """
        scores = [c.score for c in found]
        records: list[PassageRecord | None] = [None] * len(found)
        boost = self.options.gram_boost
        stats = self.gram_stats if grams and boost > 0 else None
        if stats is None or not found:
            return scores, records
        top = found[: wanted * _RESCORE_PER_HIT + _RESCORE_EXTRA]
        loaded = self.index.engine.load(top)
        for i, gram_score in enumerate(stats.scores(grams, loaded, self.analyzer)):
            scores[i] += boost * gram_score
        records[: len(top)] = loaded
        return scores, records

    def _recency(self, day: int, today: int) -> float:
        opts = self.options
        if opts.recency_weight <= 0 or day < 0:
            return 1.0
        age = max(today - day, 0)
        decay: float = 0.5 ** (age / opts.recency_half_life_days)
        return 1.0 + opts.recency_weight * decay

    def passages_of(self, article_id: str, *, limit: int) -> list[PassageRecord]:
        """Return up to `limit` passages of one article, in their order in it."""
        return self.index.engine.passages_of(article_id, limit=limit)

    def idf(self, term: str) -> float:
        """Return a BM25-style idf of a body term (unknown terms get the highest)."""
        n = max(self.index.engine.num_docs, 1)
        df = self.index.engine.doc_freq(term)
        return float(math.log(1.0 + (n - df + 0.5) / (df + 0.5)))
