"""Failures of the machine, not of the user: one clear line, a non-zero exit, the old index.

A full disk is a real file-size limit (RLIMIT_FSIZE: writes past it fail with EFBIG, as
they fail with ENOSPC on a full disk); a read-only data directory is a real chmod, obeyed
by root too once the child has dropped the capabilities that let root ignore file modes.
"""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from retrieval.index import current_version_name
from tests.bot.test_cli import run
from tests.conftest import DATA

ROOT = Path(__file__).resolve().parents[2]
CORPUS = str(DATA / "articles.jsonl")
QUESTION = "How long is the new metro extension in Kyiv?"

# Sets a file-size limit and/or drops root's file-mode override, then becomes `newsdesk`.
_LIMITED = """
import ctypes, os, resource, sys
fsize, read_only = int(sys.argv[1]), sys.argv[2] == "1"
if fsize:
    resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
if read_only and os.geteuid() == 0:
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP: gone after exec
            sys.exit(f"cannot drop capability {cap}: errno {ctypes.get_errno()}")
os.execv(sys.executable, [sys.executable, "-m", "bot", *sys.argv[3:]])
"""


def run_limited(data_dir: Path, *args: str, fsize: int = 0, read_only: bool = False):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "TELEGRAM_"))}
    environ["NEWSDESK_DATA_DIR"] = str(data_dir)
    flags = [str(fsize), "1" if read_only else "0"]
    return subprocess.run(
        [sys.executable, "-c", _LIMITED, *flags, *args],
        capture_output=True,
        text=True,
        env=environ,
        cwd=ROOT,
        timeout=180,
    )


def assert_one_clear_line(result, needle: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("newsdesk: error: "), lines
    assert needle in lines[0], lines


def assert_still_serving(data_dir: Path, version: str) -> None:
    assert current_version_name(data_dir) == version
    assert not list((data_dir / "index" / "versions").glob("*.partial"))
    reply = run(data_dir, "ask", "--json", QUESTION)
    assert reply.returncode == 0, reply.stderr
    assert json.loads(reply.stdout)["found"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("engine", "fsize"),
    # tantivy's segment files (the largest ~7.5 kB as one segment; two indexing threads
    # may split the articles into two segments of half that, which 5,000 bytes let pass
    # once in seven runs); our passages file.
    [("tantivy", 2_000), ("rank-bm25", 3_000)],
)
def test_a_full_disk_during_index_is_one_line_and_the_old_index_serves(tmp_path, engine, fsize):
    data_dir = tmp_path / "data"
    assert run(data_dir, "index", "--quiet", "--corpus", CORPUS).returncode == 0
    serving = current_version_name(data_dir)
    assert serving is not None
    result = run_limited(
        data_dir, "index", "--quiet", "--engine", engine, "--corpus", CORPUS, fsize=fsize
    )
    assert_one_clear_line(result, "cannot write the index in ")
    assert "File too large" in result.stderr
    assert_still_serving(data_dir, serving)


@pytest.fixture
def read_only_data_dir(tmp_path):
    data_dir = tmp_path / "data"
    assert run(data_dir, "index", "--quiet", "--corpus", CORPUS).returncode == 0
    folders = [data_dir, data_dir / "index", data_dir / "index" / "versions"]
    for folder in folders:
        folder.chmod(0o555)
    yield data_dir
    for folder in folders:
        folder.chmod(0o755)


def test_a_read_only_data_dir_during_index_is_one_line_and_the_old_index_serves(
    read_only_data_dir,
):
    serving = current_version_name(read_only_data_dir)
    assert serving is not None
    result = run_limited(
        read_only_data_dir, "index", "--quiet", "--corpus", CORPUS, read_only=True
    )
    assert_one_clear_line(result, "Permission denied")
    # Questions are still answered in the read-only directory.
    asked = run_limited(read_only_data_dir, "ask", "--json", QUESTION, read_only=True)
    assert asked.returncode == 0, asked.stderr
    assert json.loads(asked.stdout)["found"]
    assert_still_serving(read_only_data_dir, serving)


def test_a_read_only_fresh_data_dir_is_one_line(tmp_path):
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        result = run_limited(
            parent / "data", "index", "--quiet", "--corpus", CORPUS, read_only=True
        )
    finally:
        parent.chmod(0o755)
    assert_one_clear_line(result, "Permission denied")


@pytest.mark.slow
@pytest.mark.parametrize("command", ["feeds", "run"])
def test_a_corrupt_state_database_is_one_line(tmp_path, command):
    data_dir = tmp_path / "data"
    assert run(data_dir, "index", "--quiet", "--corpus", CORPUS).returncode == 0
    (data_dir / "newsdesk.sqlite3").write_bytes(b"this is not a database\n" * 100)
    result = run(
        data_dir,
        command,
        NEWSDESK_FEEDS="http://127.0.0.1:9/feed.xml",
        TELEGRAM_BOT_TOKEN="123456:" + "A" * 35,
        TELEGRAM_API_BASE_URL="http://127.0.0.1:9/bot",
    )
    assert_one_clear_line(result, "cannot open the state database")
    assert "file is not a database" in result.stderr
