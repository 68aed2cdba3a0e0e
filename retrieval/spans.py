"""Find the spans of a sentence that could answer a kind of question (en, uk, ru).

- amounts: numbers (digits or number words) with approximators, multipliers and units;
- money: amounts with a currency sign or word;
- dates and times: days with months, months, years with "року/года", weekdays, seasons;
- names: capitalised sequences not at sentence start, initials, acronyms, «…» / "…" quotes
  (`retrieval.names`);
- places: names after a locative preposition (in, at, near; в, у, на; в, во, на);
- reasons: the clause after a cause word (because, due to; через, бо; из-за, потому что).

Each span is (start, end) offsets into the sentence. Whether a span is new to the
question (not just its own words said back) is for the caller to judge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.calendar_words import MONTHS, SEASONS, WEEKDAYS, YEAR_WORD
from retrieval.caseless import caseless, fold
from retrieval.kinds import Kind
from retrieval.names import find_names

_DATE = caseless(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}\b\.?(?:,?\s+\d{{4}}(?:\s+(?:{YEAR_WORD}))?)?"
    rf"|\b{MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
    rf"|\b{MONTHS}\s+(?:of\s+)?\d{{4}}(?:\s+(?:{YEAR_WORD}))?"
    rf"|\b(?:(?:в|у|во|in)\s+)?(?:1\d|20)\d{{2}}(?:\s*[-–]\s*(?:1\d|20)?\d{{2}})?(?:\s+(?:{YEAR_WORD}))"
    rf"|\b(?:19|20)\d{{2}}\b"
    # An earlier year only after a word that dates it ("in 1795", "з 1835"): a bare 1500
    # is as likely a count.
    rf"|\b(?:(?:в|у|in)\s+)?(?:the\s+)?(?:1\d|20)\d0s\b"
    rf"|\b(?:(?:в|у)\s+)?(?:1\d|20)\d0-(?:х|і|ті|ые|ых|их)\b(?:\s+(?:рок\w*|год\w*))?"
    rf"|\b(?:in|since|by|from|until|of|в|у|с|з|із|из|від|от|до)\s+1\d{{3}}\b(?![-–%]|\s*%)"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)\s+century\b|\b[XVI]{{1,5}}\s+(?:столітт\w*|ст\.|век\w*|в\.)"
    rf"|\b(?:в|у|in)\s+{MONTHS}\b"
    rf"|\b(?:{WEEKDAYS})\b"
    rf"|\b(?:{SEASONS})(?:\s+(?:of\s+)?\d{{4}}(?:\s+(?:{YEAR_WORD}))?)?\b"
    rf"|\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}\b"
    rf"|\b\d{{1,2}}[:.]\d{{2}}\s*(?:am|pm|a\.m\.|p\.m\.|gmt|bst|utc)?(?![\d:])"
    rf"|\b\d{{1,2}}\s*(?:am|pm|a\.m\.|p\.m\.)\b"
    rf"|\b(?:midnight|noon|midday)\b(?:\s+on\s+\d{{1,2}}\s+{MONTHS})?"
    rf"|\b(?:through|після|после|через)\s+\w+\s+(?:days?|weeks?|months?|years?|"
    rf"дн\w*|тиж\w*|недел\w*|місяц\w*|месяц\w*|рок\w*|лет)\b",
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
    "миллиона|миллионов|тысячи|"
    # instrumental and dative: "перехватил четырьмя", "з трьома", "двум"
    "двумя|тремя|четырьмя|пятью|шестью|семью|восемью|девятью|десятью|двум|трем|трём|"
    "четырем|четырём|двома|трьома|чотирма|п['’]ятьма|шістьма|сьома|вісьма|десятьма|"
    "двом|трьом|чотирьом|трёх|четырёх|"
    # collective numerals: "задержаны четверо", "загинули п'ятеро"
    "двое|трое|четверо|пятеро|шестеро|семеро|двоих|троих|четверых|пятерых|"
    "двоє|троє|п['’]ятеро|п['’]ятьох|шістьох|сімох"
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
    "долларов|доллар\\w*|евро|стерлинг\\w*|копі\\w*|коп\\w*|"
    "francs?|yuan|zloty|zlotys|leva|rupees?|shekels?|kronor|kroner|"
    "франк\\w*|юан\\w*|злот\\w*|лев(?:ов|ів|а)|рупі\\w*|рупи\\w*|шекел\\w*|крон\\w*|єн|иен"
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
# What after a number makes it an amount: a currency, a multiplier or a unit
# (`retrieval.numbered` tells a numbered name, "iphone 16", from an amount, "16 GB").
AMOUNT_AFTER_NUMBER = rf"{_CURRENCY_SIGN}|(?:{_MULTIPLIERS}|{_UNITS}|{_CURRENCY_WORD})(?!\w)"
_APPROX = (
    "about|around|nearly|almost|over|more than|less than|fewer than|up to|at least|some|"
    "roughly|approximately|близько|майже|понад|більше|менше|щонайменше|приблизно|"
    "около|почти|более|свыше|менее|не менее|примерно|порядка"
)
_NUM = r"(?:\d+(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)*)"
_AMOUNT = caseless(
    rf"(?:\b(?:{_APPROX})\s+)?"
    rf"(?:{_CURRENCY_SIGN}\s?)?"
    rf"(?:{_NUM}|\b(?:{_NUMBER_WORDS})\b)"
    # A range's second number before its multiplier or unit: "2-3 тисячі", "5–6 people".
    rf"(?:\s?[–-]\s?\d+(?:[.,]\d+)?(?=\s?(?:{_MULTIPLIERS}|{_UNITS})(?!\w)))?"
    rf"(?:(?:\s?|-)(?:{_MULTIPLIERS})(?!\w))?"
    rf"(?:\s?(?:{_UNITS}|{_CURRENCY_WORD})(?=[^\w]|$))?"
    rf"(?:\s?[:–-]\s?\d+\b)?",
)
# A number that is part of a calendar date is no amount: "8" of "8 серпня", "2013 года".
_CALENDAR_DATE = caseless(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}\b"
    rf"|\b{MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
    rf"|\b(?:1\d|20)\d{{2}}(?:\s*[-–]\s*(?:1\d|20)?\d{{2}})?\s+(?:{YEAR_WORD})"
    rf"|\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}\b|\b\d{{1,2}}:\d{{2}}(?![\d:])",
)
# One amount said in parts: a multiplier, then more digits ("1 мільйон 254 тисяч").
_COMPOUND = re.compile(r"[ \u00a0]")
_BARE_YEAR = re.compile(r"(?:19|20)\d{2}(?:\s?[-–—]\s?(?:19|20)?\d{2})?")  # or a span of years
_ENDS_IN_MULTIPLIER = caseless(rf"(?:{_MULTIPLIERS})$")
_PART_MARK = caseless(rf"\d\s?(?:{_MULTIPLIERS}|{_CURRENCY_WORD})\b")
_MONEY_MARK = caseless(rf"{_CURRENCY_SIGN}|\b(?:{_CURRENCY_WORD})\b|\d\s?p\b")

_LOCATIVE = caseless(
    r"\b(in|at|near|from|to|outside|inside|into|off|across|visit\w*|відвіда\w*|посети\w*|"
    r"в|у|на|біля|поблизу|під|до|з|із|поряд з|"
    r"во|около|возле|под|из|вблизи|рядом с)\s+(?:the\s+)?(?:[a-zа-яіїєґё\-]+\s+){0,2}$",
)
_REASON = caseless(
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
    r"(?:умер|умерла|умерли|скончал\w*|погиб\w*)\s+(?:от|из-за|в|во)|"
    # Grounds and grievances: "Основанием для лишения ... называют", "недовольны сокращениями".
    r"on the grounds (?:of|that)|grounds for|(?:protest\w*|strik\w*)\s+(?:against|over)|"
    r"unhappy (?:with|about)|"
    r"підстав\w*\s+(?:для|стал\w*|є)|незадоволен\w*|протесту\w*\s+проти|"
    r"основани\w*\s+(?:для|стал\w*|является|послужил\w*)|недовольн\w*|протесту\w*\s+против)\b"
    r"\s+[^.;:!?]{3,90}",
)
# A sentence that opens with a locative preposition: "В Новой Зеландии умер король".
_LEADING_PLACE = re.compile(r"^\W*(?:In|At|Near|From|В|У|На|Біля|Во|Около|Возле|Из)\s+$")


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a sentence that may answer the question."""

    start: int
    end: int
    kind: Kind


# "two years ago", "п'ять років тому", "3 года назад", "66 million years ago".
_AGO = caseless(
    rf"(?<!\w)(?:\d[\d,.]*|{_NUMBER_WORDS}|a|an|a few|several|кілька|несколько)"
    rf"(?:\s+(?:million|thousand|мільйон\w*|тисяч\w*|миллион\w*|тысяч\w*))?\s+"
    rf"(?:years?|months?|weeks?|days?|decades?|centuries|рок\w*|років|місяц\w*|тиж\w*|дн\w*|"
    rf"лет|год\w*|месяц\w*|недел\w*)\s+(?:ago|тому|назад)(?!\w)",
)
_NUMBER_WORD = caseless(rf"\b(?:{_NUMBER_WORDS})\b")


def says_a_number(piece: str) -> bool:
    """Return whether a piece holds a number, in digits or in words ("два", "three")."""
    return any(ch.isdigit() for ch in piece) or _NUMBER_WORD.search(fold(piece)) is not None


def after_locative(text: str, start: int) -> bool:
    """Return whether the words before `start` place it ("in", "at", "в", "біля", "около").

    "з"/"із" with a name in the instrumental is company, not a place: "з потужним Крейгом
    Бейкером" (with), against "з Києва" (from).
    """
    m = _LOCATIVE.search(fold(text[max(0, start - 40) : start]))
    if m is not None and m.group(1).casefold() in ("з", "із"):
        word = _NEXT_WORD.match(text, start)
        if word is not None and _INSTRUMENTAL.search(word.group()):
            return False
    return bool(m or _LEADING_PLACE.search(text[:start]))


_NEXT_WORD = re.compile(r"[^\W\d_]+")
# Digits glued to a word, or to it by a hyphen, are part of a name, not an amount.
_DESIGNATION = re.compile(r"[^\W\d_]-?\d$")
_INSTRUMENTAL = re.compile(r"(?:ом|ем|єм|ою|ею|єю|ами|ями)$")


def names_a_sum(text: str) -> bool:
    """Return whether `text` names a sum of money ("9.9 billion yuan", "$5", "40p")."""
    return _MONEY_MARK.search(fold(text)) is not None


def find_spans(text: str, kind: Kind) -> list[Span]:
    """Return the spans of `text` that could answer a question of `kind`, in order."""
    found: list[tuple[int, int]] = []
    low = fold(text)  # for the caseless patterns: same offsets
    if kind in (Kind.AMOUNT, Kind.MONEY):
        dates = [m.span() for m in _CALENDAR_DATE.finditer(low)]
        amounts: list[tuple[int, int]] = []
        for m in _AMOUNT.finditer(low):
            piece = m.group(0)
            if not says_a_number(piece):
                continue
            if _BARE_YEAR.fullmatch(piece.strip()):
                continue  # a bare year is a date, not an amount, and so is "1955-2011"
            if _DESIGNATION.search(text, max(0, m.start() - 2), m.start() + 1):
                continue  # a name's number: "A330-200", "COVID-19", "Ту-154", "G7"
            first_digit = next((i for i, ch in enumerate(piece) if ch.isdigit()), 0)
            if any(s <= m.start() + first_digit < e for s, e in dates):
                continue  # "около 11:45" is a time, "4 березня" a day
            if (
                amounts
                and _COMPOUND.fullmatch(text, amounts[-1][1], m.start())
                and _ENDS_IN_MULTIPLIER.search(low, amounts[-1][0], amounts[-1][1])
                and _PART_MARK.search(m.group(0))
            ):
                amounts[-1] = (amounts[-1][0], m.end())  # "2 мільйони 300 тисяч гривень"
                continue
            amounts.append(m.span())
        found = [
            (a, b)
            for a, b in amounts
            if kind is not Kind.MONEY or _MONEY_MARK.search(low, a, b) is not None
        ]
    elif kind is Kind.DATE:
        found = [_without_full_stop(low, *m.span()) for m in _DATE.finditer(low)]
        found += [m.span() for m in _AGO.finditer(low)]
    elif kind in (Kind.PERSON, Kind.NAME):
        found = find_names(text)
    elif kind is Kind.PLACE:
        found = [(s, e) for s, e in find_names(text) if after_locative(text, s)]
    elif kind is Kind.REASON:
        found = [m.span() for m in _REASON.finditer(low)]
    return [Span(s, e, kind) for s, e in _merge(found)]


# A month cut short keeps its dot ("Jan.", "груд."); a whole month's dot ends the sentence.
_MONTH_BEFORE_DOT = re.compile(
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|мая|июня|июля|\w{5,})\.$"
)


def _without_full_stop(low: str, start: int, end: int) -> tuple[int, int]:
    """Return a date's span without the full stop that ends its sentence ("on 11 June.")."""
    if low[end - 1 : end] == "." and _MONTH_BEFORE_DOT.search(low, start, end):
        return start, end - 1
    return start, end


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort spans and merge overlapping ones."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
