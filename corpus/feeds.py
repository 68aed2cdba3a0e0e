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
- An entry's id is its id/guid (a plain guid qualified by the feed's host, so two feeds'
  "123" stay apart), else `id_from_url(link)`; an entry with neither is skipped
  with a problem. Entries whose id `known()` returns True are skipped before any page is
  fetched, and so are repeats of an id within one response.
- Text comes from the entry's content (else its summary), HTML turned into paragraphs.
  An entry with content is taken as the whole article, however short. An entry with only
  a summary shorter than `MIN_FEED_TEXT` characters, or no text, has its link fetched
  with the same client (at most `page_fetch_concurrency` at once) and trafilatura extracts
  the page's main text, used when it is longer than the summary. A page that cannot be
  fetched or read is a problem; the summary is kept if there is one, else the entry is
  skipped for now: that poll keeps no validators, so the next poll fetches the whole feed
  and tries the page again (until it works or the feed drops the entry).
- Articles come out oldest first: by their feed timestamp when every new entry has one,
  else in reverse document order (feeds list the newest first).

`save_articles` appends articles as JSON lines that `corpus.readers` loads.
"""

from __future__ import annotations

import asyncio
import calendar
import dataclasses
import io
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import httpx

from corpus.article import LANGUAGES, Article, id_from_url
from corpus.clean import (
    clean_line,
    clean_text,
    drop_page_furniture,
    split_paragraphs,
    title_from_text,
)
from corpus.lang import detect_language
from corpus.records import normalize_lang, source_from_url

__all__ = [
    "MAX_FEED_BYTES",
    "MAX_PAGE_BYTES",
    "MIN_FEED_TEXT",
    "FeedState",
    "PollResult",
    "html_to_text",
    "poll_feed",
    "save_articles",
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


@dataclass(slots=True)
class _Candidate:
    """A new entry on its way to becoming an article."""

    number: int  # 1-based position in the feed
    id: str
    link: str | None
    title: str
    text: str
    full: bool  # the text came from the entry's content, not just a summary
    published: date | None
    timestamp: float | None
    lang: str | None  # declared en/uk/ru, else None (detected later)
    source: str | None


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
    candidates = _new_candidates(parsed, state.url, known, problems)
    semaphore = asyncio.Semaphore(max(1, page_fetch_concurrency))
    async with asyncio.TaskGroup() as group:
        tasks = [
            group.create_task(_complete(client, candidate, semaphore)) for candidate in candidates
        ]
    completed: list[tuple[_Candidate, Article]] = []
    retry = False
    for candidate, task in zip(candidates, tasks, strict=True):
        article, problem, later = task.result()  # in feed order, whatever order pages came
        if problem:
            problems.append(problem)
        if article is not None:
            completed.append((candidate, article))
        retry = retry or later
    articles = _oldest_first(completed)
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


def save_articles(folder: Path, articles: Sequence[Article], *, now: float | None = None) -> Path:
    """Append `articles` to `folder/feed-YYYY-MM.jsonl` (month of `now`, UTC); return its path.

    Each line is written and fsynced on its own, so a crash loses at most the line being
    written; a torn last line from such a crash is closed with a newline before the next
    append, so it stays one bad record instead of spoiling the next one.
    """
    moment = datetime.fromtimestamp(time.time() if now is None else now, UTC)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"feed-{moment:%Y-%m}.jsonl"
    if not articles:
        return path
    created = not path.exists()
    with path.open("ab") as stream:
        if not created and stream.tell() > 0 and not _ends_with_newline(path):
            stream.write(b"\n")
        for article in articles:
            stream.write(_json_line(article))
            stream.flush()
            os.fsync(stream.fileno())
    if created:
        _fsync_dir(folder)
    return path


def html_to_text(markup: str) -> str:
    """Return the text of an HTML fragment as paragraphs separated by blank lines."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return clean_text("".join(parser.parts))


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


def entry_key(guid: str, feed_url: str) -> str:
    """Return a corpus-wide id for an entry's guid.

    A URL, URN or tag URI is unique on its own; a plain guid ("123", "story-9") is only
    unique within its feed, so it is qualified by the feed's host.
    """
    if "://" in guid or guid.lower().startswith(("urn:", "tag:")):
        return guid
    host = urlsplit(feed_url).netloc or "feed"
    return f"{host}/{guid}"


def _new_candidates(
    parsed: Any, feed_url: str, known: Callable[[str], bool], problems: list[str]
) -> list[_Candidate]:
    """Return the entries that are new, with the text the feed gives; note the skipped."""
    feed = parsed.get("feed") or {}
    feed_title = clean_line(_plain(feed.get("title_detail"), feed.get("title")))
    feed_lang = _served_lang(feed.get("language"))
    candidates: list[_Candidate] = []
    seen: set[str] = set()
    for number, entry in enumerate(parsed.get("entries") or [], start=1):
        link = (entry.get("link") or "").strip() or None
        given = (entry.get("id") or "").strip()
        entry_id = entry_key(given, feed_url) if given else (id_from_url(link) if link else "")
        if not entry_id:
            problems.append(f"entry {number}: no id and no link")
            continue
        if entry_id in seen or known(entry_id):
            continue
        seen.add(entry_id)
        struct = entry.get("published_parsed") or entry.get("updated_parsed")
        timestamp = float(calendar.timegm(struct)) if struct else None
        text, full = _entry_text(entry)
        published = (
            datetime.fromtimestamp(timestamp, UTC).date() if timestamp is not None else None
        )
        candidates.append(
            _Candidate(
                number=number,
                id=entry_id,
                link=link,
                title=clean_line(_plain(entry.get("title_detail"), entry.get("title"))),
                text=text,
                full=full,
                published=published,
                timestamp=timestamp,
                lang=_entry_lang(entry) or feed_lang,
                source=feed_title or (source_from_url(link) if link else None) or None,
            )
        )
    if not feed_title:
        fallback = source_from_url(feed_url)
        for candidate in candidates:
            candidate.source = candidate.source or fallback
    return candidates


def _entry_text(entry: Mapping[str, Any]) -> tuple[str, bool]:
    """Return the entry's text as plain paragraphs, and whether it came from its content.

    The content (RSS content:encoded, Atom content) is the article itself however short;
    the summary (RSS description, Atom summary) is used only when there is no content or
    when it is the longer of the two.
    """
    content = max(
        (_plain(detail, detail.get("value")) for detail in entry.get("content") or []),
        key=len,
        default="",
    )
    summary = _plain(entry.get("summary_detail"), entry.get("summary"))
    if content and len(content) >= len(summary):
        return content, True
    return summary, bool(content)


def _plain(detail: Mapping[str, Any] | None, value: object) -> str:
    """Return a feed text construct as plain text (HTML converted, text kept as is)."""
    if not isinstance(value, str) or not value.strip():
        return ""
    kind = (detail or {}).get("type") or "text/html"
    if "html" in kind:
        return html_to_text(value)
    return clean_text(value)


def _entry_lang(entry: Mapping[str, Any]) -> str | None:
    for detail in (*(entry.get("content") or []), entry.get("title_detail")):
        lang = _served_lang((detail or {}).get("language"))
        if lang:
            return lang
    return _served_lang(entry.get("language"))


def _served_lang(value: object) -> str | None:
    lang = normalize_lang(value)
    return lang if lang in LANGUAGES else None


# --- completing entries: page text, language --------------------------------------------


async def _complete(
    client: httpx.AsyncClient, candidate: _Candidate, semaphore: asyncio.Semaphore
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


def _oldest_first(pairs: Iterable[tuple[_Candidate, Article]]) -> list[Article]:
    ordered = list(pairs)[::-1]  # feeds list the newest first
    if all(candidate.timestamp is not None for candidate, _ in ordered):
        ordered.sort(key=lambda pair: pair[0].timestamp or 0.0)
    return [article for _, article in ordered]


# --- HTML to paragraphs -----------------------------------------------------------------

# Elements that start a new paragraph; text inside others (a, b, span, …) flows on.
_BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption"}
    | {"figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main"}
    | {"nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"}
)
_WHITESPACE = re.compile(r"\s+")
_SKIPPED = frozenset({"script", "style", "template", "noscript", "head", "title"})


class _TextExtractor(HTMLParser):
    """Collect text, a paragraph break at each block element and a line break at <br>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            # Whitespace in HTML text is not layout; only elements break lines.
            self.parts.append(_WHITESPACE.sub(" ", data))


# --- saving -----------------------------------------------------------------------------


def _json_line(article: Article) -> bytes:
    record = {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "published": _published(article),
        "lang": article.lang,
        "source": article.source,
        "text": article.text,
    }
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def _published(article: Article) -> str | None:
    if article.published_at is not None:  # the exact moment; readers take its date too
        return article.published_at.isoformat()
    return _published_date(article)


def _published_date(article: Article) -> str | None:
    """Return the date as the corpus readers parse it back with the same precision."""
    if article.published is None:
        return None
    if article.published_precision == "year":
        return f"{article.published:%Y}"
    if article.published_precision == "month":
        return f"{article.published:%Y-%m}"
    return article.published.isoformat()


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as stream:
        stream.seek(-1, os.SEEK_END)
        return stream.read(1) == b"\n"


def _fsync_dir(folder: Path) -> None:
    """Make a new file's directory entry durable (POSIX; a no-op where it cannot be)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
