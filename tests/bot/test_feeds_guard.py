"""Issue 13: feeds cannot reach internal pages, and slow or huge feeds cannot stall polling.

Each poller here is built as `newsdesk run` and `newsdesk feeds` build it, from `Settings`
read from the environment, and polls real servers on loopback: 127.0.0.1 plays the
public internet (allowed by NEWSDESK_FEED_ALLOW_NETWORKS, as tests must) and 127.0.0.2
an internal service that no feed may reach.
"""

import asyncio
import time
from collections.abc import Iterator
from email.utils import formatdate
from pathlib import Path

import pytest

from bot.app import build_application
from bot.cli._common import _feed_poller
from bot.deps import BotConfig, Deps
from bot.feed_poller import FeedPoller
from bot.settings import Settings
from bot.store import SQLiteStore
from corpus.readers import load_corpus
from retrieval.index import build_index
from retrieval.service import NewsService
from tests.bot.e2e import assistant
from tests.conftest import DATA
from tests.fakes.feed_server import FeedServer
from tests.fakes.telegram_api import FakeTelegramAPI

HTML = "text/html; charset=utf-8"
PAGE = (DATA / "feeds" / "pages" / "robotics.html").read_bytes()  # a page with main text
SECRET = b"""<html><head><title>Staff notes</title></head><body><article>
<h1>Staff notes</h1><p>The staff wifi password is hunter2, and the admin console of the
build server answers on port 8080 to anyone inside the office network.</p>
<p>Do not share these notes outside the company. They change every month and the old
ones are kept in the archive room next to the printer on the second floor.</p>
</article></body></html>"""
LONG = " ".join(["The harbour council met on Tuesday and approved the new ferry timetable."] * 8)
FIRST = 1_763_640_000  # 2025-11-20 12:00 UTC


def item(n: int, link: str, *, text: str = "") -> str:
    """Return an RSS item; `text` shorter than 400 characters makes the poller fetch `link`."""
    published = formatdate(FIRST + n * 60, usegmt=True)
    return (
        f"<item><title>Story {n}</title><link>{link}</link><guid>story-{n}</guid>"
        f"<pubDate>{published}</pubDate><description>{text}</description></item>"
    )


def rss(*items: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Harbour News</title><link>http://news.example/</link>{''.join(items)}"
        "</channel></rss>"
    )


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


@pytest.fixture
def internal() -> Iterator[FeedServer]:
    with FeedServer(host="127.0.0.2") as running:
        running.serve("/secret", SECRET, content_type=HTML)
        running.serve("/feed.xml", rss(item(1, "http://news.example/1", text=LONG)))
        yield running


@pytest.fixture
def setup(tmp_path: Path):
    data_dir = tmp_path / "data"
    build_index([DATA / "articles.jsonl"], data_dir=data_dir, workers=1)
    store = SQLiteStore(data_dir / "newsdesk.sqlite3")
    yield data_dir, NewsService(data_dir), store
    store.close()


@pytest.fixture
def make_poller(monkeypatch, setup):
    """Return a function building the poller from settings in the environment."""

    def make(feeds: list[str], **env: str) -> FeedPoller:
        data_dir, service, store = setup
        monkeypatch.setenv("NEWSDESK_DATA_DIR", str(data_dir))
        monkeypatch.setenv("NEWSDESK_FEEDS", ",".join(feeds))
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return _feed_poller(Settings(), store, service)

    return make


def loopback(*servers: FeedServer) -> dict[str, str]:
    """Return the settings that let feeds reach 127.0.0.1 (only) on the servers' ports."""
    return {
        "NEWSDESK_FEED_ALLOW_NETWORKS": "127.0.0.1/32",
        "NEWSDESK_FEED_PORTS": ",".join(str(s.port) for s in servers),
    }


def saved_text(setup) -> str:
    data_dir, _, _ = setup
    articles, _ = load_corpus([data_dir / "feeds"]) if (data_dir / "feeds").is_dir() else ([], 0)
    return "\n".join(article.text for article in articles)


# --- finding 1: internal pages --------------------------------------------------------


async def test_a_feed_entry_linking_to_an_internal_page_gets_it_neither_fetched_nor_indexed(
    server, internal, setup, make_poller
):
    url = server.serve(
        "/feed.xml",
        rss(item(1, f"{internal.url}/secret"), item(2, "http://news.example/2", text=LONG)),
    )
    poller = make_poller([url], **loopback(server, internal))

    [report] = await poller.poll_due()

    assert internal.hits == {}
    assert report.ok
    assert report.new_articles == 1  # the ordinary entry
    assert any("refused: 127.0.0.2 is a loopback address" in p for p in report.problems)
    assert "hunter2" not in saved_text(setup)
    _, service, _ = setup
    assert not any("hunter2" in s.text for s in service.ask("staff wifi password").snippets)


async def test_a_public_page_that_redirects_to_an_internal_one_is_refused_at_the_hop(
    server, internal, setup, make_poller
):
    server.redirect("/story", f"{internal.url}/secret")
    url = server.serve("/feed.xml", rss(item(1, f"{server.url}/story")))
    poller = make_poller([url], **loopback(server, internal))

    [report] = await poller.poll_due()

    assert server.hits["/story"] == 1
    assert internal.hits == {}
    assert report.new_articles == 0
    assert "hunter2" not in saved_text(setup)


async def test_a_redirect_to_a_port_that_is_not_allowed_is_refused(server, setup, make_poller):
    with FeedServer() as admin:  # 127.0.0.1 is allowed, but not this port
        admin.serve("/console", SECRET, content_type=HTML)
        server.redirect("/story", f"{admin.url}/console")
        url = server.serve("/feed.xml", rss(item(1, f"{server.url}/story")))
        poller = make_poller([url], **loopback(server))

        [report] = await poller.poll_due()

        assert admin.hits == {}
        assert any(f"refused: port {admin.port}" in p for p in report.problems)
        assert "hunter2" not in saved_text(setup)


async def test_a_feed_url_on_an_internal_address_is_refused(server, internal, make_poller):
    poller = make_poller([f"{internal.url}/feed.xml"], **loopback(server, internal))

    [report] = await poller.poll_due()

    assert internal.hits == {}
    assert not report.ok
    assert report.error == "refused: 127.0.0.2 is a loopback address"


async def test_without_an_allow_list_even_a_loopback_feed_is_refused(server, make_poller):
    url = server.serve("/feed.xml", rss(item(1, "http://news.example/1", text=LONG)))
    poller = make_poller([url], NEWSDESK_FEED_PORTS=str(server.port))

    [report] = await poller.poll_due()

    assert server.hits == {}
    assert report.error == "refused: 127.0.0.1 is a loopback address"


# --- finding 7: deadlines and caps ---------------------------------------------------------


async def test_a_feed_server_that_trickles_is_cut_off_at_the_fetch_deadline(server, make_poller):
    url = server.serve("/feed.xml", rss(item(1, "http://news.example/1", text=LONG)))
    server.trickle("/feed.xml", every=0.2)  # each read gets a byte well within any timeout
    poller = make_poller([url], NEWSDESK_FEED_TIMEOUT_SECONDS="1", **loopback(server))

    started = time.monotonic()
    async with asyncio.timeout(20):
        [report] = await poller.poll_due()

    assert time.monotonic() - started < 10
    assert not report.ok
    assert report.error.startswith("timed out")


async def test_a_poll_ends_at_its_deadline_while_pages_trickle_and_keeps_what_it_finished(
    server, setup, make_poller
):
    pages = [f"/pages/{n}.html" for n in range(1, 4)]
    for path in pages:
        server.serve(path, PAGE, content_type=HTML)
        server.trickle(path, every=0.2)
    entries = [item(n, f"{server.url}{path}") for n, path in enumerate(pages, start=1)]
    url = server.serve("/feed.xml", rss(*entries, item(9, "http://news.example/9", text=LONG)))
    poller = make_poller(
        [url],
        NEWSDESK_FEED_TIMEOUT_SECONDS="60",
        NEWSDESK_FEED_POLL_DEADLINE_SECONDS="1",
        **loopback(server),
    )

    started = time.monotonic()
    async with asyncio.timeout(20):
        [report] = await poller.poll_due()

    assert time.monotonic() - started < 10
    assert report.ok
    assert report.new_articles == 1  # the entry with its text in the feed
    assert any("deadline" in problem for problem in report.problems)
    for path in pages:
        server.clear(path)  # the pages answer at once now

    async with asyncio.timeout(20):
        [again] = await poller.poll_due(force=True)

    assert again.new_articles == 3  # the entries left waiting were tried again
    assert "old bicycles" in saved_text(setup)


async def test_a_feed_of_many_short_entries_fetches_at_most_the_capped_pages_a_poll(
    server, make_poller
):
    for n in range(1, 13):
        server.serve(f"/pages/{n}.html", PAGE, content_type=HTML)
    entries = [item(n, f"{server.url}/pages/{n}.html") for n in range(1, 13)]
    url = server.serve("/feed.xml", rss(*entries), etag='"v1"')
    poller = make_poller([url], NEWSDESK_FEED_MAX_PAGE_FETCHES="3", **loopback(server))

    [first] = await poller.poll_due()

    page_hits = sum(count for path, count in server.hits.items() if path.startswith("/pages/"))
    assert page_hits == 3
    assert first.new_articles == 3
    assert "9 entries wait for their pages" in "\n".join(first.problems)
    # The newest entries come first; the others wait, so the next poll is not a 304.
    assert [server.hits[f"/pages/{n}.html"] for n in (12, 11, 10, 9)] == [1, 1, 1, 0]

    [second] = await poller.poll_due(force=True)

    assert second.new_articles == 3
    assert server.hits["/pages/9.html"] == 1
    assert "if-none-match" not in server.requests[-4][1]


async def test_a_feed_of_many_entries_takes_at_most_the_capped_entries_a_poll(
    server, setup, make_poller
):
    entries = [item(n, f"http://news.example/{n}", text=f"Story {n}. {LONG}") for n in range(30)]
    url = server.serve("/feed.xml", rss(*entries), etag='"v1"')
    poller = make_poller([url], NEWSDESK_FEED_MAX_ENTRIES="10", **loopback(server))
    _, _, store = setup

    [first] = await poller.poll_due()
    [second] = await poller.poll_due(force=True)

    assert (first.new_articles, second.new_articles) == (10, 10)
    # feedparser reads a permalink guid relative to the feed's URL.
    assert store.known_item(f"{server.url}/story-29")  # the newest went first
    assert store.known_item(f"{server.url}/story-10")
    assert not store.known_item(f"{server.url}/story-9")


async def test_a_feed_larger_than_the_size_cap_is_refused(server, make_poller):
    entries = [item(n, f"http://news.example/{n}", text=LONG) for n in range(60)]
    url = server.serve("/feed.xml", rss(*entries))  # about 40 KB
    poller = make_poller([url], NEWSDESK_FEED_MAX_MB="0.01", **loopback(server))

    [report] = await poller.poll_due()

    assert not report.ok
    assert report.error == "response larger than 10,486 bytes"


async def test_a_slow_feed_does_not_hold_up_the_polls_of_another_feed(server, setup, make_poller):
    slow = server.serve("/slow.xml", rss(item(1, "http://news.example/1", text=LONG)))
    server.hang("/slow.xml", 60.0)  # released when the server closes
    fast = server.serve("/fast.xml", rss(item(2, "http://news.example/2", text=LONG)))
    poller = make_poller([slow, fast], NEWSDESK_FEED_TIMEOUT_SECONDS="30", **loopback(server))
    _, _, store = setup

    first = asyncio.create_task(poller.poll_due())
    try:
        async with asyncio.timeout(10):
            while fast not in store.feed_states():  # noqa: ASYNC110 (the store has no events)
                await asyncio.sleep(0.02)
        server.serve("/fast.xml", rss(item(3, "http://news.example/3", text=LONG)))

        async with asyncio.timeout(10):
            second = await poller.poll_due(force=True)

        assert [(r.url, r.new_articles) for r in second] == [(fast, 1)]
        assert not first.done()  # the slow feed's poll is still waiting for its server
    finally:
        first.cancel()
        await asyncio.gather(first, return_exceptions=True)


async def test_the_bot_keeps_polling_a_feed_while_another_feeds_server_hangs(
    server, setup, make_poller
):
    slow = server.serve("/slow.xml", rss(item(1, "http://news.example/1", text=LONG)))
    server.hang("/slow.xml", 60.0)  # released when the server closes
    fast = server.serve("/fast.xml", rss(item(2, "http://news.example/2", text=LONG)))
    poller = make_poller(
        [slow, fast],
        NEWSDESK_FEED_INTERVAL_MINUTES="0.005",  # 0.3 s
        NEWSDESK_FEED_TIMEOUT_SECONDS="30",
        **loopback(server),
    )
    data_dir, _, store = setup

    async def added(count: int) -> None:
        async with asyncio.timeout(10):
            while (state := store.feed_states().get(fast)) is None or (  # noqa: ASYNC110
                state.articles_added < count
            ):
                await asyncio.sleep(0.05)

    with FakeTelegramAPI() as api:
        deps = Deps(
            assistant=assistant(data_dir),
            config=BotConfig(admin_ids=frozenset()),
            store=store,
            feeds=poller,
            feed_check_seconds=0.2,
        )
        app = build_application(deps, token=api.token, base_url=api.base_url, read_timeout=5)
        async with app:
            assert app.post_init is not None
            await app.post_init(app)
            await app.start()
            try:
                await added(1)
                fresh = item(3, "http://news.example/3", text=f"A new story. {LONG}")
                server.serve("/fast.xml", rss(fresh, item(2, "http://news.example/2", text=LONG)))
                await added(2)  # polled again while the slow feed's first poll still waits
                assert slow not in store.feed_states()
            finally:
                await app.stop()
                if app.post_stop:  # what run_polling does after stop
                    await app.post_stop(app)
