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
    "help": {
        "en": (
            "I answer questions about the news with short quotes from the articles I have, "
            "each cited with its title, date and link.\n\n"
            "• In this chat, just write your question.\n"
            "• In groups: /ask your question, mention me, or reply to my message.\n"
            "• Dates work too: “What happened yesterday in Kyiv?”\n"
            "• Inline: type @{bot} and a query in any chat."
        ),
        "uk": (
            "Я відповідаю на запитання про новини короткими цитатами зі статей, які маю, "
            "з назвою, датою і посиланням на кожну.\n\n"
            "• Тут просто напишіть запитання.\n"
            "• У групах: /ask запитання, згадайте мене або відповідайте на моє повідомлення.\n"
            "• Можна з датами: «Що сталося вчора в Києві?»\n"
            "• Inline: наберіть @{bot} і запит у будь-якому чаті."
        ),
        "ru": (
            "Я отвечаю на вопросы о новостях короткими цитатами из статей, которые у меня "
            "есть, с названием, датой и ссылкой на каждую.\n\n"
            "• Здесь просто напишите вопрос.\n"
            "• В группах: /ask вопрос, упомяните меня или ответьте на моё сообщение.\n"
            "• Можно с датами: «Что случилось вчера в Киеве?»\n"
            "• Inline: наберите @{bot} и запрос в любом чате."
        ),
    },
    "ask_usage": {
        "en": "Usage: /ask your question",
        "uk": "Як користуватися: /ask ваше запитання",
        "ru": "Как пользоваться: /ask ваш вопрос",
    },
    "not_text": {
        "en": "I can only read text. Please type your question.",
        "uk": "Я читаю лише текст. Напишіть, будь ласка, запитання.",
        "ru": "Я читаю только текст. Пожалуйста, напишите вопрос.",
    },
    "slow_down": {
        "en": "You're asking faster than I can answer; please wait {seconds} s.",
        "uk": "Ви питаєте швидше, ніж я встигаю; зачекайте {seconds} с.",
        "ru": "Вы спрашиваете быстрее, чем я успеваю; подождите {seconds} с.",
    },
    "more": {"en": "More", "uk": "Ще", "ru": "Ещё"},
    "no_more": {
        "en": "That's all I found.",
        "uk": "Це все, що я знайшов.",
        "ru": "Это всё, что я нашёл.",
    },
    "expired": {
        "en": "This button has expired; please ask again.",
        "uk": "Ця кнопка застаріла; запитайте ще раз.",
        "ru": "Эта кнопка устарела; спросите ещё раз.",
    },
    "admin_only": {
        "en": "Sorry, only the bot's administrators can do that.",
        "uk": "Вибачте, це можуть лише адміністратори бота.",
        "ru": "Извините, это могут только администраторы бота.",
    },
    "reload_busy": {
        "en": "A reload is already in progress.",
        "uk": "Перезавантаження вже триває.",
        "ru": "Перезагрузка уже идёт.",
    },
    "reload_started": {
        "en": "Reloading the corpus… questions are still answered meanwhile.",
        "uk": "Перезавантажую корпус… тим часом я відповідаю на запитання.",
        "ru": "Перезагружаю корпус… тем временем я отвечаю на вопросы.",
    },
    "reload_progress": {
        "en": "Reloading… {articles} articles, {passages} passages so far ({seconds} s).",
        "uk": "Перезавантаження… {articles} статей, {passages} фрагментів ({seconds} с).",
        "ru": "Перезагрузка… {articles} статей, {passages} фрагментов ({seconds} с).",
    },
    "reload_done": {
        "en": "Reloaded: {articles} articles, {passages} passages in {seconds} s ({version}).",
        "uk": "Готово: {articles} статей, {passages} фрагментів за {seconds} с ({version}).",
        "ru": "Готово: {articles} статей, {passages} фрагментов за {seconds} с ({version}).",
    },
    "reload_skipped": {
        "en": "Skipped {count} files or records:",
        "uk": "Пропущено {count} файлів або записів:",
        "ru": "Пропущено {count} файлов или записей:",
    },
    "reload_failed": {
        "en": "Reload failed; the previous index keeps serving. Reason: {reason}",
        "uk": "Перезавантаження не вдалося; працює попередній індекс. Причина: {reason}",
        "ru": "Перезагрузка не удалась; работает прежний индекс. Причина: {reason}",
    },
    "error": {
        "en": "Sorry, something went wrong on my side. Please try again.",
        "uk": "Вибачте, у мене щось пішло не так. Спробуйте ще раз.",
        "ru": "Извините, у меня что-то пошло не так. Попробуйте ещё раз.",
    },
    "stats": {
        "en": (
            "Articles: {articles} ({langs})\nPassages: {passages}\nIndex: {version}, "
            "{engine}, built {age} ago\nUptime: {uptime}\nQuestions answered: {answered}"
        ),
        "uk": (
            "Статей: {articles} ({langs})\nФрагментів: {passages}\nІндекс: {version}, "
            "{engine}, зібрано {age} тому\nПрацюю: {uptime}\nВідповідей: {answered}"
        ),
        "ru": (
            "Статей: {articles} ({langs})\nФрагментов: {passages}\nИндекс: {version}, "
            "{engine}, собран {age} назад\nРаботаю: {uptime}\nОтветов: {answered}"
        ),
    },
    "cmd_ask": {
        "en": "Ask about the news",
        "uk": "Запитати про новини",
        "ru": "Спросить о новостях",
    },
    "cmd_help": {"en": "How to use the bot", "uk": "Як користуватися", "ru": "Как пользоваться"},
    "cmd_start": {"en": "Start", "uk": "Почати", "ru": "Начать"},
    "cmd_stats": {
        "en": "Corpus and index status",
        "uk": "Стан корпусу й індексу",
        "ru": "Состояние корпуса и индекса",
    },
}


def pick_lang(*candidates: str | None) -> str:
    """Return the first of `candidates` that is one of our languages (else English)."""
    for candidate in candidates:
        if candidate:
            code = candidate.lower().split("-")[0]
            if code in LANGS:
                return code
    return "en"


def t(key: str, lang: str, **kwargs: object) -> str:
    """Return message `key` in `lang` (English if the language is unknown)."""
    table = MESSAGES[key]
    text = table.get(lang) or table["en"]
    return text.format(**kwargs) if kwargs else text


def duration(seconds: float) -> str:
    """Return a short duration such as "45 s", "12 min", "3.5 h" or "2.0 d"."""
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"
