"""Caps on what reading the corpus and fetching feeds may take, so memory and time stay bounded.

`ReadLimits`: a small `.gz` can inflate to gigabytes, and one JSON line can be the whole of
it: without caps a 1.8 MB file of 400 MB took 933 MB of memory to read. Readers stream JSON
lines and stop a file at `max_file_bytes`; a single record (a JSON line, or a file read
whole: `.json`, `.txt`, `.md`, `.html`) may hold at most `max_record_bytes`, and is read no
further than that.

`FeedLimits` bounds one poll of one feed (`corpus.feeds`); `FetchPolicy` says where its
fetches may go (`corpus.feeds.safe_fetch`). They live here, apart from the HTTP code, so that
`bot.settings` reads their defaults without importing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corpus.feeds.addresses import IPNetwork

__all__ = [
    "DEFAULT_FEED_LIMITS",
    "DEFAULT_LIMITS",
    "DEFAULT_PORTS",
    "MIB",
    "FeedLimits",
    "FetchPolicy",
    "ReadLimits",
    "size_label",
]

MIB = 1 << 20


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """Decompressed byte caps: per file, and per record (a JSON line or a whole-file record)."""

    max_file_bytes: int = 1024 * MIB
    max_record_bytes: int = 64 * MIB


DEFAULT_LIMITS = ReadLimits()
DEFAULT_PORTS = frozenset({80, 443})


@dataclass(frozen=True, slots=True)
class FeedLimits:
    """How much one poll of one feed may take: time, bytes, entries and page fetches."""

    fetch_seconds: float = 20.0  # one request, redirects and body included (wall clock)
    poll_seconds: float = 120.0  # one poll, its page fetches included (wall clock)
    max_feed_bytes: int = 10 * MIB
    max_page_bytes: int = 5 * MIB
    max_entries: int = 200  # new entries taken per poll
    max_page_fetches: int = 30  # article pages fetched per poll
    page_fetch_concurrency: int = 4


DEFAULT_FEED_LIMITS = FeedLimits()


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Where fetches may go: ports, networks allowed despite the address checks, redirects."""

    ports: frozenset[int] = DEFAULT_PORTS
    allowed_networks: tuple[IPNetwork, ...] = ()  # for tests and intranet feeds only
    max_redirects: int = 5


def size_label(size: int) -> str:
    """Return a byte count as people read it: `64 MiB`, `1 GiB`, `512 bytes`."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", MIB), ("KiB", 1 << 10)):
        if size >= scale and size % scale == 0:
            return f"{size // scale} {unit}"
    return f"{size} bytes"
