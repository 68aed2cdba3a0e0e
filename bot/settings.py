"""Settings: read once from the environment (and a `.env` file if present) at start."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    """Return `$XDG_DATA_HOME/newsdesk` (or `~/.local/share/newsdesk`)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "newsdesk"


def _default_threshold() -> float:
    from retrieval.answer import DEFAULT_THRESHOLD

    return DEFAULT_THRESHOLD


class Settings(BaseSettings):
    """Every setting of the program; `.env.example` documents each one."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    data_dir: Path = Field(default_factory=default_data_dir, alias="NEWSDESK_DATA_DIR")
    corpus: str = Field(default="", alias="NEWSDESK_CORPUS")
    engine: str = Field(default="tantivy", alias="NEWSDESK_ENGINE")
    morphology: bool = Field(default=True, alias="NEWSDESK_MORPHOLOGY")
    build_workers: int = Field(default=0, ge=0, alias="NEWSDESK_BUILD_WORKERS")
    answer_threshold: float = Field(
        default_factory=lambda: _default_threshold(), ge=0, le=1, alias="NEWSDESK_ANSWER_THRESHOLD"
    )
    title_boost: float = Field(default=0.1, ge=0, alias="NEWSDESK_TITLE_BOOST")
    recency_weight: float = Field(default=0.1, ge=0, alias="NEWSDESK_RECENCY_WEIGHT")
    recency_half_life_days: float = Field(
        default=30.0, gt=0, alias="NEWSDESK_RECENCY_HALF_LIFE_DAYS"
    )
    per_article: int = Field(default=2, ge=1, alias="NEWSDESK_PASSAGES_PER_ARTICLE")
    log_level: str = Field(default="WARNING", alias="NEWSDESK_LOG_LEVEL")

    # Telegram (`newsdesk run`)
    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field(
        default="https://api.telegram.org/bot", alias="TELEGRAM_API_BASE_URL"
    )
    telegram_webhook_secret: SecretStr | None = Field(
        default=None, alias="TELEGRAM_WEBHOOK_SECRET"
    )
    admin_ids_raw: str = Field(default="", alias="NEWSDESK_ADMIN_IDS")
    user_rate: int = Field(default=5, ge=1, alias="NEWSDESK_USER_QUESTIONS_PER_MINUTE")
    user_burst: int = Field(default=3, ge=1, alias="NEWSDESK_USER_BURST")
    chat_rate: int = Field(default=20, ge=1, alias="NEWSDESK_CHAT_QUESTIONS_PER_MINUTE")
    chat_burst: int = Field(default=10, ge=1, alias="NEWSDESK_CHAT_BURST")
    concurrent_updates: int = Field(default=16, ge=1, le=256, alias="NEWSDESK_CONCURRENT_UPDATES")
    stale_after_seconds: int = Field(default=300, ge=0, alias="NEWSDESK_STALE_AFTER_SECONDS")

    @field_validator("admin_ids_raw")
    @classmethod
    def _numeric_ids(cls, value: str) -> str:
        for part in value.replace(" ", "").split(","):
            if part and not part.lstrip("-").isdigit():
                msg = f"NEWSDESK_ADMIN_IDS must be comma-separated numeric user ids, not {part!r}"
                raise ValueError(msg)
        return value

    @property
    def admin_ids(self) -> frozenset[int]:
        """Return the numeric Telegram user ids allowed to run admin commands."""
        return frozenset(int(p) for p in self.admin_ids_raw.replace(" ", "").split(",") if p)

    @field_validator("engine")
    @classmethod
    def _known_engine(cls, value: str) -> str:
        from retrieval.engines import ENGINES

        if value not in ENGINES:
            msg = f"NEWSDESK_ENGINE must be one of {', '.join(ENGINES)}, not {value!r}"
            raise ValueError(msg)
        return value

    def corpus_paths(self) -> list[Path]:
        """Return the corpus paths (comma-separated setting), or the bundled sample."""
        if self.corpus.strip():
            return [Path(p.strip()).expanduser() for p in self.corpus.split(",") if p.strip()]
        from corpus.sample import SAMPLE_DIR

        return [SAMPLE_DIR]
