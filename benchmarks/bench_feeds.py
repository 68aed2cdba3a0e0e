"""Feed ingestion: 1,000 new entries from one RSS feed, fetched, saved, indexed live, searchable.

A local HTTP server (tests/fakes/feed_server.py) serves an RSS 2.0 feed of `--entries`
items with full `content:encoded` text (sentences of the bundled sample, each item with a
unique marker word). The bot's `FeedPoller` polls it into the `Assistant` serving an index
of the bundled sample; the clock stops when a search for the last item's marker finds it.
Timed parts: fetch + parse (`corpus.feeds.poll.poll_feed` alone), and the whole path. The
poller's limits are raised to take every entry in one poll (by default it takes the
newest 200 and leaves the rest to the next polls), and its fetch policy lets it reach
the server on loopback, as the tests' does.
Baseline in the same run: a full rebuild of the index with the same articles (what a
`/reload` would cost instead), quoted as a ratio. Medians of `--runs`.

Run: .venv/bin/python -m benchmarks.bench_feeds [--entries 1000] [--runs 3]
Writes benchmarks/results/feeds-latest.md (also printed).
"""

from __future__ import annotations

import argparse
import asyncio
import html
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

import httpx

from bot.feed_poller import FeedPoller
from bot.settings import Settings, open_assistant
from bot.store import SQLiteStore
from corpus.feeds.addresses import parse_networks
from corpus.feeds.poll import poll_feed
from corpus.feeds.safe_fetch import FetchPolicy, GuardedClient
from corpus.feeds.state import FeedLimits, FeedState
from corpus.readers import load_corpus
from corpus.sample import SAMPLE_DIR
from retrieval.index import build_index
from retrieval.recipe import with_feeds
from tests.fakes.feed_server import FeedServer

HERE = Path(__file__).resolve().parent


def loopback(url: str) -> FetchPolicy:
    port = int(url.rsplit(":", 1)[1].split("/", 1)[0])
    return FetchPolicy(ports=frozenset({port}), allowed_networks=parse_networks("127.0.0.1"))


def marker(i: int) -> str:
    return f"zqx{i:05d}marker"


def make_feed(entries: int) -> bytes:
    """Return an RSS feed of `entries` English items built from real sample sentences."""
    articles, _ = load_corpus([SAMPLE_DIR / "wikinews"])
    english = [a for a in articles if a.lang == "en" and len(a.text) > 600]
    now = datetime.now().astimezone()
    items = []
    for i in range(entries):
        source = english[i % len(english)]
        paragraphs = [p for p in source.text.split("\n\n") if p.strip()][:4]
        paragraphs.append(f"The reference code of this report is {marker(i)}.")
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        items.append(
            f"<item><title>{html.escape(source.title)} (report {i})</title>"
            f"<link>https://feeds.example/news/{i}</link>"
            f'<guid isPermaLink="false">feed-item-{i}</guid>'
            f"<pubDate>{format_datetime(now)}</pubDate>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Bench Feed</title><link>https://feeds.example/</link>"
        f"<language>en</language>{''.join(items)}</channel></rss>"
    ).encode()


async def fetch_only(url: str, entries: int) -> float:
    async with GuardedClient(loopback(url), timeout=httpx.Timeout(30)) as client:
        started = time.perf_counter()
        result = await poll_feed(
            client,
            FeedState(url=url),
            now=time.time(),
            interval=900,
            known=lambda _: False,
            limits=FeedLimits(fetch_seconds=60, max_entries=entries),
        )
        elapsed = time.perf_counter() - started
    assert result.state.failures == 0, result.state.last_error
    return elapsed


async def ingest(url: str, data_dir: Path, entries: int) -> tuple[float, int]:
    store = SQLiteStore(data_dir / "newsdesk.sqlite3")
    assistant = open_assistant(Settings(NEWSDESK_DATA_DIR=data_dir), model=False)
    assistant.stats()  # open the serving version first, as the running bot has
    poller = FeedPoller(
        store,
        assistant,
        [url],
        feeds_dir=data_dir / "feeds",
        limits=FeedLimits(fetch_seconds=60, max_entries=entries),
        policy=loopback(url),
    )
    started = time.perf_counter()
    [report] = await poller.poll_due(force=True)
    found = assistant.search_articles(marker(entries - 1), k=1)
    elapsed = time.perf_counter() - started
    store.close()
    assert report.ok, report.error
    assert found, "the last entry is not searchable"
    assert found[0].id.endswith(f"feed-item-{entries - 1}"), found[0].id
    return elapsed, report.new_articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    feed = make_feed(args.entries)
    fetch, whole, rebuild = [], [], []
    with tempfile.TemporaryDirectory() as tmp, FeedServer() as server:
        server.serve("/feed.xml", feed, content_type="application/rss+xml", etag='"1"')
        url = f"{server.url}/feed.xml"
        base = Path(tmp) / "base"
        build_index([SAMPLE_DIR], data_dir=base, workers=2)
        articles = 0
        for run in range(args.runs):
            fetch.append(asyncio.run(fetch_only(url, args.entries)))
            data_dir = Path(tmp) / f"run{run}"
            shutil.copytree(base, data_dir)
            seconds, articles = asyncio.run(ingest(url, data_dir, args.entries))
            whole.append(seconds)
            started = time.perf_counter()
            paths = with_feeds([SAMPLE_DIR], data_dir / "feeds")
            build_index(paths, data_dir=Path(tmp) / f"rebuild{run}", workers=2)
            rebuild.append(time.perf_counter() - started)
            print(f"run {run + 1}: {seconds:.2f} s", file=sys.stderr)
    med, med_fetch, med_rebuild = map(statistics.median, (whole, fetch, rebuild))
    lines = [
        f"# Feed ingestion — {datetime.now().isoformat(timespec='seconds')}",
        "",
        f"{args.entries} new RSS entries ({len(feed) / 1e6:.1f} MB feed, full text), "
        f"into a serving index of the bundled sample; {args.runs} runs, medians.",
        "",
        "| measure | seconds |",
        "|---|---:|",
        f"| fetch + parse the feed (`poll_feed`) | {med_fetch:.2f} |",
        f"| whole path: poll, save, index live, search finds the last entry | {med:.2f} |",
        f"| baseline: full rebuild of the index with them (`/reload`) | {med_rebuild:.2f} |",
        "",
        f"Articles added per run: {articles}. Live ingestion takes {med / med_rebuild:.2f}× "
        f"a full rebuild; target ≤ 10 s: {'PASS' if med <= 10 else 'FAIL'}.",
    ]
    text = "\n".join(lines) + "\n"
    (HERE / "results" / "feeds-latest.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
