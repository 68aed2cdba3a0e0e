"""What a question asks for: a person, an amount, a date, a place, a reason, a name, yes/no.

Hand-written patterns over the case-folded question in English, Ukrainian and Russian,
the way people type in a messenger: lowercase, no question mark, "whats", "when's".
The kind decides which sentences answer best and what may be highlighted
(`retrieval.spans`); OTHER means "no particular kind" and changes nothing.
"""

from __future__ import annotations

import re
from enum import Enum

from retrieval.analysis import normalise


class Kind(Enum):
    """The kind of answer a question asks for."""

    PERSON = "person"  # who, whom, whose; хто, кого; кто, кого (also organisations)
    AMOUNT = "amount"  # how many, how much, what share; скільки; сколько
    MONEY = "money"  # an amount of money: how much did it cost, what was bail
    DATE = "date"  # when, what year, since when; коли; когда
    PLACE = "place"  # where, which city; де, куди; где, куда
    REASON = "reason"  # why, what caused; чому; почему
    NAME = "name"  # which/what + noun, what is it called
    YESNO = "yesno"  # is/did/will ...?; чи; ли
    OTHER = "other"


# Nouns after which/what (який/какой) that name the kind of the answer.
_PLACE_NOUNS = (
    "city|town|village|country|countries|place|venue|stadium|arena|seat|constituency|region|"
    "state|county|province|district|hospital|museum|university|uni|college|school|street|"
    "island|continent|prison|jail|airport|port|hotel|theatre|theater|building|area|capital|"
    "location|ground|plant|factory|town hall|river|lake|mountain|park|square|bridge|"
    "station|base|camp|resort|church|cathedral|mosque"
)
_PERSON_NOUNS = (
    "person|man|woman|guy|girl|boy|player|team|club|side|company|firm|companies|firms|"
    "airline|bank|judge|minister|president|leader|boss|manager|coach|actor|actress|singer|"
    "band|group|party|union|court|agency|organisation|organization|official|officer|"
    "politician|mp|senator|governor|director|chief|author|writer|artist|driver|star|"
    "celebrity|candidate|member|members|newspaper|channel|network|broadcaster|brand|"
    "mayor|rapper|musician|footballer|striker|goalkeeper|defender|midfielder|captain|"
    "journalist|reporter|doctor|scientist|professor|lawyer|spokesman|spokeswoman|bishop|"
    "king|queen|prince|princess|pope|chancellor|premier|ambassador|envoy|owner|chairman|"
    "ceo|founder|investor|buyer|bidder|winner|champion|referee|umpire|designer|architect|"
    "composer|producer|presenter|comedian|poet|novelist|pilot|soldier"
)
# Ukrainian and Russian nouns of a person's role or trade, after який / какой: "який
# єврокомісар", "какому судье", "какого губернатора" ask who. Stems take up to four
# letters of ending; short words that would start other words ("мер", "посол") and
# nationalities (not their adjectives: "немецкий город") are written out.
_UK_RU_PERSON = (
    r"(?:(?:судд|судь|міністр|министр|міністерк|журналіст|журналист|професор|профессор|"
    r"лікар|врач|губернатор|президент|прем['’]єр|премьер|депутат|нардеп|єврокомісар|"
    r"еврокомиссар|прокурор|канцлер|генерал|тренер|футболіст|футболист|гравц|гравець|"
    r"игрок|спортсмен|співак|співачк|певец|певиц|певц|актор|актрис|актер|актёр|"
    r"режисер|режиссер|режиссёр|письменни|писател|поет|поэт|художни|музикант|музыкант|"
    r"репер|рэпер|бізнесмен|бизнесмен|олігарх|олигарх|мільярдер|миллиардер|політик|"
    r"политик|дипломат|чиновни|посадовц|посадовець|керівник|руководител|очільник|"
    r"директор|лідер|лидер|кандидат|сенатор|конгресмен|конгрессмен|речник|спікер|спикер|"
    r"солдат|офіцер|офицер|пілот|пилот|зірк|звезд|чемпіон|чемпион|блогер|експерт|эксперт|"
    r"науковц|науковець|адвокат|юрист|американц|британц|"
    r"росіянин|россиянин|українц|украинц|суддя|судья)\w{0,4}"
    r"|глава|главу|главы|главе|голова|голову|голови|голові|посол|посла|послу|послом|"
    r"мер|мера|меру|мером|мэр|мэра|мэру|мэром|ексміс|экс-мисс|міс|мисс|"
    r"немец|немца|немцу|немцем|немцы|немцев|німець|німця|німцю|німцем|німці|німців)"
)
# Roles a bare noun phrase may ask the holder of ("ryanair ceo?").
_ROLES = (
    "ceo|chief executive|chairman|chairwoman|president|prime minister|minister|secretary|"
    "general counsel|counsel|spokesman|spokeswoman|spokesperson|coach|manager|boss|head|"
    "director|governor|mayor|ambassador|leader|captain|founder|owner|editor|judge|referee"
)
_UK_RU_ROLES = (
    r"(?:гендиректор|генсек|міністр|министр|президент|прем['’]єр|премьер|голова|глава|"
    r"керівник|руководител|очільник|директор|посол|речник|спікер|спикер|тренер|"
    r"губернатор|капітан|капитан|засновник|основател|власник|владел|суддя|судья)\w{0,4}"
    r"|мер|мэр"  # whole words: "мережа", "мера пресечения" are none
)
_DATE_NOUNS = "year|day|date|month|time|hour|week|season|decade|century"
_AMOUNT_NOUNS = (
    "share|percentage|percent|proportion|number|amount|score|total|rate|age|size|length|"
    "height|distance|speed|temperature|margin|majority|figure|count|capacity|population"
)
_MONEY_NOUNS = "price|cost|fee|fine|bail|salary|wage|budget|sum|bill|fare|value|bid|offer"
_MONEY_VERBS = (
    r"cost|costs|worth|pay|paid|paying|pays|sell for|sold for|sells for|fetch|fetched|"
    r"charge|charged|raise|raised|spend|spent|earn|earned|bid|offer|offered|invest|invested"
)
# "How much did the FTSE drop": a change, often in points or percent, not a sum (unless
# a money word says so: "how much did it cost after the price cut").
_CHANGE_VERBS = (
    r"drop|drops|dropped|fall|falls|fell|fallen|rise|rises|rose|risen|increase|increased|"
    r"decrease|decreased|grow|grew|grown|shrink|shrank|climb|climbed|jump|jumped|slump|"
    r"slumped|plunge|plunged|decline|declined|gain|gained|slide|slid|soar|soared|go up|"
    r"went up|go down|went down"
)
# After "what", a verb that may not be about money is left out: "what ... electric
# charge", "what punishment is offered", "what was raised" ask for a thing.
_MONEY_VERBS_AFTER_WHAT = (
    r"cost|costs|worth|pay|paid|paying|pays|sell for|sold for|sells for|fetch|fetched|"
    r"charged|spend|spent|earn|earned|invest|invested"
)

_UK_PLACE = (
    "місті|місто|міста|селі|село|країні|країна|країни|районі|області|музеї|музей|інституті|"
    "інститут|театрі|лікарні|школі|університеті|стадіоні|приміщенні|будинку|залі|палаці|"
    "регіоні|столиці|місці|місце|вулиці|тюрмі|в'язниці|закладі|центрі|храмі|церкві|готелі|"
    "острова|острові|острів|штату|штаті|штат|аеропорту|аеропорті|порту|порті|"
    "містах|селах|країнах|районах|областях|регіонах|штатах|столицях"
)
_RU_PLACE = (
    "городе|город|города|селе|стране|страна|страны|районе|области|музее|музей|институте|"
    "театре|больнице|школе|университете|стадионе|здании|доме|зале|дворце|регионе|столице|"
    "месте|место|улице|тюрьме|заведении|центре|храме|церкви|отеле|гостинице|"
    "острова|острове|остров|штата|штате|штат|аэропорта|аэропорту|аэропорте|порта|порту|"
    "городах|селах|странах|районах|областях|регионах|штатах|столицах"
)
_UK_DATE = (
    "року|році|рік|дня|день|числа|дати|дату|місяця|місяці|часу|години|годині|годину|сезону|сезоні"
)
_RU_DATE = "году|год|года|дня|день|числа|даты|дату|месяца|месяце|времени|часу|часов|сезоне"
# Units of a duration after "через скільки", "через сколько" (an amount of them).
_TIME_UNITS = (
    r"(?:секунд\w*|хвилин\w*|годин\w*|днів|дні|доб\w*|тижн\w*|місяц\w*|рок\w*|років|"
    r"минут\w*|час\w*|дней|дня|сут\w*|недел\w*|месяц\w*|лет|год\w*)\b"
)
_UK_AMOUNT = (
    "кількість|сума|суму|ціна|ціну|вартість|довжина|довжину|висота|висоті|площа|площу|"
    "відсоток|відсотків|частка|частку|рахунком|рахунок|вік|розмір|відстань|швидкість|"
    "температура|кількості|суми|ціни|вартості|довжини|висоти|ширини|глибини|площі|ваги|"
    "частки|відстані|швидкості|температури"
)
_RU_AMOUNT = (
    "количество|сумма|сумму|цена|цену|стоимость|длина|длину|высота|высоте|площадь|"
    "процент|процентов|доля|долю|счетом|счет|возраст|размер|расстояние|скорость|температура|"
    "количества|суммы|цены|стоимости|длины|высоты|ширины|глубины|площади|веса|доли|"
    "расстояния|скорости|температуры"
)
_UK_MONEY = (
    "ціна|ціну|вартість|коштувати|коштує|коштуватиме|коштував|штраф|застава|заставу|"
    "зарплата|зарплату|зарплати|стипендія|стипендію|стипендії|пеня|пеню|пені|прибуток|"
    "прибутку|виручка|виручку|виручки|компенсація|компенсацію|компенсації"
)
_RU_MONEY = (
    "цена|цену|стоимость|стоить|стоит|стоил|стоила|штраф|залог|зарплата|зарплату|зарплаты|"
    "стипендия|стипендию|стипендии|пеня|пеню|пени|прибыль|прибыли|выручка|выручку|выручки|"
    "компенсация|компенсацию|компенсации"
)
# "За скільки купили", "за сколько продали": a price, not a time ("за скільки днів").
_BOUGHT = (
    r"(?:\s+[\w'’-]+){0,5}?\s+(?:купи|купу|купл|прода|придба|зня|знім|найня|наймa|оренд|"
    r"сня|снима|нанима|арендова)\w*"
)
_UK_ADJ = r"як(?:ий|а|е|і|ого|ої|ій|им|ому|ою|у|их|ими)"
_RU_ADJ = r"как(?:ой|ая|ое|ие|ого|ом|ому|ой|ую|им|их|ими)"
# "which town", "which south korean town", "which finchley tory candidate".
_WHICH = (
    r"(?:what(?:\s+(?!(?:did|does|do|is|was|are|were|has|have|had|will|would|can|could|may|"
    r"might|must|should)\b)\w+)?|which(?:\s+(?!(?:of|is|was|are|were|did|does|do|has|have|had|"
    r"will|would|can|could|the|a|an)\b)[\w'’-]+){0,3}?)"
)

_RULES: list[tuple[Kind, re.Pattern[str]]] = [
    # Reasons first: "what made ...", "what did X die of" are what-questions asking why.
    (
        Kind.REASON,
        re.compile(
            r"^(?:so\s+|but\s+|and\s+)?(?:why|how come|whys)\b|\bwhy\b"
            r"|\bwhat\s+(?:made|caused|causes|led to|prompted|triggered|is behind|was behind)\b"
            r"|\breason\s+(?:for|why|behind)\b|\bcause of\b"
            r"|\b(?:die|died|dies|dying)\s+(?:of|from)\b"
            r"|\b(?:banned|sacked|fired|fined|arrested|jailed|suspended|charged|sued|"
            r"punished|criticised|criticized|blamed|dropped|expelled|sentenced)\s+for\s*\??$"
        ),
    ),
    (
        Kind.REASON,
        re.compile(
            r"\b(?:чому|навіщо|нащо|почему|зачем|отчего|з якої причини|по какой причине|"
            r"через що|из-за чего|чого це|чого\s+(?:\w+\s+)?(?:урізає|скасува|відмови|зупини))"
            # Opening a question, "чого" is a spoken "why" ("чого рігондо не вийшов"), but not
            # before a verb that takes the genitive ("чого хоче росія": what it wants).
            r"|^чого\s+(?!(?:\S+\s+){0,2}(?:хоч|хоті|хотя|боїт|боя|боял|чека|вимага|прагн|"
            r"бажа|потребу|досяг|торка|стосу|варт|треба|слід|не\s+вистача|бракує|навч|"
            r"очіку|шука|просит|просять|просив|просил|проси\b))"
            r"|\b(?:від|от)\s+(?:чого|чего)\s+(?:помер|померла|померли|умер|умерла|умерли|загинув|погиб)"
            r"|\bяк\s+(?:помер|померла|загинув|загинула)|\bкак\s+(?:умер|умерла|погиб|погибла)"
            r"|\bс\s+чего\s+(?:\w+\s+)?(?:началось|началась|начался)"
            r"|\bз\s+чого\s+(?:\w+\s+)?(?:почалося|почалась|почався)"
            # "За что лишили гражданства", "за що засудили": what one is punished for.
            r"|\bза\s+(?:что|що)\s+(?:\w+\s+)?(?:лиш|арест|задерж|осуд|увол|оштраф|наказ|посад"
            r"|критик|извин|выгна|суд|позбав|заарешт|затрима|засуд|звільн|покара|вибач|вигна)\w*"
        ),
    ),
    (
        Kind.DATE,
        re.compile(
            rf"^(?:so\s+|and\s+)?when\b|\bwhen(?:'s|s| is| was| will| did| does| do)\b"
            rf"|\b(?:since|until|till|by)\s+when\b"
            rf"|\b(?:which|what)\s+(?:exact\s+)?(?:{_DATE_NOUNS})s?\b|\bhow long ago\b"
            rf"|\bwhat\s+(?:\w+\s+)?(?:date|year|day)\b"
            rf"|\b(?:date|year|day)\s+of\s+(?:birth|death)\b"
        ),
    ),
    (
        Kind.DATE,
        re.compile(
            rf"\b(?:коли|когда|відколи|доколи|с каких пор|о котрій|во сколько)\b"
            rf"|\b{_UK_ADJ}\s+(?:{_UK_DATE})\b|\b{_RU_ADJ}\s+(?:{_RU_DATE})\b"
            # "Через скільки" asks when, "через скільки днів" how many days: an amount.
            rf"|\b(?:через|за)\s+скільки\b(?!\s+{_TIME_UNITS})(?!{_BOUGHT})"
            rf"|\bчерез\s+сколько\b(?!\s+{_TIME_UNITS})"
            rf"|\b(?:дата|день|рік|год)\s+(?:народження|смерті|рождения|смерти)\b"
            rf"|\bна\s+(?:яке|какое)\s+число\b"
        ),
    ),
    (
        Kind.PLACE,
        re.compile(
            rf"^(?:so\s+)?where\b|\bwhere(?:'s|s| is| was| are| were| did| do| does| will)?\b"
            rf"|\b{_WHICH}\s+(?:{_PLACE_NOUNS})\b"
            rf"|\b(?:in|at|from|to)\s+(?:which|what)\s+(?:{_PLACE_NOUNS})\b"
        ),
    ),
    (
        Kind.PLACE,
        re.compile(
            rf"\b(?:де|куди|звідки|где|куда|откуда)\b"
            rf"|\b(?:в|у|на|до|з|із)?\s*{_UK_ADJ}\s+(?:{_UK_PLACE})\b"
            rf"|\b(?:в|во|на|из)?\s*{_RU_ADJ}\s+(?:{_RU_PLACE})\b"
        ),
    ),
    (
        Kind.MONEY,
        re.compile(
            rf"\bhow much\b.*\b(?:{_MONEY_VERBS}|{_MONEY_NOUNS}|money|cash|pounds|dollars|euros)\b"
            rf"|\b(?:what|how much)\b.*\b(?:{_MONEY_NOUNS})\b"
            rf"|\bwhat(?:'s|s| is| was| did| does| will)?\b.*\b(?:{_MONEY_VERBS_AFTER_WHAT})\b"
            rf"|\bhow much\s+(?:is|was|are|were|does|did|do|will)\b(?!.*\b(?:{_CHANGE_VERBS})\b)"
        ),
    ),
    (
        Kind.MONEY,
        re.compile(
            rf"\b(?:скільки|сколько)\b.*\b(?:{_UK_MONEY}|{_RU_MONEY}|грошей|денег|гривень|"
            rf"рублей|доларів|долларов|євро|евро|заплат\w*|виділ\w*|выдел\w*|платит\w*)(?!\w)"
            rf"|\b(?:{_UK_ADJ}|{_RU_ADJ})\s+(?:[\w'’-]+\s+)?(?:{_UK_MONEY}|{_RU_MONEY})\b"
            rf"|\bза\s+(?:скільки|сколько)\b(?={_BOUGHT})"
            rf"|\bво сколько обо\w+"
        ),
    ),
    (
        Kind.AMOUNT,
        re.compile(
            rf"\bhow\s+(?:many|much|long|far|old|big|tall|high|often|fast|large|deep|heavy)\b"
            rf"|\b(?:what|which)\s+(?:\w+\s+)?(?:{_AMOUNT_NOUNS})\b|\bfinal score\b"
            rf"|\bby how much\b"
        ),
    ),
    (
        Kind.AMOUNT,
        re.compile(
            rf"\b(?:скільки|сколько|на скільки|на сколько)\b"
            # Their oblique forms: "скількох клієнтів зачепило", "скольких человек спасли".
            rf"|\b(?:скількох|скільком|скількома|скольких|скольким|скольками)\b"
            rf"|\b(?:з|с|на|до)?\s*(?:{_UK_ADJ})\s+(?:{_UK_AMOUNT})\b"
            rf"|\b(?:с|на|до)?\s*(?:{_RU_ADJ})\s+(?:{_RU_AMOUNT})\b"
            rf"|\b(?:яка|какая)\s+(?:\w+\s+)?(?:довжина|висота|площа|длина|высота|площадь)\b"
        ),
    ),
    (
        Kind.PERSON,
        re.compile(
            rf"^(?:so\s+|and\s+)?(?:who|whom|whose)\b|\bwho(?:'s|s| is| was| are| were)?\b"
            rf"|\b(?:with|to|by|from|for|against|of)\s+whom\b"
            rf"|\b{_WHICH}\s+(?:{_PERSON_NOUNS})\b|\bwhat(?:'s| is| was)\s+(?:his|her|their)"
            rf"\s+name\b"
            rf"|\bwhat(?:'s|s| is| was)\s+the\s+name\s+of\s+(?:the|a|an|this|that)\s+"
            rf"(?:\w+\s+)?(?:{_PERSON_NOUNS})\b"
        ),
    ),
    (
        Kind.PERSON,
        re.compile(
            r"\b(?:хто|кого|кому|ким|чий|чия|чиє|чиї|кто|кем|чей|чья|чье|чьи)\b"
            r"|\bз\s+ким\b|\bс\s+кем\b|\b(?:на|о|об|при)\s+ком\b|\bна\s+кому\b"
            # "як звати директора", "как его по паспорту звали": a name asked.
            r"|\bяк\s+(?:\w+\s+){0,3}(?:звали|звуть|зовуть|звати)\b"
            r"|\bкак\s+(?:\w+\s+){0,3}(?:зовут|звали)\b"
            rf"|\b(?:{_UK_ADJ}|{_RU_ADJ})\s+(?:[\w'’-]+\s+)?{_UK_RU_PERSON}(?!\w)"
        ),
    ),
    (
        Kind.NAME,
        re.compile(
            r"\b(?:which|what)\s+(?:type|kind|sort|brand|model|name|title|word|term)s?\s+of\b"
            r"|\bwhat(?:'s|s| is| was| are| were)?\s+(?:\w+\s+){0,6}called\b"
            r"|\bwhich\b|\bwhat\s+(?:\w+\s+)?(?:does|did|do)\s+\w+\s+(?:mean|stand for)\b"
            r"|^what\s+(?!(?:is|was|are|were|did|does|do|has|have|had|will|would|can|could|"
            r"should|shall|may|might|must|makes?|made|happens?|happened|if|about|else)\b)[a-z]+\b"
            rf"|\b(?:{_UK_ADJ}|{_RU_ADJ})\b|\bяк\s+назива\w*|\bкак\s+назыв\w*"
            r"|\bяк\s+назвали\b|\bкак\s+назвали\b"
        ),
    ),
    (
        Kind.YESNO,
        re.compile(
            r"^(?:so\s+|and\s+|but\s+)?(?:is|are|was|were|did|does|do|has|have|had|can|could|"
            r"will|would|should|shall|isn't|wasn't|didn't|doesn't|won't|hasn't)\b"
            r"|\bor not\b|^чи\b|\bчи ні\b|\bчи\s+\w+\s*\??$|\bли\b|\bили нет\b|\bправда\b"
        ),
    ),
]


# A question typed as a bare noun phrase, with no question word: "bp annual profit for
# 2004?", "population of engerwitzdorf", "release date?", "адреса музею в одесі". Read only
# when no rule above tells the kind.
# A leading noun phrase: not a how- or why-question; the noun's words before it follow.
_NOUN_HEAD = r"^(?!how\b|why\b)(?:the\s+)?(?:[\w'’-]+\s+)"
_TELEGRAPHIC: list[tuple[Kind, re.Pattern[str]]] = [
    (
        Kind.MONEY,
        re.compile(
            rf"{_NOUN_HEAD}{{0,3}}?(?:price|cost|fee|fare|salary|wage|profit|"
            r"revenue|bail|fine|budget)s?\s+(?:of|for|on|in|at)\b"
            r"|^(?:ціна|ціну|вартість|цена|цену|стоимость)\b"
        ),
    ),
    (
        Kind.DATE,
        re.compile(
            rf"{_NOUN_HEAD}{{0,3}}?(?:date|day)\s+(?:of|for)\b"
            r"|\b(?:release|launch|opening|start|wedding|election|closing)\s+date\s*\??$"
            r"|^(?:дата|дату)\b"
        ),
    ),
    (
        Kind.AMOUNT,
        re.compile(
            rf"{_NOUN_HEAD}{{0,3}}?(?:population|number|count|turnout|attendance|"
            r"death toll|toll)\s+(?:of|for|on|in|at)\b"
            r"|^(?:кількість|населення|количество|население)\b"
            rf"|{_NOUN_HEAD}{{0,3}}?score\s+(?:when|in|of|at|for)\b"
            r"|\bwinning\s+(?:time|margin|score)\b"
        ),
    ),
    (
        Kind.PLACE,
        re.compile(
            rf"{_NOUN_HEAD}{{0,2}}?(?:address|location|venue)\s+(?:of|for)\b"
            r"|^(?:адреса|адресу|адрес)\b"
        ),
    ),
    (
        Kind.PERSON,
        re.compile(
            rf"^(?:the\s+)?name\s+of\s+(?:the|a|an|this|that)\s+(?:\w+\s+)?"
            rf"(?:{_PERSON_NOUNS})\b"
        ),
    ),
    (Kind.NAME, re.compile(r"^(?:the\s+)?names?\s+of\b")),
    (
        # A role, telegraphed: "cisco's general counsel in the iphone fight?", "ryanair ceo",
        # "гендиректор moderna", "мэр киева в 2010".
        Kind.PERSON,
        re.compile(
            rf"^(?:the\s+)?(?:[\w'’.-]+\s+){{0,3}}?(?:{_ROLES})(?=\s+(?:in|of|at|for|during|"
            r"behind|who|that)\b|\s*[?,]|\s*$)"
            # Ukrainian and Russian: the role and up to three words, so a statement typed as
            # a question ("Мер оголосив надзвичайну ситуацію?") is not one.
            rf"|^(?:{_UK_RU_ROLES})(?!\w)(?:\s+[^\s?]+){{0,3}}\s*\??$"
        ),
    ),
]


def question_kind(question: str) -> Kind:
    """Return what kind of answer a question asks for (OTHER when it can't tell).

    A question word among the first three words wins over rules listed before it:
    "з яким рахунком ..., коли ..." asks for a score, "коли" only starts a clause.
    """
    text = question_head(question)
    if _DESCRIBE.search(text):
        return Kind.OTHER  # "кто такой бен карнс": what he is, not a name
    words = text.split(" ")
    early = len(" ".join(words[:3]))
    best: tuple[bool, int] | None = None
    chosen = Kind.OTHER
    for order, (kind, pattern) in enumerate(_RULES):
        match = pattern.search(text)
        if match is None:
            continue
        rank = (match.start() > early, order)
        if best is None or rank < best:
            best, chosen = rank, kind
    if chosen is Kind.OTHER:
        for kind, pattern in _TELEGRAPHIC:
            if pattern.search(text):
                return kind
    return chosen


# "Хто такий ...", "кто такие ...": a description is asked, which no span of a name is.
_DESCRIBE = re.compile(r"\b(?:кто|хто)\s+так(?:ой|ая|ое|ие|ий|а|е|і)\b(?!\s+(?:же|само|самий))")

# What a question asks shows in its first words; the patterns read no further, so a
# long message costs what a short one does.
_HEAD_CHARS = 240


def question_head(question: str) -> str:
    """Return a question's first words, normalised: what it asks shows there."""
    return re.sub(r"\s+", " ", normalise(question[: _HEAD_CHARS * 2]).strip())[:_HEAD_CHARS]
