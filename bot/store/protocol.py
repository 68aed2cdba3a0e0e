"""What the bot needs from its state: the records it reads and the `Store` protocol.

Callers (digest delivery, digest commands, the feed poller, the application wiring) type
their store as `Store`; only the command line's `_open_store` names an implementation.
`docs/storage.md` says what an implementation must guarantee beyond these signatures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from corpus.feeds.state import FeedState

# A delivery's states: pending → sending → sent | uncertain | failed, or back to pending.
STATUSES = ("pending", "sending", "sent", "uncertain", "failed")
# "Chat not found" sends in a row that deactivate a subscription.
CHAT_NOT_FOUND_LIMIT = 3


@dataclass(frozen=True, slots=True)
class Subscription:
    """One chat's digest subscription."""

    chat_id: int
    chat_type: str
    thread_id: int | None
    at_time: time
    tz: str
    lang: str
    active: bool
    reason: str | None
    since: datetime


@dataclass(frozen=True, slots=True)
class Delivery:
    """One chat's digest of one local date."""

    chat_id: int
    digest_date: date
    status: str
    message_id: int | None
    attempts: int
    next_attempt_at: float
    error: str | None


class Store(Protocol):
    """What the bot needs from its state; SQLite now, PostgreSQL could fill it later."""

    def subscribe(
        self,
        chat_id: int,
        *,
        chat_type: str,
        thread_id: int | None,
        at_time: time,
        tz: str,
        lang: str,
        now: datetime,
    ) -> Subscription:
        """Create or reactivate a chat's subscription (time changes restart `since`)."""

    def update(
        self,
        chat_id: int,
        *,
        now: datetime,
        at_time: time | None = None,
        tz: str | None = None,
        lang: str | None = None,
    ) -> Subscription | None:
        """Change some settings of an existing subscription."""

    def unsubscribe(self, chat_id: int, *, reason: str) -> bool:
        """Deactivate; return whether an active subscription existed."""

    def subscription(self, chat_id: int) -> Subscription | None:
        """Return a chat's subscription (active or not)."""

    def active_subscriptions(self) -> list[Subscription]:
        """Return every active subscription."""

    def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> bool:
        """Move a chat's subscription and deliveries to its new id, in one transaction."""

    def chat_not_found(self, chat_id: int) -> bool:
        """Count a "chat not found"; deactivate after three in a row. Return if deactivated."""

    def clear_thread(self, chat_id: int) -> None:
        """Forget a forum topic that was deleted or closed: send to the main chat."""

    def delivery(self, chat_id: int, day: date) -> Delivery | None:
        """Return the delivery row of one chat and date."""

    def deliveries(self, *, status: str | None = None) -> list[Delivery]:
        """Return delivery rows, optionally of one status."""

    def ensure_delivery(self, chat_id: int, day: date) -> Delivery:
        """Create the `pending` row if there is none; return the row."""

    def claim(self, chat_id: int, day: date, *, now: float) -> bool:
        """Move `pending → sending` if the row is pending and due; return whether claimed."""

    def mark_sent(self, chat_id: int, day: date, message_id: int | None) -> None:
        """Record a delivered digest."""

    def release(self, chat_id: int, day: date, *, retry_at: float, error: str) -> None:
        """Put a claimed row back to `pending`: the send certainly did not happen."""

    def mark_uncertain(self, chat_id: int, day: date, *, error: str) -> None:
        """The send may have reached the chat: never resend automatically."""

    def mark_failed(self, chat_id: int, day: date, *, error: str) -> None:
        """Give up on this digest."""

    def recover_interrupted(self) -> int:
        """Rows left in `sending` by a crash become `uncertain`; return how many."""

    def feed_states(self) -> dict[str, FeedState]:
        """Return the stored state of every feed polled before."""

    def save_feed_state(self, state: FeedState) -> None:
        """Store one feed's state after a poll."""

    def known_item(self, item_id: str) -> bool:
        """Return whether a feed entry was ingested before."""

    def add_items(self, feed_url: str, item_ids: list[str], *, now: float) -> None:
        """Remember ingested feed entries."""

    def close(self) -> None:
        """Release the database."""
