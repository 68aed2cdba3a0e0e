"""Tune the 3-gram re-scoring weight on SciFact's 809 train claims (test is never read here).

One index, built as the product builds it, is searched with each `gram_boost`; 0 is the
word-only baseline. Run:

    .venv/bin/python benchmarks/experiments/scifact_grams.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from retrieval.evaluation import find_datasets
from retrieval.evaluation.ranking import build_searcher as _build
from retrieval.evaluation.scifact import scifact_queries, score_scifact
from retrieval.search import Searcher, SearchOptions


def main() -> None:
    datasets = find_datasets(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    queries = scifact_queries(datasets, "train")
    built = _build([datasets / "beir-scifact" / "corpus.jsonl.gz"], engine="tantivy")
    version = built.searcher.index
    try:
        for boost in (0.0, 0.1, 0.15, 0.2, 0.25, 0.3):
            options = SearchOptions(recency_weight=0.0, gram_boost=boost)
            result = score_scifact(Searcher(version, options=options), queries)
            print(f"gram_boost {boost:.2f}  train {result}", flush=True)
    finally:
        built.tmp.cleanup()


if __name__ == "__main__":
    main()
