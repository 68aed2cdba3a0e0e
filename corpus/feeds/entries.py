"""Turn a parsed feed's entries into candidate articles: ids, text, language, order.

- An entry's id is its id/guid (a plain guid qualified by the feed's host, so two feeds'
  "123" stay apart), else `id_from_url(link)`; an entry with neither is skipped with a
  problem. Entries whose id `known()` returns True are skipped, and so are repeats of an
  id within one response. A link `corpus.urls.url_problem` refuses is dropped, with a
  problem, and the entry kept.
- Text comes from the entry's content (else its summary), HTML turned into paragraphs.
  An entry with content is taken as the whole article, however short (`Candidate.full`).
- Articles come out oldest first: by their feed timestamp when every new entry has one,
  else in reverse document order (feeds list the newest first); `newest_first` is the
  opposite order, the one a capped poll takes entries in.
- `complete` makes a candidate an `Article`. An entry with only a summary shorter than
  `MIN_FEED_TEXT` characters, or no text, has its link fetched through the poll's client
  and the page's main text (`corpus.feeds.parse.page_text`) is used when it is longer
  than the summary; the language is detected when the feed does not declare it.
"""

from __future__ import annotations

import asyncio
import calendar
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from corpus.article import LANGS, Article, id_from_url
from corpus.clean import clean_line, clean_text, title_from_text
from corpus.feeds.fetch import FetchError, fetch
from corpus.feeds.parse import page_text
from corpus.lang import detect_language
from corpus.records import normalize_lang, source_from_url
from corpus.urls import url_problem

if TYPE_CHECKING:
    from corpus.feeds.safe_fetch import GuardedClient
    from corpus.feeds.state import FeedLimits

__all__ = [
    "MIN_FEED_TEXT",
    "Candidate",
    "Completed",
    "complete",
    "entry_key",
    "html_to_text",
    "needs_page",
    "new_candidates",
    "newest_first",
    "oldest_first",
]

MIN_FEED_TEXT = 400  # characters; an entry with less text gets its page fetched


@dataclass(slots=True)
class Candidate:
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


def entry_key(guid: str, feed_url: str) -> str:
    """Return a corpus-wide id for an entry's guid.

    A URL, URN or tag URI is unique on its own; a plain guid ("123", "story-9") is only
    unique within its feed, so it is qualified by the feed's host.
    """
    if "://" in guid or guid.lower().startswith(("urn:", "tag:")):
        return guid
    host = urlsplit(feed_url).netloc or "feed"
    return f"{host}/{guid}"


def new_candidates(
    parsed: Any, feed_url: str, known: Callable[[str], bool], problems: list[str]
) -> list[Candidate]:
    """Return the entries that are new, with the text the feed gives; note the skipped."""
    feed = parsed.get("feed") or {}
    feed_title = clean_line(_plain(feed.get("title_detail"), feed.get("title")))
    feed_lang = _served_lang(feed.get("language"))
    candidates: list[Candidate] = []
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
        if link and (problem := url_problem(link)):
            # As the corpus readers do (which read the saved article back): the entry is
            # kept without its link, under the same id.
            problems.append(f"entry {number}: bad link {link[:80]!r} dropped ({problem})")
            link = None
        # dict.get: feedparser's own `get("updated_parsed")` answers with `published_parsed`
        # when an entry has no update time, and warns (DeprecationWarning) that it will stop.
        struct = entry.get("published_parsed") or dict.get(entry, "updated_parsed")
        timestamp = _timestamp(struct) if struct else None
        text, full = _entry_text(entry)
        published = (
            datetime.fromtimestamp(timestamp, UTC).date() if timestamp is not None else None
        )
        candidates.append(
            Candidate(
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


def _timestamp(struct: Any) -> float | None:
    """Return a feed time as Unix time, or None when it is no date of years 1 to 9999.

    feedparser moves "0000-00-00" to year -1 and "9999-12-31T23:59:59-14:00" (in UTC) to
    year 10000, which `datetime` cannot hold: such an entry is kept, undated.
    """
    try:
        timestamp = float(calendar.timegm(struct))
        datetime.fromtimestamp(timestamp, UTC)
    except (ValueError, OverflowError, OSError):
        return None
    return timestamp


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
    return lang if lang in LANGS else None


def newest_first(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Return the candidates newest first: by timestamp when all have one, else as listed."""
    ordered = list(candidates)
    if all(candidate.timestamp is not None for candidate in ordered):
        # Stable: entries with the same time keep their document order.
        ordered.sort(key=lambda candidate: -(candidate.timestamp or 0.0))
    return ordered


def oldest_first(pairs: Iterable[tuple[Candidate, Article]]) -> list[Article]:
    ordered = list(pairs)[::-1]  # feeds list the newest first
    if all(candidate.timestamp is not None for candidate, _ in ordered):
        ordered.sort(key=lambda pair: pair[0].timestamp or 0.0)
    return [article for _, article in ordered]


@dataclass(frozen=True, slots=True)
class Completed:
    """A candidate's article (or None), a problem to report, and whether to try it again."""

    article: Article | None
    problem: str | None
    retry: bool  # a later poll should try the entry again


def needs_page(candidate: Candidate) -> bool:
    return not candidate.full and len(candidate.text) < MIN_FEED_TEXT and bool(candidate.link)


async def complete(
    client: GuardedClient, candidate: Candidate, semaphore: asyncio.Semaphore, limits: FeedLimits
) -> Completed:
    """Return a candidate's article (its page fetched when the feed text is short), a problem,
    and whether a later poll should try the entry again (its page failed and it had no text).
    """
    text = candidate.text
    problem = None
    where = f"entry {candidate.number} ({candidate.link or candidate.id})"
    if needs_page(candidate) and candidate.link:
        try:
            async with semaphore:
                page = await fetch(
                    client,
                    candidate.link,
                    headers={},
                    max_bytes=limits.max_page_bytes,
                    seconds=limits.fetch_seconds,
                )
            text_of_page, page_title = await asyncio.to_thread(page_text, page)
        except FetchError as exc:
            if not text and exc.refused:
                return Completed(None, f"{where}: no text and page fetch {exc}; skipped", False)
            if not text:
                return Completed(
                    None, f"{where}: no text and page fetch failed: {exc}; will retry", True
                )
            problem = f"{where}: page fetch failed ({exc}); kept the feed's summary"
        else:
            if len(text_of_page) > len(text):
                text = text_of_page
                candidate.title = candidate.title or page_title
    if not text:
        return Completed(None, f"{where}: no text", False)
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
    return Completed(article, problem, False)


def html_to_text(markup: str) -> str:
    """Return the text of an HTML fragment as paragraphs separated by blank lines."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return clean_text("".join(parser.parts))


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
