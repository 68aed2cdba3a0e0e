"""How a full index build is made: which paths, which engine, what analysis, how many workers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from retrieval.analysis import AnalysisSettings
from retrieval.engines import DEFAULT_ENGINE


@dataclass(frozen=True, slots=True)
class BuildRecipe:
    """What `/reload`, `newsdesk index` and a first build read, and how they build."""

    corpus_paths: tuple[Path, ...]
    engine: str = DEFAULT_ENGINE
    morphology: bool = AnalysisSettings().morphology
    workers: int | None = None  # None: the build chooses
    feeds_dir: Path | None = None  # articles saved from feeds; rebuilt with the corpus

    def paths(self) -> list[Path]:
        """Return the paths to read now (the feed folder once feeds have saved articles)."""
        paths = list(self.corpus_paths)
        return with_feeds(paths, self.feeds_dir) if self.feeds_dir is not None else paths


def with_feeds(paths: list[Path], feeds_dir: Path) -> list[Path]:
    """Return `paths` plus the feed folder when feeds have saved articles there."""
    if feeds_dir.is_dir() and any(feeds_dir.glob("*.jsonl")):
        return [*paths, feeds_dir]
    return list(paths)
