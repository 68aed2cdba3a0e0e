"""The transport-agnostic core the CLI and the bot share: ask, search, swap index versions."""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tiktoken

    from corpus.article import Article

from corpus.lang import detect_language
from corpus.limits import DEFAULT_LIMITS, ReadLimits
from retrieval.analysis import AnalysisSettings
from retrieval.answer import (
    MAX_SNIPPETS,
    MISSING_NUMBER,
    Answer,
    Horizon,
    Snippet,
    Source,
    compose_answer,
)
from retrieval.asking import check_question, unglued, unwrapped
from retrieval.budget import load_encoding
from retrieval.crosslang import answer_across, doubtful_without_names, found_texts
from retrieval.dates import find_date_range, strip_span
from retrieval.digest import MAX_STORIES, Digest, compose_digest, period_stories
from retrieval.engines import Filters
from retrieval.errors import EmptyQuery, IndexNotFound
from retrieval.everyday import is_everyday_request, pleasantry
from retrieval.index import (
    BuildResult,
    IndexVersion,
    ProgressFn,
    build_index,
    current_version_name,
    index_root,
    open_index,
)
from retrieval.live import Appended, append_articles
from retrieval.locks import write_lock
from retrieval.refusal import collection_newest
from retrieval.search import Hit, Searcher, SearchOptions, SearchResult

logger = logging.getLogger(__name__)
PAGE_SIZE = 8  # passages an answer is composed from; the next page starts this much further


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """One article in a ranked article list (`newsdesk search`)."""

    id: str
    title: str
    url: str | None
    published: date | None
    lang: str
    score: float
    hit: Hit


def _date_phrase_only(result: SearchResult, filters: Filters | None) -> bool:
    """Return whether a relative date phrase ("yesterday"), not an explicit filter, narrowed it."""
    explicit = filters is not None and (filters.date_from or filters.date_to)
    found = result.query.date_range
    return found is not None and found.relative and not explicit


# What is asked of a time when only its news is: "what happened", "що нового", "новости".
_NEWS_ONLY = re.compile(
    r"(?:(?:so|and|any)\s+)?(?:what(?:'s|\s+has|\s+is)?\s+(?:happened|happening|new|going\s+on)"
    r"|(?:any|the)?\s*(?:news|headlines)|що\s+(?:сталося|відбулося|нового|було)"
    r"|(?:які\s+)?новини|что\s+(?:случилось|произошло|нового|было)|(?:какие\s+)?новости)"
    r"(?:\s+(?:in\s+the\s+news|у\s+новинах|в\s+новостях))?",
    re.IGNORECASE,
)


_NEWS_WORD = re.compile(
    r"happen|new|headline|стал|відбул|нового|нов[иі]н|було|случил|произош|было|новост",
    re.IGNORECASE,
)
_NEWS_ONLY_CHARS = 80


def _news_of_a_time(question: str, today: date | None) -> bool:
    """Return whether a question asks only what happened at a time said from today
    ("what happened last week", "що сталося вчора?", "новости за неделю")."""
    if len(question) > _NEWS_ONLY_CHARS or not _NEWS_WORD.search(question):
        return False  # most questions, told without reading a date
    text = unglued(unwrapped(question.strip()))
    found = find_date_range(text, today=today or date.today())
    if found is None or not found.relative:
        return False
    rest = strip_span(text, found).strip(" ?!.,")
    return not rest or _NEWS_ONLY.fullmatch(rest) is not None


def _may_go_across(answer: Answer, question: str) -> bool:
    """Return whether a question its own language did not answer may be tried in the
    others: not an everyday request, and not one its own articles answer otherwise than
    asked (they say the sum was not disclosed, or name none): only the model's doubt, or
    a number none of them has, sends it on."""
    if is_everyday_request(question):
        return False
    rule = answer.refusal_rule
    return rule is None or rule.startswith(MISSING_NUMBER)


class NewsService:
    """Answers questions from the serving index version; a reload swaps it atomically.

    Callers that started with one version finish with it: each call takes the current
    `Searcher` reference once. Every call also looks at `CURRENT` (one stat, ~2 µs), so
    a version built by another process (`newsdesk index`) serves from the next call on.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        options: SearchOptions | None = None,
        threshold: float | None = None,
        read_limits: ReadLimits = DEFAULT_LIMITS,
    ) -> None:
        self.data_dir = data_dir
        self.options = options or SearchOptions()
        self.threshold = threshold
        self.read_limits = read_limits
        self._searcher: Searcher | None = None
        self._pointer = str(index_root(data_dir) / "CURRENT")
        self._pointer_seen: tuple[int, int, int] | None = None
        self._lock = threading.Lock()
        # Rebuilds and live additions take turns: an article saved while a rebuild reads
        # the corpus would otherwise be indexed twice, or not at all.
        self._write_lock = threading.Lock()
        self._encoding: tiktoken.Encoding | None = None
        self.started_at = time.time()

    @property
    def searcher(self) -> Searcher:
        """Return the searcher of the current version, switching when `CURRENT` moved."""
        searcher = self._searcher
        if searcher is None or self._pointer_moved():
            with self._lock:
                searcher = self._follow_pointer()
        return searcher

    def _pointer_moved(self) -> bool:
        try:
            status = os.stat(self._pointer)
        except OSError:
            return False  # no pointer (or no access): keep what serves
        return (status.st_ino, status.st_mtime_ns, status.st_size) != self._pointer_seen

    def _follow_pointer(self) -> Searcher:
        """Open the version `CURRENT` names unless it already serves (hold `_lock`)."""
        try:
            status = os.stat(self._pointer)
            seen = (status.st_ino, status.st_mtime_ns, status.st_size)
        except OSError:
            seen = None
        current = self._searcher
        if current is None or current_version_name(self.data_dir) != current.index.name:
            try:
                current = self._searcher = Searcher(
                    open_index(self.data_dir), options=self.options
                )
            except IndexNotFound:
                if current is None:
                    raise
                # Tried once per change of CURRENT, not on every question.
                logger.warning("the new index version cannot be opened; the old one serves")
        self._pointer_seen = seen
        return current

    @property
    def encoding(self) -> tiktoken.Encoding:
        """Return the tiktoken encoding of live appends and prompts, made once on first use."""
        # Not made up front: it takes 0.4 s and 48 MB that extractive answers never need.
        if self._encoding is None:
            self._encoding = load_encoding()
        return self._encoding

    @property
    def version(self) -> IndexVersion:
        """Return the serving index version."""
        return self.searcher.index

    def ask(
        self,
        question: str,
        *,
        today: date | None = None,
        lang: str | None = None,
        filters: Filters | None = None,
        offset: int = 0,
    ) -> Answer:
        """Answer a question with cited snippets (or say the articles don't cover it).

        A greeting or thanks alone is no question: it is not searched, and the answer,
        not found, names it (`refusal_rule` "greeting" or "thanks") for the reply.
        """
        if (polite := pleasantry(check_question(question))) is not None:
            return Answer(
                question=question,
                lang=lang or detect_language(question),
                found=False,
                snippets=[],
                sources=[],
                confidence=0.0,
                refusal_rule=polite,
            )
        searcher = self.searcher
        t0 = time.perf_counter()
        if _news_of_a_time(question, today) and (
            period := self._period(question, today=today, lang=lang, offset=offset)
        ):
            return period
        try:
            result = searcher.search(
                question, k=PAGE_SIZE, offset=offset, lang=lang, filters=filters, today=today
            )
        except EmptyQuery:
            # "Що було вчора?", "what happened last week": only a time is asked about.
            period = self._period(question, today=today, lang=lang, offset=offset)
            if period is None:
                raise
            return period
        answer = compose_answer(result, searcher, threshold=self.threshold)
        if not answer.found and _date_phrase_only(result, filters):
            # Nothing from that day or week answers: say so, and name the nearest article
            # of another time as the closest match.
            retry = searcher.search(
                question,
                k=PAGE_SIZE,
                offset=offset,
                lang=lang,
                filters=filters,
                today=today,
                dates=False,
            )
            second = compose_answer(retry, searcher, threshold=self.threshold)
            nearest = second.sources[0] if second.found else second.closest
            answer = replace(answer, closest=nearest and replace(nearest, n=1))
        elif not offset and (
            (not answer.found and _may_go_across(answer, result.query.text))
            or doubtful_without_names(answer, searcher)
        ):
            # Not covered in its own language, or answered there doubtfully with quotes
            # that leave out the names it asks about: another language's may hold them.
            # The question as read goes across (in Cyrillic when it was typed in Latin
            # letters, without the request around it), and the reply keeps how it was read.
            query = result.query
            across = answer_across(
                query.text,
                answer.lang,
                searcher,
                today=query.today,
                date_range=query.date_range,
                written=found_texts(answer),
            )
            if across is not None:
                answer = replace(
                    across,
                    timings_ms=answer.timings_ms,
                    retyped_from=answer.retyped_from,
                    retyped_how=answer.retyped_how,
                )
        answer.timings_ms["total"] = (time.perf_counter() - t0) * 1000
        return answer

    def _period(
        self, question: str, *, today: date | None, lang: str | None, offset: int
    ) -> Answer | None:
        """Return the stories of the time a question asks about and nothing else ("що було
        вчора?"), a digest's lead of each cited; None when it names no time said from today.

        With no article of that time, the answer is not found, and says where the articles
        end (the collection's newest).
        """
        text = unglued(unwrapped(check_question(question)))
        found = find_date_range(text, today=today or date.today())
        if found is None or not found.relative:
            return None
        lang = lang or detect_language(text)
        searcher = self.searcher
        stories = period_stories(
            searcher.index, searcher.analyzer, start=found.start, end=found.end, lang=lang
        )
        # The asker's language first (a story's headline is in it when an article is).
        stories = sorted(stories, key=lambda story: story.lang != lang)
        first = offset // PAGE_SIZE * MAX_SNIPPETS
        shown = stories[first : first + MAX_SNIPPETS]
        if not shown:
            newest = collection_newest(searcher)
            return Answer(
                question=question,
                lang=lang,
                found=False,
                snippets=[],
                sources=[],
                confidence=0.0,
                refusal_rule=f"no article from {found.phrase}",
                horizon=Horizon("newest", newest.year, newest.month) if newest else None,
            )
        snippets = []
        sources = []
        for n, story in enumerate(shown, start=1):
            link = story.links[0]
            snippets.append(Snippet(n, story.summary, link.article_id))
            sources.append(Source.of_link(n, link))
        return Answer(
            question=question,
            lang=lang,
            found=True,
            snippets=snippets,
            sources=sources,
            confidence=1.0,
        )

    def search_articles(
        self,
        query: str,
        *,
        k: int = 10,
        today: date | None = None,
        lang: str | None = None,
        filters: Filters | None = None,
    ) -> list[ArticleResult]:
        """Return the best articles for a query, one entry per article."""
        searcher = self.searcher
        result = searcher.search(
            query, k=k, lang=lang, filters=filters, today=today, per_article=1
        )
        if not result.hits and _date_phrase_only(result, filters):
            result = searcher.search(
                query, k=k, lang=lang, filters=filters, today=today, per_article=1, dates=False
            )
        hits = result.hits
        return [
            ArticleResult(
                id=h.passage.article_id,
                title=h.passage.title,
                url=h.passage.url,
                published=h.passage.published,
                lang=h.passage.lang,
                score=h.score,
                hit=h,
            )
            for h in hits
        ]

    def rebuild(
        self,
        paths: Sequence[str | Path],
        *,
        engine: str,
        morphology: bool = True,
        workers: int | None = None,
        progress: ProgressFn | None = None,
    ) -> BuildResult:
        """Build a new version from `paths` and switch to it; the old one serves meanwhile."""
        with self._write_lock:
            return self._rebuild(paths, engine, morphology, workers, progress)

    def _rebuild(
        self,
        paths: Sequence[str | Path],
        engine: str,
        morphology: bool,
        workers: int | None,
        progress: ProgressFn | None,
    ) -> BuildResult:
        result = build_index(
            paths,
            data_dir=self.data_dir,
            engine=engine,
            analysis=AnalysisSettings(morphology=morphology),
            workers=workers,
            progress=progress,
            limits=self.read_limits,
        )
        fresh = Searcher(open_index(self.data_dir), options=self.options)
        with self._lock:
            self._searcher = fresh
        return result

    def digest(
        self, *, at: datetime, tz: str, lang: str, max_stories: int = MAX_STORIES
    ) -> Digest:
        """Return the digest of the 24 hours before `at` for a reader in zone `tz`."""
        searcher = self.searcher
        return compose_digest(
            searcher.index, searcher.analyzer, at=at, tz=tz, lang=lang, max_stories=max_stories
        )

    def ingest(
        self, articles: Sequence[Article], *, save: Callable[[Sequence[Article]], object]
    ) -> Appended:
        """Save new articles with `save` (to the corpus), then index them into the live version.

        Both happen under the write lock, so a concurrent rebuild either reads the saved
        file and serves the new version, or waits and gets the articles appended.

        Raises:
            BuildInProgress: another process is building a version; nothing was saved.
        """
        if not articles:
            return Appended(0, 0)
        # A build in another process (newsdesk index) refuses this with BuildInProgress
        # before anything is saved: the caller tries again later.
        with self._write_lock, write_lock(index_root(self.data_dir)):
            save(articles)
            searcher = self.searcher  # the version CURRENT names now
            return append_articles(searcher.index, articles, searcher.analyzer, self.encoding)
