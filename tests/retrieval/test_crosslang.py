"""Questions answered from another language's articles when their own has nothing."""

from datetime import date
from pathlib import Path

import pytest

from bot.render import answer_html
from retrieval.crosslang import question_names
from retrieval.index import build_index
from retrieval.service import NewsService
from tests.conftest import DATA

SEED = Path(__file__).resolve().parents[2] / "corpus" / "sample" / "seed"
TODAY = date(2025, 11, 26)


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("crosslang")
    build_index([SEED, DATA / "articles.jsonl"], data_dir=data_dir, workers=1)
    return NewsService(data_dir)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Чи готова Білорусь відправити миротворців в Україну?", "uk"),
        ("Готова ли Беларусь отправить миротворцев в Украину?", "ru"),
    ],
)
def test_a_question_its_language_cannot_answer_is_answered_from_the_english_article(
    service, question, lang
):
    answer = service.ask(question, today=TODAY)
    assert answer.found
    assert answer.lang == lang
    assert [s.lang for s in answer.sources] == ["en"]
    assert "Belarus" in " ".join(s.text for s in answer.snippets)
    html = answer_html(answer)
    assert ("англійською" if lang == "uk" else "на английском") in html


def test_lowercase_names_are_told_from_common_words(service):
    names = question_names(
        "чи готова білорусь відправити миротворців в україну", "uk", service.searcher
    )
    assert set(names) == {"§blrs", "§krn"}


def test_a_number_the_other_language_lacks_keeps_it_not_covered(service):
    answer = service.ask(
        "Чи готова Білорусь відправити миротворців в Україну у 2019 році?", today=TODAY
    )
    assert not answer.found


def test_one_shared_name_is_not_enough(service):
    answer = service.ask("Що відомо про Білорусь?", today=TODAY)
    assert (answer.found, answer.sources) == (False, [])


@pytest.mark.parametrize(("today", "found"), [(TODAY, True), (date(2028, 11, 26), False)])
def test_a_question_about_now_is_not_answered_from_old_articles_of_another_language(
    service, today, found
):
    # The English seed article is undated and names no year; the newest article of the
    # collection is from November 2025: it may answer "now" that month, not in 2028.
    answer = service.ask("Чи готова Білорусь зараз відправити миротворців в Україну?", today=today)
    assert answer.found is found
    assert bool(answer.sources) is found


@pytest.mark.parametrize(
    ("rule", "goes"),
    [
        (None, True),
        ("no article has 2019", True),
        ("no quoted sentence names a sum", False),
        ("the articles say it was not disclosed", False),
        ("asked about now, newest article from May 2023", False),
    ],
)
def test_only_the_models_doubt_or_a_missing_number_sends_a_question_across(rule, goes):
    from retrieval.answer import Answer
    from retrieval.service import _may_go_across

    refused = Answer("q", "uk", False, [], [], 0.9, refusal_rule=rule)
    assert _may_go_across(refused, "скільки коштує операція") is goes
    assert not _may_go_across(refused, "рецепт борщу")
