"""The `Article` record every reader produces."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from corpus.clean import collapse_spaces

# The supported languages: of articles, questions, replies and digests. Defined here only.
LANGS: tuple[str, ...] = ("en", "uk", "ru")


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, as read from its source.

    `id` is stable across loads: the id given in the source, else derived from the URL,
    else from the file path. `published` is a calendar date (news is cited by day);
    `published_precision` says how much of it the source gave: "day", "month" (stored
    as the 1st) or "year" (stored as 1 January), so a bare year renders as "2015".
    `published_at` is the exact moment in UTC when the source gives a time with its zone
    (feeds always do); the daily digest places an article by it.
    """

    id: str
    title: str
    url: str | None
    published: date | None
    lang: str
    source: str | None
    text: str
    published_precision: str = "day"
    published_at: datetime | None = None  # the exact moment (UTC) when the source gives one

    def content_key(self) -> str:
        """Return a digest of title and text, used to drop exact duplicates."""
        h = hashlib.blake2b(digest_size=16)
        h.update(self.title.strip().encode("utf-8"))
        h.update(b"\x00")
        # Clean text is paragraphs of single-spaced words, so this is one replace.
        h.update(collapse_spaces(self.text.replace("\n\n", " ")).encode("utf-8"))
        return h.hexdigest()


def id_from_url(url: str) -> str:
    """Return a short stable id for an article known only by its URL."""
    canonical = url.strip().rstrip("/")
    return "url-" + hashlib.blake2b(canonical.encode("utf-8"), digest_size=8).hexdigest()
