"""BEIR SciFact: nDCG@10 and Recall@100 (trec_eval definitions, binary relevance)."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from retrieval.evaluation.ranking import Log, build_searcher, ndcg_at, rank_articles, recall_at
from retrieval.search import Searcher, SearchOptions

# Published BM25 figures on the SciFact test queries: (nDCG@10, Recall@100 or None).
PUBLISHED_SCIFACT = {
    "Anserini BM25 flat (k1=0.9, b=0.4)": (0.6789, 0.9253),
    "Anserini BM25 multifield": (0.6647, 0.9076),
    "Elasticsearch BM25 (bm25-benchmarks)": (0.690, None),
}


def scifact_queries(datasets: Path, split: str = "test") -> list[tuple[str, set[str]]]:
    """Return SciFact's (claim, relevant article ids) pairs of a split, by query id."""
    root = datasets / "beir-scifact"
    qrels: dict[str, set[str]] = defaultdict(set)
    for line in (root / "qrels" / f"{split}.tsv").read_text("utf-8").splitlines()[1:]:
        qid, did, score = line.split("\t")
        if int(score) > 0:
            qrels[qid].add(did)
    queries = {}
    for line in (root / "queries.jsonl").read_text("utf-8").splitlines():
        q = json.loads(line)
        if q["_id"] in qrels:
            queries[q["_id"]] = q["text"]
    return [(queries[qid], qrels[qid]) for qid in sorted(queries, key=int)]


def score_scifact(searcher: Searcher, queries: list[tuple[str, set[str]]]) -> dict[str, Any]:
    """Return mean nDCG@10 and Recall@100 of ranking SciFact articles for `queries`."""
    ndcg = recall = 0.0
    for text, relevant in queries:
        ranked = rank_articles(searcher, text, "en", 100)
        ndcg += ndcg_at(ranked, relevant, 10)
        recall += recall_at(ranked, relevant, 100)
    n = len(queries)
    return {"queries": n, "ndcg@10": round(ndcg / n, 4), "recall@100": round(recall / n, 4)}


def eval_scifact(
    datasets: Path, *, engine: str, limit: int | None, log: Log, split: str = "test"
) -> dict[str, Any]:
    """nDCG@10 and Recall@100 on the 300 SciFact test queries (or the 809 train ones)."""
    queries = scifact_queries(datasets, split)[: limit or None]
    t0 = time.perf_counter()
    built = build_searcher(
        [datasets / "beir-scifact" / "corpus.jsonl.gz"],
        engine=engine,
        options=SearchOptions(recency_weight=0.0),
    )
    log(f"scifact: indexed in {time.perf_counter() - t0:.1f} s")
    try:
        return score_scifact(built.searcher, queries)
    finally:
        built.tmp.cleanup()
