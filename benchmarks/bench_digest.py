"""Digest fan-out: one morning's digest to N subscribed chats (half groups) through the fake.

The bot is the real `Application` (`build_application` with a SQLite store, PTB's
`AIORateLimiter`, our `Pacer`); the Bot API is `tests/fakes/telegram_api.py` on
127.0.0.1, which stamps each request on arrival. One scheduler tick at 08:00 Kyiv sends
every digest. Measured: completion time, messages sent, the overall rate (most messages
in any one-second window), the per-chat rate (shortest gap between two messages to one
chat, and most messages to one group in any minute), duplicates and missed chats.
Baseline in the same run: the floor Telegram's overall limit sets, messages ÷ 25 per
second; the completion time is quoted as a ratio to it. One run is `tests/bot/fanout.py`'s
`fan_out`, which `tests/bot/test_fanout.py` checks at 200 chats.

Run: .venv/bin/python -m benchmarks.bench_digest [--chats 200] [--runs 3]
Writes benchmarks/results/digest-fanout-latest.md (also printed).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from retrieval.index import build_index
from tests.bot.fanout import check, day_corpus, fan_out

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stories", type=int, default=20, help="stories per digest")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        build_index(day_corpus(), data_dir=data_dir, workers=1)
        runs = []
        for i in range(args.runs):
            work = Path(tmp) / f"run{i}"
            work.mkdir()
            runs.append(asyncio.run(fan_out(args.chats, data_dir, work, args.stories)))
            print(f"run {i + 1}: {runs[-1]['seconds']:.1f} s", file=sys.stderr)
    med = statistics.median(r["seconds"] for r in runs)
    floor = statistics.median(r["floor_seconds"] for r in runs)
    worst = {
        "overall": max(r["overall_max_per_second"] for r in runs),
        "group": max(r["group_max_per_minute"] for r in runs),
        "private_gap": min(r["private_min_gap"] for r in runs),
        "group_gap": min(r["group_min_gap"] for r in runs),
    }
    broken = [b for r in runs for b in check(r)]
    first = runs[0]
    parts_label = ", ".join(
        f"{v} chats got {k} part(s)" for k, v in sorted(first["parts"].items())
    )
    lines = [
        f"# Digest fan-out — {datetime.now().isoformat(timespec='seconds')}",
        "",
        f"{args.chats} chats ({args.chats // 2} groups, {args.chats - args.chats // 2} private), "
        f"{args.runs} runs, up to {args.stories} stories a digest; messages per run: "
        f"{first['messages']} ({parts_label}).",
        "",
        "| measure | value | limit |",
        "|---|---:|---|",
        f"| completion, median | {med:.1f} s | — |",
        f"| floor at 25 msg/s (messages ÷ 25) | {floor:.1f} s | — |",
        f"| completion ÷ floor | {med / floor:.2f}× | — |",
        f"| overall sends in any 1 s, worst | {worst['overall']} | ≤ 30 |",
        f"| sends to one group in any 60 s, worst | {worst['group']} | ≤ 20 |",
        f"| shortest gap between sends to one group | {worst['group_gap']:.2f} s "
        "| ≈ 3 s (our spacing, ± arrival jitter) |",
        f"| shortest gap between sends to one private chat | {worst['private_gap']:.2f} s "
        "| ≥ 1 s |",
        f"| missed chats / duplicate digests | {sum(r['missed'] for r in runs)} / "
        f"{sum(r['duplicates'] for r in runs)} | 0 / 0 |",
        "",
        "All limits kept." if not broken else "BROKEN: " + "; ".join(broken),
    ]
    text = "\n".join(lines) + "\n"
    out = HERE / "results" / "digest-fanout-latest.md"
    out.write_text(text, encoding="utf-8")
    print(text)
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
