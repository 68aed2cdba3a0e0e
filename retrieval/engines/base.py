"""What every search engine stores, takes and returns: the seam between index and search."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple, Protocol

# Lucene's BM25 defaults, used by tantivy; the rank-bm25 engine is given the same.
BM25_K1 = 1.2
BM25_B = 0.75

# `json.dumps(..., ensure_ascii=False, separators=(",", ":"))` without building an
# encoder per call.
_COMPACT_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
# `json.loads` of a str, without its per-call checks (a few passages are read per question).
_JSON_DECODE = json.JSONDecoder().decode


@dataclass(frozen=True, slots=True)
class PassageRecord:
    """A passage with the metadata of its article, as stored in the index."""

    article_id: str
    ordinal: int
    text: str
    title: str
    url: str | None
    published: date | None
    precision: str
    lang: str
    source: str | None
    published_at: datetime | None = None  # exact moment (UTC), when the source gave one

    def to_json(self) -> bytes:
        """Serialise for storage inside an engine (the moment only when there is one)."""
        fields: list[object] = [
            self.article_id,
            self.ordinal,
            self.text,
            self.title,
            self.url,
            self.published.isoformat() if self.published else None,
            self.precision,
            self.lang,
            self.source,
        ]
        if self.published_at is not None:
            fields.append(self.published_at.isoformat())
        return _COMPACT_JSON(fields).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes | str) -> PassageRecord:
        """Rebuild a record stored by `to_json`."""
        # As `json.loads` reads bytes `to_json` wrote: UTF-8 (which it would detect).
        text_of = raw.decode("utf-8", "surrogatepass") if isinstance(raw, bytes) else raw
        a, o, text, title, url, pub, prec, lang, source, *rest = _JSON_DECODE(text_of)
        moment = datetime.fromisoformat(rest[0]) if rest and rest[0] else None
        day = date.fromisoformat(pub) if pub else None
        return cls(a, o, text, title, url, day, prec, lang, source, moment)


def passage_payloads(
    article_id: str,
    passages: Iterable[tuple[int, str]],
    *,
    title: str,
    url: str | None,
    published: date | None,
    precision: str,
    lang: str,
    source: str | None,
    published_at: datetime | None = None,
) -> list[bytes]:
    """Return `PassageRecord(article_id, ordinal, text, title, ...).to_json()` per passage.

    The same bytes, with the article's fields encoded once rather than per passage.
    """
    head = "[" + _COMPACT_JSON(article_id) + ","
    fields: list[object] = [
        title,
        url,
        published.isoformat() if published else None,
        precision,
        lang,
        source,
    ]
    if published_at is not None:
        fields.append(published_at.isoformat())
    tail = _COMPACT_JSON(fields)
    tail = "," + tail[1:]
    return [f"{head}{ordinal},{_COMPACT_JSON(text)}{tail}".encode() for ordinal, text in passages]


class IndexDoc(NamedTuple):
    """One passage as an engine indexes it, ready to hand over.

    Built in the analysis workers so the process feeding the engine only copies
    strings: the stored record is already serialised and the terms already joined.
    A named tuple, because it crosses from worker to writer process by the million and
    tuples pickle at a fraction of a dataclass's cost.
    """

    payload: bytes  # PassageRecord.to_json()
    body: str  # space-separated body terms
    title: str  # space-separated title terms
    lang: str
    published: date | None
    article_key: int  # `article_key(article_id)`, for the per-article cap before loading

    @classmethod
    def of(
        cls, record: PassageRecord, body_terms: Sequence[str], title_terms: Sequence[str]
    ) -> IndexDoc:
        """Prepare a record and its analysed terms for indexing."""
        return cls(
            payload=record.to_json(),
            body=" ".join(body_terms),
            title=" ".join(title_terms),
            lang=record.lang,
            published=record.published,
            article_key=article_key(record.article_id),
        )


_EPOCH = date(1970, 1, 1).toordinal()


def article_key(article_id: str) -> int:
    """Return a stable signed 64-bit key for an article id."""
    digest = hashlib.blake2b(article_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def day_number(day: date | None) -> int:
    """Return days since 1970-01-01, or -1 for no date (as stored in fast fields)."""
    return -1 if day is None else day.toordinal() - _EPOCH


@dataclass(frozen=True, slots=True)
class Candidate:
    """A scored match whose stored passage has not been loaded yet."""

    score: float
    article_key: int
    day: int  # `day_number` of the article's date, -1 if none
    ref: Any  # the engine's handle for loading the passage


@dataclass(frozen=True, slots=True)
class Filters:
    """Restrictions on which passages may match."""

    langs: frozenset[str] | None = None
    date_from: date | None = None
    date_to: date | None = None

    def admits(self, record: PassageRecord) -> bool:
        """Return whether a record passes these filters (for engines that filter after scoring)."""
        if self.langs is not None and record.lang not in self.langs:
            return False
        if self.date_from is None and self.date_to is None:
            return True
        if record.published is None:
            return False
        if self.date_from is not None and record.published < self.date_from:
            return False
        return self.date_to is None or record.published <= self.date_to


@dataclass(frozen=True, slots=True)
class QueryTerms:
    """Analysed query: distinct terms with their weights (repeat counts, or less for an
    alias)."""

    body: dict[str, float]
    title: dict[str, float]
    title_boost: float


class EngineWriter(Protocol):
    """Accepts documents for a new index version."""

    def add(self, doc: IndexDoc) -> None:
        """Add one passage."""

    def commit(self) -> None:
        """Make everything added durable and searchable."""

    def abort(self) -> None:
        """Give up a build: stop writing (threads included) so its folder can be removed."""


class Engine(Protocol):
    """A read-only, opened index version."""

    name: str

    @property
    def num_docs(self) -> int:
        """Return the number of passages."""

    def candidates(self, query: QueryTerms, *, limit: int, filters: Filters) -> list[Candidate]:
        """Return up to `limit` scored matches, best first, without loading passages."""

    def load(self, candidates: Sequence[Candidate]) -> list[PassageRecord]:
        """Load the stored passages of some candidates, in order."""

    def search(
        self, query: QueryTerms, *, limit: int, filters: Filters
    ) -> list[tuple[float, PassageRecord]]:
        """Return up to `limit` (score, passage) pairs, best first."""

    def doc_freq(self, term: str) -> int:
        """Return how many passages contain `term` in their body."""

    def passages_of(self, article_id: str, *, limit: int) -> list[PassageRecord]:
        """Return up to `limit` passages of one article, in their order in it."""

    def scan(self, filters: Filters, *, limit: int) -> list[PassageRecord]:
        """Return up to `limit` stored passages that pass the filters (no query terms)."""

    def append(self, docs: Sequence[IndexDoc]) -> None:
        """Add passages to this opened version in place; searchable when it returns."""

    def close(self) -> None:
        """Release files and memory."""


class EngineFactory(Protocol):
    """Creates writers for new versions and opens built ones."""

    name: str

    def writer(self, path: Path, *, threads: int) -> EngineWriter:
        """Return a writer that builds an index inside the empty directory `path`."""

    def open(self, path: Path) -> Engine:
        """Open an index built in `path`."""
