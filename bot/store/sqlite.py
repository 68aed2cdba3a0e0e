"""`SQLiteStore`: the `Store` over one SQLite file.

WAL, synchronous=FULL, busy_timeout, foreign keys, `PRAGMA user_version` migrations
(`bot/store/schema.py`), one connection guarded by a lock. Writes run in
`BEGIN IMMEDIATE` transactions, so a claim is atomic across processes sharing the file.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path

from bot.store.protocol import CHAT_NOT_FOUND_LIMIT, Delivery, Subscription
from bot.store.schema import MIGRATIONS
from corpus.feeds.state import FeedState


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


class SQLiteStore:
    """The `Store` over one SQLite file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        for pragma in (
            "PRAGMA journal_mode=WAL",
            "PRAGMA synchronous=FULL",
            "PRAGMA busy_timeout=5000",
            "PRAGMA foreign_keys=ON",
        ):
            self._db.execute(pragma)
        self._migrate()

    @property
    def schema_version(self) -> int:
        """Return `PRAGMA user_version`."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        with self._lock:
            current = self.schema_version
            if current > len(MIGRATIONS):
                msg = (
                    f"{self.path} has schema version {current}, newer than this program "
                    f"knows ({len(MIGRATIONS)}); upgrade newsdesk"
                )
                raise RuntimeError(msg)
            for version in range(current, len(MIGRATIONS)):
                # One script, one transaction: a migration applies whole or not at all.
                script = (
                    f"BEGIN IMMEDIATE;\n{MIGRATIONS[version]}\nPRAGMA user_version={version + 1};"
                )
                try:
                    self._db.executescript(script + "\nCOMMIT;")
                except sqlite3.Error:
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    raise

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _one(self, sql: str, params: tuple[object, ...]) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self._db.execute(sql, params).fetchone()
            return row

    # --- subscriptions ----------------------------------------------------------------

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
        stamp = _iso(now)
        with self._transaction() as db:
            db.execute(
                """
                INSERT INTO subscriptions
                    (chat_id, chat_type, thread_id, at_time, tz, lang, active, reason,
                     since, not_found, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 1, NULL, ?, 0, ?, ?)
                ON CONFLICT (chat_id) DO UPDATE SET
                    chat_type = excluded.chat_type, thread_id = excluded.thread_id,
                    at_time = excluded.at_time, tz = excluded.tz, lang = excluded.lang,
                    active = 1, reason = NULL, since = excluded.since, not_found = 0,
                    updated_at = excluded.updated_at
                """,
                (chat_id, chat_type, thread_id, at_time.strftime("%H:%M"), tz, lang, *[stamp] * 3),
            )
        found = self.subscription(chat_id)
        assert found is not None
        return found

    def update(
        self,
        chat_id: int,
        *,
        now: datetime,
        at_time: time | None = None,
        tz: str | None = None,
        lang: str | None = None,
    ) -> Subscription | None:
        """Change some settings; a new time or zone restarts `since` (no surprise digest)."""
        current = self.subscription(chat_id)
        if current is None:
            return None
        moved = (at_time is not None and at_time != current.at_time) or (
            tz is not None and tz != current.tz
        )
        with self._transaction() as db:
            db.execute(
                """
                UPDATE subscriptions SET at_time = ?, tz = ?, lang = ?, since = ?,
                    updated_at = ? WHERE chat_id = ?
                """,
                (
                    (at_time or current.at_time).strftime("%H:%M"),
                    tz or current.tz,
                    lang or current.lang,
                    _iso(now) if moved else _iso(current.since),
                    _iso(now),
                    chat_id,
                ),
            )
        return self.subscription(chat_id)

    def unsubscribe(self, chat_id: int, *, reason: str) -> bool:
        """Deactivate; return whether an active subscription existed."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE subscriptions SET active = 0, reason = ?, updated_at = ? "
                "WHERE chat_id = ? AND active = 1",
                (reason, _iso(datetime.now(UTC)), chat_id),
            )
            return cursor.rowcount > 0

    def subscription(self, chat_id: int) -> Subscription | None:
        """Return a chat's subscription (active or not)."""
        row = self._one("SELECT * FROM subscriptions WHERE chat_id = ?", (chat_id,))
        return None if row is None else _subscription(row)

    def active_subscriptions(self) -> list[Subscription]:
        """Return every active subscription."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM subscriptions WHERE active = 1 ORDER BY chat_id"
            ).fetchall()
        return [_subscription(r) for r in rows]

    def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> bool:
        """Move a chat's subscription and deliveries to its new id, in one transaction."""
        with self._transaction() as db:
            if (
                db.execute(
                    "SELECT 1 FROM subscriptions WHERE chat_id = ?", (old_chat_id,)
                ).fetchone()
                is None
            ):
                return False
            # The new chat may have subscribed already; the migrating row replaces it.
            db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (new_chat_id,))
            db.execute(
                "UPDATE subscriptions SET chat_id = ?, chat_type = 'supergroup', "
                "not_found = 0, updated_at = ? WHERE chat_id = ?",
                (new_chat_id, _iso(datetime.now(UTC)), old_chat_id),
            )
            db.execute(
                "UPDATE OR IGNORE digest_deliveries SET chat_id = ? WHERE chat_id = ?",
                (new_chat_id, old_chat_id),
            )
            db.execute("DELETE FROM digest_deliveries WHERE chat_id = ?", (old_chat_id,))
            return True

    def chat_not_found(self, chat_id: int) -> bool:
        """Count a "chat not found"; deactivate after three in a row. Return if deactivated."""
        with self._transaction() as db:
            db.execute(
                "UPDATE subscriptions SET not_found = not_found + 1 WHERE chat_id = ?",
                (chat_id,),
            )
            cursor = db.execute(
                "UPDATE subscriptions SET active = 0, reason = 'chat not found', updated_at = ? "
                "WHERE chat_id = ? AND active = 1 AND not_found >= ?",
                (_iso(datetime.now(UTC)), chat_id, CHAT_NOT_FOUND_LIMIT),
            )
            return cursor.rowcount > 0

    def clear_thread(self, chat_id: int) -> None:
        """Forget a forum topic that was deleted or closed: send to the main chat."""
        with self._transaction() as db:
            db.execute(
                "UPDATE subscriptions SET thread_id = NULL, updated_at = ? WHERE chat_id = ?",
                (_iso(datetime.now(UTC)), chat_id),
            )

    # --- deliveries -------------------------------------------------------------------

    def delivery(self, chat_id: int, day: date) -> Delivery | None:
        """Return the delivery row of one chat and date."""
        row = self._one(
            "SELECT * FROM digest_deliveries WHERE chat_id = ? AND digest_date = ?",
            (chat_id, day.isoformat()),
        )
        return None if row is None else _delivery(row)

    def deliveries(self, *, status: str | None = None) -> list[Delivery]:
        """Return delivery rows, optionally of one status."""
        sql = "SELECT * FROM digest_deliveries"
        params: tuple[object, ...] = ()
        if status is not None:
            sql += " WHERE status = ?"
            params = (status,)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY digest_date, chat_id", params).fetchall()
        return [_delivery(r) for r in rows]

    def ensure_delivery(self, chat_id: int, day: date) -> Delivery:
        """Create the `pending` row if there is none; return the row."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO digest_deliveries (chat_id, digest_date, status, "
                "updated_at) VALUES (?, ?, 'pending', ?)",
                (chat_id, day.isoformat(), _iso(datetime.now(UTC))),
            )
        found = self.delivery(chat_id, day)
        assert found is not None
        return found

    def claim(self, chat_id: int, day: date, *, now: float) -> bool:
        """Move `pending → sending` if the row is pending and due; return whether claimed."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE digest_deliveries SET status = 'sending', attempts = attempts + 1, "
                "updated_at = ? WHERE chat_id = ? AND digest_date = ? AND status = 'pending' "
                "AND next_attempt_at <= ?",
                (_iso(datetime.now(UTC)), chat_id, day.isoformat(), now),
            )
            return cursor.rowcount == 1

    def _set(self, chat_id: int, day: date, status: str, **fields: object) -> None:
        names = ["status = ?", "updated_at = ?", *(f"{k} = ?" for k in fields)]
        params = (status, _iso(datetime.now(UTC)), *fields.values(), chat_id, day.isoformat())
        with self._transaction() as db:
            db.execute(
                f"UPDATE digest_deliveries SET {', '.join(names)} "
                "WHERE chat_id = ? AND digest_date = ?",
                params,
            )

    def mark_sent(self, chat_id: int, day: date, message_id: int | None) -> None:
        """Record a delivered digest (and that the chat exists)."""
        self._set(chat_id, day, "sent", message_id=message_id, error=None)
        with self._transaction() as db:
            db.execute("UPDATE subscriptions SET not_found = 0 WHERE chat_id = ?", (chat_id,))

    def release(self, chat_id: int, day: date, *, retry_at: float, error: str) -> None:
        """Put a claimed row back to `pending`: the send certainly did not happen."""
        self._set(chat_id, day, "pending", next_attempt_at=retry_at, error=error)

    def mark_uncertain(self, chat_id: int, day: date, *, error: str) -> None:
        """The send may have reached the chat: never resend automatically."""
        self._set(chat_id, day, "uncertain", error=error)

    def mark_failed(self, chat_id: int, day: date, *, error: str) -> None:
        """Give up on this digest."""
        self._set(chat_id, day, "failed", error=error)

    def recover_interrupted(self) -> int:
        """Rows left in `sending` by a crash become `uncertain`; return how many."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE digest_deliveries SET status = 'uncertain', "
                "error = 'interrupted while sending (process stopped)', updated_at = ? "
                "WHERE status = 'sending'",
                (_iso(datetime.now(UTC)),),
            )
            return cursor.rowcount

    # --- feeds ------------------------------------------------------------------------

    def feed_states(self) -> dict[str, FeedState]:
        """Return the stored state of every feed polled before."""
        with self._lock:
            rows = self._db.execute("SELECT * FROM feeds").fetchall()
        return {
            r["url"]: FeedState(
                url=r["url"],
                etag=r["etag"],
                last_modified=r["last_modified"],
                failures=r["failures"],
                next_poll_at=r["next_poll_at"],
                last_ok_at=r["last_ok_at"],
                last_error=r["last_error"],
                last_status=r["last_status"],
                entries_seen=r["entries_seen"],
                articles_added=r["articles_added"],
            )
            for r in rows
        }

    def save_feed_state(self, state: FeedState) -> None:
        """Store one feed's state after a poll."""
        with self._transaction() as db:
            db.execute(
                """
                INSERT OR REPLACE INTO feeds (url, etag, last_modified, failures,
                    next_poll_at, last_ok_at, last_error, last_status, entries_seen,
                    articles_added)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                (
                    state.url,
                    state.etag,
                    state.last_modified,
                    state.failures,
                    state.next_poll_at,
                    state.last_ok_at,
                    state.last_error,
                    state.last_status,
                    state.entries_seen,
                    state.articles_added,
                ),
            )

    def known_item(self, item_id: str) -> bool:
        """Return whether a feed entry was ingested before."""
        return self._one("SELECT 1 FROM feed_items WHERE id = ?", (item_id,)) is not None

    def add_items(self, feed_url: str, item_ids: list[str], *, now: float) -> None:
        """Remember ingested feed entries."""
        with self._transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO feed_items (id, feed_url, added_at) VALUES (?, ?, ?)",
                [(i, feed_url, now) for i in item_ids],
            )

    def close(self) -> None:
        """Release the database."""
        with self._lock:
            self._db.close()


def _subscription(row: sqlite3.Row) -> Subscription:
    return Subscription(
        chat_id=row["chat_id"],
        chat_type=row["chat_type"],
        thread_id=row["thread_id"],
        at_time=time.fromisoformat(row["at_time"]),
        tz=row["tz"],
        lang=row["lang"],
        active=bool(row["active"]),
        reason=row["reason"],
        since=datetime.fromisoformat(row["since"]),
    )


def _delivery(row: sqlite3.Row) -> Delivery:
    return Delivery(
        chat_id=row["chat_id"],
        digest_date=date.fromisoformat(row["digest_date"]),
        status=row["status"],
        message_id=row["message_id"],
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        error=row["error"],
    )
