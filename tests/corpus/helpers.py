"""Small file writers for corpus tests."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from pathlib import Path


def write_file(path: Path, content: str | bytes) -> Path:
    """Write text or bytes to `path` (gzip-compressed when it ends in .gz), making folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def jsonl(records: Iterable[object]) -> str:
    """Return records as JSON lines."""
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
