"""What `newsdesk` prints cannot drive the terminal: no control, C1 or bidi characters."""

import json
import re
from dataclasses import replace
from datetime import date

import pytest

from corpus.article import Article
from corpus.readers import load_corpus
from retrieval.index import build_index
from retrieval.service import NewsService
from tests.bot.test_cli import run
from tests.conftest import DATA

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Feed articles and old index versions reach the index without the loader's cleaning.
TITLE = "Ferry \x1b]0;owned\x07strike\x1b[2J in \x9b31mRiverton \u202eEVIL"
OUTLET = "Gazette\x1b[8m hidden"
URL = "https://gazette.example/%1b%5b2J/ferry%e2%80%ae?q=%c2%9b"


def hostile_index(tmp_path):
    articles, _ = load_corpus([DATA / "digest" / "news.jsonl"])
    first = replace(articles[0], id="metro\x1b[2J-en", url=URL)  # ids are taken as given
    data_dir = tmp_path / "data"
    build_index([first, *articles[1:]], data_dir=data_dir, workers=1)
    ferry = Article(
        id="ferry\x9b1",
        title=TITLE,
        url=URL,
        published=date(2026, 11, 24),
        lang="en",
        source=OUTLET,
        text="The Riverton ferry crews went on strike on Tuesday over pay, the union said. "
        "Ferries across the bay will not run until Friday, the operator said.",
    )
    NewsService(data_dir).ingest([ferry], save=lambda articles: None)
    return data_dir


def assert_safe(result):
    assert not UNSAFE.search(result.stdout), result.stdout
    assert not UNSAFE.search(result.stderr), result.stderr


@pytest.mark.slow
def test_ask_search_and_digest_print_no_escape_sequences(tmp_path):
    data_dir = hostile_index(tmp_path)
    ask = run(data_dir, "ask", "Why did the Riverton ferry crews strike?")
    assert ask.returncode == 0, ask.stderr
    assert_safe(ask)
    assert "Ferry ]0;ownedstrike[2J in 31mRiverton EVIL" in ask.stdout
    assert "Gazette[8m hidden" in ask.stdout
    # Percent-escapes of unsafe characters stay escaped: the link still reads and copies.
    assert "https://gazette.example/%1B[2J/ferry%E2%80%AE?q=%C2%9B" in ask.stdout

    search = run(data_dir, "search", "Kyiv metro Lukianivska ferry strike")
    assert search.returncode == 0, search.stderr
    assert_safe(search)
    assert "[metro[2J-en]" in search.stdout

    digest = run(data_dir, "digest", "--date", "2026-11-25", "--lang", "en")
    assert digest.returncode == 0, digest.stderr
    assert_safe(digest)
    assert "Riverton" in digest.stdout
    html = run(data_dir, "digest", "--date", "2026-11-25", "--lang", "en", "--html")
    assert_safe(html)


def test_json_output_escapes_them_and_loses_nothing(tmp_path):
    data_dir = hostile_index(tmp_path)
    result = run(data_dir, "ask", "--json", "Why did the Riverton ferry crews strike?")
    assert result.returncode == 0, result.stderr
    assert_safe(result)
    reply = json.loads(result.stdout)
    ferry = next(s for s in reply["sources"] if s["id"] == "ferry\x9b1")
    assert (ferry["title"], ferry["outlet"], ferry["url"]) == (TITLE, OUTLET, URL)
    search = run(data_dir, "search", "--json", "Kyiv metro Lukianivska")
    assert_safe(search)
    assert "metro\x1b[2J-en" in [r["id"] for r in json.loads(search.stdout)["results"]]


def test_errors_print_no_escape_sequences(tmp_path):
    missing = tmp_path / "news\x1b]0;owned\x07.jsonl"
    result = run(tmp_path / "data", "index", "--corpus", str(missing))
    assert result.returncode == 1
    assert_safe(result)
    assert "corpus path does not exist" in result.stderr


def test_a_url_with_escapes_that_are_not_utf8_prints_as_given():
    from bot.terminal import readable_url

    assert readable_url("https://x.example/%9b%1b") == "https://x.example/%9b%1b"
    assert readable_url("https://x.example/caf%C3%A9") == "https://x.example/café"
