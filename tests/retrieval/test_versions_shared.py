"""Index versions shared by processes: a serving process follows `newsdesk index` builds,
and no build prunes a version a live process still holds."""

import gc
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from retrieval.engines import factory
from retrieval.index import build_index, current_version_name, index_root, open_index
from retrieval.service import NewsService
from tests.bot.test_cli import run
from tests.conftest import DATA

ROOT = Path(__file__).resolve().parents[2]


def other_corpus(tmp_path: Path) -> Path:
    """A corpus that only a later build knows about."""
    path = tmp_path / "harbour.jsonl"
    record = {
        "id": "harbour-crane",
        "title": "Harbour crane number seven repaired after the storm",
        "text": "Engineers repaired harbour crane number seven on Monday after the autumn "
        "storm bent its boom, the port authority said. The crane loads grain ships again.",
        "lang": "en",
    }
    path.write_text(json.dumps(record) + "\n" + (DATA / "articles.jsonl").read_text())
    return path


def versions(data_dir: Path) -> set[str]:
    return {p.name for p in (index_root(data_dir) / "versions").iterdir()}


def test_a_serving_service_follows_a_build_by_another_process(tmp_path):
    data_dir = tmp_path / "data"
    build_index([DATA / "articles.jsonl"], data_dir=data_dir, workers=1)
    service = NewsService(data_dir)
    question = "Which harbour crane was repaired after the storm?"
    assert not service.ask(question).found
    built = run(data_dir, "index", "--quiet", "--corpus", str(other_corpus(tmp_path)))
    assert built.returncode == 0, built.stderr
    answer = service.ask(question)
    assert answer.found
    assert answer.sources[0].id == "harbour-crane"
    assert service.version.name == current_version_name(data_dir)


@pytest.mark.slow
def test_a_version_held_by_a_live_process_outlives_later_builds(tmp_path):
    data_dir = tmp_path / "data"
    first = build_index([DATA / "articles.jsonl"], data_dir=data_dir, workers=1).version
    held = open_index(data_dir)
    for _ in range(4):  # three used to be enough to delete it
        assert (
            run(data_dir, "index", "--quiet", "--corpus", str(DATA / "articles.jsonl")).returncode
            == 0
        )
    assert first in versions(data_dir)
    # Its files are all there: it opens again from its own folder.
    reopened = factory("tantivy").open(held.path / "engine")
    assert reopened.num_docs == held.engine.num_docs
    del held, reopened
    gc.collect()
    # Released: the next build prunes it, with its lease.
    assert (
        run(data_dir, "index", "--quiet", "--corpus", str(DATA / "articles.jsonl")).returncode == 0
    )
    assert first not in versions(data_dir)
    assert first not in {p.name for p in (index_root(data_dir) / "leases").iterdir()}


_HOLD = """
import sys, time
from pathlib import Path
from retrieval.index import open_index
version = open_index(Path(sys.argv[1]))
print(version.name, flush=True)
time.sleep(600)
"""


def test_the_lease_of_a_killed_process_is_stale_and_its_version_pruned(tmp_path):
    data_dir = tmp_path / "data"
    build_index([DATA / "articles.jsonl"], data_dir=data_dir, workers=1)
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(data_dir)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    try:
        name = holder.stdout.readline().strip()
        for _ in range(3):
            build_index([DATA / "articles.jsonl"], data_dir=data_dir, workers=1)
        assert name in versions(data_dir)
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        holder.stdout.close()
    build_index([DATA / "articles.jsonl"], data_dir=data_dir, workers=1)
    assert name not in versions(data_dir)


def test_pruning_keeps_the_most_recent_builds_even_within_one_second(tmp_path):
    data_dir = tmp_path / "data"
    built = [
        build_index([DATA / "articles.jsonl"], data_dir=data_dir, workers=1).version
        for _ in range(5)
    ]
    # Names once sorted by a random suffix within a second, and pruning kept the wrong ones.
    assert versions(data_dir) == set(built[-3:])
