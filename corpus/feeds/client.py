"""Poll feeds over HTTP: a guarded httpx client for each poll, one TLS context for them all.

Each poll gets its own `GuardedClient` (`corpus.feeds.safe_fetch`), with the timeouts of
the `FeedLimits` and the `FetchPolicy`'s addresses, ports and redirects, and closes it
when done, so a feed whose server is slow holds only its own connections.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from corpus.feeds.poll import poll_feed
from corpus.feeds.safe_fetch import FetchPolicy, GuardedClient, Resolver
from corpus.feeds.state import FeedLimits, FeedState, PollResult

__all__ = ["USER_AGENT", "FeedClient"]

USER_AGENT = "newsdesk/0.1 (news feed reader)"


class FeedClient:
    """Polls one feed at a time, each poll through its own guarded client."""

    def __init__(
        self,
        *,
        limits: FeedLimits | None = None,
        policy: FetchPolicy | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        self.limits = limits or FeedLimits()
        self.policy = policy or FetchPolicy()  # public addresses on ports 80 and 443 only
        self._resolver = resolver
        self._ssl = httpx.create_ssl_context()  # made once: loading the CA bundle takes a while

    async def poll(
        self, state: FeedState, *, now: float, interval: float, known: Callable[[str], bool]
    ) -> PollResult:
        """Poll the feed of `state` once (see `corpus.feeds.poll.poll_feed`)."""
        async with GuardedClient(
            self.policy,
            timeout=httpx.Timeout(
                self.limits.fetch_seconds, connect=min(self.limits.fetch_seconds, 10.0)
            ),
            headers={"User-Agent": USER_AGENT},
            ssl_context=self._ssl,
            resolver=self._resolver,
        ) as client:
            return await poll_feed(
                client, state, now=now, interval=interval, known=known, limits=self.limits
            )
