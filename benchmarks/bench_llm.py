"""Latency the language-model path adds, and the deadline when the model hangs.

The index is the bundled sample; questions are its article titles (in en, uk and ru).
The model is the fake OpenAI-compatible server (tests/fakes/llm_api.py) on loopback,
answering at once (a translation call, then a cited answer streamed in writes of
256 bytes, a few events each, as a real server flushes tokens), so what is
measured is our own cost: prompt building with tiktoken, two HTTP round trips, SSE
parsing, checks. Baseline in the same run: the extractive answer (`NewsService.ask`)
for the same questions. Then the model hangs and the time until the user has the
extractive answer is measured against the default 8 s deadline.

Run: .venv/bin/python -m benchmarks.bench_llm [--questions 200]
Writes benchmarks/results/llm-latest.md (also printed).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from benchmarks.common import pct
from corpus.readers import load_corpus
from corpus.sample import SAMPLE_DIR
from retrieval.assistant import Assistant
from retrieval.index import build_index
from retrieval.llm import LLMClient, LLMConfig
from retrieval.options import GroundedSettings
from retrieval.service import NewsService
from tests.fakes.llm_api import FakeLLM

HERE = Path(__file__).resolve().parent

STREAM_WRITE_BYTES = 256


def reply(body: dict[str, object]) -> str:
    messages = body["messages"]
    assert isinstance(messages, list)
    if str(messages[0]["content"]).startswith("Translate"):
        return '{"en": "news question", "ru": "новостной вопрос", "uk": "питання"}'
    return "The articles report what the question asks about, in a few words. [1]"


async def measure(service: NewsService, questions: list[str], cross: bool) -> dict[str, object]:
    extractive: list[float] = []
    grounded: list[float] = []
    modes: dict[str, int] = {}
    with FakeLLM(responder=reply) as llm:
        client = LLMClient(LLMConfig(base_url=llm.base_url, model="fake"))
        assistant = Assistant(service, client=client, cross_language=cross)
        for q in questions[:10]:  # warm-up: connections, tokenizer, memo
            await assistant.ask(q)
        for q in questions:
            # A real server sends a few tokens an event; the fake's default splits every
            # few bytes to test the parser, which is not what latency should measure.
            if cross:
                llm.answer(chunk_bytes=STREAM_WRITE_BYTES)  # the translation
            llm.answer(chunk_bytes=STREAM_WRITE_BYTES)
            t0 = time.perf_counter()
            service.ask(q)
            extractive.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            answer = await assistant.ask(q)
            grounded.append((time.perf_counter() - t0) * 1000)
            modes[answer.mode] = modes.get(answer.mode, 0) + 1
        await client.aclose()
    return {"extractive": extractive, "grounded": grounded, "modes": modes}


async def hung(service: NewsService, questions: list[str], deadline: float) -> list[float]:
    waits = []
    with FakeLLM(responder=reply) as llm:
        client = LLMClient(LLMConfig(base_url=llm.base_url, model="fake"))
        assistant = Assistant(service, client=client, settings=GroundedSettings(deadline=deadline))
        for q in questions:
            llm.answer("{}")
            llm.hang(120)
            t0 = time.perf_counter()
            answer = await assistant.ask(q)
            waits.append(time.perf_counter() - t0)
            assert answer.mode == "extractive", answer.mode
        await client.aclose()
    return waits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--hung", type=int, default=3, help="questions asked of a hung model")
    args = parser.parse_args()
    articles, _ = load_corpus([SAMPLE_DIR])
    rng = random.Random(7)
    titles = [a.title for a in articles if len(a.title.split()) >= 4]
    questions = rng.sample(titles, min(args.questions, len(titles)))
    with tempfile.TemporaryDirectory() as tmp:
        build_index([SAMPLE_DIR], data_dir=Path(tmp), workers=2)
        service = NewsService(Path(tmp))
        rows = {}
        for cross in (False, True):
            rows[cross] = asyncio.run(measure(service, questions, cross))
            print(f"measured cross_language={cross}", file=sys.stderr)
        waits = asyncio.run(hung(service, questions[: args.hung], GroundedSettings().deadline))
    lines = [
        f"# Language-model path latency — {datetime.now().isoformat(timespec='seconds')}",
        "",
        f"{len(questions)} questions (bundled-sample headlines, en/uk/ru) against the fake "
        "OpenAI-compatible server answering at once; milliseconds.",
        "",
        "| path | p50 | p99 | added p50 over extractive | answered by the model |",
        "|---|---:|---:|---:|---:|",
    ]
    base = rows[False]["extractive"]
    assert isinstance(base, list)
    lines.append(f"| extractive (baseline) | {pct(base, 50):.2f} | {pct(base, 99):.2f} | — | — |")
    for cross, m in rows.items():
        ext, grd, modes = m["extractive"], m["grounded"], m["modes"]
        assert isinstance(ext, list)
        assert isinstance(grd, list)
        assert isinstance(modes, dict)
        added = statistics.median(grd) - statistics.median(ext)
        label = "with cross-language search" if cross else "answer only"
        lines.append(
            f"| model, {label} | {pct(grd, 50):.2f} | {pct(grd, 99):.2f} | {added:.2f} "
            f"| {modes.get('llm', 0)} of {len(grd)} |"
        )
    lines += [
        "",
        f"Hung model, default deadline {GroundedSettings().deadline:.0f} s: the extractive "
        f"answer arrived after {', '.join(f'{w:.2f}' for w in waits)} s.",
        "",
        "Targets: added p50 ≤ 20 ms with an instant model; the extractive answer within the "
        "deadline when the model hangs.",
    ]
    text = "\n".join(lines) + "\n"
    (HERE / "results" / "llm-latest.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
