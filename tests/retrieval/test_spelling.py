from dataclasses import replace
from datetime import date

import pytest

from bot.render import answer_html
from bot.render_text import render_answer
from corpus.article import Article
from retrieval.index import build_index
from retrieval.options import SearchOptions
from retrieval.service import NewsService
from retrieval.spelling import one_typo_apart

TODAY = date(2025, 11, 26)


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("parliment", "parliament"),  # a letter dropped
        ("parliaament", "parliament"),  # a letter added
        ("parlianent", "parliament"),  # a letter changed
        ("parliamnet", "parliament"),  # two neighbours swapped
        ("фесивал", "фестивал"),
    ],
)
def test_one_typo_apart(typed, word):
    assert one_typo_apart(typed, word)


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("parliament", "parliament"),  # the same word is no typo
        ("parlimant", "parliament"),  # two typos
        ("barliament", "parliament"),  # the first letter differs
        ("buddhism", "buddhist"),  # the last letter differs: two words, not a typo
        ("entiti", "entitl"),
        ("parliamentary", "parliament"),
    ],
)
def test_not_one_typo_apart(typed, word):
    assert not one_typo_apart(typed, word)


@pytest.fixture
def service(built_index):
    return NewsService(built_index)


def test_a_typo_is_read_as_the_word_the_passages_spell(service):
    answer = service.ask("Which grant funded the solar pannels in Kharkiv schools?", today=TODAY)
    assert answer.found
    assert answer.spelling == (("pannels", "panels"),)
    assert any("Danish grant" in s.text for s in answer.snippets)
    # It ranks as the word itself: the same first article as the question typed right.
    right = service.ask("Which grant funded the solar panels in Kharkiv schools?", today=TODAY)
    assert right.spelling == ()
    assert answer.sources[0].id == right.sources[0].id


def test_a_russian_typo_is_read_as_the_articles_word(service):
    answer = service.ask("Сколько зрителей было на джазовом фесивале?", today=TODAY)
    assert answer.found
    assert [typed for typed, _ in answer.spelling] == ["фесивале"]
    assert answer.spelling[0][1].startswith("фестивал")


def test_a_corrected_word_still_counts_as_unknown_to_not_covered(service):
    typed = service.ask("How long is the new metro extnesion in Kyiv?", today=TODAY)
    right = service.ask("How long is the new metro extension in Kyiv?", today=TODAY)
    assert typed.spelling == (("extnesion", "extension"),)
    assert right.signals["unknown"] == 0.0
    assert typed.signals["unknown"] > 0.0


def test_the_reply_says_how_it_read_the_typo(service):
    answer = service.ask("Which grant funded the solar pannels in Kharkiv schools?", today=TODAY)
    assert "“pannels” → “panels”" in answer_html(answer)
    assert "“pannels” → “panels”" in render_answer(answer, bold=False)
    ru = service.ask("Сколько зрителей было на джазовом фесивале?", today=TODAY)
    assert "«фесивале» → «фестивал" in answer_html(ru)
    # Nothing to say when nothing was read otherwise, or when nothing is quoted.
    right = service.ask("Which grant funded the solar panels in Kharkiv schools?", today=TODAY)
    assert "→" not in answer_html(right)
    assert "→" not in answer_html(replace(answer, found=False, snippets=[], sources=[]))


def test_typos_can_be_turned_off(built_index):
    service = NewsService(built_index, options=SearchOptions(typos=False))
    answer = service.ask("Which grant funded the solar pannels in Kharkiv schools?", today=TODAY)
    assert answer.spelling == ()


def test_only_a_word_the_found_passages_say_is_taken(tmp_path):
    # "reacotr" is one typo from "reactor" of an article the question's other words do not
    # find, and "buddhism" one letter from "buddhist", but the last: neither is read.
    articles = [
        Article("a", "Reactor upgrade", None, None, "en", None, "The old reactor was upgraded."),
        Article(
            "b",
            "Monastery school",
            None,
            None,
            "en",
            None,
            "A buddhist monastery opened a school for village children in Nepal. "
            "The monks keep cattle.",
        ),
    ]
    build_index(articles, data_dir=tmp_path / "d", workers=1)
    service = NewsService(tmp_path / "d")
    answer = service.ask("When did the monastery school teach buddhism to children?", today=TODAY)
    assert answer.spelling == ()
    assert service.ask("Does the monastery school have a reacotr?", today=TODAY).spelling == ()
    # Words of fewer than seven letters are left alone: "castle" is no typo of "cattle".
    assert service.ask("Does the monastery school have a castle?", today=TODAY).spelling == ()
    # Asked of the article that says it, the same typo is read.
    assert service.ask("When was the old reacotr upgraded?", today=TODAY).spelling == (
        ("reacotr", "reactor"),
    )
    # The same question with a typo of a word the found passage says is read.
    fixed = service.ask("When did the monasetry school open for children?", today=TODAY)
    assert fixed.spelling == (("monasetry", "monastery"),)
