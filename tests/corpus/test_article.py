from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from corpus.article import Article, id_from_url


def make(**overrides):
    fields = {
        "id": "a1",
        "title": "Title",
        "url": None,
        "published": None,
        "lang": "en",
        "source": None,
        "text": "Body.",
    }
    return Article(**{**fields, **overrides})


def test_published_precision_defaults_to_day():
    assert make(published=date(2015, 3, 4)).published_precision == "day"


def test_a_year_only_date_keeps_its_precision():
    article = make(published=date(2015, 1, 1), published_precision="year")
    assert (article.published, article.published_precision) == (date(2015, 1, 1), "year")


def test_articles_are_frozen():
    with pytest.raises(FrozenInstanceError):
        make().title = "Other"


def test_content_key_ignores_whitespace_differences_in_the_text():
    assert make(text="One  two\n\nthree").content_key() == make(text="One two three").content_key()
    assert make(title="Other").content_key() != make().content_key()


def test_content_key_treats_every_kind_of_spacing_alike():
    words = "Київ grain U.S. corridor"
    same = make(text=words).content_key()
    for text in (
        "Київ grain\n\nU.S. corridor",
        " Київ grain U.S. corridor ",
        "Київ\tgrain U.S.\u00a0corridor",
        "Київ grain\n\n\nU.S.  corridor",
        "Київ\u2028grain U.S. corridor\n",
    ):
        assert make(text=text).content_key() == same, repr(text)
    assert make(text="Київ grain U.S.corridor").content_key() != same


def test_id_from_url_ignores_a_trailing_slash():
    assert id_from_url("https://example.com/a/") == id_from_url("https://example.com/a")
