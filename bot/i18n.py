"""Interface text in English, Ukrainian and Russian."""

from __future__ import annotations

LANGS = ("en", "uk", "ru")

MESSAGES: dict[str, dict[str, str]] = {
    "not_covered": {
        "en": "The articles I have don't cover this.",
        "uk": "У статтях, які я маю, про це не йдеться.",
        "ru": "В статьях, которые у меня есть, об этом не говорится.",
    },
    "sources": {"en": "Sources", "uk": "Джерела", "ru": "Источники"},
    "empty_question": {
        "en": "Ask a question about the news, e.g. “What did Belarus say about peacekeepers?”",
        "uk": "Поставте запитання про новини, наприклад: «Що Білорусь сказала про миротворців?»",
        "ru": "Задайте вопрос о новостях, например: «Что Беларусь сказала о миротворцах?»",
    },
    "too_long": {
        "en": "That question is too long ({length} characters); please keep it under {limit}.",
        "uk": "Запитання задовге ({length} символів); будь ласка, до {limit}.",
        "ru": "Вопрос слишком длинный ({length} символов); пожалуйста, до {limit}.",
    },
    "no_words": {
        "en": "I couldn't find any searchable words in that question.",
        "uk": "У запитанні немає слів, за якими можна шукати.",
        "ru": "В вопросе нет слов, по которым можно искать.",
    },
}


def t(key: str, lang: str, **kwargs: object) -> str:
    """Return message `key` in `lang` (English if the language is unknown)."""
    table = MESSAGES[key]
    text = table.get(lang) or table["en"]
    return text.format(**kwargs) if kwargs else text
