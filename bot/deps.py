"""What the bot's rooms share, typed and passed in: each room's `register(application, deps)`.

`newsdesk run` (and each test) builds one `Deps`: the facade from
`bot.settings.open_assistant`, plain values from the settings, and the state the rooms
share (the answer counter and the buttons' memory). Nothing is looked up by name.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from telegram.ext import Application

from bot.callbacks import AnswerMemory
from bot.digest_commands import ADMIN_CACHE_SIZE, DigestDefaults
from bot.settings import DEFAULTS
from bot.stats_view import Stats

if TYPE_CHECKING:
    from datetime import datetime

    from bot.feed_poller import FeedPoller
    from bot.store import Store
    from retrieval.assistant import Assistant
    from retrieval.digest import Digest

App = Application[Any, Any, Any, Any, Any, Any]
# Run once the application is up (post_init): publishing commands, starting jobs.
StartHook = Callable[[App], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class BotConfig:
    """Who the admins are and how much each user and chat may ask (from `Settings`)."""

    admin_ids: frozenset[int]
    user_rate: int = DEFAULTS.user_rate
    user_burst: int = DEFAULTS.user_burst
    chat_rate: int = DEFAULTS.chat_rate
    chat_burst: int = DEFAULTS.chat_burst
    stale_after_seconds: int = DEFAULTS.stale_after_seconds


@dataclass(frozen=True, slots=True)
class DigestOptions:
    """How digests are scheduled (from `Settings`)."""

    defaults: DigestDefaults = field(default_factory=DigestDefaults)
    catchup: timedelta = timedelta(hours=DEFAULTS.digest_catchup_hours)
    skip_empty: bool = DEFAULTS.digest_when_empty == "skip"
    tick_seconds: float = DEFAULTS.digest_tick_seconds
    admin_cache_size: int = ADMIN_CACHE_SIZE  # group admin checks remembered (5 min each)


@dataclass(frozen=True, slots=True)
class Deps:
    """Everything a room may use. With a `store`, digests are on; with `feeds`, polling."""

    assistant: Assistant
    config: BotConfig
    store: Store | None = None
    digests: DigestOptions = field(default_factory=DigestOptions)
    feeds: FeedPoller | None = None
    feed_check_seconds: float = 60.0
    stats: Stats = field(default_factory=Stats)
    memory: AnswerMemory = field(default_factory=AnswerMemory)
    # What must run once the application is up; rooms add theirs in `register`, and each
    # application gets its own list (`build_application` copies the rest).
    on_start: list[StartHook] = field(default_factory=list, init=False, repr=False)

    async def compose_digest(self, at: datetime, tz: str, lang: str) -> Digest:
        """Return the digest for `at` (the same way `newsdesk digest` makes it)."""
        max_stories = self.digests.defaults.max_stories
        return await self.assistant.digest(at, tz, lang, max_stories=max_stories)
