"""`newsdesk run` killed between claiming a digest and marking it sent: never sent twice.

A real process is started against the fake Bot API; the fake holds the digest's
sendMessage open while the test kills the process with SIGKILL. The restarted process
finds the row still `sending`, turns it `uncertain`, and does not send it again.
"""

import os
import signal
import sqlite3
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest

from bot.store import SQLiteStore
from retrieval.index import build_index
from tests.bot.processes import start_bot, stop_bot
from tests.bot.zones import same_day_zone
from tests.conftest import DATA
from tests.fakes.telegram_api import FakeTelegramAPI, Params

TOKEN = "123456789:" + "A" * 35
GROUP = -1001


def start(data_dir: Path, api: FakeTelegramAPI, log: Path) -> subprocess.Popen[bytes]:
    return start_bot(
        data_dir,
        api,
        log,
        NEWSDESK_CORPUS=str(DATA / "articles.jsonl"),
        NEWSDESK_DIGEST_TICK_SECONDS="0.3",
    )


def status(data_dir: Path, day: str) -> str | None:
    db = sqlite3.connect(data_dir / "newsdesk.sqlite3")
    try:
        row = db.execute(
            "SELECT status FROM digest_deliveries WHERE chat_id = ? AND digest_date = ?",
            (GROUP, day),
        ).fetchone()
    finally:
        db.close()
    return row[0] if row else None


def digests_sent(api: FakeTelegramAPI) -> list[Params]:
    return [p for p in api.requests_for("sendMessage") if p.get("chat_id") == GROUP]


@pytest.mark.slow
def test_a_kill_between_claim_and_mark_never_sends_twice(tmp_path: Path) -> None:
    zone, now, due = same_day_zone(10)
    data_dir = tmp_path / "data"
    build_index([DATA / "articles.jsonl"], data_dir=data_dir, workers=1)
    store = SQLiteStore(data_dir / "newsdesk.sqlite3")
    store.subscribe(
        GROUP,
        chat_type="supergroup",
        thread_id=None,
        at_time=due,
        tz=zone,
        lang="en",
        now=now - timedelta(days=1),
    )
    store.close()
    day = now.date().isoformat()
    with FakeTelegramAPI(token=TOKEN) as api:
        api.fail_next("sendMessage", "slow", seconds=60)  # hold the send open
        first = start(data_dir, api, tmp_path / "first.log")
        try:
            api.wait_for("sendMessage", 1, timeout=30)
            assert status(data_dir, day) == "sending"
        finally:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(10)
        assert status(data_dir, day) == "sending"  # claimed, never marked
        second = start(data_dir, api, tmp_path / "second.log")
        try:
            deadline = time.monotonic() + 30
            while status(data_dir, day) != "uncertain" and time.monotonic() < deadline:
                time.sleep(0.1)
            assert status(data_dir, day) == "uncertain"
            time.sleep(1.5)  # several ticks of the new process
            assert second.poll() is None, (tmp_path / "second.log").read_text()
        finally:
            stop_bot(second)
        assert len(digests_sent(api)) == 1  # only the send the first process started
        assert status(data_dir, day) == "uncertain"
