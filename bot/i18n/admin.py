"""Texts of the bot as a whole: help, the command menu, `/stats`, `/reload` and the apology."""

ADMIN: dict[str, dict[str, str]] = {
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
    "error": {
        "en": "Sorry, something went wrong on my side. Please try again.",
        "uk": "Вибачте, у мене щось пішло не так. Спробуйте ще раз.",
        "ru": "Извините, у меня что-то пошло не так. Попробуйте ещё раз.",
    },
}
