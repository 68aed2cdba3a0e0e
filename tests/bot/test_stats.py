"""/stats: counts for anyone, details for admins in private; no feed credentials anywhere.

The bot is the real Application on the fake Bot API with feeds on a fake feed server;
the command line runs as real `newsdesk feeds` and `newsdesk stats` processes.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.feed_poller import FeedPoller
from bot.store import SQLiteStore
from corpus.feeds.addresses import parse_networks
from corpus.feeds.safe_fetch import FetchPolicy
from corpus.feeds.state import FeedLimits
from retrieval.index import build_index
from tests.bot.e2e import ADMIN, GROUP, USER, assistant, running_bot, wait_sent
from tests.conftest import DATA
from tests.fakes.feed_server import FeedServer
from tests.fakes.telegram_api import FakeTelegramAPI

PASSWORD = "hunter2-feed-pass"
KEY = "FeedApiKey-0042"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    build_index([DATA / "articles.jsonl"], data_dir=tmp_path / "data", workers=1)
    return tmp_path / "data"


@pytest.fixture
def feed_server():
    with FeedServer() as server:
        server.serve(
            "/gazette.xml",
            (DATA / "feeds" / "rss-full.xml").read_bytes(),
            content_type="application/rss+xml",
        )
        yield server


def secret_urls(server: FeedServer) -> list[str]:
    """A feed with a user and password, and one with an API key in its query string."""
    host = server.url.removeprefix("http://")
    return [
        f"http://reader:{PASSWORD}@{host}/gazette.xml",
        f"http://{host}/missing.xml?key={KEY}&lang=en",
    ]


async def test_stats_details_are_for_admins_in_private_and_hide_feed_secrets(
    data_dir, feed_server
) -> None:
    store = SQLiteStore(data_dir / "newsdesk.sqlite3")
    bots = assistant(data_dir)
    urls = secret_urls(feed_server)
    feeds = FeedPoller(
        store,
        bots,
        urls,
        feeds_dir=data_dir / "feeds",
        limits=FeedLimits(fetch_seconds=2.0),
        policy=FetchPolicy(
            ports=frozenset({feed_server.port}), allowed_networks=parse_networks("127.0.0.1/32")
        ),
    )
    try:
        await feeds.poll_due(force=True)  # one feed ok, one failing: both get a status line
        with FakeTelegramAPI(username="test_bot") as api:
            async with running_bot(api, data_dir, assistant=bots, feeds=feeds):
                api.push_update(api.text_message(USER, "/stats"))
                [public] = await wait_sent(api, 1)
                api.push_update(api.text_message(GROUP, "/stats@test_bot", user_id=ADMIN))
                group = (await wait_sent(api, 2))[1]
                api.push_update(api.text_message(ADMIN, "/stats", user_id=ADMIN))
                admin = (await wait_sent(api, 3))[2]
    finally:
        store.close()
    for shown in (public, group):
        assert "Articles: 1" in shown["text"]  # 14, and what the feed added
        assert "Questions answered: 0" in shown["text"]
        assert "Index:" not in shown["text"]
        assert "Feeds" not in shown["text"]
        assert feed_server.url not in shown["text"]
    details = admin["text"]
    assert "Index:" in details
    assert "Feeds:" in details
    host = feed_server.url
    assert f"{host}/gazette.xml: " in details
    assert f"{host}/missing.xml?…: failing" in details
    assert PASSWORD not in details
    assert "reader" not in details
    assert KEY not in details


def test_the_command_line_shows_feeds_without_their_credentials(data_dir, feed_server) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "LLM_"))}
    env |= {
        "NEWSDESK_DATA_DIR": str(data_dir),
        "NEWSDESK_FEEDS": ",".join(secret_urls(feed_server)),
        "NEWSDESK_LOG_LEVEL": "DEBUG",
    }
    output = ""
    for command in ("feeds", "stats"):
        done = subprocess.run(
            [sys.executable, "-m", "bot", command],
            capture_output=True,
            text=True,
            env=env,
            cwd=data_dir,
            timeout=120,
        )
        output += done.stdout + done.stderr
    assert f"{feed_server.url}/gazette.xml: " in output
    assert f"{feed_server.url}/missing.xml?…: failed" in output
    assert PASSWORD not in output
    assert "reader:" not in output
    assert KEY not in output
