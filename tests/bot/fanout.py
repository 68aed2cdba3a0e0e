"""A morning's digest fanned out to many chats, and what Telegram's limits say of it.

The bot is the real `Application` (`build_application` with a SQLite store, PTB's
`AIORateLimiter`, our `Pacer`) against the fake Bot API, which stamps each request on
arrival; one scheduler tick at 08:00 Kyiv sends every digest. `tests/bot/test_fanout.py`
checks 200 chats; `benchmarks/bench_digest.py` times repeated runs.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter, defaultdict
from datetime import date, datetime
from datetime import time as clock_time
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.app import build_application
from bot.delivery import make_scheduler
from bot.deps import BotConfig, Deps, DigestOptions
from bot.digest_commands import DigestDefaults
from bot.settings import Settings, open_assistant
from bot.store import SQLiteStore
from corpus.article import LANGS, Article
from corpus.readers import load_corpus
from corpus.sample import SAMPLE_DIR
from tests.fakes.telegram_api import FakeTelegramAPI

MORNING = datetime(2026, 11, 25, 8, 0, tzinfo=ZoneInfo("Europe/Kyiv"))
OVERALL_LIMIT = 30.0  # Telegram: about 30 messages a second in total
GROUP_PER_MINUTE = 20  # Telegram: 20 messages a minute per group
PRIVATE_GAP = 1.0  # Telegram: about one message a second per private chat
OUR_RATE = 25.0


def day_corpus(per_language: int = 12) -> list[Article]:
    """Return a corpus of one busy day: bundled-sample articles re-dated to 24 November 2026.

    36 stories make a digest of `--stories` items that needs two messages, so the
    per-group spacing between the two parts is exercised too.
    """
    articles, _ = load_corpus([SAMPLE_DIR / "wikinews", SAMPLE_DIR / "bruk-uk"])
    chosen: list[Article] = []
    for lang in LANGS:
        chosen += [a for a in articles if a.lang == lang and len(a.text) > 800][:per_language]
    day = date(2026, 11, 24)
    return [
        dataclasses.replace(a, published=day, published_precision="day", published_at=None)
        for a in chosen
    ]


def chat_ids(n: int) -> list[int]:
    """Half groups (negative ids), half private chats."""
    groups = [-1_000_000_000_000 - i for i in range(n // 2)]
    private = [10_000 + i for i in range(n - n // 2)]
    return groups + private


async def fan_out(n: int, data_dir: Path, work: Path, stories: int) -> dict[str, Any]:
    """Run one fan-out to `n` chats; return the measurements."""
    store = SQLiteStore(work / "state.sqlite3")
    chats = chat_ids(n)
    for i, chat in enumerate(chats):
        store.subscribe(
            chat,
            chat_type="supergroup" if chat < 0 else "private",
            thread_id=None,
            at_time=clock_time(8, 0),
            tz="Europe/Kyiv",
            lang=LANGS[i % len(LANGS)],
            now=datetime(2026, 11, 1, tzinfo=ZoneInfo("UTC")),
        )
    with FakeTelegramAPI() as api:
        deps = Deps(
            assistant=open_assistant(Settings(NEWSDESK_DATA_DIR=data_dir), model=False),
            config=BotConfig(admin_ids=frozenset()),
            store=store,
            digests=DigestOptions(defaults=DigestDefaults(max_stories=stories)),
        )
        app = build_application(deps, token=api.token, base_url=api.base_url)
        async with app:
            scheduler = make_scheduler(store, deps)  # the one the bot's digest tick runs
            started = time.monotonic()
            report = await scheduler.tick(app.bot, now=MORNING)
            seconds = time.monotonic() - started
        sends = [(at, p) for at, p in api.timed_requests("sendMessage") if "_fault" not in p]
    rows = store.deliveries()
    store.close()
    per_chat: dict[int, list[float]] = defaultdict(list)
    for at, params in sends:
        per_chat[params["chat_id"]].append(at)
    times = sorted(at for at, _ in sends)
    window_max = max(
        (sum(1 for t in times[i:] if t - start < 1.0) for i, start in enumerate(times)),
        default=0,
    )
    group_minute_max = 0
    private_gap_min = float("inf")
    group_gap_min = float("inf")
    for chat, stamps in per_chat.items():
        stamps.sort()
        gaps = [b - a for a, b in pairwise(stamps)]
        if chat < 0:
            group_minute_max = max(
                group_minute_max,
                max(sum(1 for t in stamps[i:] if t - s < 60) for i, s in enumerate(stamps)),
            )
            group_gap_min = min([group_gap_min, *gaps])
        else:
            private_gap_min = min([private_gap_min, *gaps])
    parts = Counter(len(stamps) for stamps in per_chat.values())
    statuses = Counter(r.status for r in rows)
    return {
        "chats": n,
        "seconds": seconds,
        "messages": len(sends),
        "parts": dict(parts),
        "floor_seconds": len(sends) / OUR_RATE,
        "overall_max_per_second": window_max,
        "group_max_per_minute": group_minute_max,
        "group_min_gap": group_gap_min,
        "private_min_gap": private_gap_min,
        "missed": n - len(per_chat),
        "duplicates": sum(1 for r in rows if r.status == "sent") - len(per_chat),
        "statuses": dict(statuses),
        "report_sent": report.sent,
    }


def check(m: dict[str, Any]) -> list[str]:
    """Return the limits a run broke (empty: all kept)."""
    broken = []
    if m["overall_max_per_second"] > OVERALL_LIMIT:
        broken.append(f"overall {m['overall_max_per_second']}/s > {OVERALL_LIMIT}")
    if m["group_max_per_minute"] > GROUP_PER_MINUTE:
        broken.append(f"group {m['group_max_per_minute']}/min > {GROUP_PER_MINUTE}")
    if m["private_min_gap"] < PRIVATE_GAP * 0.95:
        broken.append(f"private gap {m['private_min_gap']:.2f} s < {PRIVATE_GAP}")
    if m["missed"] or m["duplicates"] or m["statuses"] != {"sent": m["chats"]}:
        broken.append(f"missed {m['missed']}, duplicates {m['duplicates']}, {m['statuses']}")
    return broken
