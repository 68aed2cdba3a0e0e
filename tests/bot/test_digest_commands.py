"""Digest commands and chat lifecycle end to end: the real Application polling the fake Bot API."""

import asyncio
import time as wallclock
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from telegram.ext import Application

from bot.app import build_application
from bot.deps import BotConfig, Deps, DigestOptions
from bot.digest_commands import ANONYMOUS_ADMIN_ID, DigestDefaults
from corpus.article import Article
from retrieval.index import build_index
from tests.bot.e2e import assistant
from tests.bot.zones import same_day_zone

USER = 42
ADMIN = 7
GROUP = -1001
KYIV = ZoneInfo("Europe/Kyiv")


def sent(api, chat_id=None):
    return [
        p
        for p in api.requests_for("sendMessage")
        if "_fault" not in p and (chat_id is None or p["chat_id"] == chat_id)
    ]


async def wait_sent(api, count, chat_id=None, within=10.0):
    deadline = wallclock.monotonic() + within
    while wallclock.monotonic() < deadline:
        if len(sent(api, chat_id)) >= count:
            return sent(api, chat_id)
        await asyncio.sleep(0.02)
    raise AssertionError(f"expected {count} sendMessage; got {sent(api, chat_id)}")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An index whose articles are dated today and yesterday (Kyiv), so /digest has news."""
    today = datetime.now(KYIV).date()
    articles = [
        Article(
            id="today-bridge",
            title="Kyiv reopens the Podilskyi bridge to trams",
            url="https://herald.example/bridge",
            published=today,
            lang="en",
            source="Kyiv Herald",
            text="Trams crossed the Podilskyi bridge in Kyiv for the first time today, "
            "the city transport department said. Two routes will use the bridge.",
        ),
        Article(
            id="yesterday-bridge",
            title="Podilskyi bridge tram tests finish in Kyiv",
            url="https://daily.example/bridge-tests",
            published=today - timedelta(days=1),
            lang="en",
            source="Dnipro Daily",
            text="Test runs of trams on the Podilskyi bridge in Kyiv finished, the transport "
            "department said, clearing the way for passenger service.",
        ),
    ]
    build_index(articles, data_dir=tmp_path / "data", workers=1)
    return tmp_path / "data"


def make_app(api, data_dir, store, *, tick=0.3):
    deps = Deps(
        assistant=assistant(data_dir),
        config=BotConfig(admin_ids=frozenset({ADMIN})),
        store=store,
        digests=DigestOptions(defaults=DigestDefaults(), tick_seconds=tick),
    )
    return build_application(deps, token=api.token, base_url=api.base_url, read_timeout=5)


@pytest.fixture
async def running(api, data_dir, store):
    async def start(**kw):
        app = make_app(api, data_dir, store, **kw)
        await app.initialize()
        await app.post_init(app)
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        apps.append(app)
        return app

    apps: list[Application[Any, Any, Any, Any, Any, Any]] = []
    yield start
    for app in apps:
        assert app.updater is not None
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def test_a_group_admin_subscribes(running, api, store) -> None:
    await running()
    api.set_member_status(GROUP, USER, "administrator")
    api.push_update(api.text_message(GROUP, "/subscribe 09:30 europe/warsaw", user_id=USER))
    [reply] = await wait_sent(api, 1)
    assert "09:30 (Europe/Warsaw)" in reply["text"]
    sub = store.subscription(GROUP)
    assert (sub.at_time.strftime("%H:%M"), sub.tz, sub.active) == ("09:30", "Europe/Warsaw", True)
    assert api.requests_for("getChatMember") == [{"chat_id": GROUP, "user_id": USER}]


async def test_a_member_is_refused_and_nothing_changes(running, api, store) -> None:
    await running()
    api.set_member_status(GROUP, USER, "member")
    api.push_update(api.text_message(GROUP, "/subscribe 08:00", user_id=USER))
    [reply] = await wait_sent(api, 1)
    assert "Only this group's administrators" in reply["text"]
    assert store.subscription(GROUP) is None


async def test_an_anonymous_admin_may_subscribe(running, api, store) -> None:
    await running()
    api.push_update(api.text_message(GROUP, "/subscribe", user_id=ANONYMOUS_ADMIN_ID))
    [reply] = await wait_sent(api, 1)
    assert "08:00 (Europe/Kyiv)" in reply["text"]
    assert store.subscription(GROUP).active
    assert not api.requests_for("getChatMember")


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/subscribe 25:00", "is not a time of day. Use HH:MM, e.g. /subscribe 08:00"),
        ("/subscribe 08:00 Mars/Olympus", "is not a time zone I know"),
        ("/subscribe 08:00 Kyiv", "Use an IANA name such as Europe/Kyiv"),
    ],
)
async def test_bad_time_or_zone_gets_an_example(running, api, store, command, expected) -> None:
    await running()
    api.push_update(api.text_message(USER, command))
    [reply] = await wait_sent(api, 1)
    assert expected in reply["text"]
    assert store.subscription(USER) is None


@pytest.mark.parametrize(
    "command", ["/subscribe " + "Mars/" * 815, "/settings tz " + "Ä" * 4080, "/settings lang x"]
)
async def test_a_bad_value_is_quoted_short_in_one_reply(running, api, store, command) -> None:
    # Quoted whole, a value as long as a message made the reply too long for Telegram.
    eight = datetime(2026, 1, 1, 8).time()
    now = datetime.now(UTC)
    store.subscribe(
        USER, chat_type="private", thread_id=None, at_time=eight, tz="UTC", lang="en", now=now
    )
    await running()
    api.push_update(api.text_message(USER, command))
    await wait_sent(api, 1)
    await asyncio.sleep(0.3)
    [reply] = sent(api)  # no resend in parts after a "message is too long"
    assert not [p for p in api.requests_for("sendMessage") if len(p["text"]) > 4096]
    value = command.split(" ")[-1]
    assert reply["text"].startswith(f"“{value[:39]}…”" if len(value) > 40 else f"“{value}”")
    assert len(reply["text"]) < 300


async def test_settings_are_readable_by_all_and_changed_by_admins(running, api, store) -> None:
    await running()
    api.set_member_status(GROUP, ADMIN, "creator")
    api.push_update(api.text_message(GROUP, "/subscribe 07:15 UTC en", user_id=ADMIN))
    await wait_sent(api, 1)
    api.push_update(api.text_message(GROUP, "/settings", user_id=USER))
    shown = (await wait_sent(api, 2))[-1]["text"]
    assert "Time: 07:15" in shown
    assert "Time zone: UTC" in shown
    api.push_update(api.text_message(GROUP, "/settings tz Europe/London", user_id=USER))
    refused = (await wait_sent(api, 3))[-1]["text"]
    assert "Only this group's administrators" in refused
    api.push_update(api.text_message(GROUP, "/settings tz Europe/London", user_id=ADMIN))
    changed = (await wait_sent(api, 4))[-1]["text"]
    assert "Time zone: Europe/London" in changed
    assert store.subscription(GROUP).tz == "Europe/London"
    api.push_update(api.text_message(GROUP, "/settings lang de", user_id=ADMIN))
    assert "not a digest language" in (await wait_sent(api, 5))[-1]["text"]


async def test_private_subscribe_unsubscribe_in_the_users_language(running, api, store) -> None:
    await running()
    api.push_update(api.text_message(USER, "/subscribe 06:45", language_code="uk"))
    assert "щодня о 06:45 (Europe/Kyiv)" in (await wait_sent(api, 1))[-1]["text"]
    assert store.subscription(USER).lang == "uk"
    api.push_update(api.text_message(USER, "/unsubscribe", language_code="uk"))
    assert "Підписку скасовано" in (await wait_sent(api, 2))[-1]["text"]
    assert not store.subscription(USER).active


async def test_digest_now(running, api) -> None:
    await running()
    api.push_update(api.text_message(USER, "/digest"))
    [reply] = await wait_sent(api, 1)
    assert reply["text"].startswith("<b>News digest, ")
    # Articles count at noon of their day: one of the two is in the last 24 hours.
    assert "Stories: 1 · articles in the last 24 hours: 1" in reply["text"]
    titles = ("Kyiv reopens the Podilskyi bridge", "Podilskyi bridge tram tests finish")
    assert sum(title in reply["text"] for title in titles) == 1


async def test_the_bot_removed_deactivates_and_migration_moves(running, api, store) -> None:
    await running()
    for chat in (GROUP, -5):
        store.subscribe(
            chat,
            chat_type="group",
            thread_id=None,
            at_time=datetime(2026, 1, 1, 8).time(),
            tz="Europe/Kyiv",
            lang="en",
            now=datetime.now(UTC),
        )
    api.push_update(api.my_chat_member(GROUP, "member", "kicked"))
    api.push_updates(api.migrate(-5, -1005))
    deadline = wallclock.monotonic() + 5
    while wallclock.monotonic() < deadline:
        if not store.subscription(GROUP).active and store.subscription(-1005) is not None:
            break
        await asyncio.sleep(0.05)
    assert store.subscription(GROUP).reason == "bot banned or blocked"
    assert store.subscription(-5) is None
    assert store.subscription(-1005).active


async def test_a_digest_missed_while_down_is_sent_once_after_start(
    running, api, store, data_dir
) -> None:
    zone, now, due = same_day_zone(30)
    store.subscribe(
        GROUP,
        chat_type="supergroup",
        thread_id=None,
        at_time=due,
        tz=zone,
        lang="en",
        now=now - timedelta(days=2),
    )
    await running(tick=0.2)  # post_init's first tick is the catch-up pass
    [digest] = await wait_sent(api, 1, chat_id=GROUP)
    assert digest["text"].startswith("<b>News digest, ")
    await asyncio.sleep(1.0)  # several more ticks
    assert len(sent(api, GROUP)) == 1
    assert store.delivery(GROUP, now.date()).status == "sent"


async def test_after_downtime_stale_commands_wait_but_a_migration_still_moves(
    running, api, store
) -> None:
    store.subscribe(
        -5,
        chat_type="group",
        thread_id=None,
        at_time=datetime(2026, 1, 1, 8).time(),
        tz="Europe/Kyiv",
        lang="en",
        now=datetime.now(UTC),
    )
    hour_ago = int(wallclock.time()) - 3600
    api.push_update(api.text_message(USER, "/subscribe 07:00", date=hour_ago))
    old, new = api.migrate(-5, -1005)
    old["message"]["date"] = new["message"]["date"] = hour_ago
    api.push_updates([old, new])
    await running()
    deadline = wallclock.monotonic() + 5
    while wallclock.monotonic() < deadline:
        if store.subscription(-1005) is not None:
            break
        await asyncio.sleep(0.05)
    assert store.subscription(-1005).active
    await asyncio.sleep(0.5)
    assert sent(api) == []  # the hour-old /subscribe is neither answered nor applied
    assert store.subscription(USER) is None
