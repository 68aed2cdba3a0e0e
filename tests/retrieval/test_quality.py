"""Quality floors on slices of the shared datasets, so quality can't silently regress.

Full figures come from `newsdesk eval` (README "Quality"); the floors sit a few points
below what the slices measure today.
"""

import pytest

from retrieval.answer import DEFAULT_THRESHOLD
from retrieval.evaluate import eval_news, eval_scifact, eval_xquad


def _quiet(_line: str) -> None:
    pass


def test_scifact_first_100_queries_keep_ndcg_above_the_floor(datasets):
    result = eval_scifact(datasets, engine="tantivy", limit=100, log=_quiet)
    assert result["ndcg@10"] >= 0.70  # measured 0.733 (0.713 without the 3-grams)
    assert result["recall@100"] >= 0.90  # measured 0.938


@pytest.mark.parametrize(("lang", "inside", "hit1"), [("en", 0.88, 0.88), ("ru", 0.80, 0.86)])
def test_xquad_gold_answers_stay_inside_the_snippets(datasets, lang, inside, hit1):
    result = eval_xquad(
        datasets,
        lang=lang,
        engine="tantivy",
        limit=300,
        threshold=DEFAULT_THRESHOLD,
        log=_quiet,
    )
    assert result["answer_in_snippets_after_threshold"] >= inside
    assert result["hit@1"] >= hit1
    assert result["lost_to_threshold"] <= 0.03


def test_morphology_beats_exact_forms_on_ukrainian_and_russian_news(datasets):
    result = eval_news(datasets, engine="tantivy", limit=40, log=_quiet)
    for name in ("bsnlp uk entity queries", "bsnlp ru entity queries"):
        by = result[name]
        assert by["pymorphy3 lemmas (default)"]["ndcg@10"] >= by["exact forms"]["ndcg@10"] + 0.15
    uk = result["bsnlp uk entity queries"]
    assert uk["pymorphy3 lemmas (default)"]["ndcg@10"] > uk["Russian Snowball on uk"]["ndcg@10"]
