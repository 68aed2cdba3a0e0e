"""Poll RSS/Atom feeds into `Article`s: conditional GET, backoff per feed, page text.

One call to `poll_feed` makes one conditional GET of one feed and returns the updated
`FeedState` (plain values the caller persists between polls) with the articles that are
new. It never raises for anything the feed or the network does; the state says what
went wrong (`last_error`) and when to try again (`next_poll_at`). Every request goes
through the caller's `corpus.safe_fetch.GuardedClient`, which refuses internal addresses
(the feed's own URL, its entries' links and every redirect hop alike).

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
  A page the fetch policy refuses is not tried again.
- `FeedLimits` bounds a poll: each request by wall clock and size, the poll as a whole by
  wall clock, and the new entries and page fetches it takes (the newest first). Entries
  left over (past a cap, or unfinished at the poll's deadline) wait for the next poll,
  which again skips the conditional headers; the articles finished in time are kept.

`corpus.feed_files.save_articles` stores the articles for the corpus readers.
"""

from __future__ import annotations

import asyncio
import dataclasses
import io
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser

from corpus.article import Article
from corpus.clean import clean_line, drop_page_furniture, split_paragraphs, title_from_text
from corpus.feed_entries import Candidate, new_candidates, newest_first, oldest_first
from corpus.feed_fetch import Fetched, FetchError, fetch, short
from corpus.lang import detect_language
from corpus.limits import DEFAULT_FEED_LIMITS, FeedLimits
from corpus.safe_fetch import GuardedClient

__all__ = ["MIN_FEED_TEXT", "FeedLimits", "FeedState", "PollResult", "poll_feed"]

logger = logging.getLogger(__name__)

MIN_FEED_TEXT = 400  # characters; an entry with less text gets its page fetched
_NOT_MODIFIED = 304
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


@dataclass(frozen=True, slots=True)
class _Completed:
    article: Article | None
    problem: str | None
    retry: bool  # a later poll should try the entry again


async def poll_feed(
    client: GuardedClient,
    state: FeedState,
    *,
    now: float,
    interval: float,
    known: Callable[[str], bool],
    limits: FeedLimits = DEFAULT_FEED_LIMITS,
    max_backoff: float = 6 * 3600,
) -> PollResult:
    """Poll one feed once and return the new state, the new articles and any problems."""
    deadline = time.monotonic() + limits.poll_seconds
    headers = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    try:
        fetched = await fetch(
            client,
            state.url,
            headers=headers,
            max_bytes=limits.max_feed_bytes,
            seconds=min(limits.fetch_seconds, limits.poll_seconds),
        )
        if fetched.status == _NOT_MODIFIED:
            ok = _succeeded(state, fetched, now=now, interval=interval)
            return PollResult(ok, [], [])
        parsed = await asyncio.to_thread(_parse_feed, fetched)
    except FetchError as exc:
        failed = _failed(state, exc, now=now, interval=interval, max_backoff=max_backoff)
        logger.info("feed %s failed (%d in a row): %s", state.url, failed.failures, exc)
        return PollResult(failed, [], [])

    problems: list[str] = []
    if parsed.get("bozo"):
        problems.append(f"feed is not well-formed: {_reason(parsed.get('bozo_exception'))}")
    entries: list[Any] = list(parsed.get("entries") or [])
    candidates = new_candidates(parsed, state.url, known, problems)
    taken, waiting = _within_caps(candidates, limits, problems)
    outcomes = await _complete_all(client, taken, limits, deadline=deadline, problems=problems)
    completed = [
        (candidate, outcome.article)
        for candidate, outcome in zip(taken, outcomes, strict=True)
        if outcome.article is not None
    ]
    problems.extend(outcome.problem for outcome in outcomes if outcome.problem)
    retry = waiting or any(outcome.retry for outcome in outcomes)
    articles = oldest_first(completed)
    ok = _succeeded(state, fetched, now=now, interval=interval)
    # An entry still waiting (for its page, or for a later poll) must not be answered by a
    # 304 next time.
    ok = dataclasses.replace(
        ok,
        etag=None if retry else fetched.headers.get("ETag") or None,
        last_modified=None if retry else fetched.headers.get("Last-Modified") or None,
        entries_seen=len(entries),
        articles_added=state.articles_added + len(articles),
    )
    return PollResult(ok, articles, problems)


def _within_caps(
    candidates: list[Candidate], limits: FeedLimits, problems: list[str]
) -> tuple[list[Candidate], bool]:
    """Return the candidates a poll takes (the newest, within its caps) in feed order, and
    whether any must wait for a later poll.
    """
    taken = newest_first(candidates)[: limits.max_entries]
    if len(candidates) > len(taken):
        problems.append(
            f"{len(candidates) - len(taken)} more new entries wait for the next poll "
            f"(at most {limits.max_entries} a poll)"
        )
    pages = 0
    chosen: set[int] = set()  # ids of the objects: candidates are not hashable
    for candidate in taken:
        if _needs_page(candidate):
            pages += 1
            if pages > limits.max_page_fetches:
                continue
        chosen.add(id(candidate))
    if pages > limits.max_page_fetches:
        problems.append(
            f"{pages - limits.max_page_fetches} entries wait for their pages until the next "
            f"poll (at most {limits.max_page_fetches} page fetches a poll)"
        )
    within = [candidate for candidate in candidates if id(candidate) in chosen]
    return within, len(within) < len(candidates)


async def _complete_all(
    client: GuardedClient,
    candidates: list[Candidate],
    limits: FeedLimits,
    *,
    deadline: float,
    problems: list[str],
) -> list[_Completed]:
    """Complete every candidate, in feed order, or leave it for later at the deadline."""
    if not candidates:
        return []
    semaphore = asyncio.Semaphore(max(1, limits.page_fetch_concurrency))
    tasks = [
        asyncio.create_task(_complete(client, candidate, semaphore, limits))
        for candidate in candidates
    ]
    try:
        _, pending = await asyncio.wait(tasks, timeout=max(0.0, deadline - time.monotonic()))
    finally:
        for task in tasks:
            task.cancel()  # a no-op for the finished ones
        await asyncio.gather(*tasks, return_exceptions=True)
    if pending:
        problems.append(
            f"the poll reached its {limits.poll_seconds:g} s deadline: {len(pending)} entries "
            "wait for the next poll"
        )
    late = _Completed(None, None, True)
    return [late if task in pending else task.result() for task in tasks]


# --- the state after a poll -------------------------------------------------------------


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


def _succeeded(state: FeedState, fetched: Fetched, *, now: float, interval: float) -> FeedState:
    changes: dict[str, Any] = {}
    # A 304 may carry fresh validators; keep the old ones when it does not.
    if fetched.status == _NOT_MODIFIED:
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
    state: FeedState, error: FetchError, *, now: float, interval: float, max_backoff: float
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


def _parse_feed(fetched: Fetched) -> Any:
    """Parse a feed body; raise `FetchError` when it is not a feed at all."""
    headers = {name.lower(): value for name, value in fetched.headers.items()}
    headers.setdefault("content-location", fetched.url)  # relative links resolve against it
    # A BytesIO, never raw bytes: feedparser tries to open() a bytes argument as a file
    # name first, so a body such as b"/etc/passwd" would be read from the local disk.
    if not fetched.content.strip():
        raise FetchError("not a feed: empty response", status=fetched.status)
    try:
        parsed = feedparser.parse(io.BytesIO(fetched.content), response_headers=headers)
    # Once a body is not well-formed XML, feedparser reads it with its loose SGML parser,
    # which raises on what it cannot handle: `&#x110000;` is a ValueError from chr(). One
    # bad feed must fail as a feed, not as an internal error.
    except Exception as exc:
        reason = f"not a feed: the parser failed ({type(exc).__name__}: {exc})"
        raise FetchError(short(reason), status=fetched.status) from exc
    if not parsed.get("entries") and (parsed.get("bozo") or not parsed.get("version")):
        reason = _reason(parsed.get("bozo_exception")) if parsed.get("bozo") else "unknown format"
        raise FetchError(short(f"not a feed: {reason}"), status=fetched.status)
    return parsed


def _reason(exc: object) -> str:
    return short(str(exc) or type(exc).__name__) if exc is not None else "unknown error"


# --- completing entries: page text, language --------------------------------------------


def _needs_page(candidate: Candidate) -> bool:
    return not candidate.full and len(candidate.text) < MIN_FEED_TEXT and bool(candidate.link)


async def _complete(
    client: GuardedClient, candidate: Candidate, semaphore: asyncio.Semaphore, limits: FeedLimits
) -> _Completed:
    """Return a candidate's article (its page fetched when the feed text is short), a problem,
    and whether a later poll should try the entry again (its page failed and it had no text).
    """
    text = candidate.text
    problem = None
    where = f"entry {candidate.number} ({candidate.link or candidate.id})"
    if _needs_page(candidate) and candidate.link:
        try:
            async with semaphore:
                page = await fetch(
                    client,
                    candidate.link,
                    headers={},
                    max_bytes=limits.max_page_bytes,
                    seconds=limits.fetch_seconds,
                )
            page_text, page_title = await asyncio.to_thread(_page_text, page)
        except FetchError as exc:
            if not text and exc.refused:
                return _Completed(None, f"{where}: no text and page fetch {exc}; skipped", False)
            if not text:
                return _Completed(
                    None, f"{where}: no text and page fetch failed: {exc}; will retry", True
                )
            problem = f"{where}: page fetch failed ({exc}); kept the feed's summary"
        else:
            if len(page_text) > len(text):
                text = page_text
                candidate.title = candidate.title or page_title
    if not text:
        return _Completed(None, f"{where}: no text", False)
    title = candidate.title or title_from_text(text)
    lang = candidate.lang or detect_language(f"{title}\n{text}")
    article = Article(
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
    )
    return _Completed(article, problem, False)


def _page_text(page: Fetched) -> tuple[str, str]:
    """Return a page's main text and title; raise `FetchError` when it has none."""
    content_type = page.headers.get("Content-Type", "")
    if content_type and "html" not in content_type.lower():
        raise FetchError(short(f"not an HTML page: {content_type}"), status=page.status)
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
        raise FetchError(short(f"extraction failed: {type(exc).__name__}: {exc}")) from exc
    if not isinstance(document, Document) or not document.text:
        raise FetchError("no main text found in the page", status=page.status)
    title = clean_line(document.title or "")
    paragraphs = drop_page_furniture(split_paragraphs(document.text), title)
    if not paragraphs:
        raise FetchError("no main text found in the page", status=page.status)
    return "\n\n".join(paragraphs), title
