"""Poll RSS/Atom feeds into `Article`s: conditional GET, backoff per feed, page text.

One call to `poll_feed` makes one conditional GET of one feed and returns the updated
`FeedState` (plain values the caller persists between polls) with the articles that are
new. It never raises for anything the feed or the network does; the state says what
went wrong (`last_error`) and when to try again (`next_poll_at`).

Rules:
- The request carries If-None-Match / If-Modified-Since from the state; a 304 is a success
  with no articles. Validators (ETag, Last-Modified) are stored only from a 200 whose body
  parsed as a feed, so a broken response is fetched again rather than answered by a 304.
- Success: `failures = 0`, next poll `now + interval`. Failure (timeout, transport error,
  HTTP >= 400, a body that is not a feed): `failures += 1`, next poll
  `now + min(interval * 2**failures, max_backoff)`, or a 429/503 Retry-After when that is
  later (Retry-After is itself capped at `max_backoff`).
- Entries become candidates as `corpus.feed_entries` describes (ids, text, language,
  oldest first); entries already known are skipped before any page is fetched.
- An entry with only a summary shorter than `MIN_FEED_TEXT` characters, or no text, has
  its link fetched with the same client (at most `page_fetch_concurrency` at once) and
  trafilatura extracts the page's main text, used when it is longer than the summary. A
  page that cannot be fetched or read is a problem; the summary is kept if there is one,
  else the entry is skipped for now: that poll keeps no validators, so the next poll
  fetches the whole feed and tries the page again (until it works or the feed drops it).

`corpus.feed_files.save_articles` stores the articles for the corpus readers.
"""

from __future__ import annotations

import asyncio
import dataclasses
import io
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser
import httpx

from corpus.article import Article
from corpus.clean import clean_line, drop_page_furniture, split_paragraphs, title_from_text
from corpus.feed_entries import Candidate, new_candidates, oldest_first
from corpus.lang import detect_language

__all__ = [
    "MAX_FEED_BYTES",
    "MAX_PAGE_BYTES",
    "MIN_FEED_TEXT",
    "FeedState",
    "PollResult",
    "poll_feed",
]

logger = logging.getLogger(__name__)

MIN_FEED_TEXT = 400  # characters; an entry with less text gets its page fetched
MAX_FEED_BYTES = 10 * 1024 * 1024
MAX_PAGE_BYTES = 5 * 1024 * 1024
_RETRY_AFTER_STATUSES = (429, 503)
_MAX_ERROR_CHARS = 200
# Same as corpus.formats.html: only dates the page states, never a guess from the text.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


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


class _FetchError(Exception):
    """A fetch that failed; the message is one short line for `last_error` or a problem."""

    def __init__(
        self, message: str, *, status: int | None = None, retry_after: str | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after  # the raw Retry-After header of a 429/503


@dataclass(frozen=True, slots=True)
class _Fetched:
    status: int
    headers: httpx.Headers
    url: str
    content: bytes


async def poll_feed(
    client: httpx.AsyncClient,
    state: FeedState,
    *,
    now: float,
    interval: float,
    known: Callable[[str], bool],
    max_backoff: float = 6 * 3600,
    page_fetch_concurrency: int = 4,
) -> PollResult:
    """Poll one feed once and return the new state, the new articles and any problems."""
    headers = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    try:
        fetched = await _fetch(client, state.url, headers=headers, max_bytes=MAX_FEED_BYTES)
        if fetched.status == httpx.codes.NOT_MODIFIED:
            ok = _succeeded(state, fetched, now=now, interval=interval)
            return PollResult(ok, [], [])
        parsed = await asyncio.to_thread(_parse_feed, fetched)
    except _FetchError as exc:
        failed = _failed(state, exc, now=now, interval=interval, max_backoff=max_backoff)
        logger.info("feed %s failed (%d in a row): %s", state.url, failed.failures, exc)
        return PollResult(failed, [], [])

    problems: list[str] = []
    if parsed.get("bozo"):
        problems.append(f"feed is not well-formed: {_reason(parsed.get('bozo_exception'))}")
    entries: list[Any] = list(parsed.get("entries") or [])
    candidates = new_candidates(parsed, state.url, known, problems)
    semaphore = asyncio.Semaphore(max(1, page_fetch_concurrency))
    async with asyncio.TaskGroup() as group:
        tasks = [
            group.create_task(_complete(client, candidate, semaphore)) for candidate in candidates
        ]
    completed: list[tuple[Candidate, Article]] = []
    retry = False
    for candidate, task in zip(candidates, tasks, strict=True):
        article, problem, later = task.result()  # in feed order, whatever order pages came
        if problem:
            problems.append(problem)
        if article is not None:
            completed.append((candidate, article))
        retry = retry or later
    articles = oldest_first(completed)
    ok = _succeeded(state, fetched, now=now, interval=interval)
    # An entry waiting for its page must not be answered by a 304 next time.
    ok = dataclasses.replace(
        ok,
        etag=None if retry else fetched.headers.get("ETag") or None,
        last_modified=None if retry else fetched.headers.get("Last-Modified") or None,
        entries_seen=len(entries),
        articles_added=state.articles_added + len(articles),
    )
    return PollResult(ok, articles, problems)


# --- fetching ---------------------------------------------------------------------------


async def _fetch(
    client: httpx.AsyncClient, url: str, *, headers: Mapping[str, str], max_bytes: int
) -> _Fetched:
    """GET `url` following redirects; raise `_FetchError` for anything but a 2xx or 304."""
    try:
        async with client.stream("GET", url, headers=headers, follow_redirects=True) as response:
            status = response.status_code
            if status >= httpx.codes.BAD_REQUEST:
                retry_after = None
                if status in _RETRY_AFTER_STATUSES:
                    retry_after = response.headers.get("Retry-After")
                raise _FetchError(f"HTTP {status}", status=status, retry_after=retry_after)
            if status != httpx.codes.NOT_MODIFIED and not 200 <= status < 300:
                raise _FetchError(f"unexpected HTTP {status}", status=status)
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    msg = f"response larger than {max_bytes // (1024 * 1024)} MB"
                    raise _FetchError(msg, status=status)
                chunks.append(chunk)
            return _Fetched(status, response.headers, str(response.url), b"".join(chunks))
    except httpx.TimeoutException as exc:
        raise _FetchError("timed out") from exc
    except httpx.TooManyRedirects as exc:
        raise _FetchError("too many redirects") from exc
    except httpx.RequestError as exc:
        raise _FetchError(_short(f"{type(exc).__name__}: {exc}")) from exc
    except httpx.InvalidURL as exc:
        raise _FetchError(_short(f"invalid URL: {exc}")) from exc


def _retry_after(value: str | None, *, now: float) -> float:
    """Return the seconds a Retry-After header asks for (delta seconds or HTTP date), or 0."""
    if not value:
        return 0.0
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return 0.0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, moment.timestamp() - now)


def _succeeded(state: FeedState, fetched: _Fetched, *, now: float, interval: float) -> FeedState:
    changes: dict[str, Any] = {}
    # A 304 may carry fresh validators; keep the old ones when it does not.
    if fetched.status == httpx.codes.NOT_MODIFIED:
        changes["etag"] = fetched.headers.get("ETag") or state.etag
        changes["last_modified"] = fetched.headers.get("Last-Modified") or state.last_modified
    return dataclasses.replace(
        state,
        failures=0,
        next_poll_at=now + interval,
        last_ok_at=now,
        last_error=None,
        last_status=fetched.status,
        **changes,
    )


def _failed(
    state: FeedState, error: _FetchError, *, now: float, interval: float, max_backoff: float
) -> FeedState:
    failures = state.failures + 1
    # 2**failures overflows a float after ~1000 failures; the cap is reached long before.
    delay = max_backoff if failures > 60 else min(interval * 2**failures, max_backoff)
    delay = max(delay, min(_retry_after(error.retry_after, now=now), max_backoff))
    return dataclasses.replace(
        state,
        failures=failures,
        next_poll_at=now + delay,
        last_error=str(error),
        last_status=error.status,
    )


# --- parsing the feed -------------------------------------------------------------------


def _parse_feed(fetched: _Fetched) -> Any:
    """Parse a feed body; raise `_FetchError` when it is not a feed at all."""
    headers = {name.lower(): value for name, value in fetched.headers.items()}
    headers.setdefault("content-location", fetched.url)  # relative links resolve against it
    # A BytesIO, never raw bytes: feedparser tries to open() a bytes argument as a file
    # name first, so a body such as b"/etc/passwd" would be read from the local disk.
    if not fetched.content.strip():
        raise _FetchError("not a feed: empty response", status=fetched.status)
    parsed = feedparser.parse(io.BytesIO(fetched.content), response_headers=headers)
    if not parsed.get("entries") and (parsed.get("bozo") or not parsed.get("version")):
        reason = _reason(parsed.get("bozo_exception")) if parsed.get("bozo") else "unknown format"
        raise _FetchError(_short(f"not a feed: {reason}"), status=fetched.status)
    return parsed


def _reason(exc: object) -> str:
    return _short(str(exc) or type(exc).__name__) if exc is not None else "unknown error"


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _MAX_ERROR_CHARS else line[: _MAX_ERROR_CHARS - 1] + "…"


# --- completing entries: page text, language --------------------------------------------


async def _complete(
    client: httpx.AsyncClient, candidate: Candidate, semaphore: asyncio.Semaphore
) -> tuple[Article | None, str | None, bool]:
    """Return a candidate's article (its page fetched when the feed text is short), a problem,
    and whether a later poll should try the entry again (its page failed and it had no text).
    """
    text = candidate.text
    problem = None
    where = f"entry {candidate.number} ({candidate.link or candidate.id})"
    if not candidate.full and len(text) < MIN_FEED_TEXT and candidate.link:
        try:
            async with semaphore:
                page = await _fetch(client, candidate.link, headers={}, max_bytes=MAX_PAGE_BYTES)
            page_text, page_title = await asyncio.to_thread(_page_text, page)
        except _FetchError as exc:
            if not text:
                return None, f"{where}: no text and page fetch failed: {exc}; will retry", True
            problem = f"{where}: page fetch failed ({exc}); kept the feed's summary"
        else:
            if len(page_text) > len(text):
                text = page_text
                candidate.title = candidate.title or page_title
    if not text:
        return None, f"{where}: no text", False
    title = candidate.title or title_from_text(text)
    lang = candidate.lang or detect_language(f"{title}\n{text}")
    return (
        Article(
            id=candidate.id,
            title=title,
            url=candidate.link,
            published=candidate.published,
            lang=lang,
            source=candidate.source,
            text=text,
            published_at=(
                datetime.fromtimestamp(candidate.timestamp, UTC)
                if candidate.timestamp is not None
                else None
            ),
        ),
        problem,
        False,
    )


def _page_text(page: _Fetched) -> tuple[str, str]:
    """Return a page's main text and title; raise `_FetchError` when it has none."""
    content_type = page.headers.get("Content-Type", "")
    if content_type and "html" not in content_type.lower():
        raise _FetchError(_short(f"not an HTML page: {content_type}"), status=page.status)
    # Imported here: trafilatura takes ~0.1 s to import and is only needed for pages.
    import trafilatura
    from trafilatura.settings import Document

    try:
        document = trafilatura.bare_extraction(
            page.content,
            url=page.url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=_DATE_PARAMS,
        )
    # Malformed markup can make trafilatura, htmldate or lxml raise nearly anything (see
    # corpus.formats.html); one bad page must not stop a poll.
    except Exception as exc:
        raise _FetchError(_short(f"extraction failed: {type(exc).__name__}: {exc}")) from exc
    if not isinstance(document, Document) or not document.text:
        raise _FetchError("no main text found in the page", status=page.status)
    title = clean_line(document.title or "")
    paragraphs = drop_page_furniture(split_paragraphs(document.text), title)
    if not paragraphs:
        raise _FetchError("no main text found in the page", status=page.status)
    return "\n\n".join(paragraphs), title
