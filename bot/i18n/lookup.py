"""Finding a text: every area's messages in one table, the user's language, names of languages."""

from __future__ import annotations

from bot.i18n.admin import ADMIN
from bot.i18n.digests import DIGESTS
from bot.i18n.questions import QUESTIONS
from corpus.article import LANGS


def _merged(*areas: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Return the areas' messages in one table; a key two areas use is a mistake."""
    table: dict[str, dict[str, str]] = {}
    for area in areas:
        if twice := table.keys() & area.keys():
            msg = f"messages defined twice: {', '.join(sorted(twice))}"
            raise ValueError(msg)
        table.update(area)
    return table


MESSAGES = _merged(QUESTIONS, ADMIN, DIGESTS)


def t(key: str, lang: str, **kwargs: object) -> str:
    """Return message `key` in `lang` (English if the language is unknown)."""
    table = MESSAGES[key]
    text = table.get(lang) or table["en"]
    return text.format(**kwargs) if kwargs else text


def pick_lang(*candidates: str | None) -> str:
    """Return the first of `candidates` that is one of our languages (else English)."""
    for candidate in candidates:
        if candidate:
            code = candidate.lower().split("-")[0]
            if code in LANGS:
                return code
    return "en"


def lang_name(code: str, ui: str) -> str:
    """Return a language's name as shown in settings ("English", "українська", ...)."""
    del ui  # each language is named in itself
    return MESSAGES["lang_name"].get(code, code)


# A language's name as it reads after "articles in" / "статей" / "статей" in each language.
LANGUAGE_IN = {
    "en": {"en": "English", "uk": "Ukrainian", "ru": "Russian"},
    "uk": {"en": "англійською", "uk": "українською", "ru": "російською"},
    "ru": {"en": "на английском", "uk": "на украинском", "ru": "на русском"},
}


def language_in(code: str, lang: str) -> str:
    """Return the name of language `code` as it reads in a sentence in `lang`."""
    return LANGUAGE_IN.get(lang, LANGUAGE_IN["en"]).get(code, code)
