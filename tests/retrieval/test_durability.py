"""A version is on disk before CURRENT names it: its files, then its folders, are fsynced.

Observed in a child process, without replacing anything: an audit hook records every
`open` (path and flags) and every rename, and a profile hook every call of `os.fsync`, in
the order they happen. `retrieval.durable.fsync` opens the path it syncs, so a read-only
`open` of a path immediately followed by `os.fsync` is that path being synced.
"""

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA

ROOT = Path(__file__).resolve().parents[2]

_OBSERVE = """
import json, os, sys
from pathlib import Path

events = []

def audit(event, args):
    if event == "open" and isinstance(args[0], str) and isinstance(args[2], int):
        events.append(["open", args[0], args[2]])
    elif event == "os.rename":
        events.append(["rename", os.fspath(args[0]), os.fspath(args[1])])

def profile(frame, event, arg):
    if event == "c_call" and arg is os.fsync:
        events.append(["fsync"])

from retrieval.index import build_index

sys.addaudithook(audit)
sys.setprofile(profile)
build_index([Path(sys.argv[1])], data_dir=Path(sys.argv[2]), engine=sys.argv[3], workers=1)
sys.setprofile(None)
print(json.dumps(events))
"""


def observed_build(tmp_path: Path, engine: str) -> list[list[Any]]:
    data_dir = tmp_path / "data"
    done = subprocess.run(
        [sys.executable, "-c", _OBSERVE, str(DATA / "articles.jsonl"), str(data_dir), engine],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    events: list[list[Any]] = json.loads(done.stdout)
    return events


def synced(events: list[list[Any]]) -> list[str]:
    """Return the paths fsynced by reopening them, in order."""
    return [
        event[1]
        for event, after in itertools.pairwise(events)
        if event[0] == "open" and event[2] & os.O_ACCMODE == os.O_RDONLY and after == ["fsync"]
    ]


@pytest.mark.parametrize(
    ("engine", "engine_files"), [("tantivy", []), ("rank-bm25", ["engine/passages.jsonl.gz"])]
)
def test_files_and_folders_are_fsynced_before_current_moves(tmp_path, engine, engine_files):
    events = observed_build(tmp_path, engine)
    renames = [(i, e[1], e[2]) for i, e in enumerate(events) if e[0] == "rename"]
    [switch] = [i for i, _, target in renames if target.endswith("/index/CURRENT")]
    [(moved, partial, final)] = [r for r in renames if r[1].endswith(".partial")]
    assert moved < switch
    # Before the version gets its final name: its files, then the folder that lists them.
    before_move = synced(events[:moved])
    for name in ["articles.jsonl.gz", "grams.json.gz", *engine_files, "engine"]:
        assert f"{partial}/{name}" in before_move, name
    assert partial in before_move[before_move.index(f"{partial}/grams.json.gz") :]
    # Then the folder that lists the version, before CURRENT names it.
    assert str(Path(final).parent) in synced(events[moved:switch])
