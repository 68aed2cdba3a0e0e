"""Fit the "not covered" model (`retrieval/refusal.py`) and write `retrieval/data/refusal.json`.

Run from the repository root: `.venv/bin/python -m benchmarks.fit_refusal` (needs the
shared datasets and scikit-learn, a dev dependency; about a minute).

Labelled questions, each asked through the product's answer path:
- XQuAD en and ru with half of the articles indexed: questions about indexed articles
  are answerable, the others off-topic (2,380 questions);
- the tune half of `newsqa-dev` (120 questions: 96 answerable, 24 unanswerable), never
  the check half. Its questions weigh as much in all as XQuAD's.

The model is a logistic regression over `refusal.FEATURES` (L2, C=1). The threshold is
the highest probability at which at most `--news-loss` of the tune half's answerable
questions and at most `--xquad-loss` of XQuAD's answerable ones are refused, where each
news question's probability comes from a model fitted without its fold (5 folds): a
threshold read off the questions a model was fitted on would be too bold.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any

from retrieval import refusal
from retrieval.evaluation import calibration_questions, find_datasets, run_newsqa

_FOLDS = 5
OUT = Path(__file__).resolve().parent.parent / "retrieval" / "data" / "refusal.json"


def _placeholder() -> None:
    """Write a neutral model when the stored one does not match the features computed now."""
    try:
        refusal.load_model()
    except (ValueError, KeyError, OSError):
        _write([0.0] * len(refusal.FEATURES), 0.0, 0.5, {})
        refusal.load_model.cache_clear()


def _write(
    coefficients: list[float], intercept: float, threshold: float, notes: dict[str, Any]
) -> None:
    data = {
        "features": list(refusal.FEATURES),
        "coefficients": [round(c, 4) for c in coefficients],
        "intercept": round(intercept, 4),
        "threshold": round(threshold, 4),
        "fitted_on": notes,
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")


def _loss(probabilities: list[float], threshold: float) -> float:
    return sum(p < threshold for p in probabilities) / max(len(probabilities), 1)


def main() -> int:
    """Collect the signals, fit, choose the threshold, write the model file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path)
    parser.add_argument("--news-loss", type=float, default=0.02)
    parser.add_argument("--xquad-loss", type=float, default=0.10)
    parser.add_argument("--C", type=float, default=1.0)
    parser.add_argument("--show", action="store_true", help="print each tune question's odds")
    args = parser.parse_args()
    from sklearn.linear_model import LogisticRegression

    datasets = find_datasets(args.datasets)
    _placeholder()
    log = print
    xquad = calibration_questions(datasets, engine="tantivy", log=log)
    _, news = run_newsqa(datasets, engine="tantivy", log=log, halves=("tune",))
    rows = [(list(a.signals.values()), ok, "xquad") for _, ok, a in xquad]
    rows += [(list(o.signals), o.question.answerable, "news") for o in news]
    # Questions a rule refuses (a number no article has, an everyday request) are refused
    # whatever the model says: they count as refused at every threshold.
    ruled = {i for i, a in enumerate(a for _, _, a in xquad) if a.refusal_rule}
    ruled |= {len(xquad) + i for i, o in enumerate(news) if o.ruled_out}
    n_x = sum(r[2] == "xquad" for r in rows)
    n_n = len(rows) - n_x
    weights = [1.0 if r[2] == "xquad" else n_x / n_n for r in rows]

    def fit(train: list[int]) -> tuple[list[float], float]:
        model = LogisticRegression(C=args.C, max_iter=5000)
        model.fit(
            [rows[i][0] for i in train],
            [rows[i][1] for i in train],
            sample_weight=[weights[i] for i in train],
        )
        return [float(c) for c in model.coef_[0]], float(model.intercept_[0])

    def prob(coef: list[float], b: float, x: list[float]) -> float:
        z = b + sum(c * v for c, v in zip(coef, x, strict=True))
        return 1 / (1 + math.exp(-z))

    coef, b = fit(list(range(len(rows))))
    news_at = [i for i, r in enumerate(rows) if r[2] == "news"]
    scored = {i: prob(coef, b, rows[i][0]) for i, r in enumerate(rows) if r[2] == "xquad"}
    for fold in range(_FOLDS):
        held = set(news_at[fold::_FOLDS])
        c_fold, b_fold = fit([i for i in range(len(rows)) if i not in held])
        scored.update({i: prob(c_fold, b_fold, rows[i][0]) for i in held})
    scored.update(dict.fromkeys(ruled, 0.0))
    pos = {
        src: [p for i, p in scored.items() if rows[i][1] and rows[i][2] == src]
        for src in ("news", "xquad")
    }
    neg = {
        src: [p for i, p in scored.items() if not rows[i][1] and rows[i][2] == src]
        for src in ("news", "xquad")
    }
    if args.show:
        for i in news_at:
            o = news[i - len(xquad)]
            wrong = (scored[i] < 0.5) == o.question.answerable
            print(
                f"{'!' if wrong else ' '} {o.question.qid} {o.question.kind:26s} "
                f"{scored[i]:.2f} {o.question.question[:70]}"
            )
    threshold = 0.0
    for step in range(1, 100):
        t = step / 100
        if _loss(pos["news"], t) <= args.news_loss and _loss(pos["xquad"], t) <= args.xquad_loss:
            threshold = t
    for t in sorted({0.1, 0.2, 0.3, 0.4, 0.5, threshold}):
        print(
            f"threshold {t:.2f}: news tune lost {_loss(pos['news'], t):.3f}, refused "
            f"{_loss(neg['news'], t):.3f} | XQuAD lost {_loss(pos['xquad'], t):.3f}, "
            f"refused {_loss(neg['xquad'], t):.3f}"
        )
    print("(news: out-of-fold probabilities)")
    print("coefficients:", dict(zip(refusal.FEATURES, (round(c, 3) for c in coef), strict=True)))
    notes = {
        "xquad_questions": n_x,
        "newsqa_tune_questions": n_n,
        "C": args.C,
        "news_loss_allowed": args.news_loss,
        "xquad_loss_allowed": args.xquad_loss,
        "threshold_from": f"{_FOLDS}-fold out-of-fold probabilities of the news questions",
    }
    _write(coef, b, threshold, notes)
    print(f"wrote {OUT} (threshold {threshold:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
