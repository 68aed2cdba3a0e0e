"""Feed settings: which RSS/Atom feeds are polled, how often, how much, and from where."""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator

from bot.settings.parsing import parse_ports, split_list
from corpus.limits import MIB, FeedLimits, FetchPolicy
from corpus.urls import is_web_url

# `corpus.limits` holds the defaults (corpus cannot import this layer).
_FEED = FeedLimits()
_FETCH = FetchPolicy()
_FEEDS = "News feeds (`newsdesk run`, `newsdesk feeds`)"


class FeedSettings(BaseModel):
    """The feed URLs, the poll interval, the limits of one poll and the reachable addresses."""

    feeds_raw: str = Field(
        default="",
        alias="NEWSDESK_FEEDS",
        description="comma-separated RSS/Atom URLs polled by `newsdesk run` and "
        "`newsdesk feeds`; a user, password or query string in them is never shown or logged",
        json_schema_extra={"section": _FEEDS},
    )
    feed_interval_minutes: float = Field(
        default=15.0,
        gt=0,
        alias="NEWSDESK_FEED_INTERVAL_MINUTES",
        description="minutes between polls of one feed; a failing feed backs off (doubling, "
        "at most 6 h)",
    )
    feed_timeout_seconds: float = Field(
        default=_FEED.fetch_seconds,
        gt=0,
        alias="NEWSDESK_FEED_TIMEOUT_SECONDS",
        description="wall-clock limit of one feed or article-page request, redirects and "
        "body included",
    )
    feed_poll_deadline_seconds: float = Field(
        default=_FEED.poll_seconds,
        gt=0,
        alias="NEWSDESK_FEED_POLL_DEADLINE_SECONDS",
        description="wall-clock limit of one poll of one feed, its page fetches included; "
        "entries not finished by then wait for the next poll",
    )
    feed_max_mb: float = Field(
        default=_FEED.max_feed_bytes / MIB,
        gt=0,
        alias="NEWSDESK_FEED_MAX_MB",
        description="largest feed read, in MB (decoded size); a larger one is refused",
    )
    feed_page_max_mb: float = Field(
        default=_FEED.max_page_bytes / MIB,
        gt=0,
        alias="NEWSDESK_FEED_PAGE_MAX_MB",
        description="largest article page read, in MB (decoded size); a larger one is refused",
    )
    feed_max_entries: int = Field(
        default=_FEED.max_entries,
        ge=1,
        alias="NEWSDESK_FEED_MAX_ENTRIES",
        description="new entries one poll takes, the newest first; the rest wait for the "
        "next polls",
    )
    feed_max_page_fetches: int = Field(
        default=_FEED.max_page_fetches,
        ge=1,
        alias="NEWSDESK_FEED_MAX_PAGE_FETCHES",
        description="article pages one poll of one feed fetches; entries past it wait for "
        "the next polls",
    )
    feed_max_redirects: int = Field(
        default=_FETCH.max_redirects,
        ge=0,
        le=20,
        alias="NEWSDESK_FEED_MAX_REDIRECTS",
        description="redirects followed per request",
    )
    feed_ports_raw: str = Field(
        default=",".join(str(port) for port in sorted(_FETCH.ports)),
        alias="NEWSDESK_FEED_PORTS",
        description="ports feeds and article pages may be fetched from",
    )
    feed_allow_networks_raw: str = Field(
        default="",
        alias="NEWSDESK_FEED_ALLOW_NETWORKS",
        description="comma-separated CIDRs that feeds may reach although they are internal "
        "(loopback, private…); **for tests and intranet feeds only, leave empty in "
        "production** (see Security notes)",
        json_schema_extra={"shown_default": "— (none)"},
    )

    @field_validator("feeds_raw")
    @classmethod
    def _feed_urls(cls, value: str) -> str:
        for url in split_list(value):
            if not is_web_url(url):
                msg = f"NEWSDESK_FEEDS must be comma-separated http(s) URLs, not {url!r}"
                raise ValueError(msg)
        return value

    @field_validator("feed_ports_raw")
    @classmethod
    def _feed_ports(cls, value: str) -> str:
        if not parse_ports(value):
            msg = f"NEWSDESK_FEED_PORTS must be comma-separated port numbers, not {value!r}"
            raise ValueError(msg)
        return value

    @field_validator("feed_allow_networks_raw")
    @classmethod
    def _feed_networks(cls, value: str) -> str:
        from corpus.feeds.addresses import parse_networks

        try:
            parse_networks(value)
        except ValueError as exc:
            msg = f"NEWSDESK_FEED_ALLOW_NETWORKS must be comma-separated CIDRs: {exc}"
            raise ValueError(msg) from None
        return value

    @property
    def feeds(self) -> list[str]:
        """Return the feed URLs to poll."""
        return split_list(self.feeds_raw)

    def feed_limits(self) -> FeedLimits:
        """Return how much one feed poll may take."""
        return FeedLimits(
            fetch_seconds=self.feed_timeout_seconds,
            poll_seconds=self.feed_poll_deadline_seconds,
            max_feed_bytes=round(self.feed_max_mb * MIB),
            max_page_bytes=round(self.feed_page_max_mb * MIB),
            max_entries=self.feed_max_entries,
            max_page_fetches=self.feed_max_page_fetches,
        )

    def feed_policy(self) -> FetchPolicy:
        """Return where feed and page fetches may connect."""
        from corpus.feeds.addresses import parse_networks

        return FetchPolicy(
            ports=parse_ports(self.feed_ports_raw),
            allowed_networks=parse_networks(self.feed_allow_networks_raw),
            max_redirects=self.feed_max_redirects,
        )
