from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retrieval.dates import DateRange, find_date_range, mentions_month, strip_span

WEDNESDAY = date(2025, 11, 26)
MONDAY = date(2025, 11, 24)
NEW_YEAR = date(2026, 1, 1)  # a Thursday


# (question, matched phrase, "start..end" or a single day); today is WEDNESDAY unless given
CASES: list[tuple[str, str, str] | tuple[str, str, str, date]] = [
    # today / yesterday / the day before
    ("What happened today?", "today", "2025-11-26"),
    ("what did the council decide yesterday?", "yesterday", "2025-11-25"),
    ("Yesterday’s news about Kyiv", "Yesterday’s", "2025-11-25"),
    ("the day before yesterday in Lviv", "the day before yesterday", "2025-11-24"),
    ("Що сталося сьогодні?", "сьогодні", "2025-11-26"),
    ("Що було вчора?", "вчора", "2025-11-25"),
    ("Що сказав мер учора?", "учора", "2025-11-25"),
    ("позавчора в Києві", "позавчора", "2025-11-24"),
    ("Что случилось сегодня?", "сегодня", "2025-11-26"),
    ("Что было ВЧЕРА?", "ВЧЕРА", "2025-11-25"),
    ("позавчера в Москве", "позавчера", "2025-11-24"),
    ("yesterday", "yesterday", "2025-12-31", NEW_YEAR),
    # weeks start on Monday
    ("news this week", "this week", "2025-11-24..2025-11-26"),
    ("news this week", "this week", "2025-11-24", MONDAY),
    ("this week", "this week", "2025-12-29..2026-01-01", NEW_YEAR),
    ("Що було на цьому тижні?", "на цьому тижні", "2025-11-24..2025-11-26"),
    ("новини цього тижня", "цього тижня", "2025-11-24..2025-11-26"),
    ("Что было на этой неделе?", "на этой неделе", "2025-11-24..2025-11-26"),
    ("новости этой недели", "этой недели", "2025-11-24..2025-11-26"),
    ("last week", "last week", "2025-11-17..2025-11-23"),
    ("last week", "last week", "2025-11-17..2025-11-23", MONDAY),
    ("last week", "last week", "2025-12-22..2025-12-28", NEW_YEAR),
    ("що було минулого тижня", "минулого тижня", "2025-11-17..2025-11-23"),
    ("на минулому тижні", "на минулому тижні", "2025-11-17..2025-11-23"),
    ("На прошлой неделе", "На прошлой неделе", "2025-11-17..2025-11-23"),
    ("итоги прошлой недели", "прошлой недели", "2025-11-17..2025-11-23"),
    # months and years
    ("this month", "this month", "2025-11-01..2025-11-26"),
    ("this month", "this month", "2026-01-01", NEW_YEAR),
    ("цього місяця", "цього місяця", "2025-11-01..2025-11-26"),
    ("у цьому місяці", "у цьому місяці", "2025-11-01..2025-11-26"),
    ("в этом месяце", "в этом месяце", "2025-11-01..2025-11-26"),
    ("last month", "last month", "2025-10-01..2025-10-31"),
    ("last month", "last month", "2025-12-01..2025-12-31", NEW_YEAR),
    ("минулого місяця", "минулого місяця", "2025-10-01..2025-10-31"),
    ("в прошлом месяце", "в прошлом месяце", "2025-10-01..2025-10-31"),
    ("this year", "this year", "2025-01-01..2025-11-26"),
    ("this year", "this year", "2026-01-01", NEW_YEAR),
    ("цього року", "цього року", "2025-01-01..2025-11-26"),
    ("итоги этого года", "этого года", "2025-01-01..2025-11-26"),
    ("в этом году", "в этом году", "2025-01-01..2025-11-26"),
    ("last year's budget", "last year's", "2024-01-01..2024-12-31"),
    ("last year", "last year", "2025-01-01..2025-12-31", NEW_YEAR),
    ("минулого року", "минулого року", "2024-01-01..2024-12-31"),
    ("торік", "торік", "2024-01-01..2024-12-31"),
    ("в прошлом году", "в прошлом году", "2024-01-01..2024-12-31"),
    # rolling windows
    ("news in the last 3 days", "in the last 3 days", "2025-11-23..2025-11-26"),
    ("past 10 days", "past 10 days", "2025-11-16..2025-11-26"),
    ("last 2 weeks", "last 2 weeks", "2025-11-12..2025-11-26"),
    ("over the last 6 months", "over the last 6 months", "2025-05-26..2025-11-26"),
    ("the last few days", "the last few days", "2025-11-23..2025-11-26"),
    ("in the past week", "in the past week", "2025-11-19..2025-11-26"),
    ("за останні 5 днів", "за останні 5 днів", "2025-11-21..2025-11-26"),
    ("за останні 2 тижні", "за останні 2 тижні", "2025-11-12..2025-11-26"),
    ("за останні 3 місяці", "за останні 3 місяці", "2025-08-26..2025-11-26"),
    ("що було в останні дні", "в останні дні", "2025-11-23..2025-11-26"),
    ("за последние 7 дней", "за последние 7 дней", "2025-11-19..2025-11-26"),
    ("за последние 2 недели", "за последние 2 недели", "2025-11-12..2025-11-26"),
    ("за последние 3 месяца", "за последние 3 месяца", "2025-08-26..2025-11-26"),
    ("последние дни", "последние дни", "2025-11-23..2025-11-26"),
    ("3 days ago", "3 days ago", "2025-11-23"),
    ("тиждень тому", "тиждень тому", "2025-11-17..2025-11-23"),
    # month names, with and without a year
    ("in November 2025", "in November 2025", "2025-11-01..2025-11-30"),
    ("November 2025 floods", "November 2025", "2025-11-01..2025-11-30"),
    ("what happened in November?", "in November", "2025-11-01..2025-11-26"),
    ("what happened in December?", "in December", "2024-12-01..2024-12-31"),
    ("in December", "in December", "2025-12-01..2025-12-31", NEW_YEAR),
    ("in December 2025", "in December 2025", "2025-12-01..2025-12-31"),
    ("what happened in May", "in May", "2025-05-01..2025-05-31"),
    ("May 2019 elections", "May 2019", "2019-05-01..2019-05-31"),
    ("last May", "last May", "2025-05-01..2025-05-31"),
    ("last November", "last November", "2024-11-01..2024-11-30"),
    ("news in Jan", "in Jan", "2025-01-01..2025-01-31"),
    ("Feb. 2024", "Feb. 2024", "2024-02-01..2024-02-29"),
    ("Sept 2024 floods", "Sept 2024", "2024-09-01..2024-09-30"),
    ("у листопаді 2025", "у листопаді 2025", "2025-11-01..2025-11-30"),
    ("що було в листопаді", "в листопаді", "2025-11-01..2025-11-26"),
    ("листопад 2025", "листопад 2025", "2025-11-01..2025-11-30"),
    ("вибори листопада 2025 року", "листопада 2025 року", "2025-11-01..2025-11-30"),
    ("у травні", "у травні", "2025-05-01..2025-05-31"),
    ("в ноябре 2025", "в ноябре 2025", "2025-11-01..2025-11-30"),
    ("ноябрь 2025", "ноябрь 2025", "2025-11-01..2025-11-30"),
    ("в ноябре 2025 года", "в ноябре 2025 года", "2025-11-01..2025-11-30"),
    ("что было в мае", "в мае", "2025-05-01..2025-05-31"),
    ("в начале ноября", "в начале ноября", "2025-11-01..2025-11-26"),
    # day + month (+ year)
    ("on 3 November 2025", "on 3 November 2025", "2025-11-03"),
    ("November 3, 2025", "November 3, 2025", "2025-11-03"),
    ("the 3rd of November", "the 3rd of November", "2025-11-03"),
    ("On May 5 the council voted", "On May 5", "2025-05-05"),
    ("on 30 November", "on 30 November", "2024-11-30"),
    ("3 листопада 2025", "3 листопада 2025", "2025-11-03"),
    ("3-го листопада", "3-го листопада", "2025-11-03"),
    ("3 ноября", "3 ноября", "2025-11-03"),
    ("3 ноября 2024 года", "3 ноября 2024 года", "2024-11-03"),
    ("news of 25.11.2025", "25.11.2025", "2025-11-25"),
    ("страйк 10.08", "10.08", "2025-08-10"),
    ("что случилось 24.02?", "24.02", "2025-02-24"),
    ("стріляли 10.08 у Києві", "10.08", "2025-08-10"),
    ("2025-11-25", "2025-11-25", "2025-11-25"),
    # a year on its own
    ("in 2019", "in 2019", "2019-01-01..2019-12-31"),
    ("who won in 2019?", "in 2019", "2019-01-01..2019-12-31"),
    ("у 2019 році", "у 2019 році", "2019-01-01..2019-12-31"),
    ("в 2019 році", "в 2019 році", "2019-01-01..2019-12-31"),
    ("в 2019 году", "в 2019 году", "2019-01-01..2019-12-31"),
    ("вибори 2019 року", "2019 року", "2019-01-01..2019-12-31"),
    ("выборы 2019 года", "2019 года", "2019-01-01..2019-12-31"),
    # since X and X to Y
    ("since November 2025", "since November 2025", "2025-11-01..2025-11-26"),
    ("з листопада 2025", "з листопада 2025", "2025-11-01..2025-11-26"),
    ("с ноября 2025", "с ноября 2025", "2025-11-01..2025-11-26"),
    ("since 2019", "since 2019", "2019-01-01..2025-11-26"),
    ("since yesterday", "since yesterday", "2025-11-25..2025-11-26"),
    ("с прошлой недели", "с прошлой недели", "2025-11-17..2025-11-26"),
    ("from 2019 to 2021", "from 2019 to 2021", "2019-01-01..2021-12-31"),
    ("з 3 по 5 листопада", "з 3 по 5 листопада", "2025-11-03..2025-11-05"),
    ("у 2019–2021 роках", "у 2019–2021 роках", "2019-01-01..2021-12-31"),
    ("between March and May 2024", "between March and May 2024", "2024-03-01..2024-05-31"),
    ("between 28 Dec and 2 Jan", "between 28 Dec and 2 Jan", "2025-12-28..2026-01-01", NEW_YEAR),
    # a month of a year said from today
    ("у вересні минулого року", "у вересні минулого року", "2024-09-01..2024-09-30"),
    ("в сентябре прошлого года", "в сентябре прошлого года", "2024-09-01..2024-09-30"),
    ("in March of last year", "in March of last year", "2024-03-01..2024-03-31"),
    ("в сентябре этого года", "в сентябре этого года", "2025-09-01..2025-09-30"),
    ("у грудні минулого року", "у грудні минулого року", "2025-12-01..2025-12-31", NEW_YEAR),
    # seasons said from today (winter is December to February)
    ("скільки рейсів скасували цього літа", "цього літа", "2025-06-01..2025-08-31"),
    ("что было этим летом", "этим летом", "2025-06-01..2025-08-31"),
    ("this autumn", "this autumn", "2025-09-01..2025-11-26"),
    ("last summer's floods", "last summer's", "2025-06-01..2025-08-31"),
    ("минулої зими", "минулої зими", "2024-12-01..2025-02-28"),
    ("прошлой зимой", "прошлой зимой", "2024-12-01..2025-02-28"),
    ("this winter", "this winter", "2025-12-01..2026-01-01", NEW_YEAR),
    ("last winter", "last winter", "2024-12-01..2025-02-28", NEW_YEAR),
    ("в прошлом сезоне этой осенью", "этой осенью", "2025-09-01..2025-11-26"),
    # a season of a named year (winter: its January and February)
    ("конференция тори осенью 2018", "осенью 2018", "2018-09-01..2018-11-30"),
    ("floods in the summer of 2019", "in the summer of 2019", "2019-06-01..2019-08-31"),
    ("влітку 2020 року", "влітку 2020 року", "2020-06-01..2020-08-31"),
    ("зимой 2018 года", "зимой 2018 года", "2018-01-01..2018-02-28"),
    ("навесні 2030", "навесні 2030", "2030-03-01..2030-05-31"),
    # the leftmost expression wins
    ("yesterday or last week?", "yesterday", "2025-11-25"),
    ("в 2019 году и вчера", "в 2019 году", "2019-01-01..2019-12-31"),
]


def _expected(dates: str) -> tuple[date, date]:
    first, _, last = dates.partition("..")
    return date.fromisoformat(first), date.fromisoformat(last or first)


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_find_date_range_reads_the_expression(case):
    question, phrase, dates, today = (*case, WEDNESDAY)[:4]
    found = find_date_range(question, today=today)

    assert found is not None
    assert (found.phrase, (found.start, found.end)) == (phrase, _expected(dates))
    assert question[found.span[0] : found.span[1]] == phrase


def test_case_table_covers_three_languages():
    assert len(CASES) >= 60
    cyrillic = [q for q, *_ in CASES if any("а" <= c.lower() <= "я" for c in q)]
    assert len(cyrillic) >= 30


@pytest.mark.parametrize(
    "question",
    [
        "Theresa May resigned",
        "may I ask about the budget?",
        "this may be wrong",
        "2019 people died",
        "in 2000 homes across the country",
        "what happened in the third round",
        "Who is the mayor of Kyiv?",
        "What did the council decide about taxes?",
        "Що вирішила міська рада?",
        "Что решил городской совет?",
        "11/25/2025",
        "31.02.2025",
        "ціна 10.08 гривень",  # day.month only before a plausible next word
        "курс 41.25",
        "1.05 млрд",
        "о 10.12 почався концерт",  # a time of day
        "версія 2.13",
        "since December 2025",
        "Where did they march?",
        "the 2019-2020 season",
        "",
    ],
)
def test_find_date_range_ignores_non_dates(question):
    assert find_date_range(question, today=WEDNESDAY) is None


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What happened yesterday?", "What happened?"),
        ("Yesterday, what did the council decide?", "what did the council decide?"),
        (
            "What did the council decide on 3 November 2025 about taxes?",
            "What did the council decide about taxes?",
        ),
        ("Що сказав мер учора, і чому?", "Що сказав мер, і чому?"),
        ("Что было на прошлой неделе в Киеве?", "Что было в Киеве?"),
        ("news (last week) about floods", "news about floods"),
        ("last week's floods", "floods"),
        ("Yesterday?", ""),
        ("Новини — вчора", "Новини"),
        (".NET news from last week", ".NET news"),
    ],
)
def test_strip_span_removes_the_phrase_and_tidies(question, expected):
    found = find_date_range(question, today=WEDNESDAY)

    assert found is not None
    assert strip_span(question, found) == expected


def test_strip_span_rejects_a_range_from_another_question():
    found = find_date_range("What happened yesterday?", today=WEDNESDAY)

    assert found is not None
    with pytest.raises(ValueError, match="does not hold"):
        strip_span("What happened today?", found)


@pytest.mark.parametrize(
    ("question", "relative"),
    [
        # Said from today: the articles of that time, not that month of any year.
        ("what caused the leaks last september", True),
        ("що сталося минулого вересня", True),
        ("у вересні минулого року", True),
        ("скільки рейсів скасували цього літа", True),
        # A month alone or with its year names when it happened, as an article tells it.
        ("what happened in September", False),
        ("рейси в грудні 2018", False),
        ("конференция тори осенью 2018", False),
    ],
)
def test_a_date_said_from_today_is_relative(question, relative):
    found = find_date_range(question, today=WEDNESDAY)

    assert found is not None
    assert found.relative is relative


def test_a_season_yet_to_come_is_no_date():
    # Every relative range ends by today: in January "this summer" is still to come.
    assert find_date_range("цього літа", today=NEW_YEAR) is None


def test_date_range_refuses_to_end_before_it_starts():
    with pytest.raises(ValueError, match="before it starts"):
        DateRange(start=date(2025, 11, 2), end=date(2025, 11, 1), span=(0, 1), phrase="x")


FRAGMENTS = [
    "in ",
    "since ",
    "from ",
    " to ",
    "May",
    "may",
    "November",
    "листопада",
    "ноябре",
    "2019",
    "2025",
    " року",
    " года",
    "3",
    "31",
    "-",
    ".",
    "'s",
    "’",
    "last ",
    "this ",
    "week",
    "yesterday",
    "вчора",
    "за останні ",
    "последние ",
    " днів",
    " дня",
    "ago",
    " тому",
    "з ",
    "с ",
    " по ",
]
texts = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=12).map("".join),
)


@given(question=texts, today=st.dates())
def test_find_date_range_never_raises_and_returns_a_consistent_range(question, today):
    found = find_date_range(question, today=today)

    if found is not None:
        start, end = found.span
        assert found.start <= found.end
        assert 0 <= start < end <= len(question)
        assert question[start:end] == found.phrase
        stripped = strip_span(question, found)  # a consistent range is never refused
        assert stripped == " ".join(stripped.split())
        assert len(stripped) <= len(question)


@pytest.mark.parametrize(
    ("text", "month", "named"),
    [
        ("in December 2018", 12, True),
        ("забастовка в декабре", 12, True),
        ("до 5 грудня", 12, True),
        ("Dec. 3", 12, True),
        ("they decided", 12, False),
        ("May 5", 5, True),
        ("it may be so", 5, False),
        ("9 травня", 5, True),
        ("в июле", 7, True),
        ("в июне", 7, False),
    ],
)
def test_a_month_is_found_by_its_name_in_three_languages(text, month, named):
    assert mentions_month(text, month) is named
