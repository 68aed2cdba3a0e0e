"""Names in a sentence (en, uk, ru): capitalised runs that don't only start the sentence,
cut where the script changes and where a title, a calendar word, an acronym or a place
stands before a person ("US President | George W Bush", "Турции | Андрея Карлова"),
extended over a Cyrillic name's lowercase words ("в Одеському оперному театрі"), and
«…» / "…" quotes. `retrieval.spans` makes them the person, name and place spans.
"""

from __future__ import annotations

import re

from retrieval.calendar_words import MONTHS, WEEKDAYS
from retrieval.caseless import caseless, fold

# A capitalised word (Latin or Cyrillic), an acronym, or a word with digits and capitals.
_CAP = r"(?:[A-ZА-ЯІЇЄҐЁ][\w'’.\-]*|[A-Z0-9]*[A-Z][A-Z0-9]+[\w\-]*)"
# Lowercase words a name may hold ("Republic of Ireland", "Університет ім. Шевченка").
PARTICLES = r"of|de|da|di|del|der|den|van|von|la|le|bin|ibn|al|el|y|і|и|ім\.|им\."
_JOIN = rf"(?:\s+(?:{PARTICLES})\s+|\s+|-|\s*/\s*)"
_NAME = re.compile(rf"(?<![\w'’]){_CAP}(?:{_JOIN}{_CAP})*")
_QUOTED = re.compile(r"«[^«»]{2,80}»|“[^“”]{2,80}”|\"[^\"]{2,80}\"|„[^„“”]{2,80}[“”]")
# Words that start sentences capitalised but are no names.
_CALENDAR = caseless(rf"^(?:{MONTHS}|{WEEKDAYS})$")
_JOINER = re.compile(r"\s|-|/")  # a name of more than one word
_TOKEN = re.compile(r"\S+")


def find_names(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) of every name in a sentence: capitalised runs cut into
    names, and «…» / "…" quotes."""
    out = []
    first = len(text) - len(text.lstrip(" \"'«„“(—–-"))
    for m in _NAME.finditer(text):
        for start, end in _pieces(text, *m.span()):
            word = text[start:end]
            if _CALENDAR.match(fold(word)):
                continue
            single = _JOINER.search(word) is None
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
    for w in _TOKEN.finditer(text[start:end]):
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
        for owned in _after_possessive(text, a, b)
        for piece in _after_acronym(text, *_after_calendar(text, *owned))
        for titled in _after_title(text, *piece)
        for cut in _before_first_name(text, *titled)
    ]


# A possessive before a person's two names, or ending a run, ends a name: "France's
# Nathalie Dechy" is "France" and the person; "the United Kingdom's flag" names "United
# Kingdom"; "Children's Hospital" stays one.
_POSSESSIVE = re.compile(r"['’]s?(?=\s|$)")


def _after_possessive(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a run of names after a possessive that two or more words follow, and drop a
    possessive ending."""
    for m in _POSSESSIVE.finditer(text, start, end):
        if m.start() == start or not text[m.start() - 1].isalpha():
            continue
        rest = text[m.end() : end]
        if not rest.strip():
            return [(start, m.start())]
        if len(rest.split()) >= 2:
            after = m.end() + len(rest) - len(rest.lstrip())
            return [(start, m.start()), *_after_possessive(text, after, end)]
    return [(start, end)]


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


def names_a_person(name: str) -> bool:
    """Return whether a name of two words or more opens with a common first name (in
    Cyrillic: "Олега Скрипки", "Марьяном Шарецом") and so names a person."""
    words = name.split()
    return len(words) >= 2 and _FIRST_NAME.fullmatch(words[0]) is not None


def named_as_place(text: str, start: int) -> bool:
    """Return whether the word right before a name says it is a place: "в городе
    Вильямсбург", "у селі Вороб'ївка", "the city of Leeds"."""
    return _PLACE_NOUN.search(text[max(0, start - 30) : start]) is not None


# A place's noun, in lowercase, right before its name (in any grammatical case), "of"
# allowed in English: capitalised, it is part of a name ("Islamic State", "River Thames").
_PLACE_NOUN = re.compile(
    r"(?<![\w'’-])(?:city|town|village|state|province|county|region|district|island|river|"
    r"lake|street|avenue)(?:\s+of)?\s+$"
    r"|(?<![\w'’-])(?:міст[оаіу]|містом|сел[оаіуе]|селом|селищ\w*|штат\w*|област\w*|"
    r"район\w*|річ(?:к|ц)\w*|рік[аиі]|вулиц\w*|остр[оі]в\w*|город\w*|посел[оё]к\w*|"
    r"поселк\w*|посёлк\w*|рек[аиеу]|улиц\w*)\s+$",
)


def _before_first_name(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a Cyrillic run of three or more words before a first name that is not its
    first word and has a word after it."""
    words = [(m.start(), m.end()) for m in _TOKEN.finditer(text[start:end])]
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
    r"Culture|Trade|Finance|Sports?|Attorney|Prime|Lord|Shadow|Emeritus|Assistant|Associate)\s+)*"
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
_CALENDAR_LEAD = caseless(rf"(?:(?:{MONTHS}|{WEEKDAYS})\.?\s+)+")


def _after_calendar(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a weekday or a month that leads a run of names ("Monday Prime Minister ...")."""
    m = _CALENDAR_LEAD.match(fold(text[start:end]))
    return (start + m.end(), end) if m and start + m.end() < end else (start, end)


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
    # What stands before the title is where they serve, without it: "US", "Microsoft".
    return [(start, _trim(text, start, last.start())), (person, end)]


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
