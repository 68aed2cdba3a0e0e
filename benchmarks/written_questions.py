"""Tools for writing a held-out set of news questions (`benchmarks/data/written-*.jsonl`).

Usage (from the repository root, with the shared datasets beside it):

- `.venv/bin/python -m benchmarks.written_questions draw OUT [--seed 13] [--n 70]`:
  draw `n` articles per language (en, uk, ru; at least 400 characters) that no question
  of `newsqa-dev` or of the written sets lists, into `OUT/pool-{lang}.jsonl`, for the
  writers to read;
- `... find LANG REGEX [--max 40]`: every article of a language's news corpora the
  (case-insensitive) pattern matches, with the match in context: how a writer lists all
  the articles that state a fact;
- `... check FILE`: the problems of a written file, else "OK n". A writer's file carries
  each answer's text too ("answer"), checked against its offsets; the stored sets keep
  only the offsets, so that no publisher's words are in the repository.

Written-c (sixteenth session) was drawn with seed 13 and written by one helper agent per
language from the pool, to the rules of `newsqa-dev`'s README.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from retrieval.evaluation import find_datasets
from retrieval.evaluation.newsqa import CORPUS_FILES

DATA = Path(__file__).resolve().parent / "data"
LANGS = ("en", "uk", "ru")
ANSWERABLE = frozenset({"who", "what", "when", "where", "why", "how-many", "how-much", "yes-no"})
UNANSWERABLE = frozenset(
    {"unanswerable-near-miss", "unanswerable-after-corpus", "unanswerable-off-topic"}
)
_MIN_CHARS = 400


def articles(datasets: Path) -> Iterator[dict[str, Any]]:
    """Yield every news article with its language and corpus folder ("dataset")."""
    for name in CORPUS_FILES:
        folder = name.split("/")[0]
        with gzip.open(datasets / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                # The BBC's records carry no language: they are English.
                record["lang"] = record.get("lang") or ("en" if folder == "bbc-news-2225" else "")
                record["dataset"] = folder
                yield record


def listed(datasets: Path) -> set[str]:
    """Return the ids of every article a dev or written question lists."""
    paths = [datasets / "newsqa-dev" / "questions.jsonl", *sorted(DATA.glob("written-*.jsonl"))]
    ids: set[str] = set()
    for path in paths:
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                question = json.loads(line)
                ids.update(question.get("article_ids") or ())
                if question.get("answer_at"):
                    ids.add(question["answer_at"][0])
    return ids


def draw(datasets: Path, out: Path, seed: int, n: int) -> dict[str, int]:
    """Write `n` unlisted articles per language to `out`; return each pool's size."""
    used = listed(datasets)
    pools: dict[str, list[dict[str, Any]]] = {lang: [] for lang in LANGS}
    for record in articles(datasets):
        text = record.get("text", "")
        if record["lang"] in pools and record["id"] not in used and len(text) >= _MIN_CHARS:
            pools[record["lang"]].append(
                {k: record.get(k) for k in ("id", "dataset", "title", "published", "text")}
            )
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for lang, pool in pools.items():
        pool.sort(key=lambda a: str(a["id"]))
        picked = rng.sample(pool, min(n, len(pool)))
        lines = "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in picked)
        (out / f"pool-{lang}.jsonl").write_text(lines, "utf-8")
    return {lang: len(pool) for lang, pool in pools.items()}


def find(datasets: Path, lang: str, pattern: str, most: int) -> list[str]:
    """Return a line per article of `lang` that `pattern` matches: id, corpus, title, context."""
    regex = re.compile(pattern, re.IGNORECASE)
    found: list[str] = []
    for record in articles(datasets):
        if record["lang"] != lang:
            continue
        text = record.get("text", "")
        match = regex.search(text)
        if match is None:
            continue
        context = text[max(0, match.start() - 80) : match.end() + 80]
        found.append(
            f"{record['id']} | {record['dataset']} | {record.get('title', '')[:70]} | {context!r}"
        )
        if len(found) >= most:
            break
    return found


def check(datasets: Path, path: Path) -> list[str]:
    """Return the problems of a written questions file (none: it is well formed)."""
    texts: dict[str, str] = {}
    folders: dict[str, str] = {}
    for record in articles(datasets):
        texts[record["id"]] = record.get("text", "")
        folders[record["id"]] = record["dataset"]
    problems: list[str] = []
    per_article: Counter[str] = Counter()
    questions: set[str] = set()
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            q = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not JSON ({exc})")
            continue
        missing = [k for k in ("qid", "lang", "question", "kind", "answerable") if k not in q]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        if not re.fullmatch(r"w[a-z]-(en|uk|ru)-\d{3}", q["qid"]) or q["qid"][3:5] != q["lang"]:
            problems.append(f"{where}: qid {q['qid']} (wX-LANG-NNN, its language)")
        text = q["question"].strip().casefold()
        if text in questions:
            problems.append(f"{where}: the same question twice")
        questions.add(text)
        if q["answerable"]:
            problems += _check_answerable(q, where, texts, folders, per_article)
        elif q["kind"] not in UNANSWERABLE:
            problems.append(f"{where}: kind {q['kind']}")
        elif q.get("article_ids") or q.get("dataset") or q.get("answer_at"):
            problems.append(f"{where}: unanswerable, yet it names an article or an answer")
    problems += [f"{a}: {n} questions (two at most)" for a, n in per_article.items() if n > 2]
    return problems


def _check_answerable(
    q: dict[str, Any],
    where: str,
    texts: dict[str, str],
    folders: dict[str, str],
    per_article: Counter[str],
) -> list[str]:
    problems: list[str] = []
    if q["kind"] not in ANSWERABLE:
        problems.append(f"{where}: kind {q['kind']}")
    at = q.get("answer_at")
    if not (isinstance(at, list) and len(at) == 3):
        return [*problems, f"{where}: answer_at {at!r} (article id, start, end)"]
    article, start, end = at
    if article not in texts:
        return [*problems, f"{where}: no article {article}"]
    ids = q.get("article_ids") or []
    if article not in ids:
        problems.append(f"{where}: answer_at's article is not among article_ids")
    for listed_id in ids:
        if listed_id not in texts:
            problems.append(f"{where}: no article {listed_id}")
        elif folders[listed_id] != q.get("dataset"):
            problems.append(
                f"{where}: {listed_id} is in {folders[listed_id]}, not {q.get('dataset')}"
            )
    span = texts[article][start:end]
    if "answer" in q and span != q["answer"]:
        problems.append(f"{where}: text[{start}:{end}] is {span!r}, not {q['answer']!r}")
    if not 1 <= len(span.split()) <= 8:
        problems.append(f"{where}: the answer has {len(span.split())} words (1 to 8)")
    per_article[article] += 1
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path)
    sub = parser.add_subparsers(dest="command", required=True)
    p_draw = sub.add_parser("draw")
    p_draw.add_argument("out", type=Path)
    p_draw.add_argument("--seed", type=int, default=13)
    p_draw.add_argument("--n", type=int, default=70)
    p_find = sub.add_parser("find")
    p_find.add_argument("lang", choices=LANGS)
    p_find.add_argument("pattern")
    p_find.add_argument("--max", type=int, default=40)
    p_check = sub.add_parser("check")
    p_check.add_argument("file", type=Path)
    args = parser.parse_args()
    datasets = find_datasets(args.datasets)
    if args.command == "draw":
        sizes = draw(datasets, args.out, args.seed, args.n)
        print(", ".join(f"{lang}: {args.n} of {size}" for lang, size in sizes.items()))
        return 0
    if args.command == "find":
        lines = find(datasets, args.lang, args.pattern, args.max)
        print("\n".join(lines) or "(no article)")
        return 0
    problems = check(datasets, args.file)
    count = sum(1 for line in args.file.read_text("utf-8").splitlines() if line.strip())
    print("\n".join(problems) if problems else f"OK {count}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
