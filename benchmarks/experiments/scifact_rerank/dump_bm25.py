"""Dump Newsdesk's BM25 (tantivy) top-100 per SciFact query (train + test).

Run with the project's .venv/bin/python (the repository is only read).
Output: out/bm25_top100.json = {"train": {qid: [[doc_id, score], ...]}, "test": {...}}
"""

import json
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from retrieval.engines import Filters
from retrieval.evaluation import ranking as ev
from retrieval.search import SearchOptions

REPO = Path(__file__).resolve().parents[3]
ROOT = REPO.parent / "shared" / "datasets" / "beir-scifact"
OUT = Path(__file__).parent / "out" / "bm25_top100.json"


def qrels(split):
    q = defaultdict(set)
    for line in (ROOT / "qrels" / f"{split}.tsv").read_text("utf-8").splitlines()[1:]:
        qid, did, s = line.split("\t")
        if int(s) > 0:
            q[qid].add(did)
    return q


def main():
    queries = {}
    for line in (ROOT / "queries.jsonl").read_text("utf-8").splitlines():
        q = json.loads(line)
        queries[q["_id"]] = q["text"]
    t0 = time.perf_counter()
    built = ev.build_searcher(
        [ROOT / "corpus.jsonl.gz"],
        engine="tantivy",
        options=SearchOptions(title_boost=0.1, recency_weight=0.0),
    )
    print(f"indexed in {time.perf_counter() - t0:.1f}s")
    s = built.searcher
    out = {}
    for split in ("train", "test"):
        qr = qrels(split)
        ids = sorted(qr, key=int)
        res = {}
        nd = rc = 0.0
        t0 = time.perf_counter()
        for qid in ids:
            text = queries[qid]
            # Same as ev.rank_articles, but keep the score too.
            ranked_ref = ev.rank_articles(s, text, "en", 100)
            terms = s.query_terms(text, "en")
            hits = (
                s.search_terms(terms, k=100, per_article=1, today=ev.TODAY, filters=Filters())
                if terms
                else []
            )
            pairs = [[h.passage.article_id, float(h.score)] for h in hits]
            assert [p[0] for p in pairs] == ranked_ref, qid
            res[qid] = pairs
            nd += ev.ndcg_at(ranked_ref, qr[qid], 10)
            rc += ev.recall_at(ranked_ref, qr[qid], 100)
        n = len(ids)
        dt = (time.perf_counter() - t0) / n * 1000
        print(
            f"{split}: {n} queries  nDCG@10={nd / n:.4f}  Recall@100={rc / n:.4f}  "
            f"({dt:.1f} ms/query, two searches each)"
        )
        out[split] = res
    built.tmp.cleanup()
    OUT.write_text(json.dumps(out))
    print("wrote", OUT)


if __name__ == "__main__":
    main()
