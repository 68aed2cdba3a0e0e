"""Feed polling against a real HTTP server on loopback, driven by a real httpx client."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import AsyncIterator, Iterator
from datetime import date
from email.utils import formatdate

import httpx
import pytest

from corpus.article import Article, id_from_url
from corpus.feeds.addresses import parse_networks
from corpus.feeds.entries import entry_key, html_to_text
from corpus.feeds.files import save_articles
from corpus.feeds.poll import poll_feed
from corpus.feeds.safe_fetch import FetchPolicy, GuardedClient
from corpus.feeds.state import FeedLimits, FeedState, PollResult
from corpus.readers import load_corpus
from tests.conftest import DATA
from tests.fakes.feed_server import FeedServer

FEEDS = DATA / "feeds"
NOW = 1_763_640_000.0  # 2025-11-20 12:00 UTC
INTERVAL = 60.0
RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"
HTML = "text/html; charset=utf-8"


def feed_file(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        for page in ("robotics.html", "trolleybus.html"):
            running.serve(f"/pages/{page}", feed_file(f"pages/{page}"), content_type=HTML)
        yield running


def loopback(*ports: int) -> FetchPolicy:
    """Return a policy that lets fetches reach 127.0.0.1 on `ports` (and nothing internal else)."""
    return FetchPolicy(ports=frozenset(ports), allowed_networks=parse_networks("127.0.0.1/32"))


def guarded(*ports: int, timeout: float | httpx.Timeout = 5.0) -> GuardedClient:
    return GuardedClient(loopback(*ports), timeout=httpx.Timeout(timeout))


@pytest.fixture
async def client(server) -> AsyncIterator[GuardedClient]:
    async with guarded(server.port, timeout=httpx.Timeout(5.0, connect=2.0)) as http:
        yield http


async def poll(
    client: GuardedClient,
    state: FeedState,
    *,
    now: float = NOW,
    known: set[str] | frozenset[str] = frozenset(),
    max_backoff: float = 6 * 3600,
    limits: FeedLimits | None = None,
) -> PollResult:
    return await poll_feed(
        client,
        state,
        now=now,
        interval=INTERVAL,
        known=known.__contains__,
        max_backoff=max_backoff,
        limits=limits or FeedLimits(),
    )


# --- parsing --------------------------------------------------------------------------


async def test_rss_with_full_content_gives_clean_articles_oldest_first(server, client):
    url = server.serve("/rss.xml", feed_file("rss-full.xml"), content_type=RSS, etag='"r1"')

    result = await poll(client, FeedState(url))

    library, ferry = result.articles
    host = server.url.removeprefix("http://")  # plain guids are qualified by the feed's host
    assert [library.id, ferry.id] == [
        f"{host}/riverton-library-2025",
        f"{host}/riverton-ferry-2025",
    ]
    assert ferry.title == "Riverton opens a ferry & bike route across the bay"
    assert ferry.url == f"{server.url}/news/ferry-route"
    assert ferry.source == "Riverton Gazette"
    assert ferry.lang == "en"  # <language>en-GB</language>
    assert ferry.published == date(2025, 11, 19)  # 23:30 -0800 on the 18th is the 19th in UTC
    assert ferry.text.split("\n\n") == [
        "The town of Riverton opened a combined ferry and bike route across the bay on "
        "Tuesday, the harbour office said.",
        "Two electric ferries will run every twenty minutes from six in the morning until "
        "midnight, and each carries up to forty bicycles on its open deck.",
        "Tickets cost the same as a city bus fare.",
        "Season passes go on sale next week.",
        "First ferry: 06:00",
        "Last ferry: 23:40",
    ]
    assert "trackVisit" not in ferry.text
    assert result.problems == []
    assert server.hits["/news/ferry-route"] == server.hits["/news/library-hours"] == 0
    assert result.state == FeedState(
        url,
        etag='"r1"',
        next_poll_at=NOW + INTERVAL,
        last_ok_at=NOW,
        last_status=200,
        entries_seen=2,
        articles_added=2,
    )


async def test_atom_feed_parses_and_languages_are_detected(server, client):
    url = server.serve("/atom.xml", feed_file("atom.xml"), content_type=ATOM)

    result = await poll(client, FeedState(url))

    rink, bridge = result.articles  # the rink story is older
    assert bridge.id == "tag:yar.example,2025:bridge"
    assert bridge.title == "Міст через річку Ясну відкрили після ремонту"  # <b> stripped
    assert bridge.lang == "uk"
    assert bridge.published == date(2025, 11, 20)  # published, 22:30 -03:00, in UTC
    assert bridge.source == "Вісті Зеленого Яру"
    assert bridge.text.startswith("У місті Зелений Яр відкрили міст")
    assert len(bridge.text.split("\n\n")) == 3
    assert rink.lang == "ru"
    assert rink.published == date(2025, 11, 18)  # no published: updated
    assert rink.text.split("\n\n")[1].startswith("Каток рассчитан на двести посетителей")
    assert rink.url == f"{server.url}/yar/katok"


async def test_entry_without_id_or_link_is_skipped_and_reported(server, client):
    url = server.serve("/no-id.xml", feed_file("no-id.xml"), content_type=RSS)

    result = await poll(client, FeedState(url))

    [choir] = result.articles
    assert choir.id == id_from_url(f"{server.url}/hillside/choir")
    assert choir.title == "Hillside choir tours three towns"
    assert choir.published is None
    assert choir.source == "Hillside Weekly"
    assert result.problems == ["entry 1: no id and no link"]
    assert result.state.entries_seen == 2
    assert result.state.articles_added == 1


async def test_redirects_are_followed(server, client):
    server.serve("/rss.xml", feed_file("rss-full.xml"), content_type=RSS)
    server.redirect("/old-feed", "/rss.xml")

    result = await poll(client, FeedState(f"{server.url}/old-feed"))

    assert len(result.articles) == 2
    assert result.state.last_status == 200
    assert server.hits["/old-feed"] == server.hits["/rss.xml"] == 1


# --- conditional GET ------------------------------------------------------------------


async def test_second_poll_is_a_304_with_no_articles_and_no_page_refetch(server, client):
    stamp = "Thu, 20 Nov 2025 10:00:00 GMT"
    url = server.serve(
        "/summary.xml", feed_file("summary-only.xml"), etag='"s1"', last_modified=stamp
    )
    bakery = feed_file("pages/trolleybus.html")  # any page with text will do
    server.serve("/pages/missing-bakery.html", bakery, content_type=HTML)
    first = await poll(client, FeedState(url))
    assert first.state.etag == '"s1"'
    assert first.state.last_modified == stamp
    pages = ["/pages/robotics.html", "/pages/trolleybus.html", "/pages/missing-lights.html"]
    assert [server.hits[page] for page in pages] == [1, 1, 1]

    second = await poll(client, first.state, now=NOW + INTERVAL)

    assert second.articles == []
    assert second.problems == []
    _, headers = server.requests[-1]
    assert headers["if-none-match"] == '"s1"'
    assert headers["if-modified-since"] == stamp
    assert server.hits["/summary.xml"] == 2
    assert [server.hits[page] for page in pages] == [1, 1, 1]  # no page fetched again
    assert second.state.last_status == 304
    assert second.state.last_ok_at == NOW + INTERVAL
    assert second.state.next_poll_at == NOW + 2 * INTERVAL
    assert second.state.entries_seen == 4  # unchanged by a 304
    assert second.state.articles_added == first.state.articles_added


async def test_last_modified_alone_gives_a_304(server, client):
    stamp = "Wed, 19 Nov 2025 08:00:00 GMT"
    url = server.serve("/rss.xml", feed_file("rss-full.xml"), last_modified=stamp)
    first = await poll(client, FeedState(url))
    assert first.state.etag is None

    second = await poll(client, first.state)

    assert server.requests[-1][1]["if-modified-since"] == stamp
    assert "if-none-match" not in server.requests[-1][1]
    assert second.state.last_status == 304
    assert second.articles == []


async def test_changed_feed_gives_only_the_new_entries(server, client):
    url = server.serve("/rss.xml", feed_file("rss-full.xml"), etag='"v1"')
    first = await poll(client, FeedState(url))
    known = {article.id for article in first.articles}
    server.serve("/rss.xml", feed_file("rss-full-v2.xml"), etag='"v2"')

    second = await poll(client, first.state, known=known)

    host = server.url.removeprefix("http://")
    assert [article.id for article in second.articles] == [f"{host}/riverton-crane-2025"]
    assert second.articles[0].published == date(2025, 11, 19)
    assert second.state.etag == '"v2"'
    assert second.state.entries_seen == 3
    assert second.state.articles_added == 3


# --- page text --------------------------------------------------------------------------


async def test_summary_only_entries_get_their_page_text(server, client):
    url = server.serve("/summary.xml", feed_file("summary-only.xml"))

    result = await poll(client, FeedState(url))

    robotics, trolleybus, lights = result.articles  # oldest first; the bakery is skipped
    assert robotics.id == f"{server.url}/pages/robotics.html"  # the guid
    assert robotics.text.startswith("A team of six pupils from Northfield secondary school")
    assert "old bicycles" in robotics.text
    assert "All rights reserved" not in robotics.text
    assert "About us" not in robotics.text
    assert robotics.title == "Northfield school wins the regional robotics cup"
    assert robotics.lang == "en"
    assert trolleybus.id == id_from_url(f"{server.url}/pages/trolleybus.html")  # no guid
    assert "дванадцять нових тролейбусів" in trolleybus.text
    assert trolleybus.lang == "uk"
    assert trolleybus.source == "Northfield Courier"
    assert lights.text == (
        "The council will replace the old street lights on the market square before the "
        "winter fair."
    )
    assert result.problems == [
        f"entry 3 ({server.url}/pages/missing-lights.html): page fetch failed (HTTP 404); "
        "kept the feed's summary",
        f"entry 4 ({server.url}/pages/missing-bakery.html): no text and page fetch failed: "
        "HTTP 404; will retry",
    ]
    assert result.state.entries_seen == 4
    assert result.state.articles_added == 3
    assert result.state.failures == 0  # entry problems do not fail the feed


async def test_an_entry_whose_page_failed_is_retried_on_the_next_poll(server, client):
    url = server.serve("/summary.xml", feed_file("summary-only.xml"), etag='"s1"')
    first = await poll(client, FeedState(url))
    assert len(first.articles) == 3  # the bakery had no text and its page was a 404
    assert first.state.etag is None  # so the next poll must not be answered by a 304
    known = {article.id for article in first.articles}
    bakery = feed_file("pages/trolleybus.html")
    server.serve("/pages/missing-bakery.html", bakery, content_type=HTML)

    second = await poll(client, first.state, now=NOW + INTERVAL, known=known)

    assert "if-none-match" not in server.requests[-2][1]  # the feed, then the bakery page
    assert [a.url for a in second.articles] == [f"{server.url}/pages/missing-bakery.html"]
    assert second.problems == []
    assert second.state.etag == '"s1"'
    assert server.hits["/pages/robotics.html"] == 1  # known entries are not fetched again
    known |= {article.id for article in second.articles}

    third = await poll(client, second.state, now=NOW + 2 * INTERVAL, known=known)

    assert third.state.last_status == 304
    assert third.articles == []


async def test_known_entries_are_skipped_before_their_pages_are_fetched(server, client):
    url = server.serve("/summary.xml", feed_file("summary-only.xml"))
    robotics_id = f"{server.url}/pages/robotics.html"

    result = await poll(
        client, FeedState(url), known={robotics_id}, limits=FeedLimits(page_fetch_concurrency=1)
    )

    assert robotics_id not in {article.id for article in result.articles}
    assert server.hits["/pages/robotics.html"] == 0
    assert server.hits["/pages/trolleybus.html"] == 1


@pytest.mark.parametrize(("limit", "peak"), [(1, 1), (2, 2)])
async def test_page_fetches_are_bounded(server, client, limit, peak):
    url = server.serve("/summary.xml", feed_file("summary-only.xml"))
    pages = ["robotics", "trolleybus", "missing-lights", "missing-bakery"]
    for page in pages:
        server.hang(f"/pages/{page}.html", 0.15)

    result = await poll(client, FeedState(url), limits=FeedLimits(page_fetch_concurrency=limit))

    assert len(result.articles) == 3
    assert server.peak_in_flight == peak


async def test_page_that_is_not_html_is_reported(server, client):
    url = server.serve("/summary.xml", feed_file("summary-only.xml"))
    server.serve("/pages/missing-lights.html", b"%PDF-1.4", content_type="application/pdf")

    result = await poll(client, FeedState(url))

    assert any(
        "missing-lights.html): page fetch failed (not an HTML page: application/pdf)" in problem
        for problem in result.problems
    )


def test_html_to_text_keeps_paragraphs_and_inline_spacing():
    markup = (
        "<div><p>One <b>bold</b> <a href='#'>link</a>&nbsp;here &amp; there.</p>"
        "<p>Line one<br>line two</p><style>p {}</style><h2>Heading</h2>tail text</div>"
    )

    assert html_to_text(markup) == (
        "One bold link here & there.\n\nLine one\n\nline two\n\nHeading\n\ntail text"
    )


# --- failures and backoff ---------------------------------------------------------------


async def test_malformed_feed_fails_with_backoff_and_other_feeds_are_unaffected(server, client):
    broken = server.serve("/broken.xml", feed_file("malformed.xml"), etag='"b1"')
    good = server.serve("/rss.xml", feed_file("rss-full.xml"))

    bad_result, good_result = await asyncio.gather(
        poll(client, FeedState(broken)), poll(client, FeedState(good))
    )

    assert bad_result.articles == []
    assert bad_result.state.failures == 1
    assert bad_result.state.last_error is not None
    assert bad_result.state.last_error.startswith("not a feed: ")
    assert "not well-formed" in bad_result.state.last_error
    assert bad_result.state.next_poll_at == NOW + 2 * INTERVAL
    assert bad_result.state.last_status == 200
    assert bad_result.state.last_ok_at is None
    assert bad_result.state.etag is None  # so the next poll is not answered with a 304
    assert len(good_result.articles) == 2
    assert good_result.state.failures == 0


@pytest.mark.parametrize(
    ("body", "content_type", "error"),
    [
        (feed_file("pages/robotics.html"), HTML, "not a feed: "),
        (b"", RSS, "not a feed: empty response"),
    ],
)
async def test_a_body_that_is_not_a_feed_is_a_failure(server, client, body, content_type, error):
    url = server.serve("/feed", body, content_type=content_type)

    result = await poll(client, FeedState(url))

    assert result.state.failures == 1
    assert result.state.last_error is not None
    assert result.state.last_error.startswith(error)


@pytest.mark.parametrize("reference", ["&#x110000;", "&#99999999;"])
async def test_a_feed_the_parser_raises_on_fails_as_a_feed_and_the_others_work(
    server, client, reference
):
    # Not well-formed (the reference is no character), so feedparser's loose parser reads it.
    body = feed_file("rss-full.xml").replace(b"</title>", f"{reference}</title>".encode(), 1)
    broken = server.serve("/broken.xml", body)
    good = server.serve("/rss.xml", feed_file("rss-full.xml"))

    bad_result, good_result = await asyncio.gather(
        poll(client, FeedState(broken)), poll(client, FeedState(good))
    )

    assert bad_result.articles == []
    assert bad_result.state.failures == 1
    assert bad_result.state.last_error == (
        "not a feed: the parser failed (ValueError: chr() arg not in range(0x110000))"
    )
    assert len(good_result.articles) == 2


@pytest.mark.parametrize(
    "published",
    [
        "yesterday",
        "Fri, 31 Feb 2025 25:61:61 +9999",
        "",
        "0000-00-00",  # feedparser: year -1, which datetime cannot hold
        "0001-01-01T00:00:00+01:00",  # year 0 in UTC
        "9999-12-31T23:59:59-14:00",  # year 10000 in UTC
    ],
)
async def test_an_entry_whose_date_cannot_be_read_is_kept_undated(server, client, published):
    # feedparser leaves `published_parsed` None; asked for `updated_parsed`, it would answer
    # with that and a DeprecationWarning (an error under these tests' warning filter).
    body = feed_file("rss-full.xml").replace(
        b"Tue, 18 Nov 2025 23:30:00 -0800", published.encode()
    )
    url = server.serve("/rss.xml", body)

    result = await poll(client, FeedState(url))

    assert result.state.failures == 0
    dates = {article.title: article.published for article in result.articles}
    assert dates["Riverton opens a ferry & bike route across the bay"] is None
    assert dates["Library extends its opening hours for the winter"] == date(2025, 11, 17)


async def test_a_valid_feed_with_no_entries_is_a_success(server, client):
    empty = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    )
    url = server.serve("/quiet.xml", empty)

    result = await poll(client, FeedState(url))

    assert result.articles == []
    assert result.state.failures == 0
    assert result.state.entries_seen == 0


async def test_timeout_is_a_failure(server):
    url = server.serve("/slow.xml", feed_file("rss-full.xml"))
    server.hang("/slow.xml", 5.0)

    started = time.monotonic()
    async with guarded(server.port, timeout=0.3) as impatient:
        result = await poll(impatient, FeedState(url))

    assert time.monotonic() - started < 2.0
    assert result.state.last_error == "timed out"
    assert result.state.failures == 1
    assert result.state.last_status is None
    assert result.state.next_poll_at == NOW + 2 * INTERVAL


async def test_unreachable_or_invalid_url_is_a_failure():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there

    async with guarded(port) as client:
        refused = await poll(client, FeedState(f"http://127.0.0.1:{port}/rss.xml"))
        invalid = await poll(client, FeedState("not a url"))

    assert refused.state.failures == invalid.state.failures == 1
    assert refused.state.last_error is not None
    assert refused.state.last_error.startswith("ConnectError")
    assert invalid.state.last_error is not None


@pytest.mark.parametrize(
    ("status", "retry_after", "delay"),
    [
        (503, "300", 300.0),  # Retry-After later than the backoff wins
        (429, "5", 2 * INTERVAL),  # earlier: the backoff wins
        (503, "99999", 1000.0),  # capped at max_backoff
        (500, "3600", 2 * INTERVAL),  # only 429 and 503 are asked to wait
        (404, None, 2 * INTERVAL),
    ],
)
async def test_http_errors_fail_and_retry_after_is_honoured(
    server, client, status, retry_after, delay
):
    url = server.serve("/rss.xml", feed_file("rss-full.xml"))
    server.fail("/rss.xml", status, headers={"Retry-After": retry_after} if retry_after else {})

    result = await poll(client, FeedState(url), max_backoff=1000.0)

    assert result.articles == []
    assert result.state.last_error == f"HTTP {status}"
    assert result.state.last_status == status
    assert result.state.next_poll_at == NOW + delay


async def test_retry_after_as_a_date_counts_from_now(server, client):
    url = server.serve("/rss.xml", feed_file("rss-full.xml"))
    server.fail("/rss.xml", 429, headers={"Retry-After": formatdate(NOW + 7200, usegmt=True)})

    result = await poll(client, FeedState(url))

    assert result.state.next_poll_at == NOW + 7200


async def test_backoff_doubles_caps_and_resets_on_success(server, client):
    url = server.serve("/rss.xml", feed_file("rss-full.xml"))
    server.fail("/rss.xml", 500)
    state = FeedState(url)
    delays = []
    for _ in range(6):
        state = (await poll(client, state, max_backoff=1000.0)).state
        delays.append(state.next_poll_at - NOW)
    assert delays == [120.0, 240.0, 480.0, 960.0, 1000.0, 1000.0]
    assert state.failures == 6

    server.clear("/rss.xml")
    recovered = await poll(client, state, now=NOW + 1000)

    assert recovered.state.failures == 0
    assert recovered.state.last_error is None
    assert recovered.state.next_poll_at == NOW + 1000 + INTERVAL
    assert len(recovered.articles) == 2


# --- saving -----------------------------------------------------------------------------


async def test_saved_articles_load_back_through_the_corpus_readers(server, client, tmp_path):
    rss = server.serve("/rss.xml", feed_file("rss-full.xml"))
    atom = server.serve("/atom.xml", feed_file("atom.xml"), content_type=ATOM)
    first = (await poll(client, FeedState(rss))).articles
    second = (await poll(client, FeedState(atom))).articles
    folder = tmp_path / "feeds" / "new"

    path = save_articles(folder, first, now=NOW)
    assert save_articles(folder, second, now=NOW) == path

    assert path == folder / "feed-2025-11.jsonl"
    assert json.loads(path.read_text("utf-8").splitlines()[0]) == {
        "id": f"{server.url.removeprefix('http://')}/riverton-library-2025",
        "title": "Library extends its opening hours for the winter",
        "url": f"{server.url}/news/library-hours",
        "published": "2025-11-17T09:00:00+00:00",  # the feed's exact time, read back as such
        "lang": "en",
        "source": "Riverton Gazette",
        "text": first[0].text,
    }
    loaded, report = load_corpus([folder])
    assert report.problems == []
    assert loaded == [*first, *second]


@pytest.mark.parametrize(
    "link",
    [
        "http://news.example/\x01a",
        "http://x.example/a b",
        "http://x.example/\u202egpj.exe",
        "https://x.example:99999/a",
    ],
)
async def test_an_entry_with_a_malformed_link_is_kept_without_it(server, client, tmp_path, link):
    body = feed_file("rss-full.xml").replace(b"{base}/news/ferry-route", link.encode())
    url = server.serve("/rss.xml", body)

    result = await poll(client, FeedState(url))

    ferry = next(a for a in result.articles if a.title.startswith("Riverton opens"))
    assert ferry.url is None
    assert ferry.id == entry_key("riverton-ferry-2025", url)
    assert any(p.startswith(f"entry 1: bad link {link!r} dropped") for p in result.problems)
    loaded, report = load_corpus([save_articles(tmp_path, result.articles, now=NOW)])
    assert report.problems == []  # the same article when the saved file is read back
    assert loaded == sorted(result.articles, key=lambda a: a.published_at or NOW)


def test_save_articles_keeps_a_torn_last_line_apart_from_the_next(tmp_path):
    article = Article("a1", "Title", None, None, "en", None, "Some text for the article.")
    path = save_articles(tmp_path, [article], now=NOW)
    with path.open("ab") as stream:
        stream.write(b'{"id": "torn", "text": "cut off by a cra')  # a crash mid-line
    save_articles(tmp_path, [Article("a2", "Other", None, None, "en", None, "More.")], now=NOW)

    loaded, report = load_corpus([tmp_path])

    assert [article.id for article in loaded] == ["a1", "a2"]
    assert [problem.line for problem in report.problems] == [2]


def test_saved_dates_keep_their_precision(tmp_path):
    articles = [
        Article("y", "A year", None, date(2015, 1, 1), "en", None, "Text one.", "year"),
        Article("m", "A month", None, date(2016, 3, 1), "en", None, "Text two.", "month"),
        Article("d", "A day", None, date(2017, 4, 5), "en", None, "Text three."),
    ]
    save_articles(tmp_path, articles, now=NOW)

    loaded, _ = load_corpus([tmp_path])

    assert loaded == articles


def test_save_articles_with_nothing_writes_no_file(tmp_path):
    path = save_articles(tmp_path / "out", [], now=NOW)

    assert (tmp_path / "out").is_dir()
    assert not path.exists()


def test_plain_guids_are_qualified_by_their_feed_and_global_ones_kept():
    a = entry_key("123", "https://one.example/rss")
    b = entry_key("123", "https://two.example/feed.xml")
    assert a == "one.example/123"
    assert b == "two.example/123"
    assert entry_key("https://one.example/story/1", "https://one.example/rss") == (
        "https://one.example/story/1"
    )
    assert entry_key("tag:one.example,2025:1", "https://x.example/") == "tag:one.example,2025:1"
    assert entry_key("urn:uuid:1234", "https://x.example/") == "urn:uuid:1234"


# --- the fetch policy -------------------------------------------------------------------


async def test_an_entry_whose_link_is_refused_is_skipped_and_not_retried(server):
    with FeedServer(host="127.0.0.2") as internal:
        internal.serve("/pages/admin.html", feed_file("pages/robotics.html"), content_type=HTML)
        feed = feed_file("summary-only.xml").replace(
            b"{base}/pages/missing-bakery.html", f"{internal.url}/pages/admin.html".encode()
        )
        url = server.serve("/summary.xml", feed, etag='"s1"')

        async with guarded(server.port, internal.port) as client:  # the port is not why
            result = await poll(client, FeedState(url))

        assert internal.hits == {}
        assert len(result.articles) == 3
        assert (
            f"entry 4 ({internal.url}/pages/admin.html): no text and page fetch refused: "
            "127.0.0.2 is a loopback address; skipped"
        ) in result.problems
        assert result.state.etag == '"s1"'  # nothing waits: the next poll may be a 304
