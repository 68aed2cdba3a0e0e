"""Feeds keep the corpus fresh: polled over real HTTP, saved, indexed live, found by /ask."""

import asyncio
import json
import time
from pathlib import Path

import pytest

from bot.app import build_application
from bot.deps import BotConfig, Deps
from bot.feed_poller import FeedPoller
from bot.store import SQLiteStore
from corpus.feeds.addresses import parse_networks
from corpus.feeds.safe_fetch import FetchPolicy
from corpus.feeds.state import FeedLimits
from corpus.readers import load_corpus
from retrieval.index import build_index
from retrieval.recipe import with_feeds
from retrieval.service import NewsService
from tests.bot.e2e import assistant
from tests.conftest import DATA
from tests.fakes.feed_server import FeedServer
from tests.fakes.telegram_api import FakeTelegramAPI

FEEDS = DATA / "feeds"
USER = 42


@pytest.fixture
def server():
    with FeedServer() as s:
        s.serve(
            "/gazette.xml",
            (FEEDS / "rss-full.xml").read_bytes(),
            content_type="application/rss+xml",
            etag='"v1"',
        )
        s.serve("/broken.xml", (FEEDS / "malformed.xml").read_bytes(), content_type="text/xml")
        yield s


@pytest.fixture
def setup(tmp_path: Path):
    data_dir = tmp_path / "data"
    build_index([DATA / "articles.jsonl"], data_dir=data_dir, workers=1)
    store = SQLiteStore(data_dir / "newsdesk.sqlite3")
    yield data_dir, NewsService(data_dir), store
    store.close()


def poller(server, setup, *, into=None, **kw) -> FeedPoller:
    """Return the poller of the two feeds, ingesting into the service (or `into`)."""
    data_dir, service, store = setup
    urls = [f"{server.url}/gazette.xml", f"{server.url}/broken.xml"]
    return FeedPoller(
        store,
        into or service,
        urls,
        feeds_dir=data_dir / "feeds",
        limits=FeedLimits(fetch_seconds=2.0),
        policy=FetchPolicy(
            ports=frozenset({server.port}), allowed_networks=parse_networks("127.0.0.1/32")
        ),
        **kw,
    )


async def test_a_poll_indexes_new_articles_live_and_a_broken_feed_stays_alone(
    server, setup
) -> None:
    data_dir, service, store = setup
    feeds = poller(server, setup)
    before = service.version.manifest.article_count
    reports = {r.url.rsplit("/", 1)[1]: r for r in await feeds.poll_due()}
    assert reports["gazette.xml"].ok
    assert reports["gazette.xml"].new_articles == 2
    assert not reports["broken.xml"].ok
    broken = reports["broken.xml"].error
    assert broken is not None
    assert broken.startswith("not a feed")
    # Searchable at once, from the same serving version: no rebuild happened.
    answer = service.ask("How often do the Riverton ferries run across the bay?")
    assert answer.found
    host = server.url.removeprefix("http://")
    assert answer.sources[0].id == f"{host}/riverton-ferry-2025"
    assert service.version.manifest.article_count == before + 2
    # Saved where the readers (and the next rebuild) find them.
    saved, _ = load_corpus([data_dir / "feeds"])
    assert {a.id for a in saved} == {
        f"{host}/riverton-ferry-2025",
        f"{host}/riverton-library-2025",
    }
    # The next poll is conditional (304) and adds nothing; the broken feed backs off.
    again = {r.url.rsplit("/", 1)[1]: r for r in await feeds.poll_due(force=True)}
    assert again["gazette.xml"].new_articles == 0
    states = store.feed_states()
    assert states[f"{server.url}/broken.xml"].failures == 2
    assert states[f"{server.url}/gazette.xml"].articles_added == 2
    assert service.version.manifest.article_count == before + 2
    assert any("not polled" not in line and "ok" in line for line in feeds.status_lines())
    assert any("failing" in line for line in feeds.status_lines())


async def test_a_rebuild_keeps_feed_articles_once(server, setup) -> None:
    data_dir, service, _ = setup
    await poller(server, setup).poll_due()
    count = service.version.manifest.article_count
    paths = with_feeds([DATA / "articles.jsonl"], data_dir / "feeds")
    result = service.rebuild(paths, engine="tantivy", workers=1)
    assert result.manifest.article_count == count
    assert service.ask("Riverton library opening hours in winter").found


async def test_only_due_feeds_are_polled(server, setup) -> None:
    feeds = poller(server, setup, interval=600.0)
    await feeds.poll_due(now=1000.0)
    assert server.hits["/gazette.xml"] == 1
    assert await feeds.poll_due(now=1300.0) == []  # neither is due
    assert server.hits["/gazette.xml"] == 1
    polled = await feeds.poll_due(now=1700.0)  # the good one is due; the broken one backs off
    assert [r.url.rsplit("/", 1)[1] for r in polled] == ["gazette.xml"]


async def test_the_bot_answers_from_a_feed_without_reload(server, setup) -> None:
    data_dir, _, store = setup
    bots = assistant(data_dir)  # the bot's, which the feeds feed too
    feeds = poller(server, setup, into=bots)
    with FakeTelegramAPI() as api:
        deps = Deps(
            assistant=bots,
            # USER is an admin: feed health is in the admins' /stats only.
            config=BotConfig(admin_ids=frozenset({USER})),
            store=store,
            feeds=feeds,
            feed_check_seconds=0.2,
        )
        app = build_application(deps, token=api.token, base_url=api.base_url, read_timeout=5)
        async with app:
            assert app.post_init is not None
            assert app.updater is not None
            await app.post_init(app)
            await app.start()
            await app.updater.start_polling(poll_interval=0.0, timeout=1)
            try:
                gazette = f"{server.url}/gazette.xml"
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline:
                    state = store.feed_states().get(gazette)
                    if state is not None and state.articles_added == 2:
                        break
                    await asyncio.sleep(0.05)
                question = "When does the last Riverton ferry leave?"
                api.push_update(api.text_message(USER, question))
                answer = await _reply(api, 1)
                assert "Riverton opens a ferry &amp; bike route across the bay" in answer
                api.push_update(api.text_message(USER, "/stats"))
                stats = await _reply(api, 2)
                assert "Feeds:" in stats
                assert "gazette.xml: ok" in stats
                assert "broken.xml: failing (not a feed" in stats
            finally:
                await app.updater.stop()
                await app.stop()
                await feeds.aclose()  # what run_polling's post_stop does
    assert (
        json.loads(
            (data_dir / "index" / "versions")
            .joinpath(bots.stats().version, "manifest.json")
            .read_text()
        )["appended_articles"]
        == 2
    )


async def _reply(api: FakeTelegramAPI, count: int) -> str:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        calls = [p for p in api.requests_for("sendMessage") if "_fault" not in p]
        if len(calls) >= count:
            text: str = calls[count - 1]["text"]
            return text
        await asyncio.sleep(0.02)
    raise AssertionError(f"expected {count} replies")
