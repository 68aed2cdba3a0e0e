"""The one door into retrieval: the bot and the command line call `Assistant` and nothing else.

`Assistant` answers a question (quotes first, then optionally the model), pages through
its quotes, streams, summarises, ranks articles, makes digests, rebuilds the index by its
`BuildRecipe`, takes in feed articles and reports its state. `NewsService`, the searcher,
the grounded answerer and the model client are its internals; `bot.settings.open_assistant`
builds it from the settings, for the bot, the command line and the tests alike.

Without a language model an answer is `NewsService.ask`. With one:
- the question is also translated into the other two corpus languages (one short call,
  run while the original is searched) and each translation is searched in its own
  language, so a Ukrainian question finds an English article (`retrieval.translation`);
  the answer with the highest confidence wins and the others' passages join the model's
  context. Every page is searched this way, the first and those after it ("More");
- the model writes a grounded answer from those passages (`retrieval.grounded`), and
  every failure falls back to the extractive answer.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING

from corpus.limits import DEFAULT_LIMITS, ReadLimits
from retrieval.asking import MAX_QUESTION_CHARS, check_question, shown_sources
from retrieval.grounded import GroundedAnswerer, StreamEvent
from retrieval.index import current_version_name
from retrieval.recipe import BuildRecipe
from retrieval.service import PAGE_SIZE, ArticleResult, NewsService
from retrieval.translation import merge, translate

if TYPE_CHECKING:
    from datetime import datetime

    from corpus.article import Article
    from retrieval.answer import Answer
    from retrieval.digest import Digest
    from retrieval.engines import Filters
    from retrieval.index import BuildResult, ProgressFn
    from retrieval.live import Appended
    from retrieval.llm import LLMClient
    from retrieval.manifest import Manifest
    from retrieval.options import GroundedSettings, LLMConfig, SearchOptions

__all__ = [
    "MAX_QUESTION_CHARS",
    "ArticleResult",
    "Assistant",
    "AssistantStats",
    "BuildRecipe",
    "ModelUse",
    "StreamEvent",
    "check_question",
    "shown_sources",
]

DIGEST_CACHE_SECONDS = 300.0
_DIGESTS_KEPT = 64


@dataclass(frozen=True, slots=True)
class ModelUse:
    """What the language model has done since the start."""

    model: str
    state: str  # the circuit breaker's: closed, open or half-open
    calls: int
    failures: int
    tokens: int  # prompt and completion
    cut_prompts: int
    digest_tokens: int  # the last model-written digest's


@dataclass(frozen=True, slots=True)
class AssistantStats:
    """The serving index version, and the model's use when there is one."""

    version: str
    path: Path
    manifest: Manifest
    model: ModelUse | None


class Assistant:
    """Answers questions: extractive always, grounded by a model when one is configured."""

    def __init__(
        self,
        service: NewsService,
        *,
        recipe: BuildRecipe | None = None,
        client: LLMClient | None = None,
        settings: GroundedSettings | None = None,
        cross_language: bool = True,
        digest_summaries: bool = True,
    ) -> None:
        self._service = service
        self._recipe = recipe
        self._client = client
        self._answerer = (
            GroundedAnswerer(client, settings, encoding=service.encoding)
            if client is not None
            else None
        )
        self._cross_language = cross_language and client is not None
        self._digest_summaries = digest_summaries and client is not None
        self._digest_tokens: int | None = None  # set when a digest was summarised
        self._digests: dict[tuple[object, ...], tuple[float, Digest]] = {}

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        recipe: BuildRecipe,
        options: SearchOptions | None = None,
        threshold: float | None = None,
        read_limits: ReadLimits = DEFAULT_LIMITS,
        llm: LLMConfig | None = None,
        grounded: GroundedSettings | None = None,
        cross_language: bool = True,
        digest_summaries: bool = True,
    ) -> Assistant:
        """Return an assistant serving `data_dir` (the index opens at first use).

        With `llm`, a model client is made (closed by `aclose`) and answers are grounded.
        """
        service = NewsService(
            data_dir, options=options, threshold=threshold, read_limits=read_limits
        )
        client = None
        if llm is not None:
            from retrieval.llm import LLMClient

            client = LLMClient(llm)
        return cls(
            service,
            recipe=recipe,
            client=client,
            settings=grounded,
            cross_language=cross_language,
            digest_summaries=digest_summaries,
        )

    @property
    def page_size(self) -> int:
        """Return how many passages one page of an answer is composed from."""
        return PAGE_SIZE

    @property
    def has_model(self) -> bool:
        """Return whether a language model writes answers and summaries."""
        return self._answerer is not None

    # --- questions ----------------------------------------------------------------------

    async def quotes(
        self,
        question: str,
        *,
        lang: str | None = None,
        filters: Filters | None = None,
        offset: int = 0,
    ) -> Answer:
        """Return the cited extractive answer from the page of passages at `offset`.

        With a model, every page searches all three languages (see the module docstring).

        Raises:
            EmptyQuery: no searchable words.
            QueryTooLong: over `MAX_QUESTION_CHARS` characters (before any model call).
        """
        check_question(question)
        if not self._cross_language:
            return self._service.ask(question, lang=lang, filters=filters, offset=offset)
        # The search runs in a thread so the translation request really is in flight meanwhile.
        translations, first = await asyncio.gather(
            translate(self._client, question, lang),
            asyncio.to_thread(
                self._service.ask, question, lang=lang, filters=filters, offset=offset
            ),
        )
        others = [
            self._service.ask(text, lang=code, filters=filters, offset=offset)
            for code, text in translations.items()
        ]
        return merge(first, others)

    async def ask(
        self,
        question: str,
        *,
        lang: str | None = None,
        filters: Filters | None = None,
        offset: int = 0,
    ) -> Answer:
        """Return the model's grounded answer, or the quotes (within the deadline)."""
        started = time.perf_counter()
        answer = await self.quotes(question, lang=lang, filters=filters, offset=offset)
        if self._answerer is None:
            return answer
        return await self._answerer.answer(answer, started=started)

    async def stream(
        self,
        question: str,
        *,
        lang: str | None = None,
        filters: Filters | None = None,
        offset: int = 0,
    ) -> AsyncIterator[StreamEvent]:
        """Yield drafts of the model's answer as it is written, then the final answer once.

        Without a model, or when the articles don't cover the question, the only event is
        the quotes. Raises what `quotes` raises, before the first event.
        """
        started = time.perf_counter()
        answer = await self.quotes(question, lang=lang, filters=filters, offset=offset)
        if self._answerer is None:
            yield StreamEvent(answer=answer)
            return
        async for event in self._answerer.stream(answer, started=started):
            yield event

    async def summarize(self, answer: Answer) -> Answer:
        """Return the model's short cited synthesis of the answer's articles.

        Without a model, or when it fails, the answer comes back as it was (not "llm").
        """
        if self._answerer is None:
            return answer
        return await self._answerer.summarize(answer)

    def search_articles(
        self,
        query: str,
        *,
        k: int = 10,
        lang: str | None = None,
        filters: Filters | None = None,
    ) -> list[ArticleResult]:
        """Return the best articles for a query, one entry per article.

        Raises:
            EmptyQuery: no searchable words.
            QueryTooLong: over `MAX_QUESTION_CHARS` characters.
        """
        return self._service.search_articles(query, k=k, lang=lang, filters=filters)

    # --- digests ------------------------------------------------------------------------

    async def digest(self, at: datetime, tz: str, lang: str, *, max_stories: int) -> Digest:
        """Return the digest, with model-written summaries when a model is configured.

        Model-written digests are kept for `DIGEST_CACHE_SECONDS` per minute, zone,
        language and corpus state, so repeated `/digest` calls (or many chats sharing a
        digest time) cost the model's tokens once.
        """
        service = self._service
        if self._client is None or not self._digest_summaries:
            return await asyncio.to_thread(
                service.digest, at=at, tz=tz, lang=lang, max_stories=max_stories
            )
        manifest = service.version.manifest
        key = (
            at.astimezone(UTC).replace(second=0, microsecond=0),
            tz,
            lang,
            max_stories,
            service.version.name,
            manifest.article_count,
        )
        now = time.monotonic()
        cached = self._digests.get(key)
        if cached is not None and cached[0] > now:
            return cached[1]
        digest = await asyncio.to_thread(
            service.digest, at=at, tz=tz, lang=lang, max_stories=max_stories
        )
        if digest.stories:
            from retrieval.digest_llm import summarize_digest

            digest, cost = await summarize_digest(digest, self._client, encoding=service.encoding)
            self._digest_tokens = cost.tokens
        self._digests = {k: v for k, v in self._digests.items() if v[0] > now}
        if len(self._digests) < _DIGESTS_KEPT:
            self._digests[key] = (now + DIGEST_CACHE_SECONDS, digest)
        return digest

    # --- the index ----------------------------------------------------------------------

    def has_index(self) -> bool:
        """Return whether the data directory has a serving index version yet."""
        return current_version_name(self._service.data_dir) is not None

    def rebuild(self, progress: ProgressFn | None = None) -> BuildResult:
        """Build a new version by the build recipe and serve it; the old one serves meanwhile.

        Blocking (CPU and disk): async callers run it in a thread.

        Raises:
            CorpusError, IndexBuildError: the build failed; the previous version serves on.
        """
        recipe = self._recipe
        if recipe is None:
            msg = "this assistant was made without a build recipe"
            raise RuntimeError(msg)
        return self._service.rebuild(
            recipe.paths(),
            engine=recipe.engine,
            morphology=recipe.morphology,
            workers=recipe.workers,
            progress=progress,
        )

    def ingest(
        self, articles: Sequence[Article], *, save: Callable[[Sequence[Article]], object]
    ) -> Appended:
        """Save new articles with `save`, then add them to the serving version (no rebuild)."""
        return self._service.ingest(articles, save=save)

    def stats(self) -> AssistantStats:
        """Return the serving version and the model's use (opens the index if need be).

        Raises:
            IndexNotFound: no usable index version.
        """
        version = self._service.version
        model = None
        client = self._client
        if client is not None:
            used = client.stats
            model = ModelUse(
                model=client.config.model,
                state=client.breaker_state,
                calls=used.get("calls", 0),
                failures=used.get("failures", 0),
                tokens=used.get("prompt_tokens", 0) + used.get("completion_tokens", 0),
                cut_prompts=used.get("cut_prompts", 0),
                digest_tokens=self._digest_tokens or 0,
            )
        return AssistantStats(
            version=version.name, path=version.path, manifest=version.manifest, model=model
        )

    async def aclose(self) -> None:
        """Close the model's connections."""
        if self._client is not None:
            await self._client.aclose()
