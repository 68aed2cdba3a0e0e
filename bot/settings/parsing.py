"""The small parsers behind several settings: lists, ports, clock times and time zones."""

from __future__ import annotations

import re
from datetime import time
from functools import cache
from zoneinfo import available_timezones


def split_list(value: str) -> list[str]:
    """Return the non-empty parts of a comma-separated setting, stripped."""
    return [part.strip() for part in value.split(",") if part.strip()]


def parse_ports(value: str) -> frozenset[int]:
    """Return the ports of a comma-separated list, or an empty set if any part is not one."""
    parts = split_list(value)
    if not all(part.isdigit() and 0 < int(part) < 65536 for part in parts):
        return frozenset()
    return frozenset(int(part) for part in parts)


_CLOCK = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)")


def parse_clock(value: str) -> time | None:
    """Return a time of day from "8:00", "08:00" or "08.00" (24-hour), else None."""
    match = _CLOCK.fullmatch(value.strip())
    return time(int(match[1]), int(match[2])) if match else None


@cache
def _zones() -> dict[str, str]:
    names = [n for n in available_timezones() if "/" in n and not n.startswith(("posix", "right"))]
    return {name.casefold(): name for name in [*names, "UTC"]}


def parse_zone(value: str) -> str | None:
    """Return the IANA name for `value` (any letter case; "Kyiv" alone is not enough)."""
    name = value.strip()
    if not name:
        return None
    return _zones().get(name.casefold())
