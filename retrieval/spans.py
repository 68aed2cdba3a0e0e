"""Find the spans of a sentence that could answer a kind of question (en, uk, ru).

- amounts: numbers (digits or number words) with approximators, multipliers and units;
- money: amounts with a currency sign or word;
- dates and times: days with months, months, years with "року/года", weekdays, seasons;
- names: capitalised sequences not at sentence start, initials, acronyms, «…» / "…" quotes;
- places: names after a locative preposition (in, at, near; в, у, на; в, во, на);
- reasons: the clause after a cause word (because, due to; через, бо; из-за, потому что).

Each span is (start, end) offsets into the sentence. Whether a span is new to the
question (not just its own words said back) is for the caller to judge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.kinds import Kind

_MONTHS_EN = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_MONTHS_UK = (
    "січ\\w*|лют\\w*|берез\\w*|квіт\\w*|травн\\w*|черв\\w*|лип\\w*|серп\\w*|верес\\w*|"
    "жовт\\w*|листопад\\w*|груд\\w*"
)
_MONTHS_RU = (
    "январ\\w*|феврал\\w*|март\\w*|апрел\\w*|ма[йяе]|июн\\w*|июл\\w*|август\\w*|сентябр\\w*|"
    "октябр\\w*|ноябр\\w*|декабр\\w*"
)
_MONTHS = f"(?:{_MONTHS_EN}|{_MONTHS_UK}|{_MONTHS_RU})"
_WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    "понеділ\\w*|вівтор\\w*|серед[аиу]|четвер\\w*|п['’]ятниц\\w*|субот\\w*|неділ\\w*|"
    "понедельник\\w*|вторник\\w*|сред[аыу]|четверг\\w*|пятниц\\w*|воскресень\\w*"
)
_SEASONS = (
    "spring|summer|autumn|fall|winter|весною|навесні|влітку|восени|взимку|весной|летом|"
    "осенью|зимой|весни|літа|осені|зими|весны|лета|осени|зимы"
)
_YEAR_WORD = "року|році|рік|роки|р\\.|года|году|год|гг?\\."
_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b\.?(?:,?\s+\d{{4}}(?:\s+(?:{_YEAR_WORD}))?)?"
    rf"|\b{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
    rf"|\b{_MONTHS}\s+(?:of\s+)?\d{{4}}(?:\s+(?:{_YEAR_WORD}))?"
    rf"|\b(?:(?:в|у|во|in)\s+)?(?:1\d|20)\d{{2}}(?:\s*[-–]\s*(?:1\d|20)?\d{{2}})?(?:\s+(?:{_YEAR_WORD}))"
    rf"|\b(?:19|20)\d{{2}}\b"
    # An earlier year only after a word that dates it ("in 1795", "з 1835"): a bare 1500
    # is as likely a count.
    rf"|\b(?:(?:в|у|in)\s+)?(?:the\s+)?(?:1\d|20)\d0s\b"
    rf"|\b(?:(?:в|у)\s+)?(?:1\d|20)\d0-(?:х|і|ті|ые|ых|их)\b(?:\s+(?:рок\w*|год\w*))?"
    rf"|\b(?:in|since|by|from|until|of|в|у|с|з|із|из|від|от|до)\s+1\d{{3}}\b(?![-–%]|\s*%)"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)\s+century\b|\b[XVI]{{1,5}}\s+(?:столітт\w*|ст\.|век\w*|в\.)"
    rf"|\b(?:в|у|in)\s+{_MONTHS}\b"
    rf"|\b(?:{_WEEKDAYS})\b"
    rf"|\b(?:{_SEASONS})(?:\s+(?:of\s+)?\d{{4}}(?:\s+(?:{_YEAR_WORD}))?)?\b"
    rf"|\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}\b"
    rf"|\b\d{{1,2}}[:.]\d{{2}}\s*(?:am|pm|a\.m\.|p\.m\.|gmt|bst|utc)?(?![\d:])"
    rf"|\b\d{{1,2}}\s*(?:am|pm|a\.m\.|p\.m\.)\b"
    rf"|\b(?:midnight|noon|midday)\b(?:\s+on\s+\d{{1,2}}\s+{_MONTHS})?"
    rf"|\b(?:through|після|после|через)\s+\w+\s+(?:days?|weeks?|months?|years?|"
    rf"дн\w*|тиж\w*|недел\w*|місяц\w*|месяц\w*|рок\w*|лет)\b",
    re.IGNORECASE,
)

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    "eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|dozen|"
    "dozens|half|"
    "один|одна|одне|одного|два|дві|двох|три|трьох|чотири|чотирьох|п['’]ять|шість|сім|вісім|"
    "дев['’]ять|десять|десятьох|одинадцять|дванадцять|двадцять|тридцять|сорок|п['’]ятдесят|"
    "сто|двісті|тисяча|тисячі|тисяч|десятки|сотні|сотень|кілька|половина|"
    "одно|две|двух|трех|четыре|четырех|пять|шесть|семь|восемь|девять|десяти|"
    "одиннадцать|двенадцать|двадцать|тридцать|пятьдесят|двести|тысяча|тысячи|тысяч|"
    "десятки|сотни|несколько|половина|полтора|полторы|"
    # oblique forms: "около двадцати тысяч", "близько двадцяти тисяч"
    "пяти|шести|семи|восьми|девяти|двадцати|тридцати|сорока|пятидесяти|ста|сотен|"
    "п['’]яти|дев['’]яти|двадцяти|тридцяти|п['’]ятдесяти|тисячі|мільйона|мільйонів|"
    "миллиона|миллионов|тысячи"
)
_MULTIPLIERS = (
    "million|millions|billion|billions|trillion|thousand|thousands|bn|m|k|mln|"
    "тис\\.|тисяч\\w*|млн\\.?|мільйон\\w*|млрд\\.?|мільярд\\w*|"
    "тыс\\.|тысяч\\w*|миллион\\w*|миллиард\\w*"
)
_CURRENCY_SIGN = r"(?:US\$|A\$|C\$|HK\$|\$|£|€|¥|₴|₽)"
_CURRENCY_WORD = (
    "dollars?|pounds?|euros?|pence|p|yen|roubles?|rubles?|hryvni?as?|cents?|"
    "грн\\.?|гривен\\w*|гривн\\w*|доларів|долар\\w*|євро|фунт\\w*|рубл\\w*|"
    "долларов|доллар\\w*|евро|стерлинг\\w*|копі\\w*|коп\\w*"
)
_UNITS = (
    "%|per\\s*cent|percent|percentage points?|points?|km|kilometres?|kilometers?|miles?|"
    "metres?|meters?|m|cm|kg|tonnes?|tons?|hectares?|ha|years?|months?|weeks?|days?|hours?|"
    "minutes?|times|goals?|votes?|seats?|"
    "відсот\\w*|процент\\w*|пункт\\w*|км|кілометр\\w*|километр\\w*|метр\\w*|м|см|кг|тонн\\w*|"
    "гектар\\w*|га|рок\\w*|років|лет|год\\w*|місяц\\w*|месяц\\w*|тижн\\w*|недел\\w*|"
    "дн\\w*|годин\\w*|час\\w*|хвилин\\w*|минут\\w*|раз\\w*|голос\\w*|осіб|особи|людей|"
    "человек|чоловік"
)
_APPROX = (
    "about|around|nearly|almost|over|more than|less than|fewer than|up to|at least|some|"
    "roughly|approximately|близько|майже|понад|більше|менше|щонайменше|приблизно|"
    "около|почти|более|свыше|менее|не менее|примерно|порядка"
)
_NUM = r"(?:\d+(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)*)"
_AMOUNT = re.compile(
    rf"(?:\b(?:{_APPROX})\s+)?"
    rf"(?:{_CURRENCY_SIGN}\s?)?"
    rf"(?:{_NUM}|\b(?:{_NUMBER_WORDS})\b)"
    rf"(?:(?:\s?|-)(?:{_MULTIPLIERS})\b)?"
    rf"(?:\s?(?:{_UNITS}|{_CURRENCY_WORD})(?=[^\w]|$))?"
    rf"(?:\s?[:–-]\s?\d+\b)?",
    re.IGNORECASE,
)
# A number that is part of a calendar date is no amount: "8" of "8 серпня", "2013 года".
_CALENDAR_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b"
    rf"|\b{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
    rf"|\b(?:1\d|20)\d{{2}}(?:\s*[-–]\s*(?:1\d|20)?\d{{2}})?\s+(?:{_YEAR_WORD})"
    rf"|\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}\b|\b\d{{1,2}}:\d{{2}}(?![\d:])",
    re.IGNORECASE,
)
# One amount said in parts: a multiplier, then more digits ("1 мільйон 254 тисяч").
_COMPOUND = re.compile(r"[ \u00a0]")
_ENDS_IN_MULTIPLIER = re.compile(rf"(?:{_MULTIPLIERS})$", re.IGNORECASE)
_PART_MARK = re.compile(rf"\d\s?(?:{_MULTIPLIERS}|{_CURRENCY_WORD})\b", re.IGNORECASE)
_MONEY_MARK = re.compile(rf"{_CURRENCY_SIGN}|\b(?:{_CURRENCY_WORD})\b|\d\s?p\b", re.IGNORECASE)

# A capitalised word (Latin or Cyrillic), an acronym, or a word with digits and capitals.
_CAP = r"(?:[A-ZА-ЯІЇЄҐЁ][\w'’.\-]*|[A-Z0-9]*[A-Z][A-Z0-9]+[\w\-]*)"
_PARTICLES = r"of|de|da|di|del|der|den|van|von|la|le|bin|ibn|al|el|y|і|и|ім\.|им\."
_JOIN = rf"(?:\s+(?:{_PARTICLES})\s+|\s+|-|\s*/\s*)"
_NAME = re.compile(rf"(?<![\w'’]){_CAP}(?:{_JOIN}{_CAP})*")
_QUOTED = re.compile(r"«[^«»]{2,80}»|“[^“”]{2,80}”|\"[^\"]{2,80}\"|„[^„“”]{2,80}[“”]")
_LOCATIVE = re.compile(
    r"\b(in|at|near|from|to|outside|inside|into|off|across|visit\w*|відвіда\w*|посети\w*|"
    r"в|у|на|біля|поблизу|під|до|з|із|поряд з|"
    r"во|около|возле|под|из|вблизи|рядом с)\s+(?:the\s+)?(?:[a-zа-яіїєґё\-]+\s+){0,2}$",
    re.IGNORECASE,
)
_REASON = re.compile(
    r"\b(?:because(?:\s+of)?|due to|owing to|on account of|as a result of|thanks to|"
    r"(?:caused|prompted|triggered|sparked|driven|motivated|forced)\s+by|"
    r"in (?:response|reaction|protest) (?:to|at|against)|"
    r"after|following|amid|despite|"
    r"(?:led|leads|lead|leading)\s+to|result(?:ed|s)?\s+in|meant|means|"
    r"(?:died?|dies|dying|death)\s+(?:of|from)|"
    r"(?:ban|banned|fined|fine|sacked|jailed|suspended|suspension|arrested|charged|"
    r"convicted|sentenced|punished|blamed|criticised|criticized|sued)\s+(?:\w+\s+)?(?:for|over)|"
    r"(?:ruled out|sidelined|out)\s+(?:\w+\s+){0,3}(?:with|by|after)|"
    r"(?:the\s+)?cause\s+(?:of\s+(?:death|the\s+\w+)\s+)?(?:was|is)|"
    r"причин\w*\s+(?:смерт\w*|загибел\w*|гибел\w*|стал\w*|було|был\w*|є|является)|"
    r"через|бо|оскільки|тому що|адже|внаслідок|у зв['’]язку з|з огляду на|завдяки|після|"
    r"на тлі|спричинен\w*|викликан\w*|"
    r"(?:помер|померла|померли|загинув|загинула)\s+(?:від|через)|"
    r"из-за|потому что|так как|поскольку|в связи с|вследствие|благодаря|после|на фоне|"
    r"вызван\w*|"
    r"(?:умер|умерла|умерли|скончал\w*|погиб\w*)\s+(?:от|из-за|в|во))\b"
    r"\s+[^.;:!?]{3,90}",
    re.IGNORECASE,
)
# A sentence that opens with a locative preposition: "В Новой Зеландии умер король".
_LEADING_PLACE = re.compile(r"^\W*(?:In|At|Near|From|В|У|На|Біля|Во|Около|Возле|Из)\s+$")
# Words that start sentences capitalised but are no names.
_CALENDAR = re.compile(rf"^(?:{_MONTHS}|{_WEEKDAYS})$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a sentence that may answer the question."""

    start: int
    end: int
    kind: Kind


def _names(text: str) -> list[tuple[int, int]]:
    out = []
    first = len(text) - len(text.lstrip(" \"'«„“(—–-"))
    for m in _NAME.finditer(text):
        for start, end in _pieces(text, *m.span()):
            word = text[start:end]
            if _CALENDAR.match(word):
                continue
            single = not re.search(r"\s|-|/", word)
            if start == first and single and not word.isupper():
                continue  # a capital that only starts the sentence
            end = _genitive_tail(text, _noun_phrase_end(text, start, end))
            word = text[start:end]
            if len(word) < 2 and not word.isupper():
                continue
            out.append((start, end))
    for m in _QUOTED.finditer(text):
        out.append((m.start() + 1, m.end() - 1))
    return out


_LEADING_STOP = re.compile(
    r"^(?:The|A|An|In|At|On|From|To|By|Of|For|With|And|But|As|Before|After|During|Since|"
    r"Under|Until|When|While|Although|Though|If|Despite|Following|Like|Unlike|Upon|Over|"
    r"Between|Among|Against|Through|Throughout|Without|Within|Also|Then|However|"
    r"Meanwhile|Yesterday|Today|"
    r"В|У|На|З|Із|До|Від|Біля|І|Та|А|Але|Після|Під|Коли|Якщо|Хоча|Також|Вчора|Сьогодні|"
    r"Во|Из|От|Под|И|Но|После|Когда|Если|Хотя|Также|Вчера|Сегодня)\s+"
)


# Ukrainian and Russian adjective endings: a capitalised adjective starts a name whose
# head noun follows in lowercase ("в Одеському оперному театрі", "Окружной суд").
_ADJECTIVE = re.compile(
    r"(?:ому|ого|ий|ій|ої|ый|ая|ое|ие|ые|ых|ском|ской|ським|ській|ськ\w+|цьк\w+)$"
)
_LOWER_WORD = re.compile(r"\s+([а-яіїєґё'’-]+)")


def _noun_phrase_end(text: str, start: int, end: int) -> int:
    """Extend a Cyrillic name of adjectives over its lowercase head noun ("Одеському
    оперному театрі"); a person's surname is no adjective of what follows ("Володимир
    Зеленський заявив")."""
    words = text[start:end].split()
    last = words[-1] if words else ""
    if not _ADJECTIVE.search(last) or not _cyrillic(last[:1]):
        return end
    if not all(_ADJECTIVE.search(w) for w in words) or _FIRST_NAME.fullmatch(words[0]):
        return end  # "Андрій Садовий" is a person
    for _ in range(3):  # more adjectives, then the noun
        m = _LOWER_WORD.match(text, end)
        if m is None:
            return end
        end = m.end()
        if not _ADJECTIVE.search(m.group(1)):
            return end
    return end


# A Cyrillic institution's name goes on in lowercase genitives, and "named after" someone:
# "в Інституті отоларингології ім. професора Коломійченка", "в Доме офицеров".
_GENITIVE = re.compile(r"\s+([а-яіїєґё'’-]+(?:ії|ія|ів|їв|ов|ев|ей|ей|ств))(?![\w'’])")
_NAMED_AFTER = re.compile(
    r"\s+(?:ім\.|імені|им\.|имени)\s+(?:[а-яіїєґё'’-]+\s+)?[А-ЯІЇЄҐЁ][\w'’-]+(?:\s+[А-ЯІЇЄҐЁ][\w'’-]+)?"
)


def _cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff"


def _genitive_tail(text: str, end: int) -> int:
    """Extend a Cyrillic name over lowercase genitives and an "ім." dedication."""
    last = text[:end].rsplit(None, 1)[-1]
    if not _cyrillic(last[:1]) or not last[:1].isupper() or _ADJECTIVE.search(last):
        return end
    extended = end
    for _ in range(2):
        m = _GENITIVE.match(text, extended)
        if m is None:
            break
        extended = m.end()
    if extended == end:
        return end
    named = _NAMED_AFTER.match(text, extended)
    return named.end() if named else extended


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a run of capitalised words into names.

    A capitalised preposition or article that starts a sentence is no part of the name
    ("В Новой Зеландии" → "Новой Зеландии"), and a name does not change script
    ("REGNUM Профсоюз Forsa" is three).
    """
    while end > start and text[end - 1] in ".-/ ":
        end -= 1
    lead = _LEADING_STOP.match(text, start, end)
    if lead:
        start = lead.end()
    pieces: list[tuple[int, int]] = []
    begin = start
    script = None
    for w in re.finditer(r"\S+", text[start:end]):
        letters = [ch for ch in w.group() if ch.isalpha()]
        latin = bool(letters) and all(ch < "\u0250" for ch in letters)
        if script is not None and latin != script:
            piece_end = start + w.start()
            pieces.append((begin, _trim(text, begin, piece_end)))
            begin = piece_end
        script = latin
    if end > begin:
        pieces.append((begin, end))
    return [
        cut
        for a, b in pieces
        if b > a
        for piece in _after_acronym(text, *_after_calendar(text, a, b))
        for titled in _after_title(text, *piece)
        for cut in _before_first_name(text, *titled)
    ]


# Common first names in Cyrillic, by stem (any case: "Андрея", "Джона", "Олені"). A run
# of capitalised words that reaches one after its first word holds a place or a body
# before the person ("посла в Турции Андрея Карлова", "мэр Львова Андрій Садовий").
_FIRST_NAME = re.compile(
    r"(?:Александр|Олександр|Алексе|Олекс|Анатол|Андре|Андрі|Антон|Аркад|Арсен|Арт[её]м|"
    r"Богдан|Борис|Вадим|Валентин|Валер|Васил|Віктор|Виктор|Витал|Вітал|Владимир|Володимир|"
    r"Владислав|Вячеслав|В['’]ячеслав|Геннад|Георг|Глеб|Гліб|Григор|Дани|Денис|Дмитр|"
    r"Евген|Євген|Егор|Єгор|Иван|Іван|Игор|Ігор|Илья|Іллі|Илье|Ілля|Кирил|Константин|"
    r"Костянтин|Леонид|Леонід|Максим|Михаил|Михайл|Микол|Никит|Никола|Олег|Павел|Павл|"
    r"П[её]тр|Петр|Роман|Руслан|Серге|Сергі|Станислав|Станіслав|Степан|Тарас|Тимур|"
    r"Ф[её]дор|Федір|Юри|Юрі|Ярослав|"
    r"Алл|Анастаси|Анастасі|Анн|Валентин|Вер|Виктори|Вікторі|Галин|Дарь|Дар['’]|"
    r"Екатерин|Катерин|Елен|Олен|Ирин|Ірин|Людмил|Мари|Марі|Марин|Надежд|Наді|Натал|"
    r"Нин|Оксан|Ольг|Светлан|Світлан|Татьян|Тетян|Юли|Юлі|"
    r"Джо|Джон|Джордж|Джеймс|Джим|Дональд|Барак|Билл|Білл|Ларри|Ларрі|Майкл|Марк|Роберт|"
    r"Ричард|Річард|Д[эе]вид|Девід|Д[эе]ниел|Томас|Питер|Пітер|Пол|Стив|Стів|Тереза|"
    r"Тереза|Хиллари|Гілларі|Ангел|Эмманюэл|Еммануел|Камал|Н[эе]нси|Уильям|Вільям|"
    r"Чарльз|Генри|Генрі|Франсуа|Жан|Пь?ер|Йенс|Ханс|Мишел|Мішел)[а-яіїєґё'’]{0,3}"
)


def _before_first_name(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a Cyrillic run of three or more words before a first name that is not its
    first word and has a word after it."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[start:end])]
    if len(words) < 3 or not _cyrillic(text[start : start + 1]):
        return [(start, end)]
    for i in range(1, len(words) - 1):
        a, b = words[i]
        if _FIRST_NAME.fullmatch(text, start + a, start + b):
            return [(start, _trim(text, start, start + words[i - 1][1])), (start + a, end)]
    return [(start, end)]


# A capitalised title before a person's name is what they are, not who ("US President
# George W Bush", "Microsoft CEO Satya Nadella", "Prime Minister Tony Blair").
_TITLE = re.compile(
    r"(?<![\w'’])(?:(?:Vice|Deputy|Acting|Former|Chief|Foreign|Home|Defence|Defense|Health|"
    r"Culture|Trade|Finance|Sports?|Attorney|Prime|Lord|Shadow)\s+)*"
    r"(?:President|Minister|Chancellor|Secretary|Senator|Governor|Mayor|Judge|Justice|"
    r"King|Queen|Prince|Princess|Pope|Cardinal|Archbishop|Bishop|General|Colonel|Captain|"
    r"Admiral|Commander|Inspector|Detective|Executive|CEO|Chairman|Chairwoman|Director|"
    r"Commissioner|Ambassador|Coach|Manager|Leader|Speaker|Spokesman|Spokeswoman|"
    r"Professor|Dr|Mr|Mrs|Ms)\.?(?![\w'’])"
    # Cyrillic titles are lowercase but at the start of a sentence: "Історик Ярослав
    # Грицак", "Экономист Томас Пикетти".
    r"|(?<![\w'’])(?:Президент|Прем['’]єр|Премьер|Міністр|Министр|Глава|Голова|Керівник|"
    r"Руководитель|Директор|Посол|Суддя|Судья|Мер|Мэр|Губернатор|Депутат|Спікер|Спикер|"
    r"Історик|Историк|Економіст|Экономист|Експерт|Эксперт|Аналітик|Аналитик|Журналіст|"
    r"Журналист|Лідер|Лидер|Канцлер|Король|Королева|Принц|Тренер|Капітан|Капитан|Співак|"
    r"Співачка|Певец|Певица|Актор|Актер|Актриса|Режисер|Режиссер|Письменник|Писатель|"
    r"Поет|Поэт|Художник|Професор|Профессор|Академік|Академик|Доктор|Пан|Пані|Речник|"
    r"Представник|Представитель|Прокурор|Генпрокурор|Адвокат|Юрист|Політолог|Политолог|"
    r"Нападник|Нападающий|Захисник|Защитник|Воротар|Вратарь|Боксер|Чемпіон|Чемпион)"
    r"(?:-міністр|-министр)?(?![\w'’])"
)
_CALENDAR_LEAD = re.compile(rf"(?:(?:{_MONTHS}|{_WEEKDAYS})\.?\s+)+", re.IGNORECASE)


def _after_calendar(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a weekday or a month that leads a run of names ("Monday Prime Minister ...")."""
    m = _CALENDAR_LEAD.match(text, start, end)
    return (m.end(), end) if m and m.end() < end else (start, end)


def _after_title(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a run after its last title that two or more capitalised words follow."""
    for last in reversed(list(_TITLE.finditer(text, start, end))):
        rest = text[last.end() : end]
        words = rest.split()
        if len(words) >= 2 and all(w[:1].isupper() for w in words):
            break
    else:
        return [(start, end)]
    person = last.end() + len(rest) - len(rest.lstrip())
    if last.start() == start:
        return [(person, end)]
    return [(start, _trim(text, start, last.end())), (person, end)]


# A Cyrillic acronym before a person's two names is where they serve ("президент США
# Дональд Трамп", "глава МИД РФ Сергей Лавров"): the person is the name.
_ACRONYM_BEFORE_NAME = re.compile(
    r"(?<!\S)(?:[А-ЯІЇЄҐЁ]{2,5}\s+)+"
    r"(?=[А-ЯІЇЄҐЁ][а-яіїєґё'’-]+\s+[А-ЯІЇЄҐЁ][а-яіїєґё'’-]+(?:\s|[,.;:!?»)]|$))"
)


def _after_acronym(text: str, start: int, end: int) -> list[tuple[int, int]]:
    m = _ACRONYM_BEFORE_NAME.search(text, start, end)
    if m is None:
        return [(start, end)]
    return [(start, _trim(text, start, m.end())), (m.end(), end)]


def _trim(text: str, start: int, end: int) -> int:
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in "'’"):
        end -= 1
    return end


# "two years ago", "п'ять років тому", "3 года назад", "66 million years ago".
_AGO = re.compile(
    rf"(?<!\w)(?:\d[\d,.]*|{_NUMBER_WORDS}|a|an|a few|several|кілька|несколько)"
    rf"(?:\s+(?:million|thousand|мільйон\w*|тисяч\w*|миллион\w*|тысяч\w*))?\s+"
    rf"(?:years?|months?|weeks?|days?|decades?|centuries|рок\w*|років|місяц\w*|тиж\w*|дн\w*|"
    rf"лет|год\w*|месяц\w*|недел\w*)\s+(?:ago|тому|назад)(?!\w)",
    re.IGNORECASE,
)
_NUMBER_WORD = re.compile(rf"\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE)


def says_a_number(piece: str) -> bool:
    """Return whether a piece holds a number, in digits or in words ("два", "three")."""
    return any(ch.isdigit() for ch in piece) or _NUMBER_WORD.search(piece) is not None


def after_locative(text: str, start: int) -> bool:
    """Return whether the words before `start` place it ("in", "at", "в", "біля", "около").

    "з"/"із" with a name in the instrumental is company, not a place: "з потужним Крейгом
    Бейкером" (with), against "з Києва" (from).
    """
    m = _LOCATIVE.search(text[max(0, start - 40) : start])
    if m is not None and m.group(1).casefold() in ("з", "із"):
        word = _NEXT_WORD.match(text, start)
        if word is not None and _INSTRUMENTAL.search(word.group()):
            return False
    return bool(m or _LEADING_PLACE.search(text[:start]))


_NEXT_WORD = re.compile(r"[^\W\d_]+")
_INSTRUMENTAL = re.compile(r"(?:ом|ем|єм|ою|ею|єю|ами|ями)$")


def find_spans(text: str, kind: Kind) -> list[Span]:
    """Return the spans of `text` that could answer a question of `kind`, in order."""
    found: list[tuple[int, int]] = []
    if kind in (Kind.AMOUNT, Kind.MONEY):
        dates = [m.span() for m in _CALENDAR_DATE.finditer(text)]
        amounts: list[tuple[int, int]] = []
        for m in _AMOUNT.finditer(text):
            piece = m.group(0)
            if not says_a_number(piece):
                continue
            if re.fullmatch(r"(?:19|20)\d{2}", piece.strip()):
                continue  # a bare year is a date, not an amount
            if any(s <= m.start() and m.end() <= e for s, e in dates):
                continue
            if (
                amounts
                and _COMPOUND.fullmatch(text, amounts[-1][1], m.start())
                and _ENDS_IN_MULTIPLIER.search(text, amounts[-1][0], amounts[-1][1])
                and _PART_MARK.search(m.group(0))
            ):
                amounts[-1] = (amounts[-1][0], m.end())  # "2 мільйони 300 тисяч гривень"
                continue
            amounts.append(m.span())
        found = [
            (a, b)
            for a, b in amounts
            if kind is not Kind.MONEY or _MONEY_MARK.search(text, a, b) is not None
        ]
    elif kind is Kind.DATE:
        found = [m.span() for m in _DATE.finditer(text)]
        found += [m.span() for m in _AGO.finditer(text)]
    elif kind in (Kind.PERSON, Kind.NAME):
        found = _names(text)
    elif kind is Kind.PLACE:
        found = [(s, e) for s, e in _names(text) if after_locative(text, s)]
    elif kind is Kind.REASON:
        found = [m.span() for m in _REASON.finditer(text)]
    return [Span(s, e, kind) for s, e in _merge(found)]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort spans and merge overlapping ones."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
