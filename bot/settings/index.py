"""Index and corpus settings: where the data lives, what is read and how it is indexed."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field, field_validator

from corpus.limits import DEFAULT_LIMITS, MIB, ReadLimits
from retrieval.analysis import AnalysisSettings
from retrieval.engines import DEFAULT_ENGINE, ENGINES


def default_data_dir() -> Path:
    """Return `$XDG_DATA_HOME/newsdesk` (or `~/.local/share/newsdesk`)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "newsdesk"


class IndexSettings(BaseModel):
    """The data folder, the corpus, the engine and the limits of reading it."""

    data_dir: Path = Field(
        default_factory=default_data_dir,
        alias="NEWSDESK_DATA_DIR",
        description="index versions and state",
        examples=[""],
        json_schema_extra={
            "shown_default": "`$XDG_DATA_HOME/newsdesk` or `~/.local/share/newsdesk`"
        },
    )
    corpus: str = Field(
        default="",
        alias="NEWSDESK_CORPUS",
        description="comma-separated corpus files or folders",
        json_schema_extra={"shown_default": "the bundled sample"},
    )
    engine: str = Field(
        default=DEFAULT_ENGINE,
        alias="NEWSDESK_ENGINE",
        description="engine for new index versions: `tantivy` or `rank-bm25`",
    )
    morphology: bool = Field(
        default=AnalysisSettings().morphology,
        alias="NEWSDESK_MORPHOLOGY",
        description="stemming (en, ru) and lemmatising (uk); `false` indexes exact forms",
    )
    build_workers: int = Field(
        default=0,
        ge=0,
        alias="NEWSDESK_BUILD_WORKERS",
        description="processes that analyse articles while indexing",
        json_schema_extra={"shown_default": "`{value}` (one per core)"},
    )
    max_file_mb: int = Field(
        default=DEFAULT_LIMITS.max_file_bytes // MIB,
        ge=1,
        alias="NEWSDESK_MAX_FILE_MB",
        description="a JSON lines corpus file is read up to this many MiB (decompressed); "
        "the rest is skipped and reported",
    )
    max_record_mb: int = Field(
        default=DEFAULT_LIMITS.max_record_bytes // MIB,
        ge=1,
        alias="NEWSDESK_MAX_RECORD_MB",
        description="one JSON line, or a file read whole (`.json`, `.txt`, `.md`, `.html`), "
        "may hold at most this many MiB (decompressed); a bigger one is skipped and reported",
    )

    @field_validator("engine")
    @classmethod
    def _known_engine(cls, value: str) -> str:
        if value not in ENGINES:
            msg = f"NEWSDESK_ENGINE must be one of {', '.join(ENGINES)}, not {value!r}"
            raise ValueError(msg)
        return value

    def read_limits(self) -> ReadLimits:
        """Return the caps on what one corpus file may hold once decompressed."""
        return ReadLimits(
            max_file_bytes=self.max_file_mb * MIB, max_record_bytes=self.max_record_mb * MIB
        )

    def corpus_paths(self) -> list[Path]:
        """Return the corpus paths (comma-separated setting), or the bundled sample."""
        if self.corpus.strip():
            return [Path(p.strip()).expanduser() for p in self.corpus.split(",") if p.strip()]
        from corpus.sample import SAMPLE_DIR

        return [SAMPLE_DIR]

    @property
    def store_path(self) -> Path:
        """Return the SQLite file holding subscriptions, deliveries and feed state."""
        return self.data_dir / "newsdesk.sqlite3"

    @property
    def feeds_dir(self) -> Path:
        """Return the corpus folder new feed articles are saved in."""
        return self.data_dir / "feeds"
