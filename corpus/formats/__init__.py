"""File formats the loader reads, each also accepted gzip-compressed (`name.ext.gz`)."""

from __future__ import annotations

from pathlib import Path

from corpus.formats.base import BadRecord, FormatError, FormatReader, RawRecord
from corpus.formats.html import read_html
from corpus.formats.jsondocs import read_json, read_jsonl
from corpus.formats.markdown import read_markdown
from corpus.formats.text import read_txt

__all__ = [
    "READERS",
    "BadRecord",
    "FormatError",
    "FormatReader",
    "RawRecord",
    "reader_for",
    "strip_format_suffix",
]

READERS: dict[str, FormatReader] = {
    ".txt": read_txt,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
}


def _format_suffix(name: str) -> str:
    inner = name[:-3] if name.lower().endswith(".gz") else name
    return Path(inner).suffix.lower()


def reader_for(path: Path) -> FormatReader | None:
    """Return the reader for the file's format, or None when the format is unknown."""
    return READERS.get(_format_suffix(path.name))


def strip_format_suffix(name: str) -> str:
    """Return `name` without `.gz` and its format extension: `a/b.jsonl.gz` -> `a/b`."""
    inner = name[:-3] if name.lower().endswith(".gz") else name
    suffix = _format_suffix(name)
    return inner[: -len(suffix)] if suffix and inner.lower().endswith(suffix) else inner
