"""Digest scheduling and delivery: the real scheduler, store, index and PTB `Bot`, fake Bot API.

Time is passed to `tick(now=...)`, so "08:00 in Kyiv" or a DST morning is exact; retry
times use the scheduler's clock, which the tests advance.
"""

import asyncio
import time as wallclock
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.delivery import DigestScheduler, local_moment
from bot.pacing import Pacer
from retrieval.index import build_index
from retrieval.service import NewsService
from tests.conftest import DATA
from tests.fakes.telegram_api import FakeTelegramAPI, Params

KYIV = ZoneInfo("Europe/Kyiv")
GROUP = -1001
PRIVATE = 42


def kyiv(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=KYIV)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> NewsService:
    data_dir = tmp_path_factory.mktemp("digest-index")
    build_index([DATA / "digest" / "news.jsonl"], data_dir=data_dir, workers=1)
    return NewsService(data_dir)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def scheduler(store, service, clock, **kw) -> DigestScheduler:
    async def compose(at: datetime, tz: str, lang: str):
        return await asyncio.to_thread(service.digest, at=at, tz=tz, lang=lang)

    fast = Pacer(overall_rate=100, private_spacing=0.0, group_spacing=0.0)
    return DigestScheduler(store, compose, pacer=fast, clock=clock, **kw)


def subscribe(store, chat_id=GROUP, at=time(8, 0), tz="Europe/Kyiv", lang="uk", **kw):
    since = kw.pop("since", datetime(2026, 11, 1, tzinfo=UTC))
    chat_type = "private" if chat_id > 0 else "supergroup"
    return store.subscribe(
        chat_id,
        chat_type=chat_type,
        thread_id=kw.pop("thread_id", None),
        at_time=at,
        tz=tz,
        lang=lang,
        now=since,
    )


def delivered(api: FakeTelegramAPI, chat_id: int | None = None) -> list[Params]:
    return [
        p
        for p in api.requests_for("sendMessage")
        if "_fault" not in p and (chat_id is None or p["chat_id"] == chat_id)
    ]


async def test_the_0800_kyiv_digest_is_sent_once(api, bot, store, service, clock) -> None:
    subscribe(store, thread_id=5)
    s = scheduler(store, service, clock)
    assert (await s.tick(bot, now=kyiv(2026, 11, 25, 7, 59))).due == 0
    report = await s.tick(bot, now=kyiv(2026, 11, 25, 8, 0))
    assert (report.due, report.sent) == (1, 1)
    for later in (kyiv(2026, 11, 25, 8, 1), kyiv(2026, 11, 25, 12, 0)):
        assert (await s.tick(bot, now=later)).due == 0
    [message] = delivered(api)
    assert message["chat_id"] == GROUP
    assert message["message_thread_id"] == 5
    assert message["parse_mode"] == "HTML"
    assert "Дайджест новин, 25 листопада 2026" in message["text"]
    assert "Лук'янівська-2" in message["text"]  # an apostrophe needs no escape in HTML text
    row = store.delivery(GROUP, date(2026, 11, 25))
    assert row.status == "sent"
    assert row.message_id is not None
    # The next morning is a new digest.
    assert (await s.tick(bot, now=kyiv(2026, 11, 26, 8, 0))).sent == 1
    assert len(delivered(api)) == 2


async def test_after_downtime_a_missed_digest_is_sent_once_within_the_window(
    api, bot, store, service, clock
) -> None:
    subscribe(store, chat_id=GROUP)
    subscribe(store, chat_id=-1002, at=time(4, 0))
    s = scheduler(store, service, clock, catchup=timedelta(hours=6))
    # Back up at 10:30: the 08:00 digest is 2.5 h late (sent), the 04:00 one 6.5 h (skipped).
    report = await s.tick(bot, now=kyiv(2026, 11, 25, 10, 30))
    assert (report.due, report.sent) == (1, 1)
    assert [m["chat_id"] for m in delivered(api)] == [GROUP]
    assert store.delivery(-1002, date(2026, 11, 25)) is None
    # A second restart the same day sends nothing again.
    again = scheduler(store, service, clock, catchup=timedelta(hours=6))
    again.recover()
    assert (await again.tick(bot, now=kyiv(2026, 11, 25, 10, 31))).due == 0
    assert len(delivered(api)) == 1


async def test_subscribing_after_todays_time_starts_tomorrow(
    api, bot, store, service, clock
) -> None:
    subscribe(store, since=kyiv(2026, 11, 25, 9, 0))
    s = scheduler(store, service, clock)
    assert (await s.tick(bot, now=kyiv(2026, 11, 25, 9, 1))).due == 0
    assert (await s.tick(bot, now=kyiv(2026, 11, 26, 8, 0))).sent == 1


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (date(2027, 3, 27), 6),  # winter time, UTC+2
        (date(2027, 3, 28), 5),  # clocks went forward at 03:00: UTC+3
        (date(2027, 10, 30), 5),  # summer time, UTC+3
        (date(2027, 10, 31), 6),  # clocks went back at 04:00: UTC+2
    ],
)
async def test_dst_days_keep_the_local_time(
    api, bot, store, service, clock, day, utc_hour
) -> None:
    subscribe(store, lang="en")
    s = scheduler(store, service, clock)
    due_utc = datetime(day.year, day.month, day.day, utc_hour, tzinfo=UTC)
    assert (await s.tick(bot, now=due_utc - timedelta(minutes=1))).due == 0
    assert (await s.tick(bot, now=due_utc)).sent == 1
    assert due_utc.astimezone(KYIV).time() == time(8, 0)


def test_times_in_the_spring_gap_and_the_autumn_overlap() -> None:
    # 03:30 does not exist on 28 March 2027 in Kyiv: read as 04:30 summer time.
    gap = local_moment(date(2027, 3, 28), time(3, 30), "Europe/Kyiv")
    assert gap.astimezone(UTC) == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    # 03:30 happens twice on 31 October 2027: the first one (summer time).
    twice = local_moment(date(2027, 10, 31), time(3, 30), "Europe/Kyiv")
    assert twice.astimezone(UTC) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)


async def test_forbidden_deactivates_the_subscription(api, bot, store, service, clock) -> None:
    subscribe(store)
    api.fail_next("sendMessage", "forbidden")
    report = await s_tick(store, service, clock, bot, kyiv(2026, 11, 25, 8, 0))
    assert report.failed == 1
    sub = store.subscription(GROUP)
    assert not sub.active
    assert "kicked" in sub.reason
    assert store.delivery(GROUP, date(2026, 11, 25)).status == "failed"
    assert delivered(api) == []


async def s_tick(store, service, clock, bot, now, **kw):
    return await scheduler(store, service, clock, **kw).tick(bot, now=now)


async def test_a_migrated_group_gets_it_at_its_new_id(api, bot, store, service, clock) -> None:
    subscribe(store, chat_id=-5)
    api.fail_next("sendMessage", "migrate", migrate_to_chat_id=-100777)
    report = await s_tick(store, service, clock, bot, kyiv(2026, 11, 25, 8, 0))
    assert report.sent == 1
    assert [m["chat_id"] for m in delivered(api)] == [-100777]
    assert store.subscription(-5) is None
    assert store.subscription(-100777).active
    assert store.delivery(-100777, date(2026, 11, 25)).status == "sent"


async def test_retry_after_goes_back_to_pending_and_is_sent_later_once(
    api, bot, store, service, clock
) -> None:
    subscribe(store)
    api.fail_next("sendMessage", "retry_after", retry_after=120)
    s = scheduler(store, service, clock)
    report = await s.tick(bot, now=kyiv(2026, 11, 25, 8, 0))
    assert report.retry_later == 1
    row = store.delivery(GROUP, date(2026, 11, 25))
    assert row.status == "pending"
    assert row.next_attempt_at >= clock.now + 120
    clock.now += 60  # Telegram asked for 120 s
    assert (await s.tick(bot, now=kyiv(2026, 11, 25, 8, 1))).sent == 0
    clock.now += 61
    assert (await s.tick(bot, now=kyiv(2026, 11, 25, 8, 2))).sent == 1
    assert len(delivered(api)) == 1


async def test_a_read_timeout_is_uncertain_and_never_resent(
    api, bot, store, service, clock
) -> None:
    subscribe(store)
    api.fail_next("sendMessage", "slow", seconds=1.5)  # longer than the 0.5 s read timeout
    s = scheduler(store, service, clock)
    report = await s.tick(bot, now=kyiv(2026, 11, 25, 8, 0))
    assert report.uncertain == 1
    assert store.delivery(GROUP, date(2026, 11, 25)).status == "uncertain"
    clock.now += 3600
    assert (await s.tick(bot, now=kyiv(2026, 11, 25, 9, 0))).due == 0
    await asyncio.sleep(1.2)  # the fake finishes the slow send: Telegram did deliver it
    assert len(api.requests_for("sendMessage")) == 1


async def test_a_bad_gateway_is_uncertain(api, bot, store, service, clock) -> None:
    subscribe(store)
    api.fail_next("sendMessage", "bad_gateway")
    report = await s_tick(store, service, clock, bot, kyiv(2026, 11, 25, 8, 0))
    assert report.uncertain == 1


async def test_a_connection_refused_is_not_sent_so_it_is_retried(
    store, service, clock, tmp_path
) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    subscribe(store)
    request = HTTPXRequest(connect_timeout=0.5, read_timeout=0.5)
    dead = Bot("1:" + "a" * 35, base_url=f"http://127.0.0.1:{port}/bot", request=request)
    report = await s_tick(store, service, clock, dead, kyiv(2026, 11, 25, 8, 0))
    assert report.retry_later == 1
    row = store.delivery(GROUP, date(2026, 11, 25))
    assert (row.status, row.attempts) == ("pending", 1)


async def test_a_closed_topic_gets_it_in_the_main_chat(api, bot, store, service, clock) -> None:
    subscribe(store, thread_id=9)
    api.fail_next("sendMessage", "topic_closed")
    report = await s_tick(store, service, clock, bot, kyiv(2026, 11, 25, 8, 0))
    assert report.sent == 1
    [message] = delivered(api)
    assert message.get("message_thread_id") is None
    assert store.subscription(GROUP).thread_id is None


async def test_chat_not_found_three_times_deactivates(api, bot, store, service, clock) -> None:
    subscribe(store)
    s = scheduler(store, service, clock)
    for minute in range(3):
        api.fail_next("sendMessage", "chat_not_found")
        clock.now += 3600
        await s.tick(bot, now=kyiv(2026, 11, 25, 8, minute))
    sub = store.subscription(GROUP)
    assert not sub.active
    assert sub.reason == "chat not found"
    assert store.delivery(GROUP, date(2026, 11, 25)).status == "failed"


async def test_a_crash_between_claim_and_mark_is_never_resent(
    api, bot, store, service, clock
) -> None:
    subscribe(store)
    day = date(2026, 11, 25)
    store.ensure_delivery(GROUP, day)
    assert store.claim(GROUP, day, now=clock.now)  # the process that claimed it died here
    s = scheduler(store, service, clock)
    assert s.recover() == 1
    assert (await s.tick(bot, now=kyiv(2026, 11, 25, 8, 5))).due == 0
    assert store.delivery(GROUP, day).status == "uncertain"
    assert delivered(api) == []


async def test_an_empty_day_is_said_or_skipped(api, bot, store, service, clock) -> None:
    subscribe(store, lang="en")
    subscribe(store, chat_id=-1002, lang="en")
    said = await s_tick(store, service, clock, bot, kyiv(2030, 1, 1, 8, 0))
    assert said.sent == 2
    assert "No new articles in the 24 hours before 08:00" in delivered(api)[0]["text"]
    skipped = await s_tick(store, service, clock, bot, kyiv(2030, 1, 2, 8, 0), skip_empty=True)
    assert (skipped.sent, skipped.skipped_empty) == (0, 2)
    assert len(delivered(api)) == 2


async def test_chats_with_the_same_settings_share_one_composition(
    api, bot, store, service, clock
) -> None:
    calls: list[tuple[datetime, str, str]] = []

    async def compose(at: datetime, tz: str, lang: str):
        calls.append((at, tz, lang))
        return await asyncio.to_thread(service.digest, at=at, tz=tz, lang=lang)

    for chat in range(-2000, -2010, -1):
        subscribe(store, chat_id=chat)
    subscribe(store, chat_id=PRIVATE, lang="en")
    fast = Pacer(overall_rate=100, private_spacing=0.0, group_spacing=0.0)
    s = DigestScheduler(store, compose, pacer=fast, clock=clock)
    report = await s.tick(bot, now=kyiv(2026, 11, 25, 8, 0))
    assert report.sent == 11
    assert sorted(lang for _, _, lang in calls) == ["en", "uk"]


async def test_the_pacer_spaces_messages_per_chat_and_overall() -> None:
    pacer = Pacer(overall_rate=10, private_spacing=0.2, group_spacing=0.5)
    stamps: dict[int, list[float]] = {1: [], -1: []}
    everything: list[float] = []

    async def send(chat: int, kind: str) -> None:
        await pacer.wait(chat, kind)
        now = wallclock.monotonic()
        stamps[chat].append(now)
        everything.append(now)

    await asyncio.gather(
        *(send(1, "private") for _ in range(3)), *(send(-1, "supergroup") for _ in range(3))
    )
    for chat, spacing in ((1, 0.2), (-1, 0.5)):
        gaps = [b - a for a, b in zip(stamps[chat], stamps[chat][1:], strict=False)]
        assert all(gap >= spacing * 0.95 for gap in gaps), (chat, gaps)
    assert len(everything) == 6
