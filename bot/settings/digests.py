"""Digest settings: what `/subscribe` leaves out defaults to, and how digests are sent."""

from __future__ import annotations

from datetime import time, timedelta
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field, field_validator

from bot.settings.parsing import parse_clock, parse_zone
from corpus.article import LANGS
from retrieval.digest import MAX_STORIES

if TYPE_CHECKING:
    from bot.deps import DigestOptions

_DIGESTS = "Daily digests (`newsdesk run`, `newsdesk digest`)"


class DigestSettings(BaseModel):
    """The default time, zone and language of a subscription, and the scheduler's pace."""

    digest_time_raw: str = Field(
        default="08:00",
        alias="NEWSDESK_DIGEST_TIME",
        description="the time of day `/subscribe` uses when the command leaves it out "
        "(`HH:MM`, 24-hour)",
        json_schema_extra={"section": _DIGESTS},
    )
    digest_tz: str = Field(
        default="Europe/Kyiv",
        alias="NEWSDESK_DIGEST_TZ",
        description="the time zone `/subscribe` uses when the command leaves it out (IANA "
        "zone names, `UTC` too)",
    )
    digest_lang: str = Field(
        default="",
        alias="NEWSDESK_DIGEST_LANG",
        description="digest language of new subscriptions: `en`, `uk` or `ru`",
        json_schema_extra={"shown_default": "— (the subscriber's Telegram language)"},
    )
    digest_catchup_hours: float = Field(
        default=6.0,
        ge=0,
        le=24,
        alias="NEWSDESK_DIGEST_CATCHUP_HOURS",
        description="a digest missed during downtime is still sent when at most this late, "
        "the same local day",
    )
    digest_when_empty: str = Field(
        default="say",
        alias="NEWSDESK_DIGEST_WHEN_EMPTY",
        description="a day without articles: `say` so in one line, or `skip` the digest",
    )
    digest_max_stories: int = Field(
        default=MAX_STORIES,
        ge=1,
        le=30,
        alias="NEWSDESK_DIGEST_MAX_STORIES",
        description="stories per digest (it always fits one or two messages)",
    )
    digest_tick_seconds: float = Field(
        default=60.0,
        gt=0,
        alias="NEWSDESK_DIGEST_TICK_SECONDS",
        description="how often the scheduler reads due digests from the database",
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
        if value and value not in LANGS:
            msg = f"NEWSDESK_DIGEST_LANG must be {', '.join(LANGS)} or empty, not {value!r}"
            raise ValueError(msg)
        return value

    @field_validator("digest_when_empty")
    @classmethod
    def _when_empty(cls, value: str) -> str:
        if value not in ("say", "skip"):
            msg = f"NEWSDESK_DIGEST_WHEN_EMPTY must be say or skip, not {value!r}"
            raise ValueError(msg)
        return value

    @property
    def digest_time(self) -> time:
        """Return the default digest time of day."""
        parsed = parse_clock(self.digest_time_raw)
        assert parsed is not None  # validated
        return parsed

    def digest_options(self) -> DigestOptions:
        """Return how digests are scheduled and what `/subscribe` leaves out defaults to."""
        from bot.deps import DigestOptions
        from bot.digest_commands import DigestDefaults

        return DigestOptions(
            defaults=DigestDefaults(
                at_time=self.digest_time,
                tz=self.digest_tz,
                lang=self.digest_lang,
                max_stories=self.digest_max_stories,
            ),
            catchup=timedelta(hours=self.digest_catchup_hours),
            skip_empty=self.digest_when_empty == "skip",
            tick_seconds=self.digest_tick_seconds,
        )
