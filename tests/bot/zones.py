"""Pick a time zone for tests of a digest that fell due a little earlier today."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

# Seven hours apart: at any moment one of them is well inside its day.
_ZONES = ("Europe/Kyiv", "America/New_York")


def same_day_zone(minutes_ago: int) -> tuple[str, datetime, time]:
    """Return a zone, its time now, and the whole minute `minutes_ago` earlier.

    The zone is one where that minute is today and midnight is over 10 minutes away, so
    the test neither straddles a local date change nor skips near midnight.
    """
    for name in _ZONES:
        now = datetime.now(ZoneInfo(name))
        minute = now.hour * 60 + now.minute
        if minutes_ago + 1 <= minute <= 24 * 60 - 10:
            due = (now - timedelta(minutes=minutes_ago)).replace(second=0, microsecond=0)
            return name, now, due.time()
    raise AssertionError(f"no zone of {_ZONES} is inside its day")  # cannot happen
