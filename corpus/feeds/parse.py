"""Read what a poll fetched: a feed body into entries (feedparser), a page into its text.

Both fail as a `FetchError` with one short line, never with the parser's own exception:
one bad feed or page must fail as a feed or page, not as an internal error.
"""

from __future__ import annotations

import io
from typing import Any

import feedparser

from corpus.clean import clean_line, drop_page_furniture, split_paragraphs
from corpus.feeds.fetch import Fetched, FetchError, short

__all__ = ["error_line", "page_text", "parse_feed"]

# Same as corpus.formats.html: only dates the page states, never a guess from the text.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def parse_feed(fetched: Fetched) -> Any:
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
        reason = (
            error_line(parsed.get("bozo_exception")) if parsed.get("bozo") else "unknown format"
        )
        raise FetchError(short(f"not a feed: {reason}"), status=fetched.status)
    return parsed


def error_line(exc: object) -> str:
    """Return a parser's exception as one short line."""
    return short(str(exc) or type(exc).__name__) if exc is not None else "unknown error"


def page_text(page: Fetched) -> tuple[str, str]:
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
