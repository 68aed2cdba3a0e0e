"""`newsdesk index` against hostile corpus files: its memory stays bounded, as measured."""

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA

ROOT = Path(__file__).resolve().parents[2]


def index_with_peak_rss(data_dir: Path, corpus: Path, **env: str) -> tuple[int, str, int]:
    """Run `newsdesk index` on `corpus` in one process; return exit code, stderr, peak RSS."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "TELEGRAM_"))}
    environ |= {"NEWSDESK_DATA_DIR": str(data_dir), "NEWSDESK_BUILD_WORKERS": "1", **env}
    err = data_dir.parent / f"{data_dir.name}.stderr"
    with err.open("wb") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "index", "--quiet", "--corpus", str(corpus)],
            env=environ,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    # wait4 reports this child's own peak, not the largest of every child the tests ran.
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, err.read_text(encoding="utf-8"), usage.ru_maxrss * 1024


@pytest.mark.slow
def test_a_gzip_line_of_120_mb_is_skipped_within_bounded_memory(tmp_path):
    good = [json.loads(line) for line in (DATA / "articles.jsonl").read_text().splitlines()]
    control = tmp_path / "control.jsonl.gz"
    with gzip.open(control, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(record) + "\n" for record in good[:2])
    bomb = tmp_path / "bomb.jsonl.gz"
    with gzip.open(bomb, "wb", compresslevel=1) as f:
        f.write((json.dumps(good[0]) + "\n").encode())
        f.write(b'{"text": "')  # never closed: the whole line is read before JSON can say so
        chunk = b"a" * (1 << 20)
        for _ in range(120):
            f.write(chunk)
        f.write(b"\n")
        f.write((json.dumps(good[1]) + "\n").encode())
    assert bomb.stat().st_size < 1_000_000

    code, err, baseline = index_with_peak_rss(tmp_path / "a", control)
    assert code == 0, err
    code, err, peak = index_with_peak_rss(tmp_path / "b", bomb, NEWSDESK_MAX_RECORD_MB="1")
    assert code == 0, err
    assert "indexed 2 articles" in err
    assert f"{bomb}:2: longer than the 1 MiB limit" in err
    # Reading the line whole took 2-3 times its size; capped, a few MiB at most.
    assert peak - baseline < 40 * (1 << 20), (peak, baseline)


def test_a_jsonl_file_over_the_file_limit_is_read_up_to_it(tmp_path):
    line = json.loads((DATA / "articles.jsonl").read_text().splitlines()[0])
    corpus = tmp_path / "big.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        for i in range(600):  # about 1.3 MiB
            line["id"] = f"copy-{i}"
            line["text"] = f"Copy {i}. " + "Filler sentence about the metro. " * 60
            f.write(json.dumps(line) + "\n")
    code, err, _ = index_with_peak_rss(tmp_path / "data", corpus, NEWSDESK_MAX_FILE_MB="1")
    assert code == 0, err
    assert "limit for one file once decompressed; skipped from line" in err
    indexed = int(err.split("indexed ", 1)[1].split()[0])
    assert 300 < indexed < 600
