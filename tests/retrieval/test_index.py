import fcntl
import gzip
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from corpus.article import Article
from corpus.errors import CorpusPathMissing, EmptyCorpus
from retrieval.analysis import AnalysisSettings, Analyzer
from retrieval.budget import load_encoding
from retrieval.errors import BuildInProgress, IndexNotFound
from retrieval.index import (
    FORMAT_VERSION,
    build_index,
    current_version_name,
    index_root,
    open_index,
)
from retrieval.prepare import prepare_article
from tests.conftest import DATA


def test_a_build_writes_a_manifest_and_becomes_current(tmp_path):
    result = build_index([DATA / "articles.jsonl"], data_dir=tmp_path, workers=1)
    assert current_version_name(tmp_path) == result.version
    manifest = json.loads((result.path / "manifest.json").read_text())
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["engine"] == "tantivy"
    assert manifest["article_count"] == 14
    assert manifest["passage_count"] >= 14
    assert set(manifest["languages"]) == {"en", "uk", "ru"}
    version = open_index(tmp_path)
    assert version.engine.num_docs == manifest["passage_count"]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_version_lists_its_articles_and_their_passage_counts(tmp_path, workers):
    import gzip

    result = build_index([DATA / "articles.jsonl"], data_dir=tmp_path, workers=workers)
    with gzip.open(result.path / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        lines = [json.loads(line) for line in f]
    source = [json.loads(line) for line in (DATA / "articles.jsonl").read_text().splitlines()]
    assert [a["title"] for a in lines] == [a["title"] for a in source]
    assert sum(a["passages"] for a in lines) == result.manifest.passage_count
    assert all("text" not in a and a["lang"] in {"en", "uk", "ru"} for a in lines)


def test_a_rebuild_switches_the_pointer_and_old_readers_keep_their_version(tmp_path):
    first = build_index([DATA / "articles.jsonl"], data_dir=tmp_path, workers=1)
    reader = open_index(tmp_path)
    second = build_index([DATA / "articles.jsonl"], data_dir=tmp_path, workers=2)
    assert second.version != first.version
    assert current_version_name(tmp_path) == second.version
    assert reader.name == first.version
    assert reader.engine.num_docs == first.manifest.passage_count


def test_articles_given_directly_build_what_a_file_of_them_builds(tmp_path):
    from corpus.readers import load_corpus

    articles, _ = load_corpus([DATA / "articles.jsonl"])
    from_file = build_index([DATA / "articles.jsonl"], data_dir=tmp_path / "file", workers=1)
    given = build_index(iter(articles), data_dir=tmp_path / "given", workers=1)
    for key in ("corpus_fingerprint", "article_count", "passage_count", "languages"):
        assert getattr(given.manifest, key) == getattr(from_file.manifest, key), key
    assert given.manifest.corpus_paths == ()
    assert given.manifest.files_read == 0
    with (
        gzip.open(given.path / "articles.jsonl.gz") as a,
        gzip.open(from_file.path / "articles.jsonl.gz") as b,
    ):
        assert a.read() == b.read()


def test_given_articles_are_admitted_as_a_load_admits_records(tmp_path):
    text = "The river ferry at Riverton carries forty cars and runs every hour."
    ferry = Article("ferry", "Riverton  ferry ", None, None, "en", None, text)
    articles = [
        ferry,
        replace(ferry, text=f"  {text}  "),  # the same once in the corpus normal form
        replace(ferry, text="The ferry runs at night too."),  # the same id, other text
        replace(ferry, id="de", lang="de"),
        replace(ferry, id="blank", text=" \n "),
    ]
    result = build_index(articles, data_dir=tmp_path, workers=1)
    assert result.manifest.article_count == 2
    assert result.report.duplicates == 1
    assert result.report.skipped_languages == {"de": 1}
    assert [str(p) for p in result.report.problems] == ["blank: empty text"]
    with gzip.open(result.path / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        stored = [json.loads(line) for line in f]
    assert [(a["id"], a["title"]) for a in stored] == [
        ("ferry", "Riverton ferry"),
        ("ferry~2", "Riverton ferry"),
    ]


def test_a_failed_build_leaves_the_previous_version_serving(tmp_path):
    good = build_index([DATA / "articles.jsonl"], data_dir=tmp_path, workers=1)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(EmptyCorpus):
        build_index([bad], data_dir=tmp_path, workers=1)
    assert current_version_name(tmp_path) == good.version
    assert not list((index_root(tmp_path) / "versions").glob("*.partial"))


def test_a_missing_corpus_path_is_named_and_nothing_is_built(tmp_path):
    with pytest.raises(CorpusPathMissing, match="nowhere"):
        build_index([tmp_path / "nowhere"], data_dir=tmp_path / "d", workers=1)
    assert current_version_name(tmp_path / "d") is None


def test_a_second_build_while_one_holds_the_lock_is_refused(tmp_path):
    root = index_root(tmp_path)
    root.mkdir(parents=True)
    with open(root / "build.lock", "a+") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        with pytest.raises(BuildInProgress):
            build_index([DATA / "articles.jsonl"], data_dir=tmp_path, workers=1)


def test_no_index_and_a_foreign_format_raise_index_not_found(tmp_path):
    with pytest.raises(IndexNotFound, match="newsdesk index"):
        open_index(tmp_path)
    result = build_index([DATA / "articles.jsonl"], data_dir=tmp_path, workers=1)
    manifest = result.path / "manifest.json"
    data = json.loads(manifest.read_text())
    data["format_version"] = 999
    manifest.write_text(json.dumps(data))
    with pytest.raises(IndexNotFound, match="rebuild"):
        open_index(tmp_path)


def _big_corpus(path: Path, n: int) -> None:
    line = json.loads((DATA / "articles.jsonl").read_text().splitlines()[0])
    base = line["text"]
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            line["id"] = f"copy-{i}"
            line["text"] = f"Copy {i}. {base}\n\n{base}"
            f.write(json.dumps(line) + "\n")


_BUILD = (
    "import sys; from pathlib import Path; from retrieval.index import build_index; "
    "from retrieval.errors import IndexBuildError\n"
    "try:\n"
    "    build_index([Path(sys.argv[1])], data_dir=Path(sys.argv[2]), workers=int(sys.argv[3]))\n"
    "except IndexBuildError as exc:\n"
    "    print('IndexBuildError:', exc); sys.exit(3)\n"
)


def _big_build_mid_way(
    tmp_path: Path, *, workers: int, new_session: bool = False, stdout: int | None = None
) -> subprocess.Popen[str]:
    """Start building 20,000 articles in a subprocess; return once it writes its version."""
    big = tmp_path / "big.jsonl"
    _big_corpus(big, 20_000)
    proc = subprocess.Popen(
        [sys.executable, "-c", _BUILD, str(big), str(tmp_path), str(workers)],
        cwd=Path(__file__).resolve().parents[2],
        start_new_session=new_session,
        stdout=stdout,
        text=True,
    )
    versions = index_root(tmp_path) / "versions"
    deadline = time.monotonic() + 60
    while not list(versions.glob("*.partial")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    return proc


def test_a_killed_build_leaves_the_old_version_serving_and_is_cleaned_up(tmp_path):
    good = build_index([DATA / "articles.jsonl"], data_dir=tmp_path, workers=1)
    proc = _big_build_mid_way(tmp_path, workers=1, new_session=True)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    versions = index_root(tmp_path) / "versions"
    assert list(versions.glob("*.partial")), "the build should have been mid-way"
    assert current_version_name(tmp_path) == good.version
    assert open_index(tmp_path).engine.num_docs == good.manifest.passage_count
    again = build_index([DATA / "articles.jsonl"], data_dir=tmp_path, workers=1)
    assert not list(versions.glob("*.partial"))
    assert current_version_name(tmp_path) == again.version


def test_a_killed_worker_fails_the_build_cleanly_and_the_old_version_serves(tmp_path):
    import psutil

    good = build_index([DATA / "articles.jsonl"], data_dir=tmp_path, workers=1)
    proc = _big_build_mid_way(tmp_path, workers=2, stdout=subprocess.PIPE)
    workers = psutil.Process(proc.pid).children()
    assert workers, "the build should have started its workers"
    workers[0].kill()
    out, _ = proc.communicate(timeout=120)  # multiprocessing.Pool used to hang here
    assert proc.returncode == 3
    assert "an indexing worker process died" in out
    assert not list((index_root(tmp_path) / "versions").glob("*.partial"))
    assert current_version_name(tmp_path) == good.version
    assert open_index(tmp_path).engine.num_docs == good.manifest.passage_count


def test_every_passage_body_starts_with_its_article_title_terms():
    text = "\n\n".join(
        f"Paragraph {i} tells how the harbour crane number {i} was repaired after the storm. " * 6
        for i in range(4)
    )
    article = Article("a1", "Volcanic eruption closes airports", None, None, "en", None, text)
    analyzer = Analyzer()
    title = analyzer.terms(article.title, "en")
    encoding = load_encoding()
    docs = prepare_article(article, analyzer, encoding)
    assert len(docs) > 1
    for doc in docs:
        assert doc.body.split()[: len(title)] == title
        assert doc.title.split() == title
    plain = prepare_article(article, Analyzer(AnalysisSettings(title_in_body=False)), encoding)
    assert all(not doc.body.startswith(title[0]) for doc in plain)


def test_a_manifest_from_before_title_in_body_reads_as_without_it():
    old = {"morphology": True, "stop_words": True, "ukrainian": "pymorphy3", "version": 1}
    assert AnalysisSettings.from_dict(old).title_in_body is False
    assert AnalysisSettings.from_dict(AnalysisSettings().as_dict()).title_in_body is True
