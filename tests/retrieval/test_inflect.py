from datetime import date

from corpus.article import Article
from retrieval.index import build_index
from retrieval.service import NewsService

TODAY = date(2026, 12, 1)


def _service(tmp_path):
    articles = [
        Article(
            "zeman",
            "Земан лидирует на выборах в Чехии",
            None,
            None,
            "ru",
            None,
            "В первом туре лидирует экс-премьер 68-летний Милош Земан. Земан набрал 24% голосов.",
        ),
        Article(
            "flights",
            "Забастовка в аэропорту",
            None,
            None,
            "ru",
            None,
            "Из-за забастовки грузчиков отменено 125 рейсов. Рейсовый автобус ходит по графику.",
        ),
    ]
    build_index(articles, data_dir=tmp_path / "i", workers=1)
    return NewsService(tmp_path / "i")


def test_a_name_asked_in_a_case_no_passage_has_finds_the_cases_they_have(tmp_path):
    service = _service(tmp_path)
    # Snowball stems "Земан" as зема and "Земану" as земан: no passage has земан.
    query = service.searcher.analyse("сколько лет земану", today=TODAY)
    assert query.aliases == {"зема": "земан"}
    answer = service.ask("сколько лет земану", today=TODAY)
    assert answer.found
    assert answer.sources[0].id == "zeman"
    assert any("68-летний" in s.text for s in answer.snippets)


def test_a_word_the_passages_hold_in_the_asked_case_brings_no_other_case(tmp_path):
    service = _service(tmp_path)
    # "рейсов" adds "а" to "рейсова", stemmed рейсов: a word of the passages ("Рейсовый"),
    # but рейс itself is one too, so no other case stands for it.
    query = service.searcher.analyse("сколько рейсов отменили из-за забастовки", today=TODAY)
    assert query.aliases == {}
