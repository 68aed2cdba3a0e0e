"""Schedule polls of the configured RSS/Atom feeds and add their new articles to the live index.

Each feed keeps its own state in the store (ETag, Last-Modified, failures, next poll
time), so a broken feed backs off alone and never stops the others. Each poll of a feed
runs on its own (`corpus.feeds.client.FeedClient` fetches it through its own guarded
client, within its own deadline): a feed whose server is slow holds up only its own next
poll, never another feed's. New articles are saved into the feed corpus folder (JSON
lines the corpus readers load, so the next full rebuild includes them) and appended to
the serving index version without a rebuild.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from bot.settings import DEFAULTS
from corpus.feeds.client import FeedClient
from corpus.feeds.files import save_articles
from corpus.feeds.state import FeedState

if TYPE_CHECKING:
    from bot.store import Store
    from corpus.article import Article
    from corpus.feeds.safe_fetch import FetchPolicy, Resolver
    from corpus.feeds.state import FeedLimits
    from retrieval.assistant import Assistant

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FeedReport:
    """What one poll of one feed did."""

    url: str
    ok: bool
    new_articles: int
    error: str | None
    problems: list[str]


class FeedPoller:
    """Polls due feeds, each on its own; ingests what is new."""

    def __init__(
        self,
        store: Store,
        assistant: Assistant,
        urls: Sequence[str],
        *,
        feeds_dir: Path,
        interval: float = DEFAULTS.feed_interval_minutes * 60,
        limits: FeedLimits | None = None,
        policy: FetchPolicy | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        self.store = store
        self.assistant = assistant
        self.urls = list(dict.fromkeys(urls))
        self.feeds_dir = feeds_dir
        self.interval = interval
        self._client = FeedClient(limits=limits, policy=policy, resolver=resolver)
        self._polling: set[str] = set()  # feeds with a poll under way
        self._background: set[asyncio.Task[FeedReport]] = set()

    async def poll_due(self, now: float | None = None, *, force: bool = False) -> list[FeedReport]:
        """Poll every due feed (all with `force`) not already being polled; return the reports."""
        moment, due = self._claim(now, force=force)
        return list(await asyncio.gather(*(self._poll(state, moment) for state in due)))

    def start_due(self, now: float | None = None) -> int:
        """Start a background poll of each due feed not already being polled; return how many.

        The caller does not wait: a slow feed keeps only its own poll busy, and later calls
        start the other feeds' polls as they come due.
        """
        moment, due = self._claim(now, force=False)
        for state in due:
            task = asyncio.create_task(self._poll(state, moment), name=f"feed poll {state.url}")
            self._background.add(task)
            task.add_done_callback(self._finished)
        return len(due)

    def _finished(self, task: asyncio.Task[FeedReport]) -> None:
        self._background.discard(task)
        # Nobody awaits a background poll: a failure its own handling missed is logged here.
        if not task.cancelled() and (error := task.exception()) is not None:
            logger.error("a background feed poll failed", exc_info=error)

    async def aclose(self) -> None:
        """Cancel the background polls and wait until they have ended."""
        tasks = list(self._background)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _claim(self, now: float | None, *, force: bool) -> tuple[float, list[FeedState]]:
        """Return the time and the due feeds' states, marking those feeds as being polled."""
        moment = time.time() if now is None else now
        if not self.urls:
            return moment, []
        states = self.store.feed_states()
        due = []
        for url in self.urls:
            state = states.get(url) or FeedState(url=url)
            if url not in self._polling and (force or state.next_poll_at <= moment):
                due.append(state)
                self._polling.add(url)
        return moment, due

    async def _poll(self, state: FeedState, now: float) -> FeedReport:
        try:
            return await self._one(state, now)
        finally:
            self._polling.discard(state.url)

    async def _one(self, state: FeedState, now: float) -> FeedReport:
        try:
            result = await self._client.poll(
                state, now=now, interval=self.interval, known=self.store.known_item
            )
        except Exception as exc:  # a bug must not stop the other feeds
            logger.exception("polling %s failed unexpectedly", state.url)
            failed = replace(
                state,
                failures=state.failures + 1,
                next_poll_at=now + self.interval,
                last_error=f"internal error: {type(exc).__name__}",
            )
            self.store.save_feed_state(failed)
            return FeedReport(state.url, False, 0, failed.last_error, [])
        fresh = result.articles  # poll_feed already left out entries known() had seen
        new_state = result.state
        if fresh:
            try:
                await asyncio.to_thread(self.assistant.ingest, fresh, save=self._saver(state.url))
            except Exception as exc:
                logger.exception("could not index %d articles from %s", len(fresh), state.url)
                # Keep the old validators: the next poll fetches the entries again.
                error = f"indexing: {exc}"
                retry = replace(
                    state,
                    failures=state.failures + 1,
                    next_poll_at=new_state.next_poll_at,
                    last_error=error,
                )
                self.store.save_feed_state(retry)
                return FeedReport(state.url, False, 0, error, result.problems)
            # Known only once indexed: a failed append leaves them to the next poll.
            self.store.add_items(state.url, [a.id for a in fresh], now=time.time())
            logger.info("feed %s: %d new articles indexed", state.url, len(fresh))
        self.store.save_feed_state(new_state)
        for problem in result.problems[:5]:
            logger.info("feed %s: %s", state.url, problem)
        ok = new_state.failures == 0
        return FeedReport(state.url, ok, len(fresh), new_state.last_error, result.problems)

    def _saver(self, url: str) -> _Saver:
        return _Saver(self.feeds_dir)

    def status_lines(self, now: float | None = None) -> list[str]:
        """Return one line per feed for /stats: health, last success, articles added."""
        moment = time.time() if now is None else now
        states = self.store.feed_states()
        lines = []
        for url in self.urls:
            s = states.get(url)
            if s is None:
                lines.append(f"{url}: not polled yet")
                continue
            if s.failures:
                retry = max(0, round((s.next_poll_at - moment) / 60))
                lines.append(
                    f"{url}: failing ({s.last_error}; {s.failures} in a row; retry in {retry} min)"
                )
            else:
                ago = round((moment - (s.last_ok_at or moment)) / 60)
                lines.append(f"{url}: ok {ago} min ago, {s.articles_added} articles added")
        return lines


@dataclass(frozen=True, slots=True)
class _Saver:
    """Saves new articles to the feed corpus, under the service's lock."""

    folder: Path

    def __call__(self, articles: Sequence[Article]) -> None:
        save_articles(self.folder, articles)
