"""What an index version says about itself: the record behind its `manifest.json`.

`Manifest.from_dict` reads what any program of this format wrote: a key an older one did
not write yet (`newest_published`, before 2026-12-06) gets its default, and keys this one
does not know are kept in `extra` and written back. `to_dict` gives the JSON keys in the
order builds have always written them, so the files stay as they were.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from retrieval.analysis import AnalysisSettings

__all__ = ["Manifest"]

# The keys of `to_dict`, in order; `appended_articles` and `updated_at` are written once
# feed articles have been added to the version in place.
_KEYS = (
    "format_version",
    "name",
    "engine",
    "analysis",
    "chunking",
    "article_count",
    "passage_count",
    "languages",
    "corpus_fingerprint",
    "newest_published",
    "corpus_paths",
    "files_read",
    "duplicates_dropped",
    "problems",
    "built_at",
    "build_seconds",
    "appended_articles",
    "updated_at",
)


@dataclass(frozen=True, slots=True)
class Manifest:
    """How an index version was built and what it holds."""

    format_version: int
    name: str
    engine: str
    analysis: AnalysisSettings
    chunking: Mapping[str, Any]  # the tiktoken encoding and passage sizes, for people
    article_count: int
    passage_count: int
    languages: Mapping[str, int]  # articles per language
    corpus_fingerprint: str
    # The latest publication date (ISO) of any article: a question about a later year asks
    # about what the corpus cannot have reported yet.
    newest_published: str | None
    corpus_paths: tuple[str, ...]
    files_read: int
    duplicates_dropped: int
    problems: int
    built_at: str  # ISO time in UTC
    build_seconds: float
    appended_articles: int = 0  # added from feeds since the build, in place
    updated_at: str | None = None  # when articles were last added in place
    extra: Mapping[str, Any] = field(default_factory=dict)  # keys of a newer program

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Manifest:
        """Read a manifest as `manifest.json` holds it."""
        return cls(
            format_version=data.get("format_version", 0),
            name=data.get("name", ""),
            engine=data["engine"],
            analysis=AnalysisSettings.from_dict(data["analysis"]),
            chunking=dict(data.get("chunking", {})),
            article_count=data.get("article_count", 0),
            passage_count=data.get("passage_count", 0),
            languages=dict(data.get("languages", {})),
            corpus_fingerprint=data.get("corpus_fingerprint", ""),
            newest_published=data.get("newest_published"),
            corpus_paths=tuple(data.get("corpus_paths", ())),
            files_read=data.get("files_read", 0),
            duplicates_dropped=data.get("duplicates_dropped", 0),
            problems=data.get("problems", 0),
            built_at=data.get("built_at", ""),
            build_seconds=data.get("build_seconds", 0.0),
            appended_articles=data.get("appended_articles", 0),
            updated_at=data.get("updated_at"),
            extra={key: value for key, value in data.items() if key not in _KEYS},
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the manifest as `manifest.json` holds it."""
        data: dict[str, Any] = {
            "format_version": self.format_version,
            "name": self.name,
            "engine": self.engine,
            "analysis": self.analysis.as_dict(),
            "chunking": dict(self.chunking),
            "article_count": self.article_count,
            "passage_count": self.passage_count,
            "languages": dict(self.languages),
            "corpus_fingerprint": self.corpus_fingerprint,
            "newest_published": self.newest_published,
            "corpus_paths": list(self.corpus_paths),
            "files_read": self.files_read,
            "duplicates_dropped": self.duplicates_dropped,
            "problems": self.problems,
            "built_at": self.built_at,
            "build_seconds": self.build_seconds,
        }
        if self.updated_at is not None:
            data["appended_articles"] = self.appended_articles
            data["updated_at"] = self.updated_at
        return data | dict(self.extra)

    def get(self, key: str, default: Any = None) -> Any:
        """Return the value `manifest.json` holds under `key`.

        Kept for `retrieval.refusal`, which still reads `newest_published` by key; new code
        reads the attributes.
        """
        return self.to_dict().get(key, default)
