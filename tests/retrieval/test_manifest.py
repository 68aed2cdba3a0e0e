"""The typed manifest reads every manifest.json of this format and writes it back unchanged."""

import json
from datetime import date
from pathlib import Path

from corpus.article import Article
from retrieval.budget import load_encoding
from retrieval.index import build_index, open_index
from retrieval.live import append_articles
from retrieval.manifest import Manifest
from retrieval.search import Searcher
from tests.conftest import DATA


def _manifest_file(data_dir: Path) -> Path:
    return open_index(data_dir).path / "manifest.json"


def test_a_built_manifest_is_written_back_byte_for_byte(built_index):
    text = _manifest_file(built_index).read_text("utf-8")
    manifest = Manifest.from_dict(json.loads(text))
    assert json.dumps(manifest.to_dict(), indent=2) + "\n" == text
    assert manifest.article_count == 14
    assert set(manifest.languages) == {"en", "uk", "ru"}
    assert manifest.analysis == open_index(built_index).analysis


def test_an_append_adds_its_two_keys_at_the_end_and_keeps_the_rest(tmp_path):
    build_index([DATA / "articles.jsonl"], data_dir=tmp_path, workers=1)
    before = json.loads(_manifest_file(tmp_path).read_text("utf-8"))
    version = open_index(tmp_path)
    article = Article(
        "crane", "Harbour crane", None, date(2030, 1, 2), "en", None, "A new crane arrived."
    )
    append_articles(version, [article], Searcher(version).analyzer, load_encoding())
    text = _manifest_file(tmp_path).read_text("utf-8")
    after = json.loads(text)
    assert list(after) == [*before, "appended_articles", "updated_at"]
    assert after["article_count"] == before["article_count"] + 1
    assert after["newest_published"] == "2030-01-02"
    assert after["appended_articles"] == 1
    changed = {"article_count", "passage_count", "languages", "newest_published"}
    assert {k: v for k, v in after.items() if k in before and k not in changed} == {
        k: v for k, v in before.items() if k not in changed
    }
    assert json.dumps(Manifest.from_dict(after).to_dict(), ensure_ascii=False, indent=2) == text
    assert version.manifest == Manifest.from_dict(after)


def test_an_older_manifest_reads_with_defaults_and_a_newer_ones_keys_are_kept(built_index):
    stored = json.loads(_manifest_file(built_index).read_text("utf-8"))
    del stored["newest_published"]  # not written before 2026-12-06
    stored["future_key"] = {"kept": True}
    manifest = Manifest.from_dict(stored)
    assert manifest.newest_published is None
    assert manifest.get("newest_published") is None
    assert manifest.appended_articles == 0
    assert manifest.to_dict()["future_key"] == {"kept": True}
    assert manifest.get("article_count") == manifest.article_count == 14
