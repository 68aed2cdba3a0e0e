"""The highlight model: fitted file, threshold, and what it marks on real quotes."""

from dataclasses import replace
from datetime import date

import pytest

from retrieval import highlight
from retrieval.analysis import Analyzer
from retrieval.answer import compose_answer
from retrieval.asked import counted
from retrieval.quotes import Sentence
from retrieval.service import NewsService

TODAY = date(2025, 11, 26)


@pytest.fixture
def searcher(built_index):
    return NewsService(built_index).searcher


def _quoted(searcher, question):
    quoted: list[Sentence] = []
    compose_answer(searcher.search(question, k=10, today=TODAY), searcher, quoted=quoted)
    return quoted


def test_the_shipped_model_matches_the_features_and_has_a_usable_threshold():
    model = highlight.load_model()
    assert len(model.coef) == len(highlight.FEATURES)
    assert 0.0 < model.threshold < 1.0


def test_the_surest_span_is_marked_only_when_it_reaches_the_threshold(searcher):
    quoted = _quoted(searcher, "How long is the new metro extension in Kyiv?")
    scored = highlight.score(quoted, highlight.rarity(searcher))
    assert scored, "the quoted sentences hold amounts"
    best = max(p for p, *_ in scored)
    model = highlight.load_model()
    picked = highlight.pick(quoted, highlight.rarity(searcher), replace(model, threshold=best))
    assert picked is not None
    sentence, candidate = picked
    assert sentence.text[candidate.span.start : candidate.span.end] == "4.2 kilometres"
    stricter = replace(model, threshold=min(best + 0.01, 1.0))
    assert highlight.pick(quoted, highlight.rarity(searcher), stricter) is None


def test_every_candidate_has_a_probability_and_one_value_per_feature(searcher):
    quoted = _quoted(searcher, "Сколько зрителей было на джазовом фестивале?")
    scored = highlight.score(quoted, highlight.rarity(searcher))
    assert scored
    for probability, _, _, features in scored:
        assert 0.0 <= probability <= 1.0
        assert len(features) == len(highlight.FEATURES)


def test_a_replys_candidates_share_one_probability_with_none_of_them(searcher):
    # "три дня" and "около двадцати тысяч": asked how many days, the crowd is a rival.
    quoted = _quoted(searcher, "Сколько дней длился джазовый фестиваль?")
    scored = highlight.score(quoted, highlight.rarity(searcher))
    assert len(scored) >= 2
    assert sum(p for p, *_ in scored) < 1.0
    model = highlight.load_model()
    alone = model.probabilities([scored[0][3]])[0]
    assert alone > scored[0][0], "its rivals lower a candidate's chance"
    assert model.probabilities([scored[0][3], scored[0][3]])[0] < alone


@pytest.mark.parametrize(
    ("question", "lang", "units"),
    [
        ("how long is the new bridge", "en", {"time", "length"}),
        ("how long did the strike last", "en", {"time", "length"}),
        ("якої довжини новий міст", "uk", {"length"}),
    ],
)
def test_how_long_asks_for_a_length_or_a_duration(question, lang, units):
    assert counted(question, lang, Analyzer()) == frozenset(units)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("з яким рахунком динамо обіграло шахтар", "uk"),
        ("с каким счетом закончился матч", "ru"),
        ("what was the score in the final", "en"),
    ],
)
def test_a_question_about_the_score_counts_a_score(question, lang):
    assert counted(question, lang, Analyzer()) == frozenset({"score"})


def test_how_many_accounts_is_no_score():
    assert "score" not in counted("сколько счетов открыли в банке", "ru", Analyzer())


def test_the_conditional_logit_learns_which_candidate_is_right_and_when_none_is():
    """`benchmarks/fit_highlight.conditional_logit` on replies where one feature marks
    the right span, and on replies whose spans are all wrong."""
    import random

    from benchmarks.fit_highlight import conditional_logit

    size = len(highlight.FEATURES)
    rng = random.Random(5)

    def span(right: bool) -> tuple[float, ...]:
        x = [rng.random() for _ in range(size)]
        x[0] = 1.0 if right else 0.0  # "new": only the right span says something new
        return tuple(x)

    answered = [[(span(i == 0), i == 0, 0.0) for i in range(4)] for _ in range(60)]
    unanswered = [[(span(False), False, 0.0) for _ in range(4)] for _ in range(60)]
    model = conditional_logit([(rows, 1.0) for rows in answered + unanswered], 1.0)
    assert model.coef[0] > 1.0
    right = model.probabilities([span(True), span(False), span(False)])
    assert right[0] > 0.5 > max(right[1:])
    none = model.probabilities([span(False), span(False), span(False)])
    assert sum(none) < 0.5, "with no right span, 'none of them' is likeliest"


def test_a_name_the_collection_repeats_is_less_rare_than_one_it_says_once(searcher):
    rare = highlight.rarity(searcher)
    assert rare("Zzyzxqw", "en") == pytest.approx(1.0), "a word no passage holds"
    # "Ukraine" stands in several of the sample's articles, "Muzychuk" in one.
    assert rare("Ukraine", "en") < rare("Anna Muzychuk", "en") <= 1.0
    assert rare("", "en") == 0.0


def test_asked_who_a_span_with_a_lowercase_word_names_a_body_not_a_person(searcher):
    from retrieval.evidence import Reader
    from retrieval.kinds import Kind

    analyzer = searcher.analyzer
    question = "хто очолив раду"
    weights = {t: 1.0 for t in analyzer.terms(question, "uk")}
    text = "Раду очолив Ілько Стахурський, його підтримала Новосільська сільська рада."
    reading = Reader(analyzer, weights, Kind.PERSON, question=question, lang="uk").read(text, "uk")
    sentence = Sentence(text, 0, 0, 0, reading, 1.0, context=1.0, lang="uk")
    rows = {
        text[c.span.start : c.span.end]: dict(zip(highlight.FEATURES, x, strict=True))
        for _, _, c, x in highlight.score([sentence], highlight.rarity(searcher))
    }
    assert rows["Ілько Стахурський"]["common_word"] == 0.0
    bodies = [piece for piece in rows if "сільська" in piece]
    assert bodies, rows
    assert all(rows[piece]["common_word"] == 1.0 for piece in bodies)


@pytest.mark.parametrize(
    ("question", "lang", "share"),
    [
        ("what share of voters backed him", "en", True),
        ("the proportion of homes without power", "en", True),
        ("ntpc share offer how many times oversubscribed", "en", False),
        ("how high did the share price go", "en", False),
    ],
)
def test_share_asks_for_a_percentage_unless_it_is_a_stock(question, lang, share):
    assert ("%" in counted(question, lang, Analyzer())) is share


@pytest.mark.parametrize(
    ("question", "lang", "text", "count", "percentage"),
    [
        (
            "how many people did the pollster ask",
            "en",
            "The poll of 1,943 adults found that 45% of people would vote against it.",
            "1,943",
            "45%",
        ),
        (
            "сколько жителей собирались привить",
            "ru",
            "Планируют привить около 30% жителей — примерно 400 тысяч человек.",
            "примерно 400 тысяч человек",
            "около 30%",
        ),
    ],
)
def test_asked_how_many_of_something_a_percentage_is_a_share_not_a_count(
    searcher, question, lang, text, count, percentage
):
    from retrieval.evidence import Reader
    from retrieval.kinds import Kind

    analyzer = searcher.analyzer
    weights = {t: 1.0 for t in analyzer.terms(question, lang)}
    reading = Reader(analyzer, weights, Kind.AMOUNT, question=question, lang=lang).read(text, lang)
    sentence = Sentence(text, 0, 0, 0, reading, 1.0, context=1.0, lang=lang)
    rows = {
        text[c.span.start : c.span.end]: dict(zip(highlight.FEATURES, x, strict=True))
        for _, _, c, x in highlight.score([sentence], highlight.rarity(searcher))
    }
    assert rows[percentage]["share"] == 1.0
    assert rows[percentage]["unit"] == 0.0
    assert rows[count]["share"] == 0.0
    # Asked for a share, the same percentage is the asked unit.
    asked = "what share of people would vote against it" if lang == "en" else "какую долю жителей"
    weights = {t: 1.0 for t in analyzer.terms(asked, lang)}
    reading = Reader(analyzer, weights, Kind.AMOUNT, question=asked, lang=lang).read(text, lang)
    shares = [c for c in reading.candidates if text[c.span.start : c.span.end] == percentage]
    assert shares
    assert shares[0].unit
    assert not shares[0].share
