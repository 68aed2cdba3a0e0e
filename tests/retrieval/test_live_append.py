"""Live appends never leave the serving version unreadable, even when a write fails."""

import json
import subprocess
import sys
from pathlib import Path

from retrieval.analysis import Analyzer
from retrieval.budget import load_encoding
from retrieval.index import build_index, open_index
from retrieval.live import append_articles
from tests.conftest import DATA

ROOT = Path(__file__).resolve().parents[2]

# Appends with a file-size limit just past the current file: the write fails with EFBIG
# part-way, as it fails with ENOSPC when the disk fills.
_APPEND = """
import resource, sys
from pathlib import Path
from corpus.readers import load_corpus
from retrieval.analysis import Analyzer
from retrieval.budget import load_encoding
from retrieval.index import open_index
from retrieval.live import append_articles

version = open_index(Path(sys.argv[1]))
articles, _ = load_corpus([Path(sys.argv[2])])
limit = int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    append_articles(version, articles, Analyzer(version.analysis), load_encoding())
except OSError as exc:
    sys.exit(f"append failed: {exc}")
"""


def feed_articles(tmp_path: Path) -> Path:
    path = tmp_path / "feed.jsonl"
    records = []
    for i in range(6):
        text = " ".join(f"Harbour crane {i} word{j} moved {j * i} containers." for j in range(60))
        records.append({"id": f"crane-{i}", "title": f"Crane {i} report", "text": text})
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def test_a_rank_bm25_append_that_fails_mid_write_leaves_the_version_readable(tmp_path):
    data_dir = tmp_path / "data"
    build_index([DATA / "articles.jsonl"], data_dir=data_dir, engine="rank-bm25", workers=1)
    passages = next((data_dir / "index" / "versions").glob("*/engine/passages.jsonl.gz"))
    before = open_index(data_dir).engine.num_docs
    feed = feed_articles(tmp_path)
    limit = passages.stat().st_size + 64
    failed = subprocess.run(
        [sys.executable, "-c", _APPEND, str(data_dir), str(feed), str(limit)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert "append failed: [Errno 27] File too large" in failed.stderr, failed.stderr
    assert passages.stat().st_size < limit  # nothing was written in place
    version = open_index(data_dir)
    assert version.engine.num_docs == before
    assert not list(passages.parent.glob("*.tmp"))
    # The next append works and is found.
    from corpus.readers import load_corpus

    articles, _ = load_corpus([feed])
    added = append_articles(version, articles, Analyzer(version.analysis), load_encoding())
    assert open_index(data_dir).engine.num_docs == before + added.passages
