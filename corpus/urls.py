"""Tell a usable article URL from a malformed one, before it reaches an index.

A URL that `urllib.parse` cannot split (`http://[bad`, a port out of range) made every
later `urlsplit` of it raise, in digests among others; one with spaces, control or bidi
characters breaks links and terminals. Such a URL is dropped where articles are loaded and
the article kept without it. Other shapes are left alone: scheme-less links such as
`tyzhden.ua/Politics/91695` occur in real corpora, and renderers only link http(s) URLs.
"""

from __future__ import annotations

import re
from typing import TypeGuard
from urllib.parse import urlsplit

__all__ = ["is_web_url", "url_problem"]

_WEB_SCHEMES = ("http://", "https://")


def is_web_url(url: str | None) -> TypeGuard[str]:
    """Return whether `url` is an http(s) link, the only kind shown as a link or fetched."""
    return url is not None and url.startswith(_WEB_SCHEMES)


# An authority with a colon in it: a port (or user:password) that the slow path checks.
_COLON_IN_AUTHORITY = re.compile(r"(?:[^:/?#]*:)?//[^/?#]*:")


def url_problem(url: str) -> str | None:
    """Return why `url` is unusable as an article's link, or None when it is fine."""
    if not url.isprintable() or " " in url:
        return "spaces or control characters"
    # urlsplit (~2 µs uncached, per article in a build) raises only for a bracket (IPv6),
    # a non-ASCII host, or, read as .port, a bad port: most URLs need none of it.
    simple = url.isascii() and "[" not in url and "]" not in url
    if simple and not _COLON_IN_AUTHORITY.match(url):
        return None
    try:
        parts = urlsplit(url)
        if ":" in parts.netloc:  # parsing the port costs more than the split: only when given
            _ = parts.port  # raises for a port that is not a number or out of range
    except ValueError as exc:
        return str(exc) or "malformed"
    return None
