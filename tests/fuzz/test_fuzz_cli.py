"""Fuzz: random argv (and stdin) for the `newsdesk` command line, run in-process.

`bot.cli.main(argv)` runs as `newsdesk` does (it exits through `SystemExit`), with stdout
and stderr captured and stdin given, against a data directory indexed from the test
corpus. Arguments: every command but `eval` (which would read the shared datasets; it gets
an unknown `--only` part) with its real options, unknown flags, odd values (dates out of
range, negative and huge numbers, unknown zones and languages), odd unicode, control and
bidi characters, escape sequences and huge strings; stdin: nothing, blank lines or hostile
lines. `run` finds no bot token and stops; `index` builds only from a missing, empty,
broken or tiny corpus; `feeds` polls a loopback feed the policy refuses.

Properties: the exit status is 0, 1 or 2; nothing escapes `main` but `SystemExit`; no
traceback is printed; nothing printed holds a control character (but tab and newline),
a C1 control or a bidi override.

Inputs: 1,200 argv lists (about 20 s here).
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cli import main
from retrieval.index import build_index
from tests.conftest import DATA
from tests.fuzz.conftest import FUZZ
from tests.fuzz.hostile import hostile_text

RUNS = 1200
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# `tqdm` redraws its bar with "\r"; the CLI writes the bar past its own filter on purpose.
BAR = re.compile(r"\r")

COMMANDS = ["ask", "search", "chat", "stats", "digest", "feeds", "index", "run", "eval"]
FLAGS = [
    *["--json", "--lang", "--k", "--in", "--from", "--to", "--date", "--tz", "--html"],
    *["--no-morphology", "--quiet", "--engine", "--webhook", "--listen", "--port", "--help"],
    *["-h", "--", "-", "--bogus", "-x", "--k=", "--from=2025-13-01", "--json=1", "--la"],
]
VALUES = st.sampled_from(
    [
        *["2025-11-20", "0001-01-01", "9999-12-31", "2025-02-30", "20251120", "-1", "0"],
        *["10", "99999999999999999999", "1e3", "٣", "-0", "en", "uk", "ru", "UK", "xx"],
        *["Europe/Kyiv", "UTC", "../../etc/passwd", "/etc/localtime", "Mars/Phobos"],
        *["posix/Europe/Kyiv", "Etc/GMT+14", "tantivy", "rank-bm25", "lucene", ""],
        *["https://bot.example.org", "http://127.0.0.1:9", "0.0.0.0", "65536", "Kyiv metro"],
    ]
)
TOKENS = st.one_of(
    st.sampled_from(FLAGS),
    st.sampled_from(FLAGS),
    VALUES,
    hostile_text(max_size=80),
    hostile_text(max_size=6000),
)
STDIN = st.one_of(
    st.just(""),
    st.sampled_from(["\n\n", "Kyiv metro stations\n", "/quit\n", "Kyiv metro\nbread prices\n"]),
    st.lists(hostile_text(max_size=300), max_size=3).map(lambda lines: "\n".join(lines) + "\n"),
)


LANGS = st.sampled_from(["en", "uk", "ru"])
DATES = st.dates().map(str)  # years 1 to 9999
BOUNDARIES = ["0", "-1", "1", "65535", "65536", str(2**31), str(2**63), str(2**64), "1" + "0" * 30]
NUMBERS = st.one_of(
    st.sampled_from(BOUNDARIES),
    st.sampled_from(BOUNDARIES),
    st.sampled_from(["1_000", " 5", "5 ", "+5", "0x10", "٣", "1e3"]),
    st.integers(-(2**70), 2**70).map(str),
)
ZONES = st.sampled_from(["Europe/Kyiv", "UTC", "America/New_York", "Pacific/Kiritimati"])
OPTIONS: dict[str, dict[str, st.SearchStrategy[str] | None]] = {  # None: takes no value
    "ask": {"--json": None, "--lang": LANGS, "--in": LANGS, "--from": DATES, "--to": DATES},
    "search": {"--k": NUMBERS, "--json": None, "--in": LANGS, "--from": DATES, "--to": DATES},
    "chat": {},
    "stats": {},
    "digest": {"--date": DATES, "--lang": LANGS, "--tz": ZONES, "--html": None},
    "feeds": {},
    "index": {
        "--engine": st.sampled_from(["tantivy", "rank-bm25"]),
        "--no-morphology": None,
        "--quiet": None,
    },
    "run": {"--webhook": VALUES, "--listen": VALUES, "--port": NUMBERS},
    "eval": {"--half": st.sampled_from(["tune", "check"]), "--limit": NUMBERS, "--json": None},
}
QUESTIONS = st.one_of(VALUES, hostile_text(max_size=80), hostile_text(max_size=1200))


@st.composite
def well_formed(draw: st.DrawFn, command: str) -> list[str]:
    """Options the command has, with odd values, then a question for those that take one."""
    options = OPTIONS[command]
    tokens: list[str] = []
    for _ in range(draw(st.integers(0, 4))):
        if not options:
            break
        option = draw(st.sampled_from(sorted(options)))
        tokens.append(option)
        values = options[option]
        if values is not None:  # mostly a value of the right kind, now and then anything
            tokens.append(draw(values if draw(st.integers(0, 4)) else TOKENS))
    if command in ("ask", "search"):  # mostly a question (else stdin is read)
        tokens += draw(st.lists(QUESTIONS, min_size=draw(st.sampled_from([0, 1, 1])), max_size=3))
    return tokens


@st.composite
def argvs(draw: st.DrawFn) -> list[str]:
    """A command (or junk), then its options or any tokens; `index` and `eval` are bounded."""
    command = draw(st.sampled_from(COMMANDS) if draw(st.integers(0, 5)) else TOKENS)
    if command in OPTIONS and draw(st.integers(0, 5)):
        tokens = draw(well_formed(command))
    else:
        tokens = draw(st.lists(TOKENS, max_size=6))
    # Never `eval` or `index` unbounded (a junk first token is read as the command).
    tokens = [t for t in tokens if t not in ("eval", "index")]
    if command == "eval":  # an unknown part: a usage error before any dataset is read
        tokens += ["--only", draw(st.sampled_from(["news", "xquad", ""])) + ",bogus"]
    elif command == "index":
        tokens += ["--corpus", draw(st.sampled_from(["missing", "empty", "broken", "tiny"]))]
    return [command, *tokens]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("fuzz-cli") / "data"
    build_index([DATA / "articles.jsonl"], data_dir=data, workers=1)
    return data


@pytest.fixture
def corpora(tmp_path: Path) -> Path:
    """Corpus folders `index --corpus` is pointed at, by name, in the working directory."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "a.jsonl").write_bytes(b"{broken\n\xff\xfe\n")
    (tmp_path / "broken" / "b.json").write_text("[1, 2]")
    (tmp_path / "tiny").mkdir()
    first = (DATA / "articles.jsonl").read_text().splitlines()[0]
    (tmp_path / "tiny" / "a.jsonl").write_text(first + "\n" + json.dumps({"text": 5}) + "\n")
    return tmp_path


def run_cli(argv: list[str], stdin: str) -> tuple[object, str, str]:
    """Run `main(argv)`; return its exit code (or the exception), stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    levels = {name: logging.getLogger(name).level for name in ("bot", "httpx")}
    root_filters = {h: list(h.filters) for h in logging.getLogger().handlers}
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main(argv)
    except SystemExit as exc:
        outcome: object = exc.code
    except BaseException as exc:  # the property: nothing but SystemExit leaves main
        outcome = exc
    else:
        outcome = "returned"
    finally:
        sys.stdin = saved_stdin
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        for handler, filters in root_filters.items():
            handler.filters[:] = filters
    return outcome, out.getvalue(), err.getvalue()


def test_random_argv_exits_0_1_or_2_without_a_traceback_or_escape_sequences(
    data_dir, corpora, monkeypatch
) -> None:
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(data_dir))
    monkeypatch.setenv("NEWSDESK_CORPUS", str(corpora / "tiny"))
    monkeypatch.setenv("NEWSDESK_BUILD_WORKERS", "1")
    monkeypatch.setenv("NEWSDESK_FEEDS", "http://127.0.0.1:9/feed.xml")  # refused: loopback
    monkeypatch.setenv("NO_COLOR", "1")
    counts = {"runs": 0}
    exits: dict[object, int] = {}
    started = time.perf_counter()

    @settings(FUZZ, max_examples=RUNS)
    @given(argv=argvs(), stdin=STDIN)
    def run(argv: list[str], stdin: str) -> None:
        outcome, out, err = run_cli(argv, stdin)
        counts["runs"] += 1
        exits[outcome if not isinstance(outcome, BaseException) else "raised"] = (
            exits.get(outcome, 0) + 1
        )
        assert outcome in (0, 1, 2), f"{outcome!r}\n{err[-2000:]}"
        for stream, text in (("stdout", out), ("stderr", BAR.sub("", err))):
            assert "Traceback" not in text, f"{stream}: {text[-2000:]}"
            unsafe = UNSAFE.search(text)
            assert unsafe is None, f"{stream} holds {unsafe[0]!r}: {text[-500:]!r}"

    run()
    seconds = time.perf_counter() - started
    print(f"cli: {counts['runs']} argv lists in {seconds:.1f} s; exit codes {exits}")
    assert counts["runs"] >= 1000
