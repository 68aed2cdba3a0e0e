"""Would requiring one of a question's names in the top passages refuse more off-topic
questions at the same loss of answerable ones? (Measured: no; see README, Quality.)

Same set-up as `retrieval.evaluate.calibrate_threshold`: half of XQuAD's articles (en, ru)
indexed, every question asked; questions about indexed articles are answerable, the rest
off-topic. Prints answerable lost / off-topic refused per threshold, with and without the
rule. Run: `.venv/bin/python benchmarks/experiments/name_gate.py` (about a minute).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from retrieval.answer import compose_answer
from retrieval.evaluation import find_datasets
from retrieval.evaluation.ranking import TODAY as _TODAY
from retrieval.evaluation.ranking import build_searcher as _build
from retrieval.evaluation.xquad import load_xquad as _squad
from retrieval.evaluation.xquad import paragraph_articles as _paragraph_articles
from retrieval.evaluation.xquad import search_result as _result

_WORD = re.compile(r"\w[\w'’-]*")
THRESHOLDS = (0.1, 0.15, 0.2, 0.22, 0.25)
TOP = 4  # passages the snippets may come from


def names(question: str) -> list[str]:
    """Capitalised words after the first: the question's names, roughly."""
    words = _WORD.findall(question)
    return [w for w in words[1:] if w[0].isupper()]


def main() -> None:
    datasets = find_datasets()
    # (answerable, confidence, question names nothing or a top passage has one)
    rows: list[tuple[bool, float, bool]] = []
    for lang in ("en", "ru"):
        paras = _squad(datasets / "xquad" / f"xquad.{lang}.json")
        indexed = set(sorted({p["title"] for p in paras})[::2])
        built = _build(
            _paragraph_articles([p for p in paras if p["title"] in indexed], lang),
            engine="tantivy",
        )
        searcher = built.searcher
        for p in paras:
            for question, _ in p["qas"]:
                terms = searcher.query_terms(question, lang)
                grams = searcher.query_grams(question, lang)
                hits = searcher.search_terms(terms, grams=grams, k=8, today=_TODAY)
                result = _result(searcher, question, lang, terms, hits)
                confidence = compose_answer(result, searcher, threshold=0.0).confidence
                wanted = {t for n in names(question) for t in searcher.analyzer.terms(n, lang)}
                wanted &= set(terms)
                passes = not wanted or any(
                    wanted & set(searcher.analyzer.terms(h.passage.text, h.passage.lang))
                    or wanted & set(searcher.analyzer.terms(h.passage.title, h.passage.lang))
                    for h in hits[:TOP]
                )
                rows.append((p["title"] in indexed, confidence, passes))
        built.tmp.cleanup()
    pos = [r for r in rows if r[0]]
    neg = [r for r in rows if not r[0]]
    print(f"{len(pos)} answerable, {len(neg)} off-topic questions (en + ru)")
    print("threshold | rule | answerable lost | off-topic refused")
    for threshold in THRESHOLDS:
        for rule in (False, True):
            lost = sum(c < threshold or (rule and not ok) for _, c, ok in pos) / len(pos)
            ref = sum(c < threshold or (rule and not ok) for _, c, ok in neg) / len(neg)
            print(f"{threshold:.2f} | {'names' if rule else 'none'} | {lost:.3f} | {ref:.3f}")


if __name__ == "__main__":
    main()
