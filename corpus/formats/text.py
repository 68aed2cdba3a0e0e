"""Plain text files: scraped page text or a title line followed by the body."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from corpus.clean import (
    drop_page_furniture,
    is_caption,
    is_language_switcher,
    split_paragraphs,
    title_from_text,
    unwrap_blocks,
)
from corpus.formats.base import BadRecord, RawRecord, decode_text, read_bytes
from corpus.limits import DEFAULT_LIMITS, ReadLimits

_MAX_TITLE_CHARS = 200


def read_txt(
    path: Path, fallback_id: str, *, limits: ReadLimits = DEFAULT_LIMITS
) -> Iterator[RawRecord | BadRecord]:
    """Yield the one article a text file holds."""
    title, text = parse_page_text(decode_text(read_bytes(path, limit=limits.max_record_bytes)))
    yield RawRecord({"title": title, "text": text}, None, fallback_id)


def parse_page_text(raw: str) -> tuple[str, str]:
    """Return (title, body) from page text, without its switcher, title repeats and captions.

    The title is the first line that is not a language switcher or a caption; a first line
    longer than 200 characters is body text, and the title is then its first sentence.
    """
    paragraphs = split_paragraphs(unwrap_blocks(raw))
    for index, paragraph in enumerate(paragraphs):
        if is_language_switcher(paragraph) or is_caption(paragraph):
            continue
        if len(paragraph) > _MAX_TITLE_CHARS:
            title = title_from_text(paragraph)
            rest = paragraphs[index:]
        else:
            title = paragraph
            rest = paragraphs[index + 1 :]
        return title, "\n\n".join(drop_page_furniture(rest, title))
    return "", ""
