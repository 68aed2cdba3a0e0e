"""Daily digest delivery: what is due comes from the database, sends follow claim → send → mark.

A tick (every `NEWSDESK_DIGEST_TICK_SECONDS`, and once at start-up as the catch-up pass)
reads the active subscriptions, works out each chat's local digest moment for its local
date, and delivers those that are due and not yet handled. A digest missed during
downtime is still sent that day while `NEWSDESK_DIGEST_CATCHUP_HOURS` have not passed
since its time; after that it is skipped, never sent late into the evening.

Delivery (see ../shared/TELEGRAM.md, "Digest delivery"):
- claim `pending → sending` in a transaction, send, mark `sent` with the message id;
- `RetryAfter`, connect or pool timeouts, connection refused → back to `pending` with
  backoff: the request certainly did not reach Telegram;
- a read/write timeout or another network error → `uncertain`: Telegram may have
  delivered it, and there is no idempotency key, so it is never resent automatically;
- `Forbidden` → `failed` and the subscription is deactivated with the reason;
- a migrated group → the subscription moves to the new chat id, sent there once;
- "chat not found" → retried later; after three in a row the subscription is deactivated;
- a forum topic that is gone or closed → sent once more without the topic;
- rows still `sending` at start-up (the process died mid-send) → `uncertain`.

Fan-out is paced below Telegram's limits by `bot.pacing.Pacer`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import httpx
from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.pacing import Pacer
from bot.render import safe_digest_messages
from bot.settings import DEFAULTS

if TYPE_CHECKING:
    from telegram import Bot, Message
    from telegram.ext import ContextTypes

    from bot.deps import App, Deps
    from bot.store import Store, Subscription
    from retrieval.digest import Digest

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
_BACKOFF_BASE = 30.0
_BACKOFF_CAP = 1800.0
# Explicit, so a digest never depends on the Application's defaults.
_HTML: dict[str, Any] = {
    "parse_mode": ParseMode.HTML,
    "link_preview_options": LinkPreviewOptions(is_disabled=True),
}
_NOT_SENT_CAUSES = (httpx.ConnectTimeout, httpx.PoolTimeout, httpx.ConnectError)

Composer = Callable[[datetime, str, str], Awaitable["Digest"]]


def register(application: App, deps: Deps) -> None:
    """Deliver digests from a tick that starts with the bot (with a store only).

    Digests a crash left mid-send become uncertain; then the first tick is the catch-up.
    """
    if deps.store is None:
        return
    scheduler = make_scheduler(deps.store, deps)
    options = deps.digests

    async def tick(context: ContextTypes.DEFAULT_TYPE) -> None:
        await _tick(scheduler, context.bot)

    async def start(app: App) -> None:
        scheduler.recover()
        if app.job_queue is not None:
            app.job_queue.run_repeating(
                tick, interval=options.tick_seconds, first=0.0, name="digests"
            )

    deps.on_start.append(start)


def make_scheduler(store: Store, deps: Deps) -> DigestScheduler:
    """Return the scheduler delivering `store`'s digests, composed by the assistant."""
    options = deps.digests
    return DigestScheduler(
        store, deps.compose_digest, catchup=options.catchup, skip_empty=options.skip_empty
    )


async def _tick(scheduler: DigestScheduler, bot: Bot) -> None:
    try:
        report = await scheduler.tick(bot)
    except Exception:
        logger.exception("the digest tick failed; the next one retries")
        return
    if report.due:
        logger.info(
            "digests: %d due, %d sent, %d empty skipped, %d retry later, %d uncertain, %d failed",
            report.due,
            report.sent,
            report.skipped_empty,
            report.retry_later,
            report.uncertain,
            report.failed,
        )


def local_moment(day: date, at: clock_time, tz: str) -> datetime:
    """Return the instant of wall-clock time `at` on `day` in zone `tz`.

    On the day clocks spring forward a time inside the gap (02:30 that does not exist)
    is read as the same offset before the change, i.e. the wall clock's 03:30; on the
    day they fall back an ambiguous time is its first occurrence.
    """
    zone = ZoneInfo(tz)
    naive = datetime.combine(day, at)
    moment = naive.replace(tzinfo=zone, fold=0)
    # A time in the gap does not survive the round trip through UTC: normalise it.
    return moment.astimezone(UTC).astimezone(zone)


def due_moment(sub: Subscription, now: datetime) -> tuple[date, datetime]:
    """Return the chat's local date at `now` and the moment its digest is due that date."""
    local_day = now.astimezone(ZoneInfo(sub.tz)).date()
    return local_day, local_moment(local_day, sub.at_time, sub.tz)


@dataclass(slots=True)
class _Route:
    """Where a digest goes; a migration or a vanished topic changes it mid-send."""

    chat_id: int
    thread_id: int | None


@dataclass(slots=True)
class TickReport:
    """What one tick did (for logs and tests)."""

    due: int = 0
    sent: int = 0
    skipped_empty: int = 0
    retry_later: int = 0
    uncertain: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


class DigestScheduler:
    """Finds due digests in the store and delivers each at most once."""

    def __init__(
        self,
        store: Store,
        compose: Composer,
        *,
        catchup: timedelta = timedelta(hours=DEFAULTS.digest_catchup_hours),
        skip_empty: bool = False,
        pacer: Pacer | None = None,
        concurrency: int = 32,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.compose = compose
        self.catchup = catchup
        self.skip_empty = skip_empty
        self.pacer = pacer or Pacer()
        self._concurrency = concurrency
        self._clock = clock  # unix time for retry scheduling
        self._tick_lock = asyncio.Lock()

    def recover(self) -> int:
        """Start-up: rows a crash left in `sending` become `uncertain` (never resent)."""
        count = self.store.recover_interrupted()
        if count:
            logger.warning("%d digest(s) were mid-send when the process stopped: uncertain", count)
        return count

    def due(self, now: datetime) -> list[tuple[Subscription, date, datetime]]:
        """Return the (subscription, local date, due moment) of every digest owed at `now`."""
        owed = []
        for sub in self.store.active_subscriptions():
            day, moment = due_moment(sub, now)
            if moment > now or now - moment > self.catchup or moment < sub.since:
                continue
            row = self.store.delivery(sub.chat_id, day)
            if row is not None and row.status != "pending":
                continue
            owed.append((sub, day, moment))
        return owed

    async def tick(self, bot: Bot, now: datetime | None = None) -> TickReport:
        """Deliver every digest due at `now` (default: the current time)."""
        report = TickReport()
        if self._tick_lock.locked():
            return report  # the previous tick is still fanning out; it covers these
        async with self._tick_lock:
            now = now or datetime.now(UTC)
            owed = self.due(now)
            report.due = len(owed)
            digests: dict[tuple[datetime, str, str], asyncio.Task[Digest]] = {}
            limit = asyncio.Semaphore(self._concurrency)

            async def one(sub: Subscription, day: date, moment: datetime) -> None:
                key = (moment.astimezone(UTC), sub.tz, sub.lang)
                if key not in digests:
                    digests[key] = asyncio.ensure_future(self.compose(moment, sub.tz, sub.lang))
                async with limit:
                    await self.deliver(bot, sub, day, digests[key], report)

            await asyncio.gather(*(one(*item) for item in owed))
        return report

    async def deliver(
        self,
        bot: Bot,
        sub: Subscription,
        day: date,
        digest_source: Awaitable[Digest],
        report: TickReport,
    ) -> None:
        """Claim, send and mark one chat's digest of one date."""
        store = self.store
        store.ensure_delivery(sub.chat_id, day)
        if not store.claim(sub.chat_id, day, now=self._clock()):
            return  # another tick, or a pending retry that is not due yet
        try:
            digest = await digest_source
        except Exception as exc:
            logger.exception("could not compose the digest for chat %s", sub.chat_id)
            store.release(sub.chat_id, day, retry_at=self._clock() + 60, error=f"compose: {exc}")
            report.retry_later += 1
            return
        if not digest.stories and self.skip_empty:
            store.mark_sent(sub.chat_id, day, None)
            report.skipped_empty += 1
            return
        try:
            parts = safe_digest_messages(digest)
        except Exception as exc:  # claimed: the row must not stay `sending`
            logger.exception("could not render the digest for chat %s", sub.chat_id)
            store.mark_failed(sub.chat_id, day, error=f"render: {type(exc).__name__}: {exc}")
            report.failed += 1
            return
        await self._send(bot, sub, day, parts, report)

    async def _send(
        self, bot: Bot, sub: Subscription, day: date, parts: list[str], report: TickReport
    ) -> None:
        route = _Route(sub.chat_id, sub.thread_id)
        first_id: int | None = None
        sent = 0
        try:
            for part in parts:
                await self.pacer.wait(route.chat_id, sub.chat_type)
                message = await self._send_part(bot, route, part)
                first_id = first_id or message.message_id
                sent += 1
        except Exception as exc:
            self._failed(route.chat_id, day, exc, sent=sent, report=report)
            return
        self.store.mark_sent(route.chat_id, day, first_id)
        report.sent += 1

    async def _send_part(self, bot: Bot, route: _Route, text: str) -> Message:
        try:
            return await self._send_in_topic(bot, route, text)
        except ChatMigrated as exc:
            new_id = int(exc.new_chat_id)
            logger.info("chat %s became %s; moving its subscription", route.chat_id, new_id)
            self.store.migrate_chat(route.chat_id, new_id)
            route.chat_id = new_id
            return await self._send_in_topic(bot, route, text)

    async def _send_in_topic(self, bot: Bot, route: _Route, text: str) -> Message:
        try:
            return await bot.send_message(
                route.chat_id, text, message_thread_id=route.thread_id, **_HTML
            )
        except BadRequest as exc:
            lowered = str(exc).lower()
            gone = "thread not found" in lowered or "topic_closed" in lowered
            if route.thread_id is None or not gone:
                raise
            logger.info(
                "topic %s of chat %s is gone; sending without it", route.thread_id, route.chat_id
            )
            self.store.clear_thread(route.chat_id)
            route.thread_id = None
            return await bot.send_message(route.chat_id, text, **_HTML)

    def _failed(
        self, chat_id: int, day: date, exc: Exception, *, sent: int, report: TickReport
    ) -> None:
        store = self.store
        error = f"{type(exc).__name__}: {exc}"[:300]
        report.errors.append(f"chat {chat_id}: {error}")
        row = store.delivery(chat_id, day)
        attempts = row.attempts if row else MAX_ATTEMPTS
        if sent:
            # Part one reached the chat: resending would repeat it.
            store.mark_uncertain(chat_id, day, error=f"part {sent + 1} failed: {error}")
            report.uncertain += 1
        elif isinstance(exc, Forbidden):
            store.mark_failed(chat_id, day, error=error)
            store.unsubscribe(chat_id, reason=str(exc)[:200] or "forbidden")
            report.failed += 1
        elif isinstance(exc, BadRequest) and "chat not found" in str(exc).lower():
            if store.chat_not_found(chat_id) or attempts >= MAX_ATTEMPTS:
                store.mark_failed(chat_id, day, error=error)
                report.failed += 1
            else:
                store.release(chat_id, day, retry_at=self._backoff(attempts), error=error)
                report.retry_later += 1
        elif _not_sent(exc):
            if attempts >= MAX_ATTEMPTS:
                store.mark_failed(chat_id, day, error=f"gave up after {attempts}: {error}")
                report.failed += 1
            else:
                wait = exc.retry_after if isinstance(exc, RetryAfter) else None
                retry_at = self._backoff(attempts, wait)
                store.release(chat_id, day, retry_at=retry_at, error=error)
                report.retry_later += 1
        elif isinstance(exc, NetworkError):  # TimedOut after sending, 5xx, connection lost
            logger.warning("digest to chat %s may or may not have arrived: %s", chat_id, error)
            store.mark_uncertain(chat_id, day, error=error)
            report.uncertain += 1
        else:
            if not isinstance(exc, TelegramError):
                logger.error("digest to chat %s failed", chat_id, exc_info=exc)
            store.mark_failed(chat_id, day, error=error)
            report.failed += 1

    def _backoff(self, attempts: int, at_least: object = None) -> float:
        """Return when to try again: 30 s doubling to 30 min, or later if Telegram asks."""
        wait = min(_BACKOFF_BASE * 2 ** max(attempts - 1, 0), _BACKOFF_CAP)
        if isinstance(at_least, timedelta):
            wait = max(wait, at_least.total_seconds())
        elif isinstance(at_least, int | float):
            wait = max(wait, float(at_least))
        return float(self._clock() + wait)


def _not_sent(exc: Exception) -> bool:
    """Return whether the request certainly never reached Telegram."""
    if isinstance(exc, RetryAfter):
        return True
    if isinstance(exc, TimedOut | NetworkError):
        cause = exc.__cause__
        return isinstance(cause, _NOT_SENT_CAUSES) or "pool timeout" in str(exc).lower()
    return False
