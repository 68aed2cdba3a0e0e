"""Settings: read once from the environment (and a `.env` file if present) at start."""

from __future__ import annotations

import os
import re
from datetime import time
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import available_timezones

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.redact import Redactor
    from corpus.feeds import FeedLimits
    from corpus.limits import ReadLimits
    from corpus.safe_fetch import FetchPolicy
    from retrieval.assistant import Assistant
    from retrieval.grounded import GroundedSettings
    from retrieval.llm import LLMConfig


def default_data_dir() -> Path:
    """Return `$XDG_DATA_HOME/newsdesk` (or `~/.local/share/newsdesk`)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "newsdesk"


def _default_threshold() -> float:
    from retrieval.refusal import load_model

    return load_model().threshold


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
    title_boost: float = Field(default=0.2, ge=0, alias="NEWSDESK_TITLE_BOOST")
    gram_boost: float = Field(default=0.2, ge=0, alias="NEWSDESK_GRAM_BOOST")
    recency_weight: float = Field(default=0.1, ge=0, alias="NEWSDESK_RECENCY_WEIGHT")
    recency_half_life_days: float = Field(
        default=30.0, gt=0, alias="NEWSDESK_RECENCY_HALF_LIFE_DAYS"
    )
    per_article: int = Field(default=4, ge=1, alias="NEWSDESK_PASSAGES_PER_ARTICLE")
    log_level: str = Field(default="WARNING", alias="NEWSDESK_LOG_LEVEL")
    max_file_mb: int = Field(default=1024, ge=1, alias="NEWSDESK_MAX_FILE_MB")
    max_record_mb: int = Field(default=64, ge=1, alias="NEWSDESK_MAX_RECORD_MB")

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

    # Daily digests
    digest_time_raw: str = Field(default="08:00", alias="NEWSDESK_DIGEST_TIME")
    digest_tz: str = Field(default="Europe/Kyiv", alias="NEWSDESK_DIGEST_TZ")
    digest_lang: str = Field(default="", alias="NEWSDESK_DIGEST_LANG")
    digest_catchup_hours: float = Field(
        default=6.0, ge=0, le=24, alias="NEWSDESK_DIGEST_CATCHUP_HOURS"
    )
    digest_when_empty: str = Field(default="say", alias="NEWSDESK_DIGEST_WHEN_EMPTY")
    digest_max_stories: int = Field(default=8, ge=1, le=30, alias="NEWSDESK_DIGEST_MAX_STORIES")
    digest_tick_seconds: float = Field(default=60.0, gt=0, alias="NEWSDESK_DIGEST_TICK_SECONDS")

    # News feeds
    feeds_raw: str = Field(default="", alias="NEWSDESK_FEEDS")
    feed_interval_minutes: float = Field(
        default=15.0, gt=0, alias="NEWSDESK_FEED_INTERVAL_MINUTES"
    )
    feed_timeout_seconds: float = Field(default=20.0, gt=0, alias="NEWSDESK_FEED_TIMEOUT_SECONDS")
    feed_poll_deadline_seconds: float = Field(
        default=120.0, gt=0, alias="NEWSDESK_FEED_POLL_DEADLINE_SECONDS"
    )
    feed_max_mb: float = Field(default=10.0, gt=0, alias="NEWSDESK_FEED_MAX_MB")
    feed_page_max_mb: float = Field(default=5.0, gt=0, alias="NEWSDESK_FEED_PAGE_MAX_MB")
    feed_max_entries: int = Field(default=200, ge=1, alias="NEWSDESK_FEED_MAX_ENTRIES")
    feed_max_page_fetches: int = Field(default=30, ge=1, alias="NEWSDESK_FEED_MAX_PAGE_FETCHES")
    feed_max_redirects: int = Field(default=5, ge=0, le=20, alias="NEWSDESK_FEED_MAX_REDIRECTS")
    feed_ports_raw: str = Field(default="80,443", alias="NEWSDESK_FEED_PORTS")
    feed_allow_networks_raw: str = Field(default="", alias="NEWSDESK_FEED_ALLOW_NETWORKS")

    # Optional language model (any OpenAI-compatible /v1/chat/completions endpoint)
    llm_base_url: str = Field(default="", alias="LLM_BASE_URL")
    llm_model: str = Field(default="", alias="LLM_MODEL")
    llm_api_key: SecretStr | None = Field(default=None, alias="LLM_API_KEY")
    llm_deadline_seconds: float = Field(default=8.0, gt=0, le=120, alias="LLM_DEADLINE_SECONDS")
    llm_context_tokens: int = Field(default=3000, ge=200, alias="LLM_CONTEXT_TOKENS")
    llm_max_tokens: int = Field(default=400, ge=16, alias="LLM_MAX_TOKENS")
    llm_max_concurrency: int = Field(default=4, ge=1, le=64, alias="LLM_MAX_CONCURRENCY")
    llm_cross_language: bool = Field(default=True, alias="LLM_CROSS_LANGUAGE")
    llm_digest_summaries: bool = Field(default=True, alias="LLM_DIGEST_SUMMARIES")

    @field_validator("llm_base_url")
    @classmethod
    def _llm_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not value.startswith(("http://", "https://")):
            msg = (
                "LLM_BASE_URL must be an http(s) URL such as http://localhost:11434/v1, "
                f"not {value!r}"
            )
            raise ValueError(msg)
        return value

    @model_validator(mode="after")
    def _llm_model_given(self) -> Settings:
        if self.llm_base_url and not self.llm_model.strip():
            msg = "LLM_MODEL is required when LLM_BASE_URL is set (e.g. llama3.1 or gpt-4o-mini)"
            raise ValueError(msg)
        return self

    def llm_config(self) -> LLMConfig | None:
        """Return the language model's settings, or None when none is configured."""
        if not self.llm_base_url:
            return None
        from retrieval.llm import LLMConfig

        key = self.llm_api_key.get_secret_value() if self.llm_api_key else None
        return LLMConfig(
            base_url=self.llm_base_url,
            model=self.llm_model.strip(),
            api_key=key or None,
            max_concurrency=self.llm_max_concurrency,
        )

    def redactor(self) -> Redactor:
        """Return what masks this configuration's secrets in logs and in shown text."""
        from bot.redact import Redactor

        token = _secret(self.telegram_bot_token)
        return Redactor.of(
            secrets=(
                token,
                token.partition(":")[2],  # the secret half, also when the colon is %-encoded
                _secret(self.llm_api_key),
                _secret(self.telegram_webhook_secret),
            ),
            urls=[*self.feeds, self.llm_base_url, self.telegram_api_base_url],
        )

    def grounded_settings(self) -> GroundedSettings:
        """Return the budgets for grounded answers."""
        from retrieval.grounded import GroundedSettings

        return GroundedSettings(
            context_tokens=self.llm_context_tokens,
            max_tokens=self.llm_max_tokens,
            deadline=self.llm_deadline_seconds,
        )

    @field_validator("digest_time_raw")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        if parse_clock(value) is None:
            msg = f"NEWSDESK_DIGEST_TIME must be HH:MM (24-hour), not {value!r}"
            raise ValueError(msg)
        return value

    @field_validator("digest_tz")
    @classmethod
    def _zone(cls, value: str) -> str:
        zone = parse_zone(value)
        if zone is None:
            msg = (
                f"NEWSDESK_DIGEST_TZ must be an IANA time zone such as Europe/Kyiv, not {value!r}"
            )
            raise ValueError(msg)
        return zone

    @field_validator("digest_lang")
    @classmethod
    def _digest_lang(cls, value: str) -> str:
        if value and value not in ("en", "uk", "ru"):
            msg = f"NEWSDESK_DIGEST_LANG must be en, uk, ru or empty, not {value!r}"
            raise ValueError(msg)
        return value

    @field_validator("digest_when_empty")
    @classmethod
    def _when_empty(cls, value: str) -> str:
        if value not in ("say", "skip"):
            msg = f"NEWSDESK_DIGEST_WHEN_EMPTY must be say or skip, not {value!r}"
            raise ValueError(msg)
        return value

    @field_validator("feeds_raw")
    @classmethod
    def _feed_urls(cls, value: str) -> str:
        for url in _split(value):
            if not url.startswith(("http://", "https://")):
                msg = f"NEWSDESK_FEEDS must be comma-separated http(s) URLs, not {url!r}"
                raise ValueError(msg)
        return value

    @field_validator("feed_ports_raw")
    @classmethod
    def _feed_ports(cls, value: str) -> str:
        if not _ports(value):
            msg = f"NEWSDESK_FEED_PORTS must be comma-separated port numbers, not {value!r}"
            raise ValueError(msg)
        return value

    @field_validator("feed_allow_networks_raw")
    @classmethod
    def _feed_networks(cls, value: str) -> str:
        from corpus.addresses import parse_networks

        try:
            parse_networks(value)
        except ValueError as exc:
            msg = f"NEWSDESK_FEED_ALLOW_NETWORKS must be comma-separated CIDRs: {exc}"
            raise ValueError(msg) from None
        return value

    def feed_limits(self) -> FeedLimits:
        """Return how much one feed poll may take."""
        from corpus.feeds import FeedLimits

        return FeedLimits(
            fetch_seconds=self.feed_timeout_seconds,
            poll_seconds=self.feed_poll_deadline_seconds,
            max_feed_bytes=round(self.feed_max_mb * 1024 * 1024),
            max_page_bytes=round(self.feed_page_max_mb * 1024 * 1024),
            max_entries=self.feed_max_entries,
            max_page_fetches=self.feed_max_page_fetches,
        )

    def feed_policy(self) -> FetchPolicy:
        """Return where feed and page fetches may connect."""
        from corpus.addresses import parse_networks
        from corpus.safe_fetch import FetchPolicy

        return FetchPolicy(
            ports=_ports(self.feed_ports_raw),
            allowed_networks=parse_networks(self.feed_allow_networks_raw),
            max_redirects=self.feed_max_redirects,
        )

    @property
    def digest_time(self) -> time:
        """Return the default digest time of day."""
        parsed = parse_clock(self.digest_time_raw)
        assert parsed is not None  # validated
        return parsed

    @property
    def feeds(self) -> list[str]:
        """Return the feed URLs to poll."""
        return _split(self.feeds_raw)

    @property
    def store_path(self) -> Path:
        """Return the SQLite file holding subscriptions, deliveries and feed state."""
        return self.data_dir / "newsdesk.sqlite3"

    @property
    def feeds_dir(self) -> Path:
        """Return the corpus folder new feed articles are saved in."""
        return self.data_dir / "feeds"

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

    def read_limits(self) -> ReadLimits:
        """Return the caps on what one corpus file may hold once decompressed."""
        from corpus.limits import MIB, ReadLimits

        return ReadLimits(
            max_file_bytes=self.max_file_mb * MIB, max_record_bytes=self.max_record_mb * MIB
        )

    def corpus_paths(self) -> list[Path]:
        """Return the corpus paths (comma-separated setting), or the bundled sample."""
        if self.corpus.strip():
            return [Path(p.strip()).expanduser() for p in self.corpus.split(",") if p.strip()]
        from corpus.sample import SAMPLE_DIR

        return [SAMPLE_DIR]


def open_assistant(
    settings: Settings,
    *,
    corpus: Sequence[Path] | None = None,
    engine: str | None = None,
    morphology: bool | None = None,
    model: bool = True,
) -> Assistant:
    """Return the assistant of the bot, the command line and the tests: the one recipe.

    A build reads the corpus (or the bundled sample) and the feeds' saved articles with
    the configured engine, morphology and workers; `corpus` (read alone), `engine` and
    `morphology` replace those. Without `model` no language model is used.
    """
    from retrieval.assistant import Assistant, BuildRecipe
    from retrieval.search import SearchOptions

    recipe = BuildRecipe(
        corpus_paths=tuple(settings.corpus_paths() if corpus is None else corpus),
        engine=engine or settings.engine,
        morphology=settings.morphology if morphology is None else morphology,
        workers=settings.build_workers or None,
        feeds_dir=settings.feeds_dir if corpus is None else None,
    )
    options = SearchOptions(
        title_boost=settings.title_boost,
        gram_boost=settings.gram_boost,
        recency_weight=settings.recency_weight,
        recency_half_life_days=settings.recency_half_life_days,
        per_article=settings.per_article,
    )
    return Assistant.open(
        settings.data_dir,
        recipe=recipe,
        options=options,
        threshold=settings.answer_threshold,
        read_limits=settings.read_limits(),
        llm=settings.llm_config() if model else None,
        grounded=settings.grounded_settings(),
        cross_language=settings.llm_cross_language,
        digest_summaries=settings.llm_digest_summaries,
    )


def _secret(value: SecretStr | None) -> str:
    return value.get_secret_value().strip() if value is not None else ""


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _ports(value: str) -> frozenset[int]:
    """Return the ports of a comma-separated list, or an empty set if any part is not one."""
    parts = _split(value)
    if not all(part.isdigit() and 0 < int(part) < 65536 for part in parts):
        return frozenset()
    return frozenset(int(part) for part in parts)


_CLOCK = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)")


def parse_clock(value: str) -> time | None:
    """Return a time of day from "8:00", "08:00" or "08.00" (24-hour), else None."""
    match = _CLOCK.fullmatch(value.strip())
    return time(int(match[1]), int(match[2])) if match else None


@cache
def _zones() -> dict[str, str]:
    names = [n for n in available_timezones() if "/" in n and not n.startswith(("posix", "right"))]
    return {name.casefold(): name for name in [*names, "UTC"]}


def parse_zone(value: str) -> str | None:
    """Return the IANA name for `value` (any letter case; "Kyiv" alone is not enough)."""
    name = value.strip()
    if not name:
        return None
    return _zones().get(name.casefold())
