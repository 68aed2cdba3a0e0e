"""Numbered names ("iPhone 16", "Boeing 717") must be in the articles as names
(`retrieval.numbered`)."""

from datetime import date

import pytest

from corpus.article import Article
from corpus.readers import load_corpus
from retrieval.analysis import Analyzer
from retrieval.index import build_index
from retrieval.numbered import numbered_names
from retrieval.service import NewsService
from tests.conftest import DATA

TODAY = date(2025, 11, 26)

_PHONE = (
    "Veltra launched a new, faster version of its Lumo handset on Monday. The Lumo 3GS will "
    "be available in 16 GB and 32 GB models, retailing for US $199 and $299 respectively. "
    "Sales start on June 16 in the United States and in seven other countries."
)
_PLANES = (
    "The last Boeing 717 left the Long Beach plant on Thursday for AirTran Airways, which "
    "flies 86 of the jets. The manufacturer ended the line after 156 aircraft."
)


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    articles, _ = load_corpus([DATA / "articles.jsonl"])
    extra = [
        Article(
            "phone", "Veltra launches a faster Lumo", None, date(2025, 6, 9), "en", None, _PHONE
        ),
        Article("planes", "The last Boeing 717", None, date(2025, 5, 23), "en", None, _PLANES),
    ]
    data = tmp_path_factory.mktemp("numbered") / "d"
    build_index([*articles, *extra], data_dir=data, workers=1)
    return NewsService(data)


@pytest.mark.parametrize(
    ("question", "lang", "pairs"),
    [
        ("how much did the iphone 16 cost at launch", "en", [("iphone", "16")]),
        ("which airline got the very last boeing 717", "en", [("boeing", "717")]),
        ("скільки коштує айфон 15 в україні", "uk", [("айфон", "15")]),
        ("who sang at super bowl 50", "en", [("bowl", "50")]),
        # Counts, units, dates, years and ordinals name nothing.
        ("iphone 16 gb price", "en", []),
        ("how many people died in june 17 protests", "en", []),
        ("скільки рейсів скасував ryanair 12 липня", "uk", []),
        ("кто выиграл евро-2024", "ru", []),
        ("which airline gets the first 787 dreamliner", "en", []),
        ("the 16th century", "en", []),
        ("what happened under 9000 points", "en", []),
    ],
)
def test_a_word_and_its_number_name_something(question, lang, pairs):
    assert numbered_names(question, Analyzer(), lang) == pairs


def test_a_number_beside_another_name_is_not_the_asked_model(service):
    # The article has "16" (16 GB, June 16) and "Lumo", but no "Lumo 16".
    answer = service.ask("how much did the lumo 16 cost at launch", today=TODAY)
    assert not answer.found
    assert answer.refusal_rule == "no article has lumo 16"


def test_the_model_the_articles_name_is_answered(service):
    answer = service.ask("which airline got the last boeing 717", today=TODAY)
    assert answer.found, answer.refusal_rule
    assert any("AirTran Airways" in s.text for s in answer.snippets)
    # The model named, a count of it is answered too.
    counted = service.ask("how many boeing 717 jets does airtran fly", today=TODAY)
    assert counted.found, counted.refusal_rule


def test_a_number_before_a_word_the_collection_never_writes_is_left_alone():
    # "сеэпня" may be "серпня" mistyped: "10" may be a day, not Ryanair's tenth.
    question = "скільки пасажирів постраждало від страйку ryanair 10 сеэпня"
    analyzer = Analyzer()
    assert numbered_names(question, analyzer, "uk") == [("ryanair", "10")]
    assert numbered_names(question, analyzer, "uk", known=lambda term: False) == []
