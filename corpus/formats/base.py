"""What every format reader yields, and the byte-level helpers they share."""

from __future__ import annotations

import gzip
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from corpus.limits import DEFAULT_LIMITS, ReadLimits, size_label


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One article's fields as a source wrote them, before aliases and cleaning.

    `fallback_id` is used when the fields carry neither an id nor a URL; `where` names the
    record inside its file for problem messages (`line` does that for line formats).
    """

    fields: Mapping[str, object]
    line: int | None
    fallback_id: str
    where: str | None = None


@dataclass(frozen=True, slots=True)
class BadRecord:
    """A record that could not be read; the load reports it and goes on."""

    line: int | None
    reason: str


class FormatError(Exception):
    """A whole file cannot be read as its format."""

    def __init__(self, reason: str, *, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


_CHUNK = 1 << 20


class FormatReader(Protocol):
    """Reads one file of a format into records."""

    def __call__(
        self, path: Path, fallback_id: str, *, limits: ReadLimits = DEFAULT_LIMITS
    ) -> Iterator[RawRecord | BadRecord]: ...


def is_gzip(path: Path) -> bool:
    """Return True for a `.gz` file name."""
    return path.name.lower().endswith(".gz")


def read_bytes(path: Path, *, limit: int) -> bytes:
    """Return the file's bytes, decompressed when it is a `.gz`, reading at most `limit`.

    Raises:
        FormatError: the file holds more than `limit` bytes (decompressed).
    """
    if not is_gzip(path) and path.stat().st_size > limit:
        raise _too_big(limit)  # refused unread
    # In chunks, for a .gz or anything whose size stat() does not tell (a pipe): one
    # read(limit) would also allocate the whole limit for every small file.
    chunks: list[bytes] = []
    size = 0
    with open_binary(path) as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise _too_big(limit)
            chunks.append(chunk)
    return b"".join(chunks)


def _too_big(limit: int) -> FormatError:
    return FormatError(f"larger than the {size_label(limit)} limit for one record; skipped")


def open_binary(path: Path) -> BinaryIO:
    """Open the file for streaming binary reads, decompressing a `.gz`."""
    if is_gzip(path):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def decode_text(data: bytes) -> str:
    """Return UTF-8 `data` as text (a BOM is dropped).

    Raises:
        FormatError: the bytes are not UTF-8.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        msg = f"not valid UTF-8 (byte {exc.start})"
        raise FormatError(msg, line=line) from exc
