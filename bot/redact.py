"""Keep secrets out of text we show or log: URL credentials, query strings, known secrets.

Feed URLs may carry a user and password (`https://user:pass@host/feed`) or an API key in
the query string (`?key=…`). Anything shown to people (`/stats`, `newsdesk feeds`) or
written to a log goes through a `Redactor`, which puts each configured URL's public form
(scheme, host, port and path) in its place and masks every known secret that is left.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

MASK = "***"
_MIN_FRAGMENT = 6  # shorter query values ("en", "rss") are too common to mask everywhere
# Any scheme://user[:password]@ in free text, configured or not.
_USERINFO = re.compile(r"\b([a-zA-Z][a-zA-Z0-9+.-]{0,30}://)[^\s/@?#]+@")


def public_url(url: str) -> str:
    """Return `url` without its user, password, query or fragment (a query shows as `?…`)."""
    parts = urlsplit(url.strip())
    host = parts.netloc.rpartition("@")[2]
    shown = urlunsplit((parts.scheme, host, parts.path, "", ""))
    return shown + ("?…" if parts.query else "")


def url_secrets(url: str) -> list[str]:
    """Return the parts of `url` that must not be shown: its userinfo and its query."""
    parts = urlsplit(url.strip())
    found: list[str] = []
    userinfo, at, _ = parts.netloc.rpartition("@")
    if at and userinfo:
        found.append(userinfo)
        password = userinfo.partition(":")[2]
        if password:
            found.append(password)
    if parts.query:
        found.append(parts.query)
        found.extend(value for _, value in parse_qsl(parts.query, keep_blank_values=True))
    found += [unquote(s) for s in found]
    return [s for s in found if len(s) >= _MIN_FRAGMENT or s in (userinfo, parts.query)]


@dataclass(frozen=True, slots=True)
class Redactor:
    """Replace configured URLs by their public form and mask every known secret."""

    urls: tuple[tuple[str, str], ...] = ()  # (as configured, as shown)
    secrets: tuple[str, ...] = ()  # longest first, so a secret's part never spoils it

    @classmethod
    def of(cls, *, secrets: Iterable[str | None] = (), urls: Iterable[str] = ()) -> Redactor:
        """Return a redactor for these secrets and for the credentials in these URLs."""
        url_list = [u.strip() for u in urls if u.strip()]
        found = {s for s in secrets if s}
        for url in url_list:
            found.update(s for s in url_secrets(url) if s)
        by_length = sorted(url_list, key=len, reverse=True)
        pairs = tuple((u, shown) for u in by_length if (shown := public_url(u)) != u)
        return cls(pairs, tuple(sorted(found, key=len, reverse=True)))

    def __call__(self, text: str) -> str:
        """Return `text` with configured URLs shown publicly and secrets masked."""
        for url, shown in self.urls:
            if url in text:
                text = text.replace(url, shown)
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        return _USERINFO.sub(rf"\1{MASK}@", text)
