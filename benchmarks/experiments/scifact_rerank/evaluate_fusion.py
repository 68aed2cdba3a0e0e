"""Rerank / fuse Newsdesk BM25 top-100 with MiniLM cosine; tune on train, report test.

Inputs: out/bm25_top100.json (dump_bm25.py), out/{doc,query}_emb.npy + ids (embed.py).
Output: out/results.json and a printed table.
"""

import json
import math
from collections import defaultdict
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[3]
ROOT = REPO.parent / "shared" / "datasets" / "beir-scifact"
OUT = Path(__file__).parent / "out"


# Copied verbatim from retrieval/evaluate.py (trec_eval ndcg_cut, binary).
def ndcg_at(ranked, relevant, k):
    dcg = sum(1.0 / math.log2(i + 2) for i, d in enumerate(ranked[:k]) if d in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal if ideal else 0.0


def recall_at(ranked, relevant, k):
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def qrels(split):
    q = defaultdict(set)
    for line in (ROOT / "qrels" / f"{split}.tsv").read_text("utf-8").splitlines()[1:]:
        qid, did, s = line.split("\t")
        if int(s) > 0:
            q[qid].add(did)
    return q


def minmax(x):
    lo, hi = x.min(), x.max()
    return (x - lo) / (hi - lo) if hi > lo else np.zeros_like(x)


bm25 = json.loads((OUT / "bm25_top100.json").read_text())
D = np.load(OUT / "doc_emb.npy")
doc_row = {d: i for i, d in enumerate(json.loads((OUT / "doc_ids.json").read_text()))}
doc_ids = np.array(json.loads((OUT / "doc_ids.json").read_text()))
Q = np.load(OUT / "query_emb.npy")
q_row = {q: i for i, q in enumerate(json.loads((OUT / "query_ids.json").read_text()))}

# Per query: candidate ids, BM25 scores, cosines (embeddings are L2-normalised).
data = {}
for split in ("train", "test"):
    qr = qrels(split)
    rows = []
    for qid in sorted(qr, key=int):
        pairs = bm25[split][qid]
        ids = [p[0] for p in pairs]
        sc = np.array([p[1] for p in pairs], dtype=np.float64)
        qv = Q[q_row[qid]]
        cos = D[[doc_row[d] for d in ids]] @ qv if ids else np.zeros(0)
        full = D @ qv  # dense over the whole corpus (extra, informational)
        rows.append(
            dict(qid=qid, rel=qr[qid], ids=ids, bm25=sc, cos=cos.astype(np.float64), full=full)
        )
    data[split] = rows


def order(ids, score):
    # stable: ties keep BM25 order
    idx = sorted(range(len(ids)), key=lambda i: -score[i])
    return [ids[i] for i in idx]


def bm25_norm(r, kind):
    s = r["bm25"]
    n = len(s)
    if kind == "minmax":
        return minmax(s)
    if kind == "max":
        return s / s.max() if n and s.max() > 0 else s
    if kind == "rank":
        return 1.0 - np.arange(n) / 100.0
    raise ValueError(kind)


def cos_norm(r, kind):
    return minmax(r["cos"]) if kind == "minmax" else r["cos"]


def rank_bm25(r):
    return r["ids"]


def rank_dense(r):
    return order(r["ids"], r["cos"])


def rank_rrf(r, k=60):
    n = len(r["ids"])
    dense_rank = np.empty(n)
    dense_rank[np.argsort(-r["cos"], kind="stable")] = np.arange(1, n + 1)
    s = 1.0 / (k + np.arange(1, n + 1)) + 1.0 / (k + dense_rank)
    return order(r["ids"], s)


def rank_linear(r, a, bk, ck):
    if not r["ids"]:
        return []
    s = a * bm25_norm(r, bk) + (1 - a) * cos_norm(r, ck)
    return order(r["ids"], s)


def rank_dense_full(r):
    top = np.argsort(-r["full"])[:100]
    return list(doc_ids[top])


def evaluate(split, fn):
    nd, rc, per = 0.0, 0.0, []
    for r in data[split]:
        ranked = fn(r)
        x = ndcg_at(ranked, r["rel"], 10)
        nd += x
        rc += recall_at(ranked, r["rel"], 100)
        per.append(x)
    n = len(data[split])
    return round(nd / n, 4), round(rc / n, 4), np.array(per)


results = {}
# --- tuning on TRAIN only
grid = [round(a, 2) for a in np.arange(0, 1.0001, 0.05)]
cands = {}
for bk in ("minmax", "max", "rank"):
    for ck in ("raw", "minmax"):
        for a in grid:
            name = f"linear bm25={bk} cos={ck} a={a}"
            cands[name] = lambda r, a=a, bk=bk, ck=ck: rank_linear(r, a, bk, ck)
for k in (10, 30, 60, 100):
    cands[f"rrf k={k}"] = lambda r, k=k: rank_rrf(r, k)
train_scores = {name: evaluate("train", fn)[0] for name, fn in cands.items()}
best = max(train_scores, key=lambda n: train_scores[n])
# best per linear family, for the table
fam_best = {}
for name, s in train_scores.items():
    fam = name.rsplit(" a=", 1)[0]
    if fam not in fam_best or s > train_scores[fam_best[fam]]:
        fam_best[fam] = name
results["train_grid"] = train_scores
results["chosen_on_train"] = best

# --- report
rows = [
    ("BM25 (Newsdesk, tantivy)", rank_bm25),
    ("Dense-only rerank of BM25 top-100", rank_dense),
    ("RRF k=60 (BM25 rank + dense rank, top-100)", lambda r: rank_rrf(r, 60)),
]
for _fam, name in sorted(fam_best.items()):
    rows.append((f"best-on-train {name}", cands[name]))
rows.append((f"CHOSEN on train: {best}", cands[best]))
rows.append(("(extra) dense full-corpus top-100, no BM25", rank_dense_full))

table = []
per_q = {}
for label, fn in rows:
    tr = evaluate("train", fn)
    te = evaluate("test", fn)
    per_q[label] = te[2]
    table.append(
        dict(
            method=label,
            train_ndcg10=tr[0],
            train_recall100=tr[1],
            test_ndcg10=te[0],
            test_recall100=te[1],
        )
    )

# paired bootstrap on test: chosen - BM25, dense-only - BM25, RRF - BM25
rng = np.random.default_rng(0)
base = per_q["BM25 (Newsdesk, tantivy)"]
boot = {}
for label in (rows[1][0], rows[2][0], f"CHOSEN on train: {best}"):
    d = per_q[label] - base
    idx = rng.integers(0, len(d), size=(10000, len(d)))
    m = d[idx].mean(axis=1)
    boot[label] = dict(
        delta=round(float(d.mean()), 4),
        ci95=[round(float(np.percentile(m, 2.5)), 4), round(float(np.percentile(m, 97.5)), 4)],
        p_below_0_70=None,
        wins=int((d > 1e-9).sum()),
        losses=int((d < -1e-9).sum()),
    )
    # share of bootstrap resamples in which the method's mean nDCG@10 >= 0.70
    mm = per_q[label][idx].mean(axis=1)
    boot[label]["share_resamples_ge_0.70"] = round(float((mm >= 0.70).mean()), 3)
    del boot[label]["p_below_0_70"]
results["table"] = table
results["bootstrap_test_vs_bm25"] = boot
(OUT / "results.json").write_text(json.dumps(results, indent=1))

w = max(len(t["method"]) for t in table)
print(f"{'method':<{w}}  train nDCG@10  train R@100  test nDCG@10  test R@100")
for t in table:
    print(
        f"{t['method']:<{w}}  {t['train_ndcg10']:>13.4f}  {t['train_recall100']:>11.4f}  "
        f"{t['test_ndcg10']:>12.4f}  {t['test_recall100']:>10.4f}"
    )
print("\nchosen on train:", best, "train nDCG@10", train_scores[best])
print(json.dumps(boot, indent=1))
# alpha curve for the chosen family (train and test), for the report
fam = best.rsplit(" a=", 1)[0] if " a=" in best else None
if fam:
    print("\nalpha curve (" + fam + "): a  train  test")
    for a in grid:
        n = f"{fam} a={a}"
        print(f"  {a:.2f}  {train_scores[n]:.4f}  {evaluate('test', cands[n])[0]:.4f}")
