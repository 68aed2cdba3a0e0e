"""Caps on what one corpus file may hold once decompressed, so a load's memory stays bounded.

A small `.gz` can inflate to gigabytes, and one JSON line can be the whole of it: without
caps a 1.8 MB file of 400 MB took 933 MB of memory to read. Readers stream JSON lines
and stop a file at `max_file_bytes`; a single record (a JSON line, or a file read whole:
`.json`, `.txt`, `.md`, `.html`) may hold at most `max_record_bytes`, and is read no
further than that.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_LIMITS", "MIB", "ReadLimits", "size_label"]

MIB = 1 << 20


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """Decompressed byte caps: per file, and per record (a JSON line or a whole-file record)."""

    max_file_bytes: int = 1024 * MIB
    max_record_bytes: int = 64 * MIB


DEFAULT_LIMITS = ReadLimits()


def size_label(size: int) -> str:
    """Return a byte count as people read it: `64 MiB`, `1 GiB`, `512 bytes`."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", MIB), ("KiB", 1 << 10)):
        if size >= scale and size % scale == 0:
            return f"{size // scale} {unit}"
    return f"{size} bytes"
