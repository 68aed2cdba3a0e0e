"""Texts of daily digests: the digest itself, `/subscribe`, `/unsubscribe` and `/settings`."""

DIGESTS: dict[str, dict[str, str]] = {
    "digest_llm_note": {
        "en": "Summaries written by a language model from the linked articles.",
        "uk": "Підсумки написала мовна модель за статтями з посилань.",
        "ru": "Итоги написала языковая модель по статьям из ссылок.",
    },
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
