"""Feed articles and index versions: a feed item is known only once it is indexed, into the
version that serves now, whatever other processes built meanwhile."""

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.feed_poller import FeedPoller
from bot.store import SQLiteStore
from corpus.feeds.addresses import parse_networks
from corpus.feeds.safe_fetch import FetchPolicy
from corpus.feeds.state import FeedLimits
from corpus.readers import load_corpus
from retrieval.index import build_index, current_version_name, index_root
from retrieval.service import NewsService
from tests.bot.test_cli import run
from tests.conftest import DATA
from tests.fakes.feed_server import FeedServer

FEEDS = DATA / "feeds"
QUESTION = "How often do the Riverton ferries run across the bay?"


@pytest.fixture
def server():
    with FeedServer() as s:
        s.serve(
            "/gazette.xml",
            (FEEDS / "rss-full.xml").read_bytes(),
            content_type="application/rss+xml",
            etag='"v1"',
        )
        yield s


@pytest.fixture
def setup(tmp_path: Path):
    data_dir = tmp_path / "data"
    build_index([DATA / "articles.jsonl"], data_dir=data_dir, workers=1)
    store = SQLiteStore(data_dir / "newsdesk.sqlite3")
    yield data_dir, NewsService(data_dir), store
    store.close()


def poller(server, setup) -> FeedPoller:
    data_dir, service, store = setup
    url = f"{server.url}/gazette.xml"
    return FeedPoller(
        store,
        service,
        [url],
        feeds_dir=data_dir / "feeds",
        limits=FeedLimits(fetch_seconds=2.0),
        policy=FetchPolicy(
            ports=frozenset({server.port}), allowed_networks=parse_networks("127.0.0.1/32")
        ),
    )


def entry_ids(server) -> list[str]:
    host = server.url.removeprefix("http://")
    return [f"{host}/riverton-ferry-2025", f"{host}/riverton-library-2025"]


@contextmanager
def flocked(path: Path):
    """Hold an exclusive flock on `path`, as another process's writer or build would."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


async def test_entries_whose_append_failed_are_not_known_and_come_again(server, setup):
    data_dir, service, store = setup
    feeds = poller(server, setup)
    # Another writer (a `newsdesk feeds` in another process, say) holds the engine.
    engine = index_root(data_dir) / "versions" / service.version.name / "engine"
    with flocked(engine / ".tantivy-writer.lock"):
        [failed] = await feeds.poll_due()
    assert not failed.ok
    assert failed.error is not None
    assert failed.error.startswith("indexing: ")
    assert not any(store.known_item(i) for i in entry_ids(server))
    assert not service.ask(QUESTION).found
    [again] = await feeds.poll_due(force=True)
    assert again.ok, again.error
    assert again.new_articles == 2
    assert all(store.known_item(i) for i in entry_ids(server))
    assert service.ask(QUESTION).found


async def test_three_builds_by_newsdesk_index_leave_the_feed_appending_to_the_current_one(
    server, setup
):
    data_dir, service, _ = setup
    assert not service.ask(QUESTION).found
    for _ in range(3):
        built = run(data_dir, "index", "--quiet", "--corpus", str(DATA / "articles.jsonl"))
        assert built.returncode == 0, built.stderr
    [report] = await poller(server, setup).poll_due()
    assert report.ok, report.error
    assert report.new_articles == 2
    answer = service.ask(QUESTION)
    assert answer.found
    assert service.version.name == current_version_name(data_dir)
    assert service.version.manifest.appended_articles == 2


async def test_a_poll_during_a_build_saves_nothing_and_adds_after_it(server, setup):
    data_dir, service, store = setup
    feeds = poller(server, setup)
    # A build holds the write lock from before it reads the corpus until it has switched.
    with flocked(index_root(data_dir) / "write.lock"):
        [during] = await feeds.poll_due()
    assert not during.ok
    assert during.error is not None
    assert "an index build is running" in during.error
    assert not (data_dir / "feeds").exists()  # nothing saved for the build to miss or repeat
    assert not any(store.known_item(i) for i in entry_ids(server))
    [after] = await feeds.poll_due(force=True)
    assert after.ok, after.error
    saved, _ = load_corpus([data_dir / "feeds"])
    assert sorted(a.id for a in saved) == sorted(entry_ids(server))
    assert service.ask(QUESTION).found
