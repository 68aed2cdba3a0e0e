"""The `newsdesk` command line, run as a real subprocess against real index directories."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA

ROOT = Path(__file__).resolve().parents[2]
SEED_ID = "seed/000_7686891f7ac3aa0d"  # path-derived: the txt file has no id


def run(data_dir: Path, *args: str, stdin: str | None = None, **env: str):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "TELEGRAM_"))}
    environ.update({"NEWSDESK_DATA_DIR": str(data_dir), **env})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environ,
        cwd=data_dir.parent,
        timeout=180,
    )


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory):
    """A data dir whose index was built from the bundled sample by `newsdesk index`."""
    data_dir = tmp_path_factory.mktemp("sample") / "data"
    result = run(data_dir, "index", "--quiet")
    assert result.returncode == 0, result.stderr
    return data_dir


def test_ask_cites_the_seed_article_for_the_belarus_question(sample_dir):
    result = run(sample_dir, "ask", "--json", "Is Belarus ready to send peacekeepers to Ukraine?")
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert reply["found"] is True
    assert SEED_ID in [s["id"] for s in reply["sources"]]
    assert {"question", "found", "answer", "snippets", "sources", "timings_ms"} <= set(reply)
    for snippet in reply["snippets"]:
        assert f"[{snippet['n']}]" in reply["answer"]
    for source in reply["sources"]:
        assert {"n", "id", "title", "url", "published", "lang"} <= set(source)


def test_plain_ask_prints_snippets_and_a_sources_list(sample_dir):
    result = run(sample_dir, "ask", "Is Belarus ready to send peacekeepers to Ukraine?")
    assert result.returncode == 0
    assert "[1]" in result.stdout
    assert "Sources:" in result.stdout
    assert "Belarus declares readiness" in result.stdout


def test_ask_reads_one_question_per_stdin_line_and_replies_in_the_askers_language(sample_dir):
    questions = "Is Belarus ready to send peacekeepers?\n\nЧто такое квантовая хромодинамика?\n"
    result = run(sample_dir, "ask", "--json", stdin=questions)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 2
    assert lines[0]["found"]
    off_topic = lines[1]
    if not off_topic["found"]:
        assert off_topic["sources"] == []
        assert "статьях" in off_topic["answer"]


def test_search_json_lists_ranked_articles(sample_dir):
    result = run(sample_dir, "search", "--json", "--k", "3", "Belarus peacekeeping mission")
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert reply["query"] == "Belarus peacekeeping mission"
    assert 1 <= len(reply["results"]) <= 3
    assert reply["results"][0]["id"] == SEED_ID
    scores = [r["score"] for r in reply["results"]]
    assert scores == sorted(scores, reverse=True)
    assert {"id", "title", "url", "published", "score"} <= set(reply["results"][0])


def test_chat_answers_piped_lines(sample_dir):
    result = run(sample_dir, "chat", stdin="Belarus peacekeepers\n/quit\n")
    assert result.returncode == 0
    assert "Belarus" in result.stdout


def test_stats_describe_the_serving_version(sample_dir):
    result = run(sample_dir, "stats")
    assert result.returncode == 0
    assert "tantivy" in result.stdout
    assert "passages" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("ask", ""), 2, "empty"),
        (("ask", "x" * 1001), 2, "1000"),
        (("ask", "--bogus", "q"), 2, "unrecognized arguments"),
        (("search", "--k", "0", "q"), 2, "--k"),
        (("frobnicate",), 2, "invalid choice"),
        (("digest", "--date", "0001-01-01"), 2, "--date must be between 0001-01-03 and"),
        (("digest", "--date", "9999-12-31"), 2, "--date must be between 0001-01-03 and"),
        ((), 2, "usage"),
    ],
)
def test_user_mistakes_exit_2_with_a_clear_line_and_no_traceback(sample_dir, args, code, needle):
    result = run(sample_dir, *args)
    assert result.returncode == code
    assert needle in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_corpus_path_is_named(tmp_path):
    result = run(tmp_path / "data", "index", "--corpus", str(tmp_path / "missing"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"newsdesk: error: corpus path does not exist: {tmp_path / 'missing'}"
    ]  # one clear line, and no empty progress bar before it


def test_index_shows_a_progress_bar_and_a_summary(tmp_path):
    result = run(tmp_path / "data", "index", "--corpus", str(DATA / "articles.jsonl"))
    assert result.returncode == 0
    assert "indexing: 14 articles" in result.stderr
    assert "indexed 14 articles" in result.stderr


def test_an_empty_corpus_is_a_clear_error(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run(tmp_path / "data", "index", "--quiet", "--corpus", str(tmp_path / "empty"))
    assert result.returncode == 1
    assert "no articles" in result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_files_are_listed_and_the_rest_indexed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.jsonl").write_text((DATA / "articles.jsonl").read_text(), encoding="utf-8")
    (corpus / "bad.jsonl").write_text('{"id": "x", "text": "ok text here"}\n{broken\n')
    (corpus / "bin.json").write_bytes(b"\xff\xfe\x00garbage")
    result = run(tmp_path / "data", "index", "--quiet", "--corpus", str(corpus))
    assert result.returncode == 0, result.stderr
    assert "bad.jsonl:2" in result.stderr
    assert "bin.json" in result.stderr
    assert "indexed 15 articles" in result.stderr


def test_ask_builds_an_index_first_when_there_is_none(tmp_path):
    data = tmp_path / "data"
    result = run(
        data, "ask", "--json", "Kyiv metro stations", NEWSDESK_CORPUS=str(DATA / "articles.jsonl")
    )
    assert result.returncode == 0, result.stderr
    assert "building" in result.stderr
    assert json.loads(result.stdout)["sources"][0]["id"] == "kyiv-metro-2025"


def test_ask_json_gives_each_snippet_its_highlights(tmp_path):
    data = tmp_path / "data"
    question = "How long is the new metro extension in Kyiv?"
    result = run(data, "ask", "--json", question, NEWSDESK_CORPUS=str(DATA / "articles.jsonl"))
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    marked = [s["text"][a:b] for s in reply["snippets"] for a, b in s["highlights"]]
    assert marked == ["4.2 kilometres"]
    assert reply["closest"] is None


def test_ask_answers_from_whichever_corpus_built_the_current_index(tmp_path):
    data = tmp_path / "data"
    built = run(data, "index", "--quiet", "--corpus", str(DATA / "articles.jsonl"))
    assert built.returncode == 0, built.stderr
    # NEWSDESK_CORPUS names another corpus; the built version is what answers.
    result = run(data, "search", "--json", "Kyiv metro stations", NEWSDESK_CORPUS="/nonexistent")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["results"][0]["id"] == "kyiv-metro-2025"


def test_the_rank_bm25_engine_serves_the_same_commands(tmp_path):
    data = tmp_path / "data"
    built = run(
        data, "index", "--quiet", "--engine", "rank-bm25", "--corpus", str(DATA / "articles.jsonl")
    )
    assert built.returncode == 0, built.stderr
    result = run(data, "ask", "--json", "How long is the new metro extension in Kyiv?")
    reply = json.loads(result.stdout)
    assert reply["found"]
    assert any("4.2 kilometres" in s["text"] for s in reply["snippets"])


@pytest.mark.slow
def test_language_and_date_filters_narrow_the_articles(tmp_path):
    data = tmp_path / "data"
    assert run(data, "index", "--quiet", "--corpus", str(DATA / "articles.jsonl")).returncode == 0
    both = run(data, "search", "--json", "Kyiv metro Київ метро")
    ids = [r["id"] for r in json.loads(both.stdout)["results"]]
    assert {"kyiv-metro-2025", "uk-metro-kyiv"} <= set(ids)
    uk = run(data, "search", "--json", "--in", "uk", "Kyiv metro Київ метро")
    uk_ids = [r["id"] for r in json.loads(uk.stdout)["results"]]
    assert uk_ids[0] == "uk-metro-kyiv"
    assert all(i.startswith("uk-") for i in uk_ids)
    old = run(data, "search", "--json", "--to", "2025-01-01", "Kyiv metro Київ метро")
    assert json.loads(old.stdout)["results"] == []
    bad = run(data, "search", "--from", "2025-13-01", "q")
    assert bad.returncode == 2
    assert "YYYY-MM-DD" in bad.stderr


@pytest.fixture(scope="module")
def digest_dir(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("digest") / "data"
    built = run(data_dir, "index", "--quiet", "--corpus", str(DATA / "digest" / "news.jsonl"))
    assert built.returncode == 0, built.stderr
    return data_dir


def test_digest_prints_the_days_stories_with_links(digest_dir):
    result = run(digest_dir, "digest", "--date", "2026-11-25", "--lang", "uk")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Дайджест новин, 25 листопада 2026\n")
    assert "1. У Києві відкрили станцію метро Лук'янівська-2" in out
    assert "також: Kyiv Herald (ru) — https://herald.example/ru/metro-lukianivska" in out
    # The English coverage is links under the story, not items of its own.
    assert "Kyiv opens Lukianivska-2" not in out
    assert "також: Kyiv Herald (en) — https://herald.example/en/metro-lukianivska" in out
    assert "також: Dnipro Daily (en) — https://daily.example/news/lukianivska-2" in out


def test_digest_html_is_exactly_what_the_bot_sends(digest_dir):
    from datetime import UTC, datetime

    from bot.render import digest_messages
    from retrieval.service import NewsService

    result = run(digest_dir, "digest", "--date", "2026-11-25", "--lang", "en", "--html")
    assert result.returncode == 0, result.stderr
    at = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)  # 08:00 in Kyiv
    digest = NewsService(digest_dir).digest(at=at, tz="Europe/Kyiv", lang="en")
    assert result.stdout.rstrip("\n") == "\n\n-----\n\n".join(digest_messages(digest))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2026-13-01"], "not a date"),
        (["--tz", "Mars/Olympus"], "unknown time zone"),
        (["--lang", "de"], "invalid choice"),
    ],
)
def test_digest_usage_mistakes_exit_2(digest_dir, args, message):
    result = run(digest_dir, "digest", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_feeds_without_urls_is_a_usage_mistake(digest_dir):
    result = run(digest_dir, "feeds")
    assert result.returncode == 2
    assert "NEWSDESK_FEEDS is empty" in result.stderr


@pytest.mark.parametrize("command", ["ask", "search"])
@pytest.mark.parametrize("stdin", ["", "\n   \n"])
def test_an_empty_stdin_prints_the_usage_line_and_exits_2(tmp_path, command, stdin):
    result = run(tmp_path / "data", command, stdin=stdin)
    assert result.returncode == 2
    assert result.stderr.startswith(f"usage: newsdesk {command} ")
    assert "no question on stdin" in result.stderr
    assert result.stdout == ""
    assert "building" not in result.stderr  # refused before any index is built
