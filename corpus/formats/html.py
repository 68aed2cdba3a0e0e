"""HTML pages: main text and metadata extracted with trafilatura, offline."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from corpus.clean import clean_line, drop_page_furniture, split_paragraphs
from corpus.formats.base import BadRecord, FormatError, RawRecord, read_bytes
from corpus.limits import DEFAULT_LIMITS, ReadLimits

_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.IGNORECASE)
# Only dates the page states in its metadata or markup: the extensive search guesses from
# any year in the text (a copyright line gives "2024-01-01").
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def read_html(
    path: Path, fallback_id: str, *, limits: ReadLimits = DEFAULT_LIMITS
) -> Iterator[RawRecord | BadRecord]:
    """Yield the article an HTML page holds (trafilatura never fetches anything here)."""
    # Imported here: trafilatura takes ~0.1 s to import and most corpora have no HTML.
    import trafilatura
    from trafilatura.settings import Document

    data = read_bytes(path, limit=limits.max_record_bytes)
    try:
        document = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=_DATE_PARAMS,
        )
    # Malformed markup can make trafilatura, htmldate or lxml raise nearly anything (an
    # AssertionError inside lxml's drop_tree, for one); one bad page must not stop a load.
    except Exception as exc:
        msg = f"HTML extraction failed: {type(exc).__name__}: {exc}"
        raise FormatError(msg) from exc
    if not isinstance(document, Document) or not document.text:
        yield BadRecord(None, "empty text (no main text found in the page)")
        return
    title = clean_line(document.title or "")
    paragraphs = drop_page_furniture(split_paragraphs(document.text), title)
    lang_match = _HTML_LANG.search(data[:4096])
    fields: dict[str, object] = {
        "title": title,
        "text": "\n\n".join(paragraphs),
        "date": document.date,
        "url": document.url,
        "source": document.sitename,
        "lang": lang_match.group(1).decode("ascii") if lang_match else None,
    }
    yield RawRecord(fields, None, fallback_id)
