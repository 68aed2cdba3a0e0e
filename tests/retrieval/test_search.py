from datetime import date

import pytest

from retrieval.asking import MAX_QUESTION_CHARS, unglued, unwrapped
from retrieval.engines import Filters
from retrieval.errors import EmptyQuery, QueryTooLong
from retrieval.index import open_index
from retrieval.search import Searcher, SearchOptions

TODAY = date(2025, 11, 26)


@pytest.fixture
def searcher(built_index):
    return Searcher(open_index(built_index))


def _ids(result):
    return [h.passage.article_id for h in result.hits]


def test_an_english_question_finds_its_article_first(searcher):
    result = searcher.search("How many new metro stations opened in Kyiv?", today=TODAY)
    assert _ids(result)[0] == "kyiv-metro-2025"
    assert result.query.lang == "en"


def test_a_ukrainian_question_in_another_case_finds_the_ukrainian_article(searcher):
    result = searcher.search("Скільки меду зібрали пасічники?", today=TODAY)
    assert _ids(result)[0] == "uk-bees-2025"
    assert result.query.lang == "uk"


def test_a_russian_question_finds_the_russian_article(searcher):
    result = searcher.search("Сколько тигрят родилось в зоопарке?", today=TODAY)
    assert _ids(result)[0] == "ru-zoo-2025"


def test_yesterday_in_a_question_becomes_a_date_filter_not_a_term(searcher):
    result = searcher.search("What happened in Odesa yesterday? snow", today=TODAY)
    assert result.query.date_range is not None
    assert (result.query.date_range.start, result.query.date_range.end) == (
        date(2025, 11, 25),
        date(2025, 11, 25),
    )
    assert "yesterday" not in result.query.terms
    assert all(h.passage.published == date(2025, 11, 25) for h in result.hits)


def test_ukrainian_and_russian_date_phrases_filter_too(searcher):
    uk = searcher.search("Що писали вчора про бібліотеку?", today=TODAY)
    assert _ids(uk) == ["uk-library-2025"]
    ru = searcher.search("Что было на этой неделе про снег?", today=TODAY)
    assert _ids(ru) == ["ru-weather-2025"]


def test_a_calendar_date_ranks_its_words_instead_of_filtering(searcher):
    # "in November 2024" names when something happened, which need not be when it was
    # reported: the articles are not filtered, and the date's words stay in the question.
    result = searcher.search("Что было в ноябре 2024 года про снег?", today=TODAY)
    assert result.query.date_range is not None
    assert not result.query.date_range.relative
    assert "2024" in result.query.terms
    assert result.query.date_terms == {"2024", "ноябр", "год"}
    assert _ids(result)[0] == "ru-weather-2025"


def test_explicit_language_and_date_filters_apply(searcher):
    result = searcher.search(
        "Kyiv metro станції метро",
        filters=Filters(
            langs=frozenset({"uk"}), date_from=date(2025, 11, 1), date_to=date(2025, 11, 30)
        ),
        today=TODAY,
    )
    assert _ids(result)[0] == "uk-metro-kyiv"
    assert all(h.passage.lang == "uk" for h in result.hits)


def test_at_most_the_configured_passages_per_article(built_index):
    searcher = Searcher(open_index(built_index), options=SearchOptions(per_article=1))
    result = searcher.search("Kyiv metro stations Vynohradar", k=10, today=TODAY)
    ids = _ids(result)
    assert len(ids) == len(set(ids))


def test_recency_prior_prefers_the_newer_of_two_equal_matches(built_index):
    neutral = Searcher(open_index(built_index), options=SearchOptions(recency_weight=0.0))
    recent = Searcher(open_index(built_index), options=SearchOptions(recency_weight=0.5))
    question = "new metro stations Kyiv"
    a = neutral.search(question, today=TODAY).hits[0].score
    b = recent.search(question, today=TODAY).hits[0].score
    assert b > a  # the 6-day-old article is boosted
    old = recent.search("chess olympiad bronze", today=TODAY).hits[0]
    assert old.passage.article_id == "chess-olympiad-2024"
    assert old.score == pytest.approx(
        neutral.search("chess olympiad bronze", today=TODAY).hits[0].score, rel=1e-3
    )


def test_more_results_continue_where_the_first_page_ended(built_index):
    searcher = Searcher(open_index(built_index), options=SearchOptions(per_article=1))
    question = "Kyiv Kharkiv Odesa Ukraine schools metro grain"
    both = _ids(searcher.search(question, k=4, today=TODAY))
    first = _ids(searcher.search(question, k=2, today=TODAY))
    second = _ids(searcher.search(question, k=2, offset=2, today=TODAY))
    assert len(both) == 4
    assert first + second == both


def test_empty_stop_word_only_and_over_long_questions_are_refused(searcher):
    with pytest.raises(EmptyQuery):
        searcher.search("   ", today=TODAY)
    with pytest.raises(EmptyQuery):
        searcher.search("what is the?", today=TODAY)
    with pytest.raises(QueryTooLong):
        searcher.search("x" * (MAX_QUESTION_CHARS + 1), today=TODAY)


def test_a_repeated_question_word_counts_once(searcher):
    once = searcher.search("metro stations Kyiv", today=TODAY)
    repeated = searcher.search("metro metro metro stations Kyiv", today=TODAY)
    assert repeated.query.terms[next(iter(repeated.query.terms))] == 3
    assert [(h.passage.article_id, h.passage.ordinal) for h in repeated.hits] == [
        (h.passage.article_id, h.passage.ordinal) for h in once.hits
    ]
    for a, b in zip(once.hits, repeated.hits, strict=True):
        assert b.score == pytest.approx(a.score)


def test_equal_scores_rank_the_same_whatever_order_the_build_stored_them(tmp_path):
    from corpus.article import Article
    from retrieval.index import build_index

    text = "The river ferry at Riverton carries forty cars and runs every hour."
    articles = [
        Article(f"ferry-{n}", f"Report {n}", None, None, "en", None, text) for n in range(6)
    ]
    rankings = []
    for name, ordered in (("forward", articles), ("backward", articles[::-1])):
        build_index(ordered, data_dir=tmp_path / name, workers=1)
        searcher = Searcher(open_index(tmp_path / name))
        result = searcher.search("Riverton ferry cars", today=TODAY, k=6, per_article=1)
        assert len({round(h.score, 9) for h in result.hits}) == 1  # all tied
        rankings.append(_ids(result))
    assert rankings[0] == rankings[1]
    assert sorted(rankings[0]) == [a.id for a in articles]


@pytest.mark.parametrize("k", [10**8, 2**64, 10**30])
def test_a_huge_k_returns_every_match_without_overflowing(searcher, k):
    # tantivy takes its limit as a 64-bit count: `newsdesk search --k 10**30` raised.
    result = searcher.search("Kyiv metro stations", k=k, today=TODAY)
    assert _ids(result) == _ids(searcher.search("Kyiv metro stations", k=50, today=TODAY))
    assert "kyiv-metro-2025" in _ids(result)


@pytest.mark.parametrize(
    ("asked", "question"),
    [
        ("do you know who won the vote", "who won the vote"),
        ("Hey, could you tell me when the strike starts, pls?", "when the strike starts?"),
        ("Підкажіть, будь ласка, коли відкриють метро", "коли відкриють метро"),
        ("скажи, в якому місті фестиваль", "в якому місті фестиваль"),
        ("Не знаешь, сколько стоит билет? Спасибо", "сколько стоит билет?"),
        # A greeting alone before the question.
        ("Привіт! Хто переміг на виборах", "Хто переміг на виборах"),
        ("hi there, when does the metro open", "when does the metro open"),
        ("привет бот, кто убил посла", "кто убил посла"),
        ("hello kitty", "hello kitty"),
        ("hi", "hi"),
        # No question word after the request: it is the question, or an everyday request.
        ("tell me a joke", "tell me a joke"),
        ("розкажи про брексит", "розкажи про брексит"),
        ("do you know if the metro opened", "do you know if the metro opened"),
        ("please", "please"),
    ],
)
def test_the_request_around_a_question_is_taken_off(asked, question):
    assert unwrapped(asked) == question


@pytest.mark.parametrize(
    ("asked", "question"),
    [
        ("что было в 2018г.", "что было в 2018 г."),
        ("кто победил в 2020г", "кто победил в 2020 г"),
        ("у 2019р. відбулися", "у 2019 р. відбулися"),
        ("в 2018году", "в 2018 году"),
        ("2 г сахара", "2 г сахара"),  # no year
        ("Boeing 2018G", "Boeing 2018G"),
        ("2018грн", "2018грн"),
    ],
)
def test_a_year_typed_against_its_abbreviation_is_set_apart(asked, question):
    assert unglued(asked) == question


def test_a_glued_year_is_the_questions_year_and_a_word_to_match(searcher):
    result = searcher.search("Что было в 2024г. про снег?", today=TODAY)
    assert result.query.date_range is not None
    assert (result.query.date_range.start, result.query.date_range.end) == (
        date(2024, 1, 1),
        date(2024, 12, 31),
    )
    assert "2024" in result.query.terms
