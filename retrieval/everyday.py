"""Everyday requests: what people also type to a news bot that no news article answers.

Instructions and how-tos, recipes and cooking times, forecasts, shopping and advice,
translations and sums, timetables and opening hours, horoscopes, small talk, and asks to
write something.
They are refused whatever the search finds ("how long do i boil an egg" shares "egg" with
some article), and get no "closest match". The patterns read only the question's first
words (`retrieval.kinds.question_head`), and each asks for the request's own shape, not a
topic: "how did the weather affect the harvest", "what did the committee recommend" and
"what should i read about brexit" are news questions.
"""

from __future__ import annotations

import re
from functools import lru_cache

from retrieval.kinds import question_head

# Everyday verbs after "how long/much should I": a chore, not an event. ("Should I", "can
# I" ask for advice whatever follows, but for reading up: "what should i read about
# brexit" may be answered with articles.)
_CHORES = (
    r"(?:drink|eat|buy|take|wear|cook|boil|bake|fry|roast|pay|sleep|fix|install|change|reset"
    r"|lose|learn|tie|clean|wash|plant|feed|charge|update|unlock|renew|apply|register|book)"
)

_ENGLISH = (
    r"^(?:so\s+)?how\s+(?:do|can|should|could|would)\s+(?:i|we|you)\b|\bhow\s+to\b"
    r"|\bhow\s+(?:long|much|many|often)\s+(?:should|do|can|must)\s+(?:i|you|we)\s+"
    + _CHORES
    + r"\b|\b(?:should|can|could|do|must)\s+i\b(?!\s+(?:read|know|follow|believe|trust)\b)"
    r"|\b(?:best|easiest|quickest|cheapest)\s+way\s+to\b|\brecipes?\b|\bforecast\b"
    # The weather asked for, not the weather in the news ("what weather feature ...").
    r"|\bweather\s+(?:like|today|tonight|tomorrow|this|next|for|in|at|on|forecast)\b"
    r"|\bwhat['’]?s\s+the\s+weather\b|^weather\b"
    r"|\b(?:is\s+it\s+going\s+to|will\s+it)\s+(?:rain|snow|be\s+(?:sunny|cold|hot|warm))\b"
    r"|\bnear me\b|\bstep by step\b|\btutorial\b|\blyrics\b|\bhoroscopes?\b|\btimetable\b"
    r"|\bnext\s+(?:train|bus|tram|coach|ferry)\s+(?:from|to)\b"
    # Shopping, recommendations, translations, sums, nutrition, the clock. (Not opening
    # hours: "library opening hours in winter" may be the news.)
    r"|\bwhere\s+(?:can|could|should|do)\s+i\s+(?:buy|get|find|order)\b|\bwhere\s+to\s+buy\b"
    r"|^(?:(?:can|could)\s+you\s+|please\s+)?(?:recommend|suggest|translate)\b"
    r"|^(?:(?:can|could)\s+you\s+|please\s+)?(?:help\s+me|write\s+(?:me\s+)?(?:a|an|some|my)"
    r"|compose|draft|convert|calculate)\b"
    r"|\bconvert\s+\d|\b\d+(?:\.\d+)?\s*(?:%|percent|per\s+cent)\s+of\s+\d"
    r"|\b(?:best|good|cheap)\s+\w+\s+(?:under|below)\s+[$£€]?\d|\bwhat['’]?s\s+a\s+good\s+"
    r"(?:name|gift|present|book|film|movie|game|phone|laptop)\b"
    r"|\bhow\s+many\s+calories\b|\bhow\s+do\s+you\s+say\b"
    r"|\bwhat\s+time\s+is\s+it\b"
    # Opening hours asked for a day ("what time does tesco close on sunday"; "what time
    # does the new bridge open to traffic" is news), and when a match kicks off.
    r"|\bwhat\s+time\s+(?:does|do|is|are)\s+(?!(?:the\s+)?(?:polls?|polling|voting|ballot)\b)"
    r"(?:\S+\s+){1,4}?(?:open|close|shut)s?\s+"
    r"(?:on\s+|at\s+the\s+)?(?:today|tonight|tomorrow|weekends?|(?:mon|tues|wednes|thurs|fri"
    r"|satur|sun)days?|bank\s+holidays?|christmas|new\s+year)\b"
    r"|\b(?:until|till)\s+what\s+time\s+(?:is|are|does|do)\b"
    r"|\bwhat\s+time\s+(?:is|does)\s+(?:the\s+)?(?:match|game|kick[- ]?off)\b"
    # Small talk and what to watch, read or cook tonight.
    r"|^(?:please\s+)?tell\s+me\s+a\s+(?:joke|story)\b|^how\s+are\s+you\W*$"
    r"|\bwhat\s+(?:should|can)\s+i\s+(?:watch|cook|eat|wear)\b"
)

# A Ukrainian or Russian question word and an infinitive ("скільки варити яйця", "что
# подарить маме", "чем лечить кашель") asks for advice. The endings are the verbs' own,
# not those of plural nouns ("депутати", "новости", "эти"); "чого чекати від саміту" and
# nouns that end like infinitives ("часть", "дипломати") are left out.
_NOT_INFINITIVES = (
    r"(?:\w*(?:ость|ість|есть|асть)|часть|власть|путь|суть|сеть|смерть|треть|пять|шесть|девять"
    r"|десять|память|мать|печать|нефть|дипломати|автомати|пірати|ждать|ожидать|чекати"
    r"|очікувати)"
)

_UKRAINIAN = (
    # "Як звати директора" asks a name, not how to do something.
    r"^як\s+(?:мені\s+|можна\s+|треба\s+|\w+о\s+)?(?!звати\b)\w+(?:ти|тись|тися|чи)\b"
    r"|\bрецепт(?:и|ів|а|у|ом)?\b"
    r"|^(?:що|де|куди|коли|скільки|чим|який|яку|яке|які|кому|з\s+чим)\s+"
    r"(?:мені\s+|треба\s+|краще\s+)?(?!" + _NOT_INFINITIVES + r"(?!\w))"
    r"\w+(?:ити|іти|їти|ути|яти|вати|хати|сати|рати|жати|чати|шати|їсти|йти|тися|тись)(?!\w)"
    r"|^(?:який|яку|яке|які)\s+\w+\s+(?:купити|обрати|вибрати|взяти|замовити)(?!\w)"
    r"|(?<!\w)погод[аиу]\s+(?:в|у|на|завтра|сьогодні|зараз)(?!\w)|(?<!\w)яка\s+погода(?!\w)"
    r"|^погода(?!\w)|(?<!\w)чи\s+буде\s+(?:дощ|сніг|гроза|спека|мороз)(?!\w)"
    r"|\bпрогноз\s+погоди\b|\bпокроково\b|\bпоруч зі мною\b|(?<!\w)гороскоп\w*"
    r"|(?<!\w)розклад\s+(?:потяг|поїзд|автобус|електрич|маршрут)\w*"
    r"|(?<!\w)наступн\w*\s+(?:потяг|поїзд|автобус|електричк|маршрутк)\w*\s+(?:з|із|до|на)(?!\w)"
    r"|(?<!\w)(?:де|куди)\s+(?:можна\s+)?(?:купити|замовити|придбати)(?!\w)"
    r"|^(?:порадь\w*|порекомендуй\w*|переклади|напиши|придумай|склади|порахуй)(?!\w)"
    r"|(?<!\w)скільки\s+калорій(?!\w)|(?<!\w)скільки\s+буде\s+\d"
    r"|(?<!\w)котра\s+година(?!\w)"
    # Opening hours, a polling station's aside; a match's kick-off.
    r"|(?<!\w)(?:до\s+котрої\s+(?:години\s+)?(?:працю|відкрит|відчинен)"
    r"|об?\s+котрій\s+(?:годині\s+)?(?:відкрива|відчиня|зачиня|закрива))\w*(?!\w)"
    r"(?!\s+(?:виборч|дільниц))"
    r"|(?<!\w)об?\s+котрій\s+(?:годині\s+)?(?:почина|почне|старту)\w*\s+(?:матч|гра)"
    r"|^(?:розкажи)\s+(?:мені\s+)?(?:анекдот|жарт|казку)(?!\w)"
    r"|^як\s+(?:твої\s+)?справи\W*$"
    r"|^що\s+(?:мені\s+)?(?:подивитися|почитати|приготувати)(?!\w)"
)

_RUSSIAN = (
    r"^как\s+(?:мне\s+|можно\s+|нужно\s+|\w+о\s+)?(?!звать\b)\w+(?:ть|ти|чь|ться|тись)\b"
    r"|\bрецепт(?:ы|ов|а|у|ом)?\b"
    r"|^(?:что|где|куда|когда|сколько|чем|какой|какую|какое|какие|кому|с\s+чем)\s+"
    r"(?:мне\s+|нужно\s+|лучше\s+)?(?!" + _NOT_INFINITIVES + r"(?!\w))"
    r"\w+(?:ать|ять|еть|ить|уть|ыть|оть|чь|ться|тись|йти|зти|[нв]ести|[рн]асти)(?!\w)"
    r"|^(?:какой|какую|какое|какие)\s+\w+\s+(?:купить|выбрать|взять|заказать)(?!\w)"
    r"|(?<!\w)погод[аыу]\s+(?:в|во|на|завтра|сегодня|сейчас)(?!\w)|(?<!\w)какая\s+погода(?!\w)"
    r"|(?<!\w)будет\s+ли\s+(?:дождь|снег|гроза|жара|мороз)(?!\w)"
    r"|\bпрогноз\s+погоды\b|\bпошагов\w*|\bрядом со мной\b|(?<!\w)гороскоп\w*"
    r"|(?<!\w)расписание\s+(?:поезд|электрич|автобус|маршрут)\w*"
    r"|(?<!\w)следующ\w*\s+(?:поезд|автобус|электричк|маршрутк)\w*\s+(?:из|с|до|в|на)(?!\w)"
    r"|(?<!\w)где\s+(?:можно\s+)?(?:купить|заказать|приобрести)(?!\w)"
    r"|^(?:посоветуй\w*|порекомендуй\w*|переведи|напиши|придумай|составь|посчитай)(?!\w)"
    r"|(?<!\w)сколько\s+калорий(?!\w)|(?<!\w)сколько\s+будет\s+\d"
    r"|(?<!\w)который\s+час(?!\w)"
    r"|(?<!\w)(?:до\s+(?:скольки|которого\s+часа|какого\s+часа)\s+(?:работа|открыт)"
    r"|во\s+сколько\s+(?:открыва|закрыва))\w*(?!\w)(?!\s+(?:избират|участк))"
    r"|(?<!\w)во\s+сколько\s+(?:начина|начн|старту)\w*\s+(?:матч|игра)"
    r"|^(?:расскажи)\s+(?:мне\s+)?(?:анекдот|шутку|сказку)(?!\w)"
    r"|^как\s+(?:твои\s+)?дела\W*$"
    r"|^что\s+(?:мне\s+)?(?:посмотреть|почитать|приготовить)(?!\w)"
)

# Every English pattern says Latin words, every Ukrainian or Russian one Cyrillic words:
# a question is read only by those of the scripts it has (measured on the news questions:
# 40 µs a question, where the three patterns as one took 65).
_EVERYDAY_LATIN = re.compile(_ENGLISH)
_EVERYDAY_CYRILLIC = re.compile(f"{_UKRAINIAN}|{_RUSSIAN}")
_LATIN_LETTER = re.compile(r"[a-z]")
_CYRILLIC_LETTER = re.compile(r"[а-яіїєґ]")


@lru_cache(maxsize=64)
def is_everyday_request(question: str) -> bool:
    """Return whether a question asks for instructions, a recipe, a forecast, advice or
    small talk, not news. (Remembered for the last questions: answering one asks twice.)"""
    head = question_head(question)
    return bool(
        (_LATIN_LETTER.search(head) and _EVERYDAY_LATIN.search(head))
        or (_CYRILLIC_LETTER.search(head) and _EVERYDAY_CYRILLIC.search(head))
    )


# A message that is only a greeting or thanks ("привіт!", "як справи?", "thanks a lot 🙏",
# "спасибо, бот"): no question to search (the articles' "Hello, Goodbye" and "Спасибо
# моей семье" answered them). The transports reply in kind. (`retrieval.asking` takes a
# greeting off a question too.)
GREETINGS = (
    r"hi|hii+|hello|hey|hiya|howdy|greetings|good\s+(?:morning|afternoon|evening|day)"
    r"|привіт|привітик|вітаю|добрий\s+(?:день|ранок|вечір)|доброго\s+(?:дня|ранку|вечора)"
    r"|добридень|здрастуйте|здоровенькі\s+були|привет|приветик|приветствую|здравствуйте"
    r"|здравствуй|добрый\s+(?:день|вечер)|доброе\s+утро|доброго\s+(?:дня|утра|вечера)"
    r"|how\s+are\s+(?:you|u)|how\s+r\s+u|what['’]?s\s+up|як\s+(?:твої\s+)?справи"
    r"|как\s+(?:твои\s+)?дела|как\s+поживаешь"
)
_THANKS = (
    r"thanks|thank\s+you|thx|thank\s+u|ty|cheers|many\s+thanks|дякую|дякуємо|спасибі|дяки"
    r"|спасибо|спс|благодарю|большое\s+спасибо|щиро\s+дякую|дуже\s+дякую"
)
_ALONG = (
    r"there|bot|бот|боте|a\s+lot|so\s+much|very\s+much|again|вам|тобі|тебе|ще\s+раз"
    r"|еще\s+раз|ещё\s+раз|друже|друг|all|всім|всем|большое|огромное|велике|величезне|дуже"
)
_PLEASANTRY = re.compile(
    rf"[\W_]*(?:{GREETINGS}|{_THANKS})(?:[\s,!.]+(?:{GREETINGS}|{_THANKS}|{_ALONG}))*[\W_]*",
    re.IGNORECASE,
)
_THANKED = re.compile(rf"(?<!\w)(?:{_THANKS})(?!\w)", re.IGNORECASE)


# What `pleasantry` returns, which an answer's `refusal_rule` then is.
PLEASANTRIES = frozenset({"greeting", "thanks"})


def pleasantry(message: str) -> str | None:
    """Return "thanks" or "greeting" when a message is nothing else (emoji and
    punctuation aside), else None."""
    text = " ".join(message.split())
    if not _PLEASANTRY.fullmatch(text):
        return None
    return "thanks" if _THANKED.search(text) else "greeting"
