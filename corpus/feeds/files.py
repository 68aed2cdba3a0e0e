"""Append feed articles to monthly JSON-lines files that `corpus.readers` loads."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from corpus.article import Article

__all__ = ["save_articles"]


def save_articles(folder: Path, articles: Sequence[Article], *, now: float | None = None) -> Path:
    """Append `articles` to `folder/feed-YYYY-MM.jsonl` (month of `now`, UTC); return its path.

    Each line is written and fsynced on its own, so a crash loses at most the line being
    written; a torn last line from such a crash is closed with a newline before the next
    append, so it stays one bad record instead of spoiling the next one.
    """
    moment = datetime.fromtimestamp(time.time() if now is None else now, UTC)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"feed-{moment:%Y-%m}.jsonl"
    if not articles:
        return path
    created = not path.exists()
    with path.open("ab") as stream:
        if not created and stream.tell() > 0 and not _ends_with_newline(path):
            stream.write(b"\n")
        for article in articles:
            stream.write(_json_line(article))
            stream.flush()
            os.fsync(stream.fileno())
    if created:
        _fsync_dir(folder)
    return path


def _json_line(article: Article) -> bytes:
    record = {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "published": _published(article),
        "lang": article.lang,
        "source": article.source,
        "text": article.text,
    }
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def _published(article: Article) -> str | None:
    if article.published_at is not None:  # the exact moment; readers take its date too
        return article.published_at.isoformat()
    return _published_date(article)


def _published_date(article: Article) -> str | None:
    """Return the date as the corpus readers parse it back with the same precision."""
    if article.published is None:
        return None
    if article.published_precision == "year":
        return f"{article.published:%Y}"
    if article.published_precision == "month":
        return f"{article.published:%Y-%m}"
    return article.published.isoformat()


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as stream:
        stream.seek(-1, os.SEEK_END)
        return stream.read(1) == b"\n"


def _fsync_dir(folder: Path) -> None:
    """Make a new file's directory entry durable (POSIX; a no-op where it cannot be)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
