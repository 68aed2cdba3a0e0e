"""JSON files (one object, a list, or SQuAD layout) and JSON lines files."""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from corpus.formats.base import (
    BadRecord,
    FormatError,
    RawRecord,
    decode_text,
    open_binary,
    read_bytes,
)
from corpus.limits import DEFAULT_LIMITS, ReadLimits, size_label

_SKIP_CHUNK = 1 << 20


def read_json(
    path: Path, fallback_id: str, *, limits: ReadLimits = DEFAULT_LIMITS
) -> Iterator[RawRecord | BadRecord]:
    """Yield the records of a `.json` file.

    One object is one article; a list holds one per item (fallback id `<path>#<index>`,
    counting from 0); SQuAD layout `{"data": [{"title", "paragraphs": [{"context"}]}]}`
    gives one article per paragraph with id `<title>#<index>` (counting from 0).
    """
    try:
        data = json.loads(decode_text(read_bytes(path, limit=limits.max_record_bytes)))
    except json.JSONDecodeError as exc:
        msg = f"invalid JSON: {exc.msg} (column {exc.colno})"
        raise FormatError(msg, line=exc.lineno) from exc
    except RecursionError as exc:
        raise FormatError("invalid JSON: nested too deeply") from exc
    if _is_squad(data):
        yield from _squad_records(data["data"])
    elif isinstance(data, dict):
        yield RawRecord(data, None, fallback_id)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            if isinstance(item, dict):
                yield RawRecord(item, None, f"{fallback_id}#{index}", where=f"item {index}")
            else:
                yield BadRecord(None, f"item {index}: not a JSON object")
    else:
        msg = "top level is neither an object nor a list"
        raise FormatError(msg)


def _is_squad(data: object) -> bool:
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        return False
    articles = data["data"]
    return bool(articles) and all(
        isinstance(article, dict) and isinstance(article.get("paragraphs"), list)
        for article in articles
    )


def _squad_records(articles: list[dict[str, object]]) -> Iterator[RawRecord | BadRecord]:
    for number, article in enumerate(articles):
        raw_title = article.get("title")
        title = raw_title if isinstance(raw_title, str) and raw_title else f"article {number}"
        paragraphs = article["paragraphs"]
        assert isinstance(paragraphs, list)  # checked by _is_squad
        for index, paragraph in enumerate(paragraphs):
            record_id = f"{title}#{index}"
            if not isinstance(paragraph, dict):
                yield BadRecord(None, f"{record_id}: not a JSON object")
                continue
            fields = {
                "id": record_id,
                "title": title.replace("_", " "),
                "text": paragraph.get("context"),
            }
            yield RawRecord(fields, None, record_id, where=record_id)


def read_jsonl(
    path: Path, fallback_id: str, *, limits: ReadLimits = DEFAULT_LIMITS
) -> Iterator[RawRecord | BadRecord]:
    """Yield one record per line of a JSON lines file (fallback id `<path>#<line>`).

    Blank lines are skipped; a line that is not a JSON object, nests too deeply or is
    longer than `limits.max_record_bytes` is a bad record and the rest of the file still
    loads. Reading stops after `limits.max_file_bytes` (decompressed), reported with the
    line it stopped at.
    """
    line_cap = limits.max_record_bytes
    file_cap = limits.max_file_bytes
    line_number = 0
    size = 0
    with open_binary(path) as stream:
        readline = stream.readline
        while True:
            try:
                # At most one byte past the cap: memory stays bounded whatever the line.
                raw = readline(line_cap + 1)
                too_long = len(raw) > line_cap and not raw.endswith(b"\n")
                size += len(raw) + (_skip_line(readline) if too_long else 0)
            except (OSError, EOFError, zlib.error) as exc:
                msg = f"cannot read past line {line_number}: {exc}"
                raise FormatError(msg, line=line_number + 1) from exc
            if not raw:
                return
            line_number += 1
            if size > file_cap:
                msg = (
                    f"larger than the {size_label(file_cap)} limit for one file once "
                    f"decompressed; skipped from line {line_number} on"
                )
                raise FormatError(msg, line=line_number)
            if too_long:
                yield BadRecord(line_number, f"longer than the {size_label(line_cap)} limit")
            elif raw.strip():
                yield _parse_line(raw, line_number, fallback_id)


def _skip_line(readline: Callable[[int], bytes]) -> int:
    """Read past the rest of an over-long line, a chunk at a time; return the bytes read."""
    skipped = 0
    while chunk := readline(_SKIP_CHUNK):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _parse_line(raw: bytes, line_number: int, fallback_id: str) -> RawRecord | BadRecord:
    try:
        text = raw.decode("utf-8-sig" if line_number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return BadRecord(line_number, f"not valid UTF-8 (column {exc.start + 1})")
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return BadRecord(line_number, f"invalid JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return BadRecord(line_number, "invalid JSON: nested too deeply")
    if not isinstance(record, dict):
        return BadRecord(line_number, "not a JSON object")
    return RawRecord(record, line_number, f"{fallback_id}#{line_number}")
