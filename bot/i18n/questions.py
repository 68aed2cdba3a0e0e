"""Texts of questions and answers: usage, limits, answer notes, paging and summaries."""

QUESTIONS: dict[str, dict[str, str]] = {
    "reply_greeting": {
        "en": "Hello! Ask me about the news, and I will answer with quotes from the articles "
        "I have, each with its link.",
        "uk": "Привіт! Запитайте мене про новини, і я відповім цитатами зі статей, які маю, "
        "з посиланнями на них.",
        "ru": "Привет! Спросите меня о новостях, и я отвечу цитатами из статей, которые у меня "
        "есть, со ссылками на них.",
    },
    "reply_thanks": {
        "en": "You're welcome! Ask me anything else about the news.",
        "uk": "Радо! Питайте ще про новини.",
        "ru": "Пожалуйста! Спрашивайте ещё о новостях.",
    },
    "not_covered": {
        "en": "The articles I have don't cover this.",
        "uk": "У статтях, які я маю, про це не йдеться.",
        "ru": "В статьях, которые у меня есть, об этом не говорится.",
    },
    "horizon_before": {
        "en": "Every article I have on this was written before {year}.",
        "uk": "Усі статті про це, які я маю, написані до {year} року.",
        "ru": "Все статьи об этом, которые у меня есть, написаны до {year} года.",
    },
    "horizon_newest": {
        "en": "My newest article on this is from {month} {year}.",
        "uk": "Моя найновіша стаття про це — від {month} {year} року.",
        "ru": "Моя самая свежая статья об этом — от {month} {year} года.",
    },
    "horizon_named": {
        "en": "My articles on this are undated, and the latest year they name is {year}.",
        "uk": "Мої статті про це без дати, а найпізніший рік, який вони згадують, — {year}.",
        "ru": "Мои статьи об этом без даты, а самый поздний год, который они упоминают, — {year}.",
    },
    "horizon_collection": {
        "en": "My articles on this are undated, and the newest article I have is from"
        " {month} {year}.",
        "uk": "Мої статті про це без дати, а найновіша стаття, яку я маю, — від {month}"
        " {year} року.",
        "ru": "Мои статьи об этом без даты, а самая свежая статья, которая у меня есть, —"
        " от {month} {year} года.",
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
    "spelling": {
        "en": "Read as the articles spell it: {pairs}.",
        "uk": "Прочитано так, як пишуть статті: {pairs}.",
        "ru": "Прочитано так, как пишут статьи: {pairs}.",
    },
    "retyped": {
        "en": "Read as typed in the other keyboard layout: {question}.",
        "uk": "Прочитано як набране в іншій розкладці: {question}.",
        "ru": "Прочитано как набранное в другой раскладке: {question}.",
    },
    "read_in_cyrillic": {
        "en": "Read in Cyrillic: {question}.",
        "uk": "Прочитано кирилицею: {question}.",
        "ru": "Прочитано кириллицей: {question}.",
    },
    "other_language": {
        "en": "Quoted from articles in {language}: none in your language answered.",
        "uk": "Цитати зі статей {language}: статті вашою мовою не відповіли.",
        "ru": "Цитаты из статей {language}: статьи на вашем языке не ответили.",
    },
    "summarize": {"en": "Summarize", "uk": "Підсумок", "ru": "Итог"},
    "summary_failed": {
        "en": "Sorry, I couldn't write a summary just now; the quotes above stand.",
        "uk": "Вибачте, зараз не вдалося написати підсумок; цитати вище лишаються.",
        "ru": "Извините, сейчас не удалось написать итог; цитаты выше остаются.",
    },
}
