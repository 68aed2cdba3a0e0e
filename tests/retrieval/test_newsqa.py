"""The natural-question check: its split, its matching rules and its report."""

from collections import Counter

from retrieval.evaluation.newsqa import (
    answer_spans,
    highlight_hits,
    load_questions,
    report,
    split_halves,
)
from retrieval.evaluation.report import format_newsqa


def test_answer_spans_fold_case_spaces_and_quotes():
    text = "He said  «Ryanair» would cut 20% of flights."
    assert answer_spans(text, '"ryanair"') == [(9, 18)]
    assert answer_spans(text, "would cut 20%") == [(19, 32)]
    assert answer_spans(text, "nothing") == []


def test_a_highlight_counts_when_it_marks_the_answer_and_not_a_whole_sentence():
    text = "Fiat and GM have until midnight on 1 February to settle."
    gold = "midnight on 1 February"
    start = text.index("1 February")
    assert highlight_hits(text, [(start, start + 10)], gold) == (True, False)
    assert highlight_hits(text, [(0, len(text))], gold) == (False, True)
    assert highlight_hits(text, [(0, 4)], gold) == (False, True)


def test_the_split_is_fixed_keeps_articles_together_and_halves_each_language(datasets):
    questions = load_questions(datasets / "newsqa-dev" / "questions.jsonl")
    halves = split_halves(questions)
    assert halves == split_halves(questions)  # the seed fixes it
    counts = Counter((q.lang, q.answerable, halves[q.qid]) for q in questions)
    for lang in ("en", "uk", "ru"):
        assert counts[(lang, False, "tune")] == counts[(lang, False, "check")] == 8
        assert abs(counts[(lang, True, "tune")] - counts[(lang, True, "check")]) <= 2
    half_of_article: dict[str, str] = {}
    for q in questions:
        for article in q.article_ids:
            assert half_of_article.setdefault(article, halves[q.qid]) == halves[q.qid]


def test_the_report_marks_each_target():
    from retrieval.evaluation.newsqa import NewsQuestion, Outcome

    def outcome(qid, kind, answerable, found, inside, ranked):
        q = NewsQuestion(qid, "en", "q", ("a1",) if answerable else (), "x", kind, answerable)
        return Outcome(q, "tune", ranked, found, inside, False, False, False, 0.5)

    outcomes = [
        outcome("en-1", "who", True, True, True, ("a1",)),
        outcome("en-2", "when", True, True, False, ("b", "a1")),
        outcome("en-3", "unanswerable-off-topic", False, False, False, ()),
    ]
    figures = report(outcomes)["tune"]["en"]
    assert figures["hit@1"] == 0.5
    assert figures["hit@5"] == 1.0
    assert figures["answer_in_snippets"] == 0.5
    assert figures["refused_by_kind"] == {"unanswerable-off-topic": "1/1"}
    text = format_newsqa(report(outcomes))
    assert "| tune | en | 0.500 ✗ | 1.000 ✓ | 0.000 | 0.500 ✗ |" in text


def test_the_written_question_sets_read_their_answers_from_the_shared_corpora(datasets):
    from pathlib import Path

    data = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
    dev = {
        a
        for q in load_questions(datasets / "newsqa-dev" / "questions.jsonl")
        for a in q.article_ids
    }
    seen: set[str] = set()
    for name in ("written-a.jsonl", "written-b.jsonl"):
        questions = load_questions(data / name, datasets)
        counts = Counter((q.lang, q.answerable) for q in questions)
        for lang in ("en", "uk", "ru"):
            assert (counts[(lang, True)], counts[(lang, False)]) == (40, 8)
        for q in questions:
            assert bool(q.answer) is q.answerable
            assert 1 <= len(q.answer.split()) <= 8 or not q.answerable
        articles = {a for q in questions for a in q.article_ids}
        assert not articles & dev  # written over other articles than the dev set's
        assert not articles & seen  # and the second set over others than the first's
        seen |= articles
