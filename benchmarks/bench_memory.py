"""Resident memory of a long-running bot: 100,000 random questions must not make it grow.

Usage:
    .venv/bin/python -m benchmarks.bench_memory [--questions 100000] [--only answer,bot]
        [--answer-ceiling-mb 130] [--bot-ceiling-mb 200]
        [--out benchmarks/results/memory-latest.md]

Questions are mixed en/uk/ru: each draws 4-9 words, three in four of them real words of
the bundled sample corpus in its language (so many questions are answered, with sources
and buttons) and the rest random strings of that language's letters (so nearly every
question brings word forms never seen before: the worst case for per-word memos). Each phase runs
in a fresh child process and records its RSS every 5% of the way:

- answer: `NewsService.ask` on every question, one after another, on the sample index;
- bot: the real `Application` from `bot.app.build_application` (as `newsdesk run` builds
  it, with a model-less assistant), every question an update from one of 20,000 private
  chats handled by `Application.process_update` (16 at a time), each reply sent over
  HTTP to `tests/fakes/telegram_api.FakeTelegramAPI` running in its own process (its
  log of requests grows there, not here). The per-user limit is widened so every
  question is answered (its buckets still exist, one per user), and python-telegram-bot's
  30 messages/s flood limiter is swapped for an unlimited one, as `bench_bot.py` does:
  at 30 messages/s, 100,000 replies would take an hour.

Every child imports the packages (bot, corpus, retrieval) as they were when the run
started, copied to `benchmarks/.cache/code-memory/`, and the report names the commit of
that moment. The index is built first by `newsdesk index` in its own process. The result, with a
pass or fail of each phase's peak RSS against its ceiling, is printed as Markdown and
written to `--out`; the exit status is 1 if a phase went over. The RSS includes the
benchmark's own list of questions (about 10 MB for 100,000).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import git_state, log, write_atomic

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SNAPSHOT = HERE / ".cache" / "code-memory"  # the packages as the run found them
PACKAGES = ("bot", "corpus", "retrieval")

ALPHABETS = {
    "en": "abcdefghijklmnopqrstuvwxyz",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
}
USERS = 20_000
IN_FLIGHT = 16
CHECKPOINTS = 20


def rss_mb() -> float:
    """Return this process's resident set size in MB."""
    import psutil

    return float(psutil.Process().memory_info().rss) / 1e6


def vocabulary() -> dict[str, list[str]]:
    """Return the sample corpus's words per language (at least 4 letters)."""
    from corpus.readers import load_corpus
    from corpus.sample import SAMPLE_DIR
    from retrieval.analysis import words

    articles, _ = load_corpus([SAMPLE_DIR])
    vocab: dict[str, set[str]] = {lang: set() for lang in ALPHABETS}
    for article in articles:
        if article.lang in vocab:
            vocab[article.lang].update(w for w in words(article.text) if len(w) >= 4)
    return {lang: sorted(found) for lang, found in vocab.items()}


def questions(n: int, *, seed: int = 13) -> list[str]:
    """Return `n` questions of mixed real and random words, a third per language."""
    rng = random.Random(seed)
    vocab = vocabulary()
    out = []
    for i in range(n):
        lang = ("en", "uk", "ru")[i % 3]
        letters = ALPHABETS[lang]
        picked = []
        for _ in range(rng.randint(4, 9)):
            if rng.random() < 0.75:
                picked.append(rng.choice(vocab[lang]))
            else:
                picked.append("".join(rng.choice(letters) for _ in range(rng.randint(3, 11))))
        out.append(" ".join(picked) + "?")
    return out


def snapshot_code() -> dict[str, Any]:
    """Copy the packages as they are now and return the git state: every child of this run
    imports the copy, so an edit to the work tree during the run (each phase takes many
    minutes) cannot put two versions of the code in one report."""
    shutil.rmtree(SNAPSHOT, ignore_errors=True)
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, SNAPSHOT / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return git_state()


def child_env() -> dict[str, str]:
    """Return this environment without the program's settings, the snapshot on PYTHONPATH
    (ahead of the editable install's checkout; `benchmarks` and `tests` come from there)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "LLM_"))}
    if SNAPSHOT.is_dir():
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SNAPSHOT), env.get("PYTHONPATH")]))
    return env


def build_index(data_dir: Path) -> None:
    """Index the bundled sample in a child process (a build's memos stay there)."""
    env = child_env()
    env["NEWSDESK_DATA_DIR"] = str(data_dir)
    subprocess.run(
        # -P keeps the working directory (the checkout) off sys.path: the snapshot is imported.
        [sys.executable, "-P", "-m", "bot", "index", "--quiet"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )


def checkpoints(n: int) -> set[int]:
    return {max(1, n * k // CHECKPOINTS) for k in range(1, CHECKPOINTS + 1)}


def answer_phase(data_dir: Path, n: int) -> dict[str, Any]:
    """Ask every question through `NewsService.ask` and record RSS on the way."""
    from retrieval.service import NewsService

    qs = questions(n)
    service = NewsService(data_dir)
    for warm in ("Kyiv metro", "Київ метро", "Киев метро"):
        service.ask(warm)
    marks = checkpoints(n)
    series: list[tuple[int, float]] = [(0, rss_mb())]
    found = 0
    started = time.perf_counter()
    for i, question in enumerate(qs, 1):
        found += service.ask(question).found
        if i in marks:
            series.append((i, rss_mb()))
    analyzer = service.searcher.analyzer
    memo = getattr(analyzer, "memo_entries", None)
    return {
        "questions": n,
        "answered": f"{found:,} found",
        "seconds": time.perf_counter() - started,
        "series": series,
        "memo_entries": memo() if memo else None,
    }


def private_message(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    """Return the update of a private text message, as Telegram sends it."""
    user = {"id": user_id, "is_bot": False, "first_name": "U", "language_code": "en"}
    chat = {"id": user_id, "type": "private", "first_name": "U"}
    message = {"message_id": update_id, "date": int(time.time()), "chat": chat, "from": user}
    return {"update_id": update_id, "message": message | {"text": text}}


def fake_api_main(conn: Any) -> None:
    """Serve the fake Bot API in this (child) process until told to stop."""
    from tests.fakes.telegram_api import FakeTelegramAPI

    with FakeTelegramAPI(username="test_bot") as api:
        conn.send((api.token, api.base_url))
        conn.recv()


async def bot_run(data_dir: Path, n: int, token: str, base_url: str) -> dict[str, Any]:
    from telegram import Update
    from telegram.ext import AIORateLimiter

    from bot.app import build_application
    from bot.deps import BotConfig, Deps
    from retrieval.assistant import Assistant
    from retrieval.service import NewsService

    qs = questions(n)
    wide = 10**9  # every question answered; the buckets are still made, one per user
    config = BotConfig(admin_ids=frozenset(), user_rate=wide, user_burst=wide)
    service = NewsService(data_dir)  # kept to read its analyser's memo size
    deps = Deps(assistant=Assistant(service), config=config)
    app = build_application(deps, token=token, base_url=base_url, concurrent_updates=IN_FLIGHT)
    app.bot._rate_limiter = AIORateLimiter(overall_max_rate=0, max_retries=3)
    marks = checkpoints(n)
    series: list[tuple[int, float]] = []
    errors = 0
    done = 0
    async with app:
        await app.start()

        async def ask(i: int) -> None:
            nonlocal errors
            update = private_message(i, 1_000 + i % USERS, qs[i])
            try:
                await app.process_update(Update.de_json(update, app.bot))
            except Exception:
                errors += 1

        for warm in range(3):
            await ask(warm)
        series.append((0, rss_mb()))
        started = time.perf_counter()
        queue: asyncio.Queue[int] = asyncio.Queue()
        for i in range(n):
            queue.put_nowait(i)

        async def worker() -> None:
            nonlocal done
            while not queue.empty():
                await ask(queue.get_nowait())
                done += 1
                if done in marks:
                    series.append((done, rss_mb()))

        await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))
        seconds = time.perf_counter() - started
        memory = deps.memory
        memo = getattr(service.searcher.analyzer, "memo_entries", None)
        stats = {
            "questions": n,
            "answered": f"{deps.stats.answered:,} replied",
            "errors": errors,
            "seconds": seconds,
            "series": sorted(series),
            "buttons_remembered": len(memory) if memory is not None else None,
            "memo_entries": memo() if memo else None,
        }
        await app.stop()
    return stats


def bot_phase(data_dir: Path, n: int) -> dict[str, Any]:
    """Answer every question through the bot's handlers; the fake Bot API runs elsewhere."""
    ctx = mp.get_context("spawn")
    ours, theirs = ctx.Pipe()
    proc = ctx.Process(target=fake_api_main, args=(theirs,), daemon=True)
    proc.start()
    try:
        token, base_url = ours.recv()
        return asyncio.run(bot_run(data_dir, n, token, base_url))
    finally:
        ours.send("stop")
        proc.join(30)


def run_phase(name: str, data_dir: Path, n: int) -> dict[str, Any]:
    """Run one phase in a fresh interpreter and return its figures."""
    done = subprocess.run(
        [
            *(sys.executable, "-P", "-m", "benchmarks.bench_memory", "--phase", name),
            *("--data-dir", str(data_dir), "-n", str(n)),
        ],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=6 * 3600,
    )
    if done.returncode != 0:
        raise SystemExit(f"phase {name} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def render(
    results: dict[str, dict[str, Any]], ceilings: dict[str, float], git: dict[str, Any]
) -> str:
    lines = [
        "# Memory under random questions",
        "",
        f"`benchmarks/bench_memory.py` on commit {git['commit']}"
        + (f" (modified: {', '.join(git['modified'])})" if git["modified"] else "")
        + f", {time.strftime('%Y-%m-%d %H:%M')}; bundled sample corpus.",
        "",
        "| phase | questions | answered | time (s) | RSS after warm-up (MB) | peak RSS (MB)"
        " | RSS at the end (MB) | word memo entries | buttons remembered | ceiling (MB) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        rss = [mb for _, mb in r["series"]]
        ceiling = ceilings[name]
        verdict = f"{ceiling:.0f}: " + ("pass" if max(rss) <= ceiling else "**FAIL**")
        lines.append(
            f"| {name} | {r['questions']:,} | {r['answered']} | {r['seconds']:.0f} "
            f"| {rss[0]:.1f} | {max(rss):.1f} | {rss[-1]:.1f} | {r.get('memo_entries')} "
            f"| {r.get('buttons_remembered', '—')} | {verdict} |"
        )
    lines += ["", "RSS (MB) after every 5% of the questions:", ""]
    for name, r in results.items():
        points = ", ".join(f"{i:,}: {mb:.0f}" for i, mb in r["series"])
        lines.append(f"- {name}: {points}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", "-n", type=int, default=100_000)
    parser.add_argument("--answer-ceiling-mb", type=float, default=130.0)
    parser.add_argument("--bot-ceiling-mb", type=float, default=200.0)
    parser.add_argument("--only", default="answer,bot", help="phases: answer, bot")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/memory-latest.md")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        phase = answer_phase if args.phase == "answer" else bot_phase
        print(json.dumps(phase(args.data_dir, args.questions)))
        return
    git = snapshot_code()
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        data_dir = Path(tmp) / "data"
        log("indexing the bundled sample")
        build_index(data_dir)
        results = {}
        for name in [p.strip() for p in args.only.split(",") if p.strip()]:
            log(f"phase {name}: {args.questions:,} questions")
            results[name] = run_phase(name, data_dir, args.questions)
            log(f"phase {name}: done in {results[name]['seconds']:.0f} s")
    ceilings = {"answer": args.answer_ceiling_mb, "bot": args.bot_ceiling_mb}
    report = render(results, ceilings, git)
    print(report)
    write_atomic(args.out, report)
    if any(max(mb for _, mb in r["series"]) > ceilings[n] for n, r in results.items()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
