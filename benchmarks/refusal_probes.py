"""Ask the refusal probes and print how many each kind and language refuses.

Usage: .venv/bin/python -m benchmarks.refusal_probes [--datasets DIR] [--set a|b|c|d] [-v]

`benchmarks/data/refusal-probes-{a,b}.txt` hold requests written for the project (fifth
session), one `kind|lang|question` per line: everyday requests no news article answers
("off") and questions about events after the shared corpora ("after"). Set a was written
with the everyday patterns (`retrieval/everyday.py`) and tuned against; set b was written
before looking at the product's answers to it and is reported, not tuned on. Set c was
written in the twelfth session after `newsqa-dev`'s README (events of 2022–2026 on the
topics the corpora cover, with and without a year; everyday requests and sports results),
asked once as written (49 of 60 refused), then tuned against; set d, the same way in the
sixteenth session (42 of 60 as written: questions with no year, "last September", "цього
літа", who damaged or when one returns); set e, the same way in the eighteenth session by
a helper who saw neither the code nor the other sets (43 of 60 as written). Every probe
should be refused. The news corpora are indexed once (seconds); asked on 2026-12-01.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

from retrieval.evaluation import find_datasets
from retrieval.evaluation.newsqa import CORPUS_FILES
from retrieval.index import build_index
from retrieval.service import NewsService

DATA = Path(__file__).resolve().parent / "data"
SETS = ("a", "b", "c", "d", "e")
TODAY = date(2026, 12, 1)


def probes(name: str) -> list[tuple[str, str, str]]:
    """Return set `name`'s probes as (kind, lang, question)."""
    lines = (DATA / f"refusal-probes-{name}.txt").read_text("utf-8").splitlines()
    return [tuple(line.split("|", 2)) for line in lines if line.strip()]  # type: ignore[misc]


Cells = Counter[tuple[str, str]]  # (kind, lang) -> probes


def answered(service: NewsService, name: str) -> tuple[Cells, Cells, list[str]]:
    """Ask set `name`; return how many of each (kind, lang) were asked and refused, and
    the probes that were answered."""
    asked: Cells = Counter()
    refused: Cells = Counter()
    wrong: list[str] = []
    for kind, lang, question in probes(name):
        answer = service.ask(question, today=TODAY)
        asked[kind, lang] += 1
        refused[kind, lang] += not answer.found
        if answer.found:
            wrong.append(f"({kind}, {lang}): {question}")
    return asked, refused, wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path)
    parser.add_argument("--set", choices=SETS, action="append")
    parser.add_argument("-v", action="store_true", help="print each probe that is answered")
    args = parser.parse_args()
    datasets = find_datasets(args.datasets)
    with tempfile.TemporaryDirectory(prefix="newsdesk-probes-") as tmp:
        build_index([datasets / name for name in CORPUS_FILES], data_dir=Path(tmp))
        service = NewsService(Path(tmp))
        for name in args.set or SETS:
            asked, refused, wrong = answered(service, name)
            if args.v:
                print("\n".join(f"  answered {line}" for line in wrong))
            cells = ", ".join(
                f"{kind} {lang} {refused[kind, lang]}/{n}"
                for (kind, lang), n in sorted(asked.items())
            )
            print(f"set {name}: refused {sum(refused.values())}/{sum(asked.values())} ({cells})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
