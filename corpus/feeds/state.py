"""What a feed poll is bounded by (`FeedLimits`, defined with the other limits in
`corpus.limits`), what is kept between polls (`FeedState`), and what one poll gives back
(`PollResult`): plain records, safe to store and to import.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus.article import Article
from corpus.limits import FeedLimits

__all__ = ["FeedLimits", "FeedState", "PollResult"]


@dataclass(frozen=True, slots=True)
class FeedState:
    """What the caller keeps about one feed between polls (all plain values)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0  # consecutive failed polls
    next_poll_at: float = 0.0  # unix time; poll when now >= this
    last_ok_at: float | None = None  # unix time of the last 200 or 304
    last_error: str | None = None  # one short line: "HTTP 503", "timed out", "not a feed: …"
    last_status: int | None = None  # HTTP status of the last poll; None when none came back
    entries_seen: int = 0  # entries in the last 200 that parsed (a 304 keeps it)
    articles_added: int = 0  # cumulative; the caller may also bump it


@dataclass(frozen=True, slots=True)
class PollResult:
    """The state to persist after a poll, the new articles and per-entry problems."""

    state: FeedState
    articles: list[Article]  # new ones (known(id) was False), oldest first
    problems: list[str]  # e.g. "entry 3 (https://…): no text and page fetch failed: HTTP 404"
