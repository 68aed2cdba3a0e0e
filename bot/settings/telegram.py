"""Telegram settings: the bot's token and endpoint, its admins, and how much users may ask."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field, SecretStr, field_validator

if TYPE_CHECKING:
    from bot.deps import BotConfig

_TELEGRAM = "Telegram (`newsdesk run`)"


class TelegramSettings(BaseModel):
    """The Bot API credentials, the admins, the rate limits and the update handling."""

    telegram_bot_token: SecretStr | None = Field(
        default=None,
        alias="TELEGRAM_BOT_TOKEN",
        description="the bot's token from @BotFather; needed by `newsdesk run` only; never logged",
        examples=["<from @BotFather>"],
        json_schema_extra={"section": _TELEGRAM},
    )
    telegram_api_base_url: str = Field(
        default="https://api.telegram.org/bot",
        alias="TELEGRAM_API_BASE_URL",
        description="Bot API endpoint (tests use a local fake)",
    )
    telegram_webhook_secret: SecretStr | None = Field(
        default=None,
        alias="TELEGRAM_WEBHOOK_SECRET",
        description="secret Telegram sends with every webhook request, 16–256 characters of "
        "`A-Z a-z 0-9 _ -` (e.g. `python3 -c 'import secrets; "
        "print(secrets.token_urlsafe(32))'`); requests without it get 403; required by "
        "`--webhook`, unused when polling; never logged",
        json_schema_extra={"shown_default": "— (webhook mode refuses to start)"},
    )
    admin_ids_raw: str = Field(
        default="",
        alias="NEWSDESK_ADMIN_IDS",
        description="comma-separated numeric user ids allowed to `/reload` and to see "
        "`/stats` details (in a private chat)",
        json_schema_extra={"shown_default": "— (admin commands off)"},
    )
    user_rate: int = Field(
        default=5,
        ge=1,
        alias="NEWSDESK_USER_QUESTIONS_PER_MINUTE",
        description="per-user token bucket, refilled at this many a minute: questions, "
        "`/ask` and `/digest` in any case, edited messages, button presses and inline "
        "queries all take from it",
    )
    user_burst: int = Field(
        default=3,
        ge=1,
        alias="NEWSDESK_USER_BURST",
        description="size of the per-user token bucket: how many may come at once",
    )
    chat_rate: int = Field(
        default=20,
        ge=1,
        alias="NEWSDESK_CHAT_QUESTIONS_PER_MINUTE",
        description="per-group token bucket, refilled at this many a minute",
    )
    chat_burst: int = Field(
        default=10,
        ge=1,
        alias="NEWSDESK_CHAT_BURST",
        description="size of the per-group token bucket",
    )
    concurrent_updates: int = Field(
        default=16,
        ge=1,
        le=256,
        alias="NEWSDESK_CONCURRENT_UPDATES",
        description="updates handled at once",
    )
    stale_after_seconds: int = Field(
        default=300,
        ge=0,
        alias="NEWSDESK_STALE_AFTER_SECONDS",
        description="messages older than this on arrival (after downtime) are not answered",
    )

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

    def bot_config(self) -> BotConfig:
        """Return who the admins are and how much each user and chat may ask."""
        from bot.deps import BotConfig

        return BotConfig(
            admin_ids=self.admin_ids,
            user_rate=self.user_rate,
            user_burst=self.user_burst,
            chat_rate=self.chat_rate,
            chat_burst=self.chat_burst,
            stale_after_seconds=self.stale_after_seconds,
        )
