"""Turn a source record's fields into an `Article`: aliases, cleaning, dates, language.

Field aliases (the first one present and not empty wins):

| field    | keys                                                   |
|----------|--------------------------------------------------------|
| id       | id, _id                                                |
| text     | text, body, content (a list of strings is paragraphs)  |
| title    | title, headline; else the text's first sentence        |
| date     | date, published, published_at, pubDate, year           |
| url      | url, link (a malformed one is dropped: see `Amended`)  |
| lang     | lang, language (ua→uk, eng→en, rus→ru, en-GB→en)       |
| source   | source, publication, outlet, site; else the URL's host |
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from corpus.article import LANGS, Article, id_from_url
from corpus.clean import clean_line, clean_text, title_from_text
from corpus.dates import parse_moment, parse_published
from corpus.formats.base import BadRecord, RawRecord
from corpus.lang import detect_language
from corpus.urls import url_problem

__all__ = ["Amended", "OtherLanguage", "build_article", "normalize_lang", "source_from_url"]

ID_KEYS = ("id", "_id")
TEXT_KEYS = ("text", "body", "content")
TITLE_KEYS = ("title", "headline")
DATE_KEYS = ("date", "published", "published_at", "pubDate", "year")
URL_KEYS = ("url", "link")
LANG_KEYS = ("lang", "language")
SOURCE_KEYS = ("source", "publication", "outlet", "site")

_LANG_ALIASES = {
    "ua": "uk",
    "ukr": "uk",
    "ukrainian": "uk",
    "eng": "en",
    "english": "en",
    "rus": "ru",
    "russian": "ru",
}


@dataclass(frozen=True, slots=True)
class OtherLanguage:
    """A record in a language the corpus does not serve (counted, not loaded)."""

    lang: str


@dataclass(frozen=True, slots=True)
class Amended:
    """An article loaded without an unusable field; `note` says what was dropped and why.

    A malformed URL costs the article its link, not its text: the article still answers
    questions and is cited without a link, as articles from plain text files are. Half a
    surrogate pair (from a JSON or YAML escape) becomes U+FFFD, the replacement character.
    """

    article: Article
    note: str


def normalize_lang(value: object) -> str | None:
    """Return a lower-case language code (`ua`→`uk`, `en-GB`→`en`), None if not given."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-", 1)[0]
    if not code:
        return None
    return _LANG_ALIASES.get(code, code)


def source_from_url(url: str) -> str | None:
    """Return the URL's host without `www.`, or None when it has none."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def build_article(record: RawRecord) -> Article | Amended | OtherLanguage | BadRecord:
    """Return the article a record describes (amended when a field had to go), or why not."""
    label = f"{record.where}: " if record.where else ""
    fields, repaired = _without_surrogates(record.fields)
    notes = []
    if repaired:
        names = ", ".join(repaired)
        notes.append(f"{label}lone surrogates (not Unicode) in {names} replaced with U+FFFD")
    lang = normalize_lang(_first(fields, LANG_KEYS))
    if lang is not None and lang not in LANGS:
        return OtherLanguage(lang)

    raw_text = _first(fields, TEXT_KEYS)
    if isinstance(raw_text, list) and all(isinstance(part, str) for part in raw_text):
        raw_text = "\n\n".join(raw_text)
    if raw_text is not None and not isinstance(raw_text, str):
        return BadRecord(record.line, f"{label}text is not a string")
    text = clean_text(raw_text or "")
    if not text:
        return BadRecord(record.line, f"{label}empty text")

    raw_title = _first(fields, TITLE_KEYS)
    title = clean_line(_scalar(raw_title) or "")
    if not title:
        title = title_from_text(text)

    if lang is None:
        lang = detect_language(f"{title}\n{text}")

    given_url = _scalar(_first(fields, URL_KEYS))
    given_url = given_url.strip() if given_url else None
    url = given_url or None
    if url is not None and (problem := url_problem(url)) is not None:
        notes.append(f"{label}bad URL {url[:80]!r} dropped ({problem}); the article is kept")
        url = None

    source = clean_line(_scalar(_first(fields, SOURCE_KEYS)) or "") or None
    if source is None and url:
        source = source_from_url(url)

    published, precision, moment = None, "day", None
    for key in DATE_KEYS:
        value = fields.get(key)
        if value is None or value == "":
            continue
        parsed = parse_published(value)
        if parsed is not None:
            published, precision = parsed
            moment = parse_moment(value) if precision == "day" else None
            break

    given_id = _scalar(_first(fields, ID_KEYS))
    given_id = given_id.strip() if given_id else ""
    # A dropped URL still names the article: its id stays what earlier loads gave it.
    article_id = given_id or (id_from_url(given_url) if given_url else record.fallback_id)

    article = Article(
        id=article_id,
        title=title,
        url=url,
        published=published,
        lang=lang,
        source=source,
        text=text,
        published_precision=precision,
        published_at=moment,
    )
    return Amended(article, "; ".join(notes)) if notes else article


# A JSON or YAML escape ("\\ud800") can spell half a surrogate pair on its own, which is
# no character: UTF-8 cannot encode it, so hashing, indexing or printing the article fails.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_READ_KEYS = (
    *ID_KEYS,
    *TEXT_KEYS,
    *TITLE_KEYS,
    *DATE_KEYS,
    *URL_KEYS,
    *LANG_KEYS,
    *SOURCE_KEYS,
)


def _without_surrogates(fields: Mapping[str, object]) -> tuple[Mapping[str, object], list[str]]:
    """Return the fields with lone surrogates replaced by U+FFFD, and the keys that had any."""
    repaired: dict[str, object] = {}
    for key in _READ_KEYS:
        value = fields.get(key)
        if isinstance(value, str) and _SURROGATE.search(value):
            repaired[key] = _SURROGATE.sub("\ufffd", value)
        elif isinstance(value, list) and any(
            isinstance(part, str) and _SURROGATE.search(part) for part in value
        ):
            repaired[key] = [
                _SURROGATE.sub("\ufffd", part) if isinstance(part, str) else part for part in value
            ]
    if not repaired:
        return fields, []
    return {**fields, **repaired}, list(repaired)


def _first(fields: Mapping[str, object], keys: tuple[str, ...]) -> object:
    for key in keys:
        value = fields.get(key)
        if value is None:
            continue
        if isinstance(value, str) and not value.strip():
            continue
        return value
    return None


def _scalar(value: object) -> str | None:
    """Return a string, number or date as text; None for anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    return None
