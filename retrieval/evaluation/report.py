"""Run the chosen parts of `newsdesk eval` and render their figures as Markdown.

Parts (one module each):
- scifact: BEIR SciFact test queries, nDCG@10 and Recall@100, beside the published BM25
  rows (`retrieval.evaluation.scifact`);
- xquad: XQuAD en and ru, answers inside the snippets, the "not covered" threshold's
  calibration, and questions searched across languages (`retrieval.evaluation.xquad`);
- news: Ukrainian and Russian BSNLP and BRUK news retrieval, with and without morphology
  (`retrieval.evaluation.news`);
- newsqa: the natural news questions of `newsqa-dev` (`retrieval.evaluation.newsqa`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from corpus.article import LANGS
from retrieval.evaluation.news import NEWS_VARIANTS, eval_news
from retrieval.evaluation.newsqa import SPLIT_SEED, SURE_REFUSALS, TARGETS, run_newsqa
from retrieval.evaluation.ranking import Log
from retrieval.evaluation.scifact import PUBLISHED_SCIFACT, eval_scifact
from retrieval.evaluation.xquad import calibrate_threshold, eval_across, eval_xquad


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
        results["newsqa"], _ = run_newsqa(
            datasets, engine=engine, log=log, halves=halves, questions_path=questions
        )
    return results


def format_results(results: dict[str, Any]) -> str:
    """Render eval results as Markdown tables (`benchmarks/results/eval-latest.md`)."""
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
            'lost to "not covered" | answer in a highlight (short facts) | wrong highlights |',
            "|---|---|---|---|---|---|---|---|",
        ]
        for lang in ("en", "ru"):
            r = results.get(f"xquad_{lang}")
            if r:
                lines.append(
                    f"| {lang} | {r['questions']} | {r['hit@1']:.3f} | {r['hit@5']:.3f} | "
                    f"{r['answer_in_snippets_after_threshold']:.3f} | "
                    f"{r['lost_to_threshold']:.3f} | "
                    f"{r['answer_in_highlight_short']:.3f} ({r['short_questions']}) | "
                    f"{r['wrong_highlights_short']:.3f} |"
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
        lines += [format_newsqa(results["newsqa"]), ""]
    return "\n".join(lines)


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def format_newsqa(report_by_half: dict[str, Any]) -> str:
    """Render the natural-question figures as Markdown, each target marked ✓ or ✗."""
    lines = [
        "News questions (`newsqa-dev`, split once by article with seed "
        f"{SPLIT_SEED}; tuned on the tune half only). Hit@1 is the article of the first "
        "quote (the first search result when refused); search Hit@1 is `newsdesk search`'s "
        "first result. Targets: Hit@1 ≥ 0.88, Hit@5 ≥ 0.95, "
        "answer in snippets ≥ 0.80, answer in a highlight ≥ 0.60 for who / how-many / when / "
        "where questions, every off-topic and after-corpus question refused, ≥ 6 of 8 "
        "unanswerable refused, ≤ 3% of answerable lost.",
        "",
        "| half | lang | Hit@1 | Hit@5 | search Hit@1 | answer in snippets | answer in "
        "highlight (short facts) | wrong highlights | answerable lost | unanswerable refused | "
        "off-topic + after-corpus refused |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for half, entry in report_by_half.items():
        for lang in (*LANGS, "all"):
            r = entry.get(lang)
            if r is None:
                continue
            by_kind = r["refused_by_kind"]
            sure = [by_kind[k] for k in SURE_REFUSALS if k in by_kind]
            sure_refused = sum(int(x.split("/")[0]) for x in sure)
            sure_total = sum(int(x.split("/")[1]) for x in sure)
            needed = 0.75 * r["unanswerable"]
            cells = [
                f"{r['hit@1']:.3f} {_mark(r['hit@1'] >= TARGETS['hit@1'])}",
                f"{r['hit@5']:.3f} {_mark(r['hit@5'] >= TARGETS['hit@5'])}",
                f"{r['search_hit@1']:.3f}",
                f"{r['answer_in_snippets']:.3f} "
                f"{_mark(r['answer_in_snippets'] >= TARGETS['answer_in_snippets'])}",
                f"{r['answer_in_highlight_short']:.3f} "
                f"{_mark(r['answer_in_highlight_short'] >= TARGETS['answer_in_highlight_short'])}"
                f" ({r['short_questions']})",
                f"{r['wrong_highlights']:.3f}",
                f"{r['answerable_lost']:.3f} "
                f"{_mark(r['answerable_lost'] <= TARGETS['answerable_lost'])}",
                f"{r['unanswerable_refused']}/{r['unanswerable']} "
                f"{_mark(r['unanswerable_refused'] >= needed)}",
                f"{sure_refused}/{sure_total} {_mark(sure_refused == sure_total)}",
            ]
            lines.append(f"| {half} | {lang} | " + " | ".join(cells) + " |")
    for half, entry in report_by_half.items():
        lines += [
            "",
            f"By question kind ({half} half): Hit@1 / answer in snippets / in a highlight.",
            "",
            "| kind | questions | Hit@1 | answer in snippets | answer in highlight |",
            "|---|---|---|---|---|",
        ]
        for kind, k in entry["kinds"].items():
            lines.append(
                f"| {kind} | {k['questions']} | {k['hit@1']:.3f} | "
                f"{k['answer_in_snippets']:.3f} | {k['answer_in_highlight']:.3f} |"
            )
        refused = entry["all"]["refused_by_kind"]
        lines.append("")
        lines.append(
            f"Refused ({half} half): " + ", ".join(f"{k} {v}" for k, v in refused.items())
        )
    return "\n".join(lines)
