"""The SQLite store: pragmas, migrations, subscriptions, the delivery state machine."""

import inspect
import sqlite3
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from bot.store import MIGRATIONS, Delivery, SQLiteStore, Store, Subscription
from corpus.feeds.state import FeedState

NOW = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
DAY = date(2026, 11, 25)


def subscribe(store: SQLiteStore, chat_id: int = -100, **kw):
    args = {
        "chat_type": "supergroup",
        "thread_id": None,
        "at_time": time(8, 0),
        "tz": "Europe/Kyiv",
        "lang": "uk",
        "now": NOW,
    } | kw
    return store.subscribe(chat_id, **args)


def subscription(store: SQLiteStore, chat_id: int) -> Subscription:
    found = store.subscription(chat_id)
    assert found is not None, f"chat {chat_id} has no subscription"
    return found


def delivery(store: SQLiteStore, chat_id: int, day: date) -> Delivery:
    found = store.delivery(chat_id, day)
    assert found is not None, f"chat {chat_id} has no delivery on {day}"
    return found


def test_pragmas_and_schema_version(store: SQLiteStore, tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "state.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert store.schema_version == len(MIGRATIONS)
    # synchronous and foreign_keys are per connection: check the store's own.
    assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store._db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_migrations_upgrade_an_older_file_and_keep_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute(
        "INSERT INTO subscriptions (chat_id, chat_type, at_time, tz, lang, since, created_at, "
        "updated_at) VALUES (-5, 'group', '07:30', 'UTC', 'en', ?, ?, ?)",
        (NOW.isoformat(),) * 3,
    )
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()
    store = SQLiteStore(path)
    assert store.schema_version == len(MIGRATIONS)
    assert subscription(store, -5).at_time == time(7, 30)
    store.save_feed_state(FeedState(url="https://x.example/feed"))  # version 2's table
    assert "https://x.example/feed" in store.feed_states()
    store.close()


def test_a_newer_schema_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(RuntimeError, match="newer than this program"):
        SQLiteStore(path)


def test_subscribe_update_unsubscribe(store: SQLiteStore) -> None:
    sub = subscribe(store, thread_id=12)
    assert (sub.active, sub.at_time, sub.tz, sub.thread_id) == (True, time(8), "Europe/Kyiv", 12)
    later = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    changed = store.update(-100, now=later, lang="en")
    assert changed is not None
    assert changed.lang == "en"
    assert changed.since == NOW
    moved = store.update(-100, now=later, at_time=time(9, 30))
    assert moved is not None
    assert moved.at_time == time(9, 30)
    assert moved.since == later
    assert store.unsubscribe(-100, reason="unsubscribed by command")
    assert not store.unsubscribe(-100, reason="again")
    gone = subscription(store, -100)
    assert (gone.active, gone.reason) == (False, "unsubscribed by command")
    assert store.active_subscriptions() == []
    again = subscribe(store)
    assert again.active
    assert again.reason is None


def test_one_claim_wins_even_across_connections(store: SQLiteStore, tmp_path: Path) -> None:
    subscribe(store)
    other = SQLiteStore(tmp_path / "state.sqlite3")  # a second process, say
    store.ensure_delivery(-100, DAY)
    other.ensure_delivery(-100, DAY)  # the UNIQUE row is not duplicated
    assert store.claim(-100, DAY, now=0) is True
    assert other.claim(-100, DAY, now=0) is False
    assert len(store.deliveries()) == 1
    other.close()


def test_delivery_states(store: SQLiteStore) -> None:
    subscribe(store)
    store.ensure_delivery(-100, DAY)
    assert store.claim(-100, DAY, now=100.0)
    store.release(-100, DAY, retry_at=200.0, error="RetryAfter")
    assert store.claim(-100, DAY, now=150.0) is False  # not due yet
    assert store.claim(-100, DAY, now=200.0) is True
    row = delivery(store, -100, DAY)
    assert (row.status, row.attempts) == ("sending", 2)
    store.mark_sent(-100, DAY, 77)
    row = delivery(store, -100, DAY)
    assert (row.status, row.message_id) == ("sent", 77)
    assert store.claim(-100, DAY, now=1e12) is False  # sent is final


def test_rows_left_sending_by_a_crash_become_uncertain(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite3"
    first = SQLiteStore(path)
    subscribe(first)
    first.ensure_delivery(-100, DAY)
    assert first.claim(-100, DAY, now=0)
    del first  # no close, no mark: the process died here
    second = SQLiteStore(path)
    assert second.recover_interrupted() == 1
    row = delivery(second, -100, DAY)
    assert row.status == "uncertain"
    assert second.claim(-100, DAY, now=1e12) is False
    second.close()


def test_migration_moves_subscription_and_deliveries(store: SQLiteStore) -> None:
    subscribe(store, chat_id=-5, chat_type="group")
    store.ensure_delivery(-5, DAY)
    store.claim(-5, DAY, now=0)
    store.mark_sent(-5, DAY, 1)
    assert store.migrate_chat(-5, -1005)
    assert store.subscription(-5) is None
    moved = subscription(store, -1005)
    assert (moved.chat_type, moved.active, moved.at_time) == ("supergroup", True, time(8))
    assert delivery(store, -1005, DAY).status == "sent"  # not owed again after the move
    assert store.migrate_chat(-5, -1005) is False


def test_chat_not_found_deactivates_after_three_in_a_row(store: SQLiteStore) -> None:
    subscribe(store)
    assert store.chat_not_found(-100) is False
    assert store.chat_not_found(-100) is False
    assert store.chat_not_found(-100) is True
    assert subscription(store, -100).reason == "chat not found"


def test_feed_state_and_items_round_trip(store: SQLiteStore) -> None:
    state = FeedState(
        url="https://x.example/rss",
        etag='"abc"',
        last_modified="Tue, 24 Nov 2026 10:00:00 GMT",
        failures=2,
        next_poll_at=123.5,
        last_ok_at=100.0,
        last_error="HTTP 503",
        last_status=503,
        entries_seen=20,
        articles_added=7,
    )
    store.save_feed_state(state)
    assert store.feed_states()["https://x.example/rss"] == state
    assert not store.known_item("guid-1")
    store.add_items("https://x.example/rss", ["guid-1", "guid-2"], now=1.0)
    assert store.known_item("guid-1")
    assert store.known_item("guid-2")


def test_sqlite_store_has_every_store_method_with_the_protocols_signature() -> None:
    # mypy checks the types (bot/store/__init__.py); this also holds the names, order,
    # kinds and defaults of the parameters to the protocol's, which callers pass by keyword.
    methods = [n for n, v in vars(Store).items() if callable(v) and not n.startswith("_")]
    assert {"subscribe", "claim", "feed_states", "close"} <= set(methods)
    for name in methods:
        expected = inspect.signature(getattr(Store, name))
        assert inspect.signature(getattr(SQLiteStore, name)) == expected, name
