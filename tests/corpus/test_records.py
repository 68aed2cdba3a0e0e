from datetime import date

import pytest

from corpus.article import Article, id_from_url
from corpus.formats.base import BadRecord, RawRecord
from corpus.records import (
    Amended,
    OtherLanguage,
    build_article,
    normalize_lang,
    source_from_url,
)

BODY = "The council approved the budget on Tuesday. Roads and schools come first."


def build(fields, *, fallback_id="file/path", line=None):
    result = build_article(RawRecord(fields, line, fallback_id))
    return result


def article(fields, **kwargs):
    result = build(fields, **kwargs)
    assert isinstance(result, Article), result
    return result


@pytest.mark.parametrize("key", ["text", "body", "content"])
def test_every_text_alias_is_read(key):
    assert article({"title": "T", key: BODY}).text == BODY


@pytest.mark.parametrize("key", ["title", "headline"])
def test_every_title_alias_is_read(key):
    assert article({key: "Budget approved", "text": BODY}).title == "Budget approved"


@pytest.mark.parametrize("key", ["id", "_id"])
def test_every_id_alias_is_read_as_a_string(key):
    assert article({key: 4983, "text": BODY}).id == "4983"


@pytest.mark.parametrize("key", ["url", "link"])
def test_every_url_alias_is_read(key):
    record = article({key: "https://www.example.com/news/1", "text": BODY})
    assert record.url == "https://www.example.com/news/1"


@pytest.mark.parametrize("key", ["date", "published", "published_at", "pubDate", "year"])
def test_every_date_alias_is_read(key):
    assert article({key: "2015-03-04", "text": BODY}).published == date(2015, 3, 4)


@pytest.mark.parametrize("key", ["source", "publication", "outlet", "site"])
def test_every_source_alias_is_read(key):
    assert article({key: "Town News", "text": BODY}).source == "Town News"


@pytest.mark.parametrize("key", ["lang", "language"])
def test_every_language_alias_is_read(key):
    assert article({key: "ru", "text": BODY}).lang == "ru"


@pytest.mark.parametrize(
    ("given", "expected"),
    [("ua", "uk"), ("UA", "uk"), ("eng", "en"), ("RUS", "ru"), ("en-GB", "en"), ("uk_UA", "uk")],
)
def test_language_codes_are_normalised(given, expected):
    assert normalize_lang(given) == expected
    assert article({"lang": given, "text": BODY}).lang == expected


def test_a_record_in_another_language_is_skipped_with_its_code():
    assert build({"lang": "bg", "text": "Франция е готова да приеме"}) == OtherLanguage("bg")


def test_a_record_without_a_language_gets_the_detected_one():
    assert article({"title": "Що сталося", "text": "Рада ухвалила бюджет."}).lang == "uk"
    assert article({"lang": "", "text": "Дума приняла бюджет."}).lang == "ru"


def test_a_missing_title_is_the_first_sentence_of_the_text():
    assert article({"text": BODY}).title == "The council approved the budget on Tuesday."


def test_the_source_defaults_to_the_url_host_without_www():
    assert article({"url": "https://www.example.com/a", "text": BODY}).source == "example.com"
    assert source_from_url("http://[broken") is None
    assert source_from_url("not a url") is None


def test_ids_come_from_the_given_id_then_the_url_then_the_fallback():
    url = "https://example.com/news/1"
    assert article({"id": " a-1 ", "url": url, "text": BODY}).id == "a-1"
    assert article({"url": url, "text": BODY}).id == id_from_url(url)
    assert article({"id": "", "text": BODY}, fallback_id="sub/page").id == "sub/page"


def test_a_bare_year_is_stored_as_the_first_of_january_with_year_precision():
    record = article({"year": "2015", "text": BODY})
    assert (record.published, record.published_precision) == (date(2015, 1, 1), "year")


def test_a_year_month_is_stored_with_month_precision():
    record = article({"date": "2015-03", "text": BODY})
    assert (record.published, record.published_precision) == (date(2015, 3, 1), "month")


def test_an_unparsable_date_is_kept_as_no_date():
    record = article({"date": "sometime in spring", "text": BODY})
    assert record.published is None


def test_the_first_parsable_date_alias_wins():
    record = article({"date": "n/a", "year": 2016, "text": BODY})
    assert (record.published, record.published_precision) == (date(2016, 1, 1), "year")


def test_a_list_of_strings_is_read_as_paragraphs():
    assert article({"text": ["One.", "  ", "Two."]}).text == "One.\n\nTwo."


def test_text_that_is_not_a_string_is_a_bad_record():
    assert build({"text": {"nested": True}}, line=7) == BadRecord(7, "text is not a string")


@pytest.mark.parametrize("fields", [{"title": "Only a title"}, {"text": " \n\u200b "}])
def test_a_record_without_text_is_a_bad_record(fields):
    assert build(fields, line=3) == BadRecord(3, "empty text")


def test_text_and_title_are_cleaned():
    record = article({"title": " Budget\n approved ", "text": "\ufeffOne.\r\n\r\n\r\nTwo  words."})
    assert (record.title, record.text) == ("Budget approved", "One.\n\nTwo words.")


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://[bad", "Invalid IPv6 URL"),
        ("https://example.com:99999/a", "Port out of range 0-65535"),
        ("https://example.com/a b", "spaces or control characters"),
        ("https://example.com/\x1b]0;owned\x07", "spaces or control characters"),
        ("https://example.com/\u202egpj.exe", "spaces or control characters"),
    ],
)
def test_a_malformed_url_is_dropped_and_the_article_kept_with_its_id(url, why):
    result = build({"url": url, "title": "Budget", "text": BODY}, line=7)
    assert isinstance(result, Amended)
    assert result.article.url is None
    assert result.article.text == BODY
    assert result.article.id == id_from_url(url)  # the same id as before URLs were checked
    assert result.note == f"bad URL {url!r} dropped ({why}); the article is kept"


@pytest.mark.parametrize(
    "url", ["tyzhden.ua/Politics/91695", "http://[::1]:8080/a", "https://example.com/%1b"]
)
def test_urls_that_parse_are_kept_as_given(url):
    assert article({"url": url, "text": BODY}).url == url
