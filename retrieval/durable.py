"""Make files durable before an index version may serve: fsync files, then their folders.

A version's files are written, then fsynced once each (never per write, which would slow
the build's hot path), then the folders holding them, and only then may `CURRENT` move.
Without that, a power cut soon after a switch could leave `CURRENT` naming a version whose
`articles.jsonl.gz` or `grams.json.gz` are empty or torn. Every fsync opens the path
afresh: it works the same for files and folders, and a test can tell which was synced.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["fsync", "write_atomic"]


def fsync(path: Path) -> None:
    """Flush a file's data, or a folder's entries, to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, text: str) -> None:
    """Write a file by temp file + fsync + rename + fsync of its folder."""
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync(path.parent)
