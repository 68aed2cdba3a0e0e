"""Quality evaluation on the shared datasets (`newsdesk eval`).

Parts:
- scifact: BEIR SciFact test queries, nDCG@10 and Recall@100 (trec_eval definitions,
  binary relevance), beside the published BM25 rows;
- xquad: XQuAD en and ru; paragraph Hit@1/Hit@5, the share of questions whose gold
  answer is inside the returned snippets, and the share lost to the "not covered"
  threshold; the threshold itself is calibrated here (half the articles indexed, their
  questions answerable, the other half's questions off-topic);
- news: Ukrainian and Russian BSNLP news searched by entity base forms ("Тереза Мей"
  must find "Терези Мей"), and BRUK known-item search by headline, with and without
  morphology.
"""

from __future__ import annotations

import gzip
import json
import math
import os
import random
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from corpus.article import Article
from corpus.readers import load_corpus
from retrieval.analysis import AnalysisSettings
from retrieval.answer import Answer, compose_answer
from retrieval.engines import Filters
from retrieval.index import build_index, open_index
from retrieval.search import Searcher, SearchOptions

Log = Callable[[str], None]
PUBLISHED_SCIFACT = {
    "Anserini BM25 flat (k1=0.9, b=0.4)": (0.6789, 0.9253),
    "Anserini BM25 multifield": (0.6647, 0.9076),
    "Elasticsearch BM25 (bm25-benchmarks)": (0.690, None),
}
_TODAY = date(2026, 1, 1)
NEWS_VARIANTS = {
    "pymorphy3 lemmas (default)": AnalysisSettings(),
    "Russian Snowball on uk": AnalysisSettings(ukrainian="snowball-russian"),
    "exact forms": AnalysisSettings(morphology=False),
}


class DatasetsMissing(Exception):
    """The shared datasets folder was not found."""


def find_datasets(path: Path | None = None) -> Path:
    """Locate `shared/datasets`: the argument, `NEWSDESK_DATASETS`, or beside the checkout."""
    candidates = [path] if path else []
    if os.environ.get("NEWSDESK_DATASETS"):
        candidates.append(Path(os.environ["NEWSDESK_DATASETS"]))
    candidates += [
        Path.cwd().parent / "shared" / "datasets",
        Path(__file__).resolve().parents[3] / "shared" / "datasets",
    ]
    for candidate in candidates:
        if candidate is not None and (candidate / "README.md").is_file():
            return candidate
    tried = ", ".join(str(c) for c in candidates if c is not None)
    msg = f"datasets folder not found (tried {tried}); pass --datasets PATH"
    raise DatasetsMissing(msg)


@dataclass
class _Built:
    searcher: Searcher
    tmp: tempfile.TemporaryDirectory[str]


def _build(
    articles_or_paths: Sequence[Path] | list[Article],
    *,
    engine: str,
    analysis: AnalysisSettings | None = None,
    options: SearchOptions | None = None,
) -> _Built:
    tmp = tempfile.TemporaryDirectory(prefix="newsdesk-eval-")
    data_dir = Path(tmp.name)
    build_index(
        articles_or_paths,
        data_dir=data_dir / "data",
        engine=engine,
        analysis=analysis or AnalysisSettings(),
    )
    version = open_index(data_dir / "data")
    return _Built(Searcher(version, options=options), tmp)


def _rank_articles(searcher: Searcher, text: str, lang: str, k: int) -> list[str]:
    terms = searcher.query_terms(text, lang)
    if not terms:
        return []
    grams = searcher.query_grams(text, lang)
    hits = searcher.search_terms(
        terms, grams=grams, k=k, per_article=1, today=_TODAY, filters=Filters()
    )
    return [h.passage.article_id for h in hits]


def ndcg_at(ranked: list[str], relevant: set[str], k: int) -> float:
    """Return binary-relevance nDCG@k (trec_eval ndcg_cut)."""
    dcg = sum(1.0 / math.log2(i + 2) for i, d in enumerate(ranked[:k]) if d in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal if ideal else 0.0


def recall_at(ranked: list[str], relevant: set[str], k: int) -> float:
    """Return the share of relevant documents in the top k."""
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


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
        ranked = _rank_articles(searcher, text, "en", 100)
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
    built = _build(
        [datasets / "beir-scifact" / "corpus.jsonl.gz"],
        engine=engine,
        options=SearchOptions(recency_weight=0.0),
    )
    log(f"scifact: indexed in {time.perf_counter() - t0:.1f} s")
    try:
        return score_scifact(built.searcher, queries)
    finally:
        built.tmp.cleanup()


def _squad(path: Path) -> list[dict[str, Any]]:
    """Return XQuAD paragraphs: article title, paragraph id, context and questions."""
    data = json.loads(path.read_text("utf-8"))["data"]
    out = []
    for article in data:
        for i, para in enumerate(article["paragraphs"]):
            out.append(
                {
                    "title": article["title"],
                    "id": f"{article['title']}#{i}",
                    "context": para["context"].replace("\ufeff", ""),
                    "qas": [(q["question"], q["answers"][0]["text"]) for q in para["qas"]],
                }
            )
    return out


def _paragraph_articles(paras: Iterable[dict[str, Any]], lang: str) -> list[Article]:
    return [
        Article(
            id=p["id"],
            title=p["title"],
            url=None,
            published=None,
            lang=lang,
            source="xquad",
            text=p["context"],
        )
        for p in paras
    ]


def _contains(snippets: Iterable[str], gold: str) -> bool:
    norm = " ".join(gold.casefold().split()).strip(" .,")
    return any(norm in " ".join(s.casefold().split()) for s in snippets)


def eval_xquad(
    datasets: Path,
    *,
    lang: str,
    engine: str,
    limit: int | None,
    log: Log,
) -> dict[str, Any]:
    """Hit@1/Hit@5, answer-in-snippets and "not covered" losses on XQuAD in one language."""
    paras = _squad(datasets / "xquad" / f"xquad.{lang}.json")
    built = _build(_paragraph_articles(paras, lang), engine=engine)
    searcher = built.searcher
    questions = [(q, a, p["id"]) for p in paras for q, a in p["qas"]]
    if limit:
        random.Random(7).shuffle(questions)
        questions = questions[:limit]
    hit1 = hit5 = inside = inside_found = lost = 0
    for question, gold, pid in questions:
        terms = searcher.query_terms(question, lang)
        grams = searcher.query_grams(question, lang)
        hits = searcher.search_terms(terms, grams=grams, k=8, today=_TODAY)
        ranked = list(dict.fromkeys(h.passage.article_id for h in hits))
        hit1 += ranked[:1] == [pid]
        hit5 += pid in ranked[:5]
        result = _result(searcher, question, lang, terms, hits)
        answer = compose_answer(result, searcher)
        refused = not answer.found
        if refused:
            lost += 1
            answer = compose_answer(result, searcher, threshold=0.0)
        got = _contains((s.text for s in answer.snippets), gold)
        inside += got
        inside_found += got and not refused
    built.tmp.cleanup()
    n = len(questions)
    log(f"xquad {lang}: {n} questions")
    return {
        "questions": n,
        "hit@1": round(hit1 / n, 4),
        "hit@5": round(hit5 / n, 4),
        "answer_in_snippets": round(inside / n, 4),
        "answer_in_snippets_after_threshold": round(inside_found / n, 4),
        "lost_to_threshold": round(lost / n, 4),
    }


def eval_across(datasets: Path, *, engine: str, log: Log) -> dict[str, Any]:
    """XQuAD questions searched in the other language's paragraphs alone, without a model.

    The paragraphs are parallel (the same ids in en and ru), so a Russian question's
    paragraph is found among the English ones by the name keys and numbers they share
    (`retrieval.crosslang`); and the reverse.
    """
    from retrieval.crosslang import search_other_languages

    out: dict[str, Any] = {}
    for asked, indexed in (("ru", "en"), ("en", "ru")):
        built = _build(
            _paragraph_articles(_squad(datasets / "xquad" / f"xquad.{indexed}.json"), indexed),
            engine=engine,
        )
        hit1 = hit5 = n = 0
        for p in _squad(datasets / "xquad" / f"xquad.{asked}.json"):
            for question, _ in p["qas"]:
                hits = search_other_languages(question, asked, built.searcher, k=10)
                ranked = list(dict.fromkeys(h.passage.article_id for h in hits))
                n += 1
                hit1 += ranked[:1] == [p["id"]]
                hit5 += p["id"] in ranked[:5]
        built.tmp.cleanup()
        out[f"{asked}->{indexed}"] = {
            "questions": n,
            "hit@1": round(hit1 / n, 4),
            "hit@5": round(hit5 / n, 4),
        }
    log("xquad across languages: done")
    return out


def _result(
    searcher: Searcher, question: str, lang: str, terms: dict[str, int], hits: list[Any]
) -> Any:
    from retrieval.search import Query, SearchResult

    return SearchResult(Query(question, lang, terms, None), hits)


def calibration_questions(
    datasets: Path, *, engine: str, log: Log
) -> list[tuple[str, bool, Answer]]:
    """Index half of XQuAD's articles and ask every question with the product's decision.

    Questions about indexed articles are answerable, the others off-topic. Returns
    (language, answerable, answer) per question: the refusal model's signals and its
    decision are in the answer.
    """
    out: list[tuple[str, bool, Answer]] = []
    for lang in ("en", "ru"):
        paras = _squad(datasets / "xquad" / f"xquad.{lang}.json")
        titles = sorted({p["title"] for p in paras})
        indexed = set(titles[::2])
        built = _build(
            _paragraph_articles([p for p in paras if p["title"] in indexed], lang), engine=engine
        )
        searcher = built.searcher
        for p in paras:
            for question, _ in p["qas"]:
                result = searcher.search(question, k=8, lang=lang, today=_TODAY)
                out.append((lang, p["title"] in indexed, compose_answer(result, searcher)))
        built.tmp.cleanup()
    log(f"calibration: {len(out)} XQuAD questions, half of them about indexed articles")
    return out


def calibrate_threshold(datasets: Path, *, engine: str, log: Log) -> dict[str, Any]:
    """Report the "not covered" operating point on XQuAD: answerable lost, off-topic refused."""
    asked = calibration_questions(datasets, engine=engine, log=log)
    out: dict[str, Any] = {}
    for lang in ("en", "ru", None):
        mine = [(ok, a) for code, ok, a in asked if lang is None or code == lang]
        pos = [a for ok, a in mine if ok]
        neg = [a for ok, a in mine if not ok]
        out[lang or "all"] = {
            "answerable": len(pos),
            "off_topic": len(neg),
            "answerable_lost": round(sum(not a.found for a in pos) / len(pos), 4),
            "off_topic_refused": round(sum(not a.found for a in neg) / len(neg), 4),
        }
    return out


def _bsnlp(datasets: Path) -> list[dict[str, Any]]:
    path = datasets / "bsnlp2021-slavic-news" / "articles.uk-ru.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def eval_news(datasets: Path, *, engine: str, limit: int | None, log: Log) -> dict[str, Any]:
    """Ukrainian and Russian news retrieval under each analysis variant."""
    docs = _bsnlp(datasets)
    out: dict[str, Any] = {}
    for key, analysis in NEWS_VARIANTS.items():
        built = _build(
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
                ranked = _rank_articles(built.searcher, names[k], lang, 10)
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
        built = _build(
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
            ranked = _rank_articles(built.searcher, a.title, "uk", 10)
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


def run_eval(
    datasets: Path,
    *,
    parts: Sequence[str],
    engine: str,
    limit: int | None,
    log: Log,
    halves: Sequence[str] = ("tune", "check"),
    questions: Path | None = None,
) -> dict[str, Any]:
    """Run the chosen parts and return their figures (`halves`, `questions`: newsqa's)."""
    results: dict[str, Any] = {"engine": engine}
    if "scifact" in parts:
        results["scifact"] = eval_scifact(datasets, engine=engine, limit=limit, log=log)
        results["scifact"]["published"] = PUBLISHED_SCIFACT
    if "xquad" in parts:
        results["calibration"] = calibrate_threshold(datasets, engine=engine, log=log)
        for lang in ("en", "ru"):
            results[f"xquad_{lang}"] = eval_xquad(
                datasets, lang=lang, engine=engine, limit=limit, log=log
            )
        results["xquad_across"] = eval_across(datasets, engine=engine, log=log)
    if "news" in parts:
        results["news"] = eval_news(datasets, engine=engine, limit=limit, log=log)
    if "newsqa" in parts:
        from retrieval.evaluation.newsqa import run_newsqa

        results["newsqa"], _ = run_newsqa(
            datasets, engine=engine, log=log, halves=halves, questions_path=questions
        )
    return results


def format_results(results: dict[str, Any]) -> str:
    """Render eval results as Markdown tables (the README's quality section)."""
    lines: list[str] = []
    if "scifact" in results:
        s = results["scifact"]
        lines += [
            f"BEIR SciFact test ({s['queries']} queries)",
            "",
            "| system | nDCG@10 | Recall@100 |",
            "|---|---|---|",
            f"| **newsdesk ({results['engine']})** | **{s['ndcg@10']:.4f}** | "
            f"**{s['recall@100']:.4f}** |",
        ]
        for name, (nd, r) in s["published"].items():
            lines.append(f"| {name} | {nd:.4f} | {'' if r is None else f'{r:.4f}'} |")
        lines.append("")
    if "calibration" in results:
        lines += [
            "XQuAD: questions about the indexed half of the articles are answerable, the "
            "others off-topic; the product's refusal decides (targets: answer in snippets "
            "en ≥ 0.95, ru ≥ 0.92; off-topic refused ≥ 85% at ≤ 2% answerable lost).",
            "",
            "| XQuAD | off-topic refused | answerable lost |",
            "|---|---|---|",
        ]
        for lang, c in results["calibration"].items():
            lines.append(
                f"| {lang} ({c['answerable']} + {c['off_topic']}) | "
                f"{c['off_topic_refused']:.1%} | {c['answerable_lost']:.1%} |"
            )
        lines += [
            "",
            "| XQuAD, all indexed | questions | Hit@1 | Hit@5 | answer in snippets | "
            'lost to "not covered" |',
            "|---|---|---|---|---|---|",
        ]
        for lang in ("en", "ru"):
            r = results.get(f"xquad_{lang}")
            if r:
                lines.append(
                    f"| {lang} | {r['questions']} | {r['hit@1']:.3f} | {r['hit@5']:.3f} | "
                    f"{r['answer_in_snippets_after_threshold']:.3f} | "
                    f"{r['lost_to_threshold']:.3f} |"
                )
        lines.append("")
    if "xquad_across" in results:
        lines += [
            "XQuAD across languages, no model: questions searched in the other language's "
            "paragraphs alone, by name keys and numbers (target Hit@5 ≥ 0.40).",
            "",
            "| asked → indexed | questions | Hit@1 | Hit@5 |",
            "|---|---|---|---|",
        ]
        for pair, r in results["xquad_across"].items():
            lines.append(
                f"| {pair.replace('->', ' → ')} | {r['questions']} | {r['hit@1']:.3f} | "
                f"{r['hit@5']:.3f} |"
            )
        lines.append("")
    if "news" in results:
        variants = list(NEWS_VARIANTS)
        lines += [
            "| news check | " + " | ".join(variants) + " |",
            "|---" * (len(variants) + 1) + "|",
        ]
        for name, by in results["news"].items():
            first = by[variants[0]]
            metric = next(k for k in first if k != "queries")
            label = f"{name} ({first['queries']} queries), {metric}"
            cells = " | ".join(f"{by[v][metric]:.4f}" for v in variants)
            lines.append(f"| {label} | {cells} |")
        lines.append("")
    if "newsqa" in results:
        from retrieval.evaluation.newsqa import format_report

        lines += [format_report(results["newsqa"]), ""]
    return "\n".join(lines)
