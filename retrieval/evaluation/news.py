"""Ukrainian and Russian news retrieval under each analysis variant (BSNLP, BRUK).

BSNLP news is searched by entity base forms ("Тереза Мей" must find "Терези Мей"), and
BRUK by headline (known-item search), with and without morphology.
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from corpus.readers import load_corpus
from retrieval.analysis import AnalysisSettings
from retrieval.evaluation.ranking import Log, build_searcher, ndcg_at, rank_articles, recall_at
from retrieval.search import SearchOptions

NEWS_VARIANTS = {
    "pymorphy3 lemmas (default)": AnalysisSettings(),
    "Russian Snowball on uk": AnalysisSettings(ukrainian="snowball-russian"),
    "exact forms": AnalysisSettings(morphology=False),
}


def _bsnlp(datasets: Path) -> list[dict[str, Any]]:
    path = datasets / "bsnlp2021-slavic-news" / "articles.uk-ru.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def eval_news(datasets: Path, *, engine: str, limit: int | None, log: Log) -> dict[str, Any]:
    """Ukrainian and Russian news retrieval under each analysis variant."""
    docs = _bsnlp(datasets)
    out: dict[str, Any] = {}
    for key, analysis in NEWS_VARIANTS.items():
        built = build_searcher(
            [datasets / "bsnlp2021-slavic-news" / "articles.uk-ru.jsonl.gz"],
            engine=engine,
            analysis=analysis,
            options=SearchOptions(recency_weight=0.0),
        )
        for lang in ("uk", "ru"):
            # Entity base form → documents of that language mentioning the entity.
            relevant: dict[tuple[str, str], set[str]] = defaultdict(set)
            names: dict[tuple[str, str], str] = {}
            for d in docs:
                if d["lang"] != lang:
                    continue
                for mention, base, _cat, xid in d.get("entities") or []:
                    if xid and base and mention != base:
                        relevant[(lang, xid)].add(d["id"])
                        names.setdefault((lang, xid), base)
            keys = sorted(k for k, v in relevant.items() if 2 <= len(v) <= 50)
            if limit:
                keys = keys[:limit]
            ndcg = rec = 0.0
            for k in keys:
                ranked = rank_articles(built.searcher, names[k], lang, 10)
                ndcg += ndcg_at(ranked, relevant[k], 10)
                rec += recall_at(ranked, relevant[k], 10)
            n = max(len(keys), 1)
            out.setdefault(f"bsnlp {lang} entity queries", {})[key] = {
                "queries": len(keys),
                "ndcg@10": round(ndcg / n, 4),
                "recall@10": round(rec / n, 4),
            }
        built.tmp.cleanup()
        bruk = datasets / "bruk-press-uk" / "articles.uk.jsonl.gz"
        articles, _ = load_corpus([bruk])
        # Body only: the headline is neither searched as a field nor copied into passages.
        built = build_searcher(
            [bruk],
            engine=engine,
            analysis=replace(analysis, title_in_body=False),
            options=SearchOptions(title_boost=0.0, recency_weight=0.0),
        )
        sample = [a for a in articles if len(a.title.split()) >= 3]
        if limit:
            sample = sample[:limit]
        mrr = hit1 = 0.0
        for a in sample:
            ranked = rank_articles(built.searcher, a.title, "uk", 10)
            if a.id in ranked:
                rank = ranked.index(a.id) + 1
                mrr += 1 / rank
                hit1 += rank == 1
        n = max(len(sample), 1)
        out.setdefault("bruk uk headline → article (body only)", {})[key] = {
            "queries": len(sample),
            "mrr@10": round(mrr / n, 4),
            "hit@1": round(hit1 / n, 4),
        }
        built.tmp.cleanup()
        log(f"news: done with {key}")
    return out
