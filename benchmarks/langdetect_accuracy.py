"""Measure `corpus.lang.detect_language` on the shared data sets and print the figures.

Usage: .venv/bin/python -m benchmarks.langdetect_accuracy [--shared DIR] [--errors N]

Texts: BSNLP uk/ru, BRUK uk, Wikinews en/ru, each judged three ways: the full body, the
title alone, and the first five words of the body (a stand-in for a short question).
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from corpus.lang import detect_language

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FILES = (
    ("bsnlp2021-slavic-news/articles.uk-ru.jsonl.gz", "bsnlp"),
    ("bruk-press-uk/articles.uk.jsonl.gz", "bruk"),
    ("wikinews/wikinews_en.jsonl.gz", "wikinews"),
    ("wikinews/wikinews_ru.jsonl.gz", "wikinews"),
)
VIEWS = ("full texts", "titles only", "first 5 words")
HELD_OUT = ("xquad/xquad.en.json", "xquad/xquad.ru.json")


def samples(shared: Path) -> Iterator[tuple[str, str, str, str]]:
    """Yield (dataset, gold language, view, text) for every article and view."""
    for name, label in FILES:
        with gzip.open(shared / "datasets" / name, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                lang, text, title = record["lang"], record["text"], record["title"]
                for view, sample in zip(
                    VIEWS, (text, title, " ".join(text.split()[:5])), strict=True
                ):
                    if sample.strip():  # a few BSNLP bodies are empty: nothing to judge
                        yield label, lang, view, sample


def xquad_questions(shared: Path) -> Iterator[tuple[str, str]]:
    """Yield (gold language, question) for the XQuAD questions, not used to write the rules."""
    for name in HELD_OUT:
        lang = name.split(".")[-2]
        data = json.loads((shared / "datasets" / name).read_text(encoding="utf-8"))
        for article in data["data"]:
            for paragraph in article["paragraphs"]:
                for qa in paragraph["qas"]:
                    yield lang, qa["question"]


def main() -> None:
    """Print accuracy per view and language, then timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--errors", type=int, default=0, help="show this many misses per view")
    args = parser.parse_args()

    right: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    per_set: Counter[tuple[str, str, str]] = Counter()
    per_set_total: Counter[tuple[str, str, str]] = Counter()
    misses: dict[str, list[str]] = {view: [] for view in VIEWS}
    texts_by_view: dict[str, list[str]] = {view: [] for view in VIEWS}
    for label, lang, view, text in samples(args.shared):
        guess = detect_language(text)
        total[view, lang] += 1
        per_set_total[view, label, lang] += 1
        texts_by_view[view].append(text)
        if guess == lang:
            right[view, lang] += 1
            per_set[view, label, lang] += 1
        elif len(misses[view]) < args.errors:
            misses[view].append(f"{lang}->{guess}: {text[:90]!r}")

    for view in VIEWS:
        all_right = sum(right[view, lang] for lang in ("uk", "ru", "en"))
        all_total = sum(total[view, lang] for lang in ("uk", "ru", "en"))
        parts = ", ".join(
            f"{lang} {right[view, lang]}/{total[view, lang]}" for lang in ("uk", "ru", "en")
        )
        print(f"measured: {view:<13} {100 * all_right / all_total:6.2f} % ({parts})")
        sets = sorted({(label, lang) for (v, label, lang) in per_set_total if v == view})
        shares = []
        for label, lang in sets:
            key = (view, label, lang)
            shares.append(f"{label} {lang} {100 * per_set[key] / per_set_total[key]:.1f} %")
        detail = ", ".join(shares)
        print(f"          {'':<13} {detail}")
        for miss in misses[view]:
            print("    miss", miss)

    held_right: Counter[str] = Counter()
    held_total: Counter[str] = Counter()
    for lang, question in xquad_questions(args.shared):
        held_total[lang] += 1
        held_right[lang] += detect_language(question) == lang
    parts = ", ".join(f"{lang} {held_right[lang]}/{held_total[lang]}" for lang in ("ru", "en"))
    share = 100 * sum(held_right.values()) / sum(held_total.values())
    print(f"measured: held-out XQuAD questions {share:6.2f} % ({parts})")

    question = "Що сказав Зеленський про переговори?"
    runs = 20_000
    start = time.perf_counter()
    for _ in range(runs):
        detect_language(question)
    per_question = (time.perf_counter() - start) / runs
    long_texts = [text for text in texts_by_view[VIEWS[0]] if len(text) >= 4000][:500]
    start = time.perf_counter()
    for text in long_texts:
        detect_language(text)
    per_long = (time.perf_counter() - start) / max(len(long_texts), 1)
    print(
        f"measured: speed {per_question * 1e6:.1f} µs for a 6-word question, "
        f"{per_long * 1e3:.2f} ms for a text of 4,000+ characters"
    )


if __name__ == "__main__":
    main()
