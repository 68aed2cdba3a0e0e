"""Quality floors on slices of the shared datasets, so quality can't silently regress.

Full figures come from `newsdesk eval` (README "Quality"); the floors sit a few points
below what the slices measure today.
"""

import pytest

from retrieval.evaluation import eval_news, eval_scifact, eval_xquad


def _quiet(_line: str) -> None:
    pass


@pytest.mark.slow
def test_scifact_first_100_queries_keep_ndcg_above_the_floor(datasets):
    result = eval_scifact(datasets, engine="tantivy", limit=100, log=_quiet)
    assert result["ndcg@10"] >= 0.70  # measured 0.733 (0.713 without the 3-grams)
    assert result["recall@100"] >= 0.90  # measured 0.938


@pytest.mark.parametrize(
    ("lang", "inside", "hit1", "lost"), [("en", 0.86, 0.90, 0.08), ("ru", 0.79, 0.87, 0.12)]
)
def test_xquad_gold_answers_stay_inside_the_snippets(datasets, lang, inside, hit1, lost):
    result = eval_xquad(
        datasets,
        lang=lang,
        engine="tantivy",
        limit=300,
        log=_quiet,
    )
    # measured on these 300: en 0.900 / 0.940 / 0.057, ru 0.837 / 0.913 / 0.097
    assert result["answer_in_snippets_after_threshold"] >= inside
    assert result["hit@1"] >= hit1
    assert result["lost_to_threshold"] <= lost


@pytest.mark.slow
def test_morphology_beats_exact_forms_on_ukrainian_and_russian_news(datasets):
    result = eval_news(datasets, engine="tantivy", limit=40, log=_quiet)
    for name in ("bsnlp uk entity queries", "bsnlp ru entity queries"):
        by = result[name]
        assert by["pymorphy3 lemmas (default)"]["ndcg@10"] >= by["exact forms"]["ndcg@10"] + 0.15
    uk = result["bsnlp uk entity queries"]
    assert uk["pymorphy3 lemmas (default)"]["ndcg@10"] > uk["Russian Snowball on uk"]["ndcg@10"]


@pytest.mark.slow
def test_news_questions_of_the_tune_half_keep_their_floors(datasets):
    """Only the tune half: the check half is for reporting, never for tests or tuning."""
    from retrieval.evaluation import run_newsqa

    figures, _ = run_newsqa(datasets, engine="tantivy", log=_quiet, halves=("tune",))
    tune = figures["tune"]["all"]
    assert tune["hit@1"] >= 0.87  # measured 0.906
    assert tune["hit@5"] >= 0.94  # 0.969
    assert tune["answer_in_snippets"] >= 0.84  # 0.885
    # The highlight model is fitted on written-d too since the seventeenth session: on the
    # tune half, fitted on, 0.678 -> 0.644, on written-d out of fold 0.493 -> 0.507. The
    # nineteenth session's kinds and "share" feature: 0.644 -> 0.661; the twentieth's
    # candidates of the asked measure only: 0.661 -> 0.644 (wrong 0.111 -> 0.101).
    assert tune["answer_in_highlight_short"] >= 0.63  # 0.644
    assert tune["wrong_highlights"] <= 0.16  # 0.101
    assert tune["answerable_lost"] <= 0.03  # 0.000
    assert tune["unanswerable_refused"] >= 19  # of 24; 21
    refused = tune["refused_by_kind"]
    assert refused["unanswerable-off-topic"] == "6/6"
    assert refused["unanswerable-after-corpus"] == "9/9"


@pytest.mark.slow
def test_the_seen_written_questions_keep_their_floors(datasets):
    """written-a, read while developing; written-b is held out and never tested on."""
    from pathlib import Path

    from retrieval.evaluation import run_newsqa

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "written-a.jsonl"
    figures, _ = run_newsqa(datasets, engine="tantivy", log=_quiet, questions_path=path)
    seen = figures["all"]["all"]
    assert seen["hit@1"] >= 0.84  # measured 0.875
    assert seen["answer_in_snippets"] >= 0.70  # 0.750
    assert seen["answer_in_highlight_short"] >= 0.55  # 0.586
    assert seen["wrong_highlights"] <= 0.29  # 0.180
    assert seen["answerable_lost"] <= 0.05  # 0.033
    assert seen["unanswerable_refused"] >= 10  # near misses, of 24; 12


@pytest.mark.slow
def test_written_d_keeps_its_floors(datasets):
    """written-d (seventeenth session), read once as a fresh set and then fitted on (the
    highlight model) and measured against (how a story ended, a win, a term given): a seen set,
    as written-a."""
    from pathlib import Path

    from retrieval.evaluation import run_newsqa

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "written-d.jsonl"
    figures, _ = run_newsqa(datasets, engine="tantivy", log=_quiet, questions_path=path)
    seen = figures["all"]["all"]
    assert seen["hit@1"] >= 0.87  # measured 0.901
    assert seen["hit@5"] >= 0.96  # 0.990
    assert seen["answer_in_snippets"] >= 0.80  # 0.844
    assert seen["answer_in_highlight_short"] >= 0.53  # 0.567
    assert seen["wrong_highlights"] <= 0.15  # 0.108
    assert seen["answerable_lost"] <= 0.04  # 0.021
    assert seen["unanswerable_refused"] >= 38  # of 48; 41
    refused = seen["refused_by_kind"]
    assert refused["unanswerable-off-topic"] == "12/12"
    assert refused["unanswerable-after-corpus"] == "18/18"


@pytest.mark.slow
def test_written_e_keeps_its_floors(datasets):
    """written-e (eighteenth session), read once as a fresh set and then fitted on (the
    highlight model) and measured against (a successor): a seen set, as written-d."""
    from pathlib import Path

    from retrieval.evaluation import run_newsqa

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "written-e.jsonl"
    figures, _ = run_newsqa(datasets, engine="tantivy", log=_quiet, questions_path=path)
    seen = figures["all"]["all"]
    assert seen["hit@1"] >= 0.83  # measured 0.865
    assert seen["hit@5"] >= 0.94  # 0.969
    assert seen["answer_in_snippets"] >= 0.71  # 0.750
    assert seen["answer_in_highlight_short"] >= 0.51  # 0.550
    assert seen["wrong_highlights"] <= 0.25  # 0.201
    assert seen["answerable_lost"] <= 0.04  # 0.016
    assert seen["unanswerable_refused"] >= 33  # of 48; 38
    refused = seen["refused_by_kind"]
    assert refused["unanswerable-off-topic"] == "12/12"


@pytest.mark.slow
def test_the_seen_refusal_probes_stay_refused(datasets, tmp_path):
    """Sets a, c, d and e of `benchmarks/data/refusal-probes-*.txt`, tuned against; set b is
    held out and never tested on."""
    from benchmarks.refusal_probes import answered
    from retrieval.evaluation.newsqa import CORPUS_FILES
    from retrieval.index import build_index
    from retrieval.service import NewsService

    build_index([datasets / name for name in CORPUS_FILES], data_dir=tmp_path / "d")
    service = NewsService(tmp_path / "d")
    floors = {"a": 87, "c": 51, "d": 50, "e": 45}  # of 90, 60, 60, 60; measured 89, 54, 53, 48
    for name, floor in floors.items():
        asked, refused, wrong = answered(service, name)
        assert sum(refused.values()) >= floor, (name, wrong)
        # The everyday requests the rules were written for stay refused in every language.
        if name == "a":
            assert all(
                refused["off", lang] >= asked["off", lang] - 1 for lang in ["en", "uk", "ru"]
            )
