"""Interface text in English, Ukrainian and Russian."""

from __future__ import annotations

from datetime import date

from corpus.article import LANGS

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
            "• Inline: type @{bot} and a query in any chat.\n"
            "• Daily digest: /subscribe 08:00 Europe/Kyiv; /digest shows today's now."
        ),
        "uk": (
            "Я відповідаю на запитання про новини короткими цитатами зі статей, які маю, "
            "з назвою, датою і посиланням на кожну.\n\n"
            "• Тут просто напишіть запитання.\n"
            "• У групах: /ask запитання, згадайте мене або відповідайте на моє повідомлення.\n"
            "• Можна з датами: «Що сталося вчора в Києві?»\n"
            "• Inline: наберіть @{bot} і запит у будь-якому чаті.\n"
            "• Щоденний дайджест: /subscribe 08:00 Europe/Kyiv; /digest покаже сьогоднішній."
        ),
        "ru": (
            "Я отвечаю на вопросы о новостях короткими цитатами из статей, которые у меня "
            "есть, с названием, датой и ссылкой на каждую.\n\n"
            "• Здесь просто напишите вопрос.\n"
            "• В группах: /ask вопрос, упомяните меня или ответьте на моё сообщение.\n"
            "• Можно с датами: «Что случилось вчера в Киеве?»\n"
            "• Inline: наберите @{bot} и запрос в любом чате.\n"
            "• Ежедневный дайджест: /subscribe 08:00 Europe/Kyiv; /digest покажет сегодняшний."
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
    "stats_public": {
        "en": "Articles: {articles} ({langs})\nQuestions answered: {answered}",
        "uk": "Статей: {articles} ({langs})\nВідповідей: {answered}",
        "ru": "Статей: {articles} ({langs})\nОтветов: {answered}",
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
    "mode_llm": {
        "en": "Written by a language model from the cited articles.",
        "uk": "Написано мовною моделлю за цитованими статтями.",
        "ru": "Написано языковой моделью по цитируемым статьям.",
    },
    "mode_fallback": {
        "en": "Quoted from the articles: the language model was not available this time.",
        "uk": "Цитати зі статей: мовна модель цього разу не відповіла.",
        "ru": "Цитаты из статей: языковая модель в этот раз не ответила.",
    },
    "closest_match": {
        "en": "Closest match (it may not answer the question):",
        "uk": "Найближче, що є (може не відповідати на питання):",
        "ru": "Ближайшее, что есть (может не отвечать на вопрос):",
    },
    "other_language": {
        "en": "Quoted from articles in {language}: none in your language answered.",
        "uk": "Цитати зі статей {language}: статті вашою мовою не відповіли.",
        "ru": "Цитаты из статей {language}: статьи на вашем языке не ответили.",
    },
    "summarize": {"en": "Summarize", "uk": "Підсумок", "ru": "Итог"},
    "digest_llm_note": {
        "en": "Summaries written by a language model from the linked articles.",
        "uk": "Підсумки написала мовна модель за статтями з посилань.",
        "ru": "Итоги написала языковая модель по статьям из ссылок.",
    },
    "summary_failed": {
        "en": "Sorry, I couldn't write a summary just now; the quotes above stand.",
        "uk": "Вибачте, зараз не вдалося написати підсумок; цитати вище лишаються.",
        "ru": "Извините, сейчас не удалось написать итог; цитаты выше остаются.",
    },
    "stats_llm": {
        "en": (
            "Language model: {model} ({state}); {calls} calls, {failures} failed, "
            "{tokens} tokens; last digest {digest} tokens{cut}"
        ),
        "uk": (
            "Мовна модель: {model} ({state}); викликів {calls}, невдалих {failures}, "
            "токенів {tokens}; останній дайджест {digest} токенів{cut}"
        ),
        "ru": (
            "Языковая модель: {model} ({state}); вызовов {calls}, неудачных {failures}, "
            "токенов {tokens}; последний дайджест {digest} токенов{cut}"
        ),
    },
    "stats_llm_cut": {
        "en": (
            "; {n} prompts cut by the server (its context window is smaller than "
            "LLM_CONTEXT_TOKENS needs)"
        ),
        "uk": (
            "; сервер обрізав {n} запитів (його контекстне вікно менше, ніж потрібно для "
            "LLM_CONTEXT_TOKENS)"
        ),
        "ru": (
            "; сервер обрезал {n} запросов (его контекстное окно меньше, чем нужно для "
            "LLM_CONTEXT_TOKENS)"
        ),
    },
    "stats_feeds": {"en": "Feeds:", "uk": "Стрічки:", "ru": "Ленты:"},
    "cmd_subscribe": {
        "en": "Daily digest here: /subscribe 08:00 Europe/Kyiv",
        "uk": "Щоденний дайджест сюди: /subscribe 08:00 Europe/Kyiv",
        "ru": "Ежедневный дайджест сюда: /subscribe 08:00 Europe/Kyiv",
    },
    "cmd_unsubscribe": {
        "en": "Stop the daily digest",
        "uk": "Вимкнути щоденний дайджест",
        "ru": "Отключить ежедневный дайджест",
    },
    "cmd_digest": {
        "en": "Today's digest now",
        "uk": "Сьогоднішній дайджест зараз",
        "ru": "Сегодняшний дайджест сейчас",
    },
    "cmd_settings": {
        "en": "Digest time, time zone and language",
        "uk": "Час, часовий пояс і мова дайджесту",
        "ru": "Время, часовой пояс и язык дайджеста",
    },
    "digest_title": {
        "en": "News digest, {date}",
        "uk": "Дайджест новин, {date}",
        "ru": "Дайджест новостей, {date}",
    },
    "digest_counts": {
        "en": "Stories: {stories} · articles in the last 24 hours: {articles}",
        "uk": "Сюжетів: {stories} · статей за останні 24 години: {articles}",
        "ru": "Сюжетов: {stories} · статей за последние 24 часа: {articles}",
    },
    "digest_also": {"en": "also", "uk": "також", "ru": "также"},
    "digest_more": {
        "en": "…and {count} more stories. Ask me about any of them.",
        "uk": "…і ще сюжетів: {count}. Питайте мене про будь-який.",
        "ru": "…и ещё сюжетов: {count}. Спрашивайте меня о любом.",
    },
    "digest_empty": {
        "en": "No new articles in the 24 hours before {time} ({tz}).",
        "uk": "За 24 години до {time} ({tz}) нових статей немає.",
        "ru": "За 24 часа до {time} ({tz}) новых статей нет.",
    },
    "subscribed": {
        "en": "Subscribed: the digest will arrive here every day at {time} ({tz}), in {language}.",
        "uk": "Підписано: дайджест приходитиме сюди щодня о {time} ({tz}), мовою: {language}.",
        "ru": "Подписка оформлена: дайджест будет приходить сюда каждый день в {time} ({tz}), "
        "язык: {language}.",
    },
    "unsubscribed": {
        "en": "Unsubscribed: no more daily digests here.",
        "uk": "Підписку скасовано: щоденних дайджестів тут більше не буде.",
        "ru": "Подписка отменена: ежедневных дайджестов здесь больше не будет.",
    },
    "not_subscribed": {
        "en": "This chat has no digest subscription. Start one with /subscribe 08:00 Europe/Kyiv",
        "uk": "Цей чат не підписаний на дайджест. Підписатися: /subscribe 08:00 Europe/Kyiv",
        "ru": "Этот чат не подписан на дайджест. Подписаться: /subscribe 08:00 Europe/Kyiv",
    },
    "group_admins_only": {
        "en": "Only this group's administrators can change its digest subscription.",
        "uk": "Змінювати підписку групи на дайджест можуть лише її адміністратори.",
        "ru": "Менять подписку группы на дайджест могут только её администраторы.",
    },
    "bad_time": {
        "en": "“{value}” is not a time of day. Use HH:MM, e.g. /subscribe 08:00 Europe/Kyiv",
        "uk": "«{value}» — не час доби. Пишіть ГГ:ХХ, наприклад: /subscribe 08:00 Europe/Kyiv",
        "ru": "«{value}» — не время суток. Пишите ЧЧ:ММ, например: /subscribe 08:00 Europe/Kyiv",
    },
    "bad_tz": {
        "en": (
            "“{value}” is not a time zone I know. Use an IANA name such as Europe/Kyiv, "
            "America/New_York or UTC, e.g. /subscribe 08:00 Europe/Kyiv"
        ),
        "uk": (
            "«{value}» — невідомий часовий пояс. Пишіть назву IANA, як-от Europe/Kyiv, "
            "America/New_York або UTC, наприклад: /subscribe 08:00 Europe/Kyiv"
        ),
        "ru": (
            "«{value}» — неизвестный часовой пояс. Пишите название IANA, например Europe/Kyiv, "
            "America/New_York или UTC: /subscribe 08:00 Europe/Kyiv"
        ),
    },
    "bad_lang": {
        "en": "“{value}” is not a digest language. Choose en, uk or ru, e.g. /settings lang uk",
        "uk": "«{value}» — не мова дайджесту. Оберіть en, uk або ru, наприклад: /settings lang uk",
        "ru": "«{value}» — не язык дайджеста. Выберите en, uk или ru, например: /settings lang ru",
    },
    "subscribe_usage": {
        "en": "Usage: /subscribe [HH:MM] [Area/City], e.g. /subscribe 08:00 Europe/Kyiv",
        "uk": (
            "Як користуватися: /subscribe [ГГ:ХХ] [Регіон/Місто], напр. /subscribe "
            "08:00 Europe/Kyiv"
        ),
        "ru": (
            "Как пользоваться: /subscribe [ЧЧ:ММ] [Регион/Город], напр. /subscribe "
            "08:00 Europe/Kyiv"
        ),
    },
    "settings_show": {
        "en": (
            "Daily digest: {state}\nTime: {time}\nTime zone: {tz} (now {now} "
            "there)\nLanguage: {language}"
        ),
        "uk": (
            "Щоденний дайджест: {state}\nЧас: {time}\nЧасовий пояс: {tz} (зараз "
            "там {now})\nМова: {language}"
        ),
        "ru": (
            "Ежедневный дайджест: {state}\nВремя: {time}\nЧасовой пояс: {tz} "
            "(сейчас там {now})\nЯзык: {language}"
        ),
    },
    "settings_active": {"en": "on", "uk": "увімкнено", "ru": "включён"},
    "settings_inactive": {
        "en": "off ({reason})",
        "uk": "вимкнено ({reason})",
        "ru": "выключен ({reason})",
    },
    "settings_help": {
        "en": "Change: /settings time 09:30 · /settings tz Europe/Warsaw · /settings lang uk",
        "uk": "Змінити: /settings time 09:30 · /settings tz Europe/Warsaw · /settings lang uk",
        "ru": "Изменить: /settings time 09:30 · /settings tz Europe/Warsaw · /settings lang ru",
    },
    "settings_usage": {
        "en": "Usage: /settings time HH:MM, /settings tz Area/City or /settings lang en|uk|ru",
        "uk": (
            "Як користуватися: /settings time ГГ:ХХ, /settings tz Регіон/Місто або "
            "/settings lang en|uk|ru"
        ),
        "ru": (
            "Как пользоваться: /settings time ЧЧ:ММ, /settings tz Регион/Город или "
            "/settings lang en|uk|ru"
        ),
    },
    "digest_failed": {
        "en": "Sorry, I couldn't put the digest together just now. Please try again later.",
        "uk": "Вибачте, зараз не вдалося скласти дайджест. Спробуйте пізніше.",
        "ru": "Извините, сейчас не удалось составить дайджест. Попробуйте позже.",
    },
    "lang_name": {"en": "English", "uk": "українська", "ru": "русский"},
}

MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "uk": ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня",
           "вересня", "жовтня", "листопада", "грудня"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"),
}  # fmt: skip


def long_date(day: date, lang: str) -> str:
    """Return "25 November 2026" / "25 листопада 2026" / "25 ноября 2026"."""
    months = MONTHS.get(lang, MONTHS["en"])
    return f"{day.day} {months[day.month - 1]} {day.year}"


def lang_name(code: str, ui: str) -> str:
    """Return a language's name as shown in settings ("English", "українська", ...)."""
    del ui  # each language is named in itself
    return MESSAGES["lang_name"].get(code, code)


def pick_lang(*candidates: str | None) -> str:
    """Return the first of `candidates` that is one of our languages (else English)."""
    for candidate in candidates:
        if candidate:
            code = candidate.lower().split("-")[0]
            if code in LANGS:
                return code
    return "en"


# A language's name as it reads after "articles in" / "статей" / "статей" in each language.
LANGUAGE_IN = {
    "en": {"en": "English", "uk": "Ukrainian", "ru": "Russian"},
    "uk": {"en": "англійською", "uk": "українською", "ru": "російською"},
    "ru": {"en": "на английском", "uk": "на украинском", "ru": "на русском"},
}


def language_in(code: str, lang: str) -> str:
    """Return the name of language `code` as it reads in a sentence in `lang`."""
    return LANGUAGE_IN.get(lang, LANGUAGE_IN["en"]).get(code, code)


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
