"""Poll the configured RSS/Atom feeds and add their new articles to the live index.

Each feed keeps its own state in the store (ETag, Last-Modified, failures, next poll
time), so a broken feed backs off alone and never stops the others. New articles are
saved into the feed corpus folder (JSON lines the corpus readers load, so the next full
rebuild includes them) and appended to the serving index version without a rebuild.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from corpus.feed_files import save_articles
from corpus.feeds import FeedState, poll_feed

if TYPE_CHECKING:
    from bot.store import Store
    from corpus.article import Article
    from retrieval.service import NewsService

logger = logging.getLogger(__name__)
USER_AGENT = "newsdesk/0.1 (news feed reader)"


@dataclass(frozen=True, slots=True)
class FeedReport:
    """What one poll of one feed did."""

    url: str
    ok: bool
    new_articles: int
    error: str | None
    problems: list[str]


class FeedPoller:
    """Polls due feeds concurrently; ingests what is new."""

    def __init__(
        self,
        store: Store,
        service: NewsService,
        urls: Sequence[str],
        *,
        feeds_dir: Path,
        interval: float = 900.0,
        timeout: float = 20.0,
    ) -> None:
        self.store = store
        self.service = service
        self.urls = list(dict.fromkeys(urls))
        self.feeds_dir = feeds_dir
        self.interval = interval
        self.timeout = timeout
        self._lock = asyncio.Lock()

    async def poll_due(self, now: float | None = None, *, force: bool = False) -> list[FeedReport]:
        """Poll every feed whose next poll time has come (all of them with `force`)."""
        if not self.urls or self._lock.locked():
            return []
        async with self._lock:
            moment = time.time() if now is None else now
            states = self.store.feed_states()
            due = [
                states.get(url) or FeedState(url=url)
                for url in self.urls
                if force or (states.get(url) or FeedState(url=url)).next_poll_at <= moment
            ]
            if not due:
                return []
            async with httpx.AsyncClient(
                timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 10.0)),
                follow_redirects=True,
                headers={"User-Agent": USER_AGENT},
            ) as client:
                return list(await asyncio.gather(*(self._one(client, s, moment) for s in due)))

    async def _one(self, client: httpx.AsyncClient, state: FeedState, now: float) -> FeedReport:
        try:
            result = await poll_feed(
                client, state, now=now, interval=self.interval, known=self.store.known_item
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
                await asyncio.to_thread(self.service.ingest, fresh, save=self._saver(state.url))
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
