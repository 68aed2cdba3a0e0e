from datetime import date, datetime, timedelta, timezone

import pytest

from corpus.dates import parse_published


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-03-04", (date(2015, 3, 4), "day")),
        ("2015-03-04T23:30:00", (date(2015, 3, 4), "day")),
        ("2015-03-04T23:30:00Z", (date(2015, 3, 4), "day")),
        ("2015-03-04T23:30:00+02:00", (date(2015, 3, 4), "day")),
        ("2015-03-04 10:00:00.123", (date(2015, 3, 4), "day")),
        ("2015-03", (date(2015, 3, 1), "month")),
        ("2015", (date(2015, 1, 1), "year")),
        (" 2015 ", (date(2015, 1, 1), "year")),
        (2015, (date(2015, 1, 1), "year")),
        ("04.03.2015", (date(2015, 3, 4), "day")),
        ("2015/03/04", (date(2015, 3, 4), "day")),
        ("Tue, 10 Jun 2003 04:00:00 GMT", (date(2003, 6, 10), "day")),
        (date(2020, 2, 29), (date(2020, 2, 29), "day")),
        (
            datetime(2020, 2, 29, 23, 0, tzinfo=timezone(timedelta(hours=-5))),
            (date(2020, 2, 29), "day"),
        ),
    ],
)
def test_published_values_parse_to_a_date_and_precision(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    "value", ["", "yesterday", "2015-13", "2015-02-30", "0000", "99999", True, 3.5, None, ["2015"]]
)
def test_values_that_are_not_dates_give_none(value):
    assert parse_published(value) is None


def test_parse_moment_needs_a_time_and_a_zone():
    from datetime import UTC, datetime, timedelta, timezone

    from corpus.dates import parse_moment

    assert parse_moment("2026-11-25T05:30:00Z") == datetime(2026, 11, 25, 5, 30, tzinfo=UTC)
    assert parse_moment("2026-11-25T07:30:00+02:00") == datetime(2026, 11, 25, 5, 30, tzinfo=UTC)
    assert parse_moment("Tue, 24 Nov 2026 04:00:00 GMT") == datetime(2026, 11, 24, 4, tzinfo=UTC)
    kyiv = timezone(timedelta(hours=2))
    assert parse_moment(datetime(2026, 1, 1, 12, tzinfo=kyiv)) == datetime(
        2026, 1, 1, 10, tzinfo=UTC
    )
    for vague in ("2026-11-25", "2026-11-25T05:30:00", "2026", 2026, None, "soon"):
        assert parse_moment(vague) is None, vague
