"""Diagnostics settings: what the program logs and where `newsdesk eval` measures."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field, field_validator


class DiagnosticsSettings(BaseModel):
    """The log level and the evaluation datasets folder."""

    log_level: str = Field(
        default="WARNING",
        alias="NEWSDESK_LOG_LEVEL",
        description="`DEBUG`, `INFO`, `WARNING` or `ERROR`; at every level, every logger's "
        "records (python-telegram-bot's too) have the bot token, `LLM_API_KEY`, the webhook "
        "secret and feed credentials masked, and leave out message texts and Bot API payloads",
    )
    datasets_dir: Path | None = Field(
        default=None,
        alias="NEWSDESK_DATASETS",
        description="the shared datasets folder `newsdesk eval` measures on (`--datasets` "
        "overrides it)",
        json_schema_extra={"shown_default": "`shared/datasets` beside the checkout"},
    )

    @field_validator("datasets_dir", mode="before")
    @classmethod
    def _datasets_dir(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value
