"""Fuzz: broken feeds beside a good one, served on loopback and polled by the real poller.

The poller is built as `newsdesk run` builds it, from settings in the environment, with
127.0.0.1 allowed (as every feed test must) and 127.0.0.2 standing in for an internal
server no feed may reach. Each poll takes one good feed and five generated ones: XML that
is malformed, truncated, binary, in the wrong encoding, or full of entities (billion
laughs, external entities naming local files and the internal server, invalid character
references); wrong content types and encodings (a gzip header on a plain body, a gzip
bomb); bodies over the size cap; HTTP errors with odd Retry-After values; redirect loops,
chains past the limit and redirects to internal, non-HTTP or malformed URLs; broken HTTP
(bad status lines, lengths and chunking, a body cut short); and feeds of hostile entries
whose short summaries make the poller fetch their pages, which are broken in the same ways.

Properties: a poll never raises and ends within its bound; every feed gets a report, and
one that did not work says why in one line; the good feed's articles are indexed and
saved; nothing from the internal server or a local file is fetched or saved; nothing is
logged with a traceback, nor at ERROR by our code; and the saved feed files load back
without a problem.

Inputs: 200 polls of 5 generated feeds, 1,000 feeds (about 30 s here).
"""

from __future__ import annotations

import asyncio
import gzip
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.utils import formatdate
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cli._common import _feed_poller
from bot.settings import Settings
from bot.store import SQLiteStore
from corpus.readers import load_corpus
from retrieval.index import build_index
from retrieval.service import NewsService
from tests.conftest import DATA
from tests.fakes.feed_server import FeedServer
from tests.fuzz.conftest import FUZZ, GENERATE
from tests.fuzz.hostile import hostile_text

POLLS = 200
FEEDS_PER_POLL = 5
MAX_BYTES = 64 * 1024  # NEWSDESK_FEED_MAX_MB and _PAGE_MAX_MB below
SECRET = "hunter2-internal"
LONG = " ".join(["The harbour council met on Tuesday and approved the new ferry timetable."] * 8)
PAGE = (DATA / "feeds" / "pages" / "robotics.html").read_bytes()
OURS = ("bot", "corpus", "retrieval")

# --- the world ----------------------------------------------------------------------------


@dataclass
class World:
    server: FeedServer
    internal: FeedServer
    data_dir: Path
    service: NewsService
    store: SQLiteStore
    polls: int = 0
    feeds: int = 0
    seconds: float = 0.0


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    data_dir = tmp_path_factory.mktemp("fuzz-feeds") / "data"
    build_index([DATA / "articles.jsonl"], data_dir=data_dir, workers=1)
    store = SQLiteStore(data_dir / "newsdesk.sqlite3")
    with FeedServer() as server, FeedServer(host="127.0.0.2") as internal:
        internal.serve(
            "/secret", f"<html><body><p>{SECRET}</p></body></html>", content_type="text/html"
        )
        internal.serve("/feed.xml", rss(item(1, "x", text=SECRET + LONG)))
        try:
            yield World(server, internal, data_dir, NewsService(data_dir), store)
        finally:
            store.close()


# --- generated feeds ----------------------------------------------------------------------


def item(n: int, link: str, *, text: str = "", title: str | None = None, extra: str = "") -> str:
    published = formatdate(1_763_640_000 + n * 60, usegmt=True)
    return (
        f"<item><title>{title if title is not None else f'Story {n}'}</title><link>{link}</link>"
        f"<guid>story-{n}</guid><pubDate>{published}</pubDate>"
        f"<description>{text}</description>{extra}</item>"
    )


def rss(
    *items: str, head: str = '<?xml version="1.0" encoding="utf-8"?>', lang: str = "en"
) -> str:
    return (
        f'{head}<rss version="2.0"><channel><title>Harbour News</title>'
        f"<link>http://news.example/</link><language>{lang}</language>{''.join(items)}"
        "</channel></rss>"
    )


def xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Feed:
    """How to serve one generated feed under `prefix`; returns the feed's URL."""

    # Not a dataclass: Hypothesis prints those field by field, bytes and all.
    def __init__(self, serve: Callable[..., str], fields: dict[str, Any]) -> None:
        self.serve = serve
        self.fields = fields

    def __call__(self, world: World, prefix: str) -> str:
        return self.serve(world, prefix, **self.fields)

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={_short(v)}" for k, v in self.fields.items())
        return f"{self.serve.__name__}({shown})"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 160 else f"{text[:140]}…({len(text)} chars)"


LAUGHS = "".join(
    f'<!ENTITY lol{n} "{"".join(f"&lol{n - 1};" for _ in range(10))}">' for n in range(1, 10)
)
DOCTYPES = st.sampled_from(
    [
        '<!DOCTYPE rss [<!ENTITY lol0 "lol">' + LAUGHS + "]>",
        '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{internal}/secret">]>',
        '<!DOCTYPE rss [<!ENTITY % p SYSTEM "{internal}/secret"> %p;]>',
        '<!DOCTYPE rss SYSTEM "{internal}/secret">',
        '<!DOCTYPE rss [<!ENTITY a "&b;"><!ENTITY b "&a;">]>',
    ]
)
REFERENCES = st.sampled_from(
    ["&lol9;", "&xxe;", "&a;", "&#xD800;", "&#0;", "&#x110000;", "&#xFFFE;", "&#1;", "&bogus;"]
)
FIELD_TEXT = st.one_of(
    hostile_text(max_size=200).map(xml_escape),
    hostile_text(max_size=200),  # unescaped: markup and stray ampersands in the XML
    REFERENCES,
    st.sampled_from(["<![CDATA[<b>x</b>]]>", "<![CDATA[", "]]>", "<x:y xmlns:x='u'>z</x:y>"]),
)
LINKS = st.sampled_from(
    [
        "{base}/page",
        "{base}/page",
        "{internal}/secret",
        "file:///etc/passwd",
        "javascript:1",
        "http://[bad",
        "",
        "{base}/missing",
        "//news.example/x",
        "http://news.example/\x01",
        "{base}/loop-a",
        "{base}/binary",
        "{base}/huge",
        "{base}/json",
        "http://127.0.0.1:1/x",
    ]
)
DATES = st.sampled_from(
    [
        "Tue, 10 Jun 2003 04:00:00 GMT",
        "9999-12-31T23:59:59Z",
        "0000-00-00",
        "yesterday",
        "",
        "Fri, 31 Feb 2025 25:61:61 +9999",
        "1970-01-01T00:00:00Z",
        "-1",
    ]
)


@st.composite
def entries(draw: st.DrawFn) -> str:
    n = draw(st.integers(1, 10**9))
    parts = {
        "title": draw(FIELD_TEXT),
        "link": draw(LINKS),
        "description": draw(st.one_of(FIELD_TEXT, st.just(LONG))),
        "guid": draw(st.one_of(FIELD_TEXT, st.just(f"g{n}"), st.just(""))),
        "pubDate": draw(DATES),
    }
    fields = "".join(
        f"<{tag}>{value}</{tag}>" for tag, value in parts.items() if draw(st.integers(0, 5))
    )
    if draw(st.booleans()):
        fields += f"<content:encoded>{draw(FIELD_TEXT)}</content:encoded>"
    return f"<item>{fields}</item>"


@st.composite
def feed_bodies(draw: st.DrawFn) -> bytes:
    kind = draw(
        st.sampled_from(
            [
                "entries",
                "entries",
                "entities",
                "truncated",
                "binary",
                "html",
                "json",
                "atom",
                "empty",
                "encoding",
                "unclosed",
                "many",
            ]
        )
    )
    if kind == "binary":
        return draw(st.binary(max_size=300))
    if kind == "empty":
        return draw(st.sampled_from([b"", b" ", b"\n", b"<?xml version='1.0'?>"]))
    if kind == "html":
        return PAGE
    if kind == "json":
        return b'{"version": "https://jsonfeed.org/version/1", "items": [{"id": 1}]}'
    items = draw(st.lists(entries(), max_size=6))
    xmlns = ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    body = rss(*items, lang=draw(st.sampled_from(["en", "uk", "xx", "", "&xxe;"])))
    body = body.replace('<rss version="2.0">', f'<rss version="2.0"{xmlns}>')
    if kind == "entities":
        doctype = draw(DOCTYPES)
        body = body.replace("?>", "?>" + doctype, 1)
    elif kind == "truncated":
        body = body[: draw(st.integers(0, len(body)))]
    elif kind == "unclosed":
        body = body.replace("</channel></rss>", "")
    elif kind == "atom":
        body = body.replace("<rss version", "<feed xmlns='http://www.w3.org/2005/Atom' v")
        body = body.replace("item>", "entry>").replace("</rss>", "</feed>")
    elif kind == "many":
        body = rss(*[item(n, "{base}/page") for n in range(draw(st.integers(50, 400)))])
    if kind == "encoding":
        declared = draw(st.sampled_from(["utf-16", "bogus", "ascii", "koi8-r", "utf-8"]))
        actual = draw(st.sampled_from(["utf-16", "latin-1", "utf-8", "cp1251"]))
        body = body.replace('encoding="utf-8"', f'encoding="{declared}"')
        return body.encode(actual, "replace")
    return body.encode("utf-8", "surrogatepass")


CONTENT_TYPES = st.sampled_from(
    [
        "application/rss+xml; charset=utf-8",
        "application/rss+xml",
        "text/xml",
        None,
        "text/html; charset=utf-8",
        "application/json",
        "image/png",
        "text/xml; charset=bogus",
        "application/atom+xml; charset=utf-16",
        "application/octet-stream",
    ]
)
ENCODINGS = st.sampled_from([None, None, None, "gzip", "deflate", "br", "bogus", "gzip, gzip"])
RETRY_AFTER = st.sampled_from(
    ["", "-1", "99999999999", "Wed, 21 Oct 2015 07:28:00 GMT", "soon", "1e9", "120", "0"]
)


def serve_body(
    world: World,
    prefix: str,
    *,
    body: bytes,
    content_type: str | None,
    encoding: str | None,
    compress: bool,
    pages: str,
) -> str:
    server = world.server
    data = body.replace(b"{internal}", world.internal.url.encode())
    data = data.replace(b"{base}", (server.url + prefix).encode())
    headers = {"Content-Encoding": encoding} if encoding else {}
    if compress:
        data = gzip.compress(data)
    serve_pages(world, prefix, pages)
    path = f"{prefix}/feed.xml"
    return server.serve(path, data, content_type=content_type, headers=headers)


def serve_pages(world: World, prefix: str, kind: str) -> None:
    """Serve the pages entries link to: `{base}/page` is broken as `kind` says."""
    server = world.server
    pages = {
        "good": (PAGE, "text/html"),
        "binary": (b"\x00\xff" * 100, "text/html"),
        "image": (PAGE, "image/png"),
        "deep": (b"<div>" * 20_000 + b"text" + b"</div>" * 20_000, "text/html"),
        "huge": (b"<p>" + b"x" * (MAX_BYTES + 10) + b"</p>", "text/html"),
        "empty": (b"", "text/html"),
        "secret": (b"", "text/html"),
    }
    body, content_type = pages.get(kind, pages["good"])
    server.serve(f"{prefix}/page", body, content_type=content_type)
    if kind == "secret":
        server.redirect(f"{prefix}/page", f"{world.internal.url}/secret")
    elif kind == "loop":
        server.redirect(f"{prefix}/page", f"{prefix}/page")
    elif kind == "error":
        server.fail(f"{prefix}/page", 500)
    server.serve(f"{prefix}/binary", pages["binary"][0], content_type="text/html")
    server.serve(f"{prefix}/huge", pages["huge"][0], content_type="text/html")
    server.serve(f"{prefix}/json", b"{}", content_type="application/json")
    server.redirect(f"{prefix}/loop-a", f"{prefix}/loop-b")
    server.redirect(f"{prefix}/loop-b", f"{prefix}/loop-a")


PAGE_KINDS = st.sampled_from(["good", "binary", "image", "deep", "huge", "empty", "secret"])


@st.composite
def body_feeds(draw: st.DrawFn) -> Feed:
    fields = {
        "body": draw(feed_bodies()),
        "content_type": draw(CONTENT_TYPES),
        "encoding": draw(ENCODINGS),
        "compress": draw(st.integers(0, 4)) == 0,
        "pages": draw(st.one_of(PAGE_KINDS, st.sampled_from(["loop", "error"]))),
    }
    return Feed(serve_body, fields)


def serve_status(world: World, prefix: str, *, status: int, retry_after: str) -> str:
    path = f"{prefix}/feed.xml"
    world.server.fail(path, status, headers={"Retry-After": retry_after} if retry_after else {})
    return world.server.url + path


def serve_redirect(world: World, prefix: str, *, kind: str, status: int, hops: int) -> str:
    server, path = world.server, f"{prefix}/feed.xml"
    targets = {
        "loop": f"{prefix}/feed.xml",
        "internal": f"{world.internal.url}/feed.xml",
        "file": "file:///etc/passwd",
        "javascript": "javascript:alert(1)",
        "bad": "http://[bad",
        "empty": "",
        "control": f"{prefix}/\x01\x7f\u202e",
        "port": "http://127.0.0.1:1/feed.xml",
        "ftp": "ftp://127.0.0.1/feed.xml",
    }
    if kind == "chain":
        for hop in range(hops):
            server.redirect(f"{prefix}/hop{hop}", f"{prefix}/hop{hop + 1}", status=status)
        server.serve(f"{prefix}/hop{hops}", rss(item(1, "x", text=LONG)))
        return server.url + f"{prefix}/hop0"
    server.redirect(path, targets[kind], status=status)
    return server.url + path


RAW = st.sampled_from(
    [
        b"HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n<rss/>",
        b"HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n<rss/>",
        b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n<rss version='2.0'><channel>",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<rss",
        b"HTTP/1.1 OK\r\n\r\n",
        b"HTTP/1.1 99999 Weird\r\nContent-Length: 0\r\n\r\n",
        b"<rss version='2.0'><channel></channel></rss>",
        b"",
        b"HTTP/1.1 200 OK\r\nBroken header line\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 7\r\n\r\nabc",
        b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\nnope",
        b"HTTP/1.1 302 Found\r\nLocation: \xff\xfe\r\nContent-Length: 0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Type: \x00\x01\r\nContent-Length: 0\r\n\r\n",
    ]
)


def serve_raw(world: World, prefix: str, *, response: bytes) -> str:
    return world.server.raw(f"{prefix}/feed.xml", response)


def serve_huge(world: World, prefix: str, *, how: str) -> str:
    path = f"{prefix}/feed.xml"
    big = rss(item(1, "x", text="x" * (MAX_BYTES * 2)))
    if how == "bomb":
        return world.server.serve(
            path, gzip.compress(big.encode() * 8), headers={"Content-Encoding": "gzip"}
        )
    return world.server.serve(path, big)


FEEDS = st.one_of(
    body_feeds(),
    body_feeds(),
    body_feeds(),
    st.builds(
        lambda status, retry_after: Feed(
            serve_status, {"status": status, "retry_after": retry_after}
        ),
        st.sampled_from([204, 301, 304, 400, 401, 403, 404, 410, 429, 451, 500, 502, 503, 599]),
        RETRY_AFTER,
    ),
    st.builds(
        lambda kind, status, hops: Feed(
            serve_redirect, {"kind": kind, "status": status, "hops": hops}
        ),
        st.sampled_from(
            [
                "loop",
                "chain",
                "internal",
                "file",
                "javascript",
                "bad",
                "empty",
                "control",
                "port",
                "ftp",
            ]
        ),
        st.sampled_from([301, 302, 303, 307, 308]),
        st.integers(1, 8),
    ),
    RAW.map(lambda response: Feed(serve_raw, {"response": response})),
    st.sampled_from(["plain", "bomb"]).map(lambda how: Feed(serve_huge, {"how": how})),
)


# --- properties ---------------------------------------------------------------------------


def one_line(text: str) -> bool:
    return bool(text.strip()) and "\n" not in text and "Traceback" not in text


def test_broken_feeds_fail_clearly_and_the_good_feed_still_works(
    world, monkeypatch, caplog
) -> None:
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(world.data_dir))
    monkeypatch.setenv("NEWSDESK_FEED_ALLOW_NETWORKS", "127.0.0.1/32")
    monkeypatch.setenv("NEWSDESK_FEED_PORTS", f"{world.server.port},{world.internal.port}")
    monkeypatch.setenv("NEWSDESK_FEED_MAX_MB", str(MAX_BYTES / 1024 / 1024))
    monkeypatch.setenv("NEWSDESK_FEED_PAGE_MAX_MB", str(MAX_BYTES / 1024 / 1024))
    monkeypatch.setenv("NEWSDESK_FEED_TIMEOUT_SECONDS", "5")
    monkeypatch.setenv("NEWSDESK_FEED_POLL_DEADLINE_SECONDS", "10")
    monkeypatch.setenv("NEWSDESK_FEED_MAX_PAGE_FETCHES", "5")
    monkeypatch.setenv("NEWSDESK_FEEDS", "http://news.example/feed.xml")
    # Built once (its TLS context takes a while to load); each poll gets its own feeds.
    poller = _feed_poller(Settings(), world.store, world.service)

    @settings(FUZZ, max_examples=POLLS, phases=GENERATE)
    @given(feeds=st.lists(FEEDS, min_size=FEEDS_PER_POLL, max_size=FEEDS_PER_POLL))
    def poll(feeds: list[Feed]) -> None:
        caplog.clear()
        world.polls += 1
        marker = f"marker{world.polls}x"
        good = world.server.serve(
            f"/p{world.polls}/good.xml",
            rss(
                item(
                    world.polls * 10 + 1,
                    f"http://news.example/{marker}/1",
                    text=f"{marker} {LONG}",
                ),
                item(
                    world.polls * 10 + 2,
                    f"http://news.example/{marker}/2",
                    text=f"{LONG} {marker}",
                ),
            ),
        )
        urls = [good] + [feed(world, f"/p{world.polls}/f{n}") for n, feed in enumerate(feeds)]
        poller.urls = list(dict.fromkeys(urls))

        started = time.perf_counter()
        reports = asyncio.run(asyncio.wait_for(poller.poll_due(force=True), timeout=60))
        world.seconds += time.perf_counter() - started
        world.feeds += len(feeds)

        assert [report.url for report in reports] == list(dict.fromkeys(urls))
        by_url = {report.url: report for report in reports}
        assert by_url[good].ok, by_url[good]
        assert by_url[good].new_articles == 2, by_url[good]
        for report in reports:
            assert report.ok or (report.error and one_line(report.error)), report
            assert all(one_line(problem) for problem in report.problems), report
        # trafilatura logs a page it cannot parse at ERROR (no traceback); the poll reports
        # that page as a problem of its own, checked above.
        failures = [
            f"{r.levelname} {r.name}: {r.getMessage()[:300]}"
            for r in caplog.records
            if r.exc_info or (r.levelno >= logging.ERROR and r.name.startswith(OURS))
        ]
        assert not failures, failures
        assert world.internal.hits == {}, world.internal.hits

    poll()
    articles, report = load_corpus([world.data_dir / "feeds"])
    assert report.problems == []
    assert len({a.id for a in articles if "marker" in a.text}) == 2 * world.polls
    saved = "\n".join(article.text for article in articles)
    assert SECRET not in saved
    assert "root:x:0:0" not in saved
    print(f"feeds: {world.feeds} generated feeds in {world.polls} polls, {world.seconds:.1f} s")
    assert world.feeds >= 1000
