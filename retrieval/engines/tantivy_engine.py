"""The default engine: tantivy (Lucene-style BM25, on-disk segments, block-max WAND).

Terms come from our analyser already; fields use tantivy's whitespace tokenizer so the
engine only counts them, and questions are term queries, never a query-string parser.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import tantivy

from retrieval.engines.base import (
    Candidate,
    Filters,
    IndexDoc,
    PassageRecord,
    QueryTerms,
    article_key,
    day_number,
)

WRITER_HEAP_BYTES = 512_000_000
_ARTICLE_CAP = 256  # passages of one article read to find its first ones
APPEND_HEAP_BYTES = 32_000_000
_OS_ERROR = re.compile(r"\(os error (\d+)\)(?: at path \"([^\"]+)\")?")


def _as_os_error(exc: ValueError) -> Exception:
    """Return tantivy's I/O failure as the OSError it is (a full disk, a read-only folder).

    tantivy reports those as ValueError("An IO error occurred: '... (os error 28) ...'"),
    which callers cannot tell from a bug; anything else is returned unchanged.
    """
    match = _OS_ERROR.search(str(exc))
    if match is None:
        return exc
    code = int(match[1])
    return (
        OSError(code, os.strerror(code), match[2])
        if match[2]
        else OSError(code, os.strerror(code))
    )


def _schema() -> Any:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("body", tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("title", tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("lang", tokenizer_name="raw", index_option="basic")
    sb.add_date_field("published", indexed=True, fast=True)
    # Indexed too, so an article's passages are found by one term (`passages_of`).
    sb.add_integer_field("akey", fast=True, indexed=True)
    sb.add_integer_field("day", fast=True)
    sb.add_bytes_field("payload", stored=True)
    return sb.build()


# tantivy keeps a date as nanoseconds since 1970 in 64 bits: 1677-09-21 00:12:43 UTC to
# 2262-04-11 23:47:16 UTC, and refuses anything else (a document or a range query alike).
_FIRST_DAY = date(1677, 9, 22)
_LAST_DAY = date(2262, 4, 11)


def _midnight(day: date) -> datetime:
    """Return midnight UTC of `day`, moved into the dates tantivy can hold.

    An article dated 1492 or 9999 is filed under the first or last day tantivy has (its
    stored record keeps the real date), and a filter from 0001-01-01 starts there.
    """
    return datetime.combine(min(max(day, _FIRST_DAY), _LAST_DAY), time(0), tzinfo=UTC)


def _document(doc: IndexDoc, days: dict[Any, tuple[int, Any]]) -> Any:
    # Per-field adds convert about twice as fast as Document(**fields) (measured).
    d = tantivy.Document()
    d.add_text("body", doc.body)
    d.add_text("title", doc.title)
    d.add_text("lang", doc.lang)
    d.add_integer("akey", doc.article_key)
    published = doc.published
    day = days.get(published)
    if day is None:  # a date's day number and midnight, computed once per build
        midnight = None if published is None else _midnight(published)
        day = days[published] = (day_number(published), midnight)
    d.add_integer("day", day[0])
    d.add_bytes("payload", doc.payload)
    if day[1] is not None:
        d.add_date("published", day[1])
    return d


class TantivyWriter:
    """Writes one new tantivy index in a fresh directory."""

    def __init__(self, path: Path, *, threads: int) -> None:
        self._schema = _schema()
        heap = max(WRITER_HEAP_BYTES // max(threads, 1), 16_000_000) * max(threads, 1)
        try:
            self._index = tantivy.Index(self._schema, path=str(path), reuse=False)
            self._writer = self._index.writer(heap_size=heap, num_threads=threads)
        except ValueError as exc:
            raise _as_os_error(exc) from exc
        # day_number and midnight per date: news dates repeat, passages by the million.
        self._days: dict[date | None, tuple[int, datetime | None]] = {}

    def add(self, doc: IndexDoc) -> None:
        """Add one passage."""
        try:  # costs nothing unless raised: this runs once per passage
            self._writer.add_document(_document(doc, self._days))
        except ValueError as exc:
            raise _as_os_error(exc) from exc

    def commit(self) -> None:
        """Commit and wait for merges so the directory is complete."""
        try:
            self._writer.commit()
            self._writer.wait_merging_threads()
        except ValueError as exc:
            raise _as_os_error(exc) from exc

    def abort(self) -> None:
        """Roll back and wait for the writer's threads: none writes into the folder after
        this, so a failed build's folder can be removed (a full disk left files behind)."""
        with contextlib.suppress(ValueError):
            self._writer.rollback()
        with contextlib.suppress(ValueError):
            self._writer.wait_merging_threads()


class TantivyEngine:
    """An opened tantivy index version."""

    name = "tantivy"

    def __init__(self, path: Path) -> None:
        self._index = tantivy.Index.open(str(path))
        self._schema = self._index.schema
        self._searcher = self._index.searcher()
        self._akey_indexed = True

    @property
    def num_docs(self) -> int:
        """Return the number of passages."""
        return int(self._searcher.num_docs)

    def doc_freq(self, term: str) -> int:
        """Return how many passages contain `term` in their body."""
        return int(self._searcher.doc_freq("body", term))

    def candidates(self, query: QueryTerms, *, limit: int, filters: Filters) -> list[Candidate]:
        """Return up to `limit` scored matches, best first; reads fast fields only."""
        q = self._query(query, filters)
        if q is None:
            return []
        searcher = self._searcher
        hits = searcher.search(q, limit, count=False).hits
        if not hits:
            return []
        addresses = [address for _, address in hits]
        keys = searcher.fast_field_values("akey", addresses)
        days = searcher.fast_field_values("day", addresses)
        return [
            Candidate(float(score), int(key or 0), -1 if day is None else int(day), address)
            for (score, address), key, day in zip(hits, keys, days, strict=True)
        ]

    def load(self, candidates: Sequence[Candidate]) -> list[PassageRecord]:
        """Load the stored passages of some candidates, in order."""
        doc = self._searcher.doc
        return [PassageRecord.from_json(doc(c.ref)["payload"][0]) for c in candidates]

    def search(
        self, query: QueryTerms, *, limit: int, filters: Filters
    ) -> list[tuple[float, PassageRecord]]:
        """Return up to `limit` (score, passage) pairs, best first."""
        found = self.candidates(query, limit=limit, filters=filters)
        return list(zip((c.score for c in found), self.load(found), strict=True))

    def _query(self, query: QueryTerms, filters: Filters) -> Any:
        Q, Occur, schema = tantivy.Query, tantivy.Occur, self._schema
        should: list[tuple[Any, Any]] = []
        for field, terms, boost in (
            ("body", query.body, 1.0),
            ("title", query.title, query.title_boost),
        ):
            if boost <= 0:
                continue
            for term, count in terms.items():
                tq = Q.term_query(schema, field, term)
                weight = boost * count
                should.append((Occur.Should, tq if weight == 1.0 else Q.boost_query(tq, weight)))
        if not should:
            return None
        text_query = Q.boolean_query(should)
        musts = self._filter_clauses(filters)
        if not musts:
            return text_query
        return Q.boolean_query([(Occur.Must, text_query), *musts])

    def _filter_clauses(self, filters: Filters) -> list[tuple[Any, Any]]:
        Q, Occur, schema = tantivy.Query, tantivy.Occur, self._schema
        musts: list[tuple[Any, Any]] = []
        if filters.langs is not None:
            langs = sorted(filters.langs)
            lq = (
                Q.term_query(schema, "lang", langs[0])
                if len(langs) == 1
                else Q.term_set_query(schema, "lang", langs)
            )
            musts.append((Occur.Must, Q.const_score_query(lq, 0.0)))
        if filters.date_from is not None or filters.date_to is not None:
            rq = Q.range_query(
                schema,
                "published",
                tantivy.FieldType.Date,
                _midnight(filters.date_from) if filters.date_from else None,
                _midnight(filters.date_to) if filters.date_to else None,
            )
            musts.append((Occur.Must, Q.const_score_query(rq, 0.0)))
        return musts

    def passages_of(self, article_id: str, *, limit: int) -> list[PassageRecord]:
        """Return up to `limit` passages of one article, in their order in it."""
        key = article_key(article_id)
        # All equal scores come back in no set order: take the article whole (up to a cap
        # no news article reaches), then its first passages.
        wanted = max(limit, _ARTICLE_CAP)
        hits = None
        if self._akey_indexed:
            try:
                q = tantivy.Query.term_query(self._schema, "akey", key)
                hits = self._searcher.search(q, wanted, count=False).hits
            except ValueError:  # a version built before the key was indexed
                self._akey_indexed = False
        if hits is None:
            # A scan of the key column: about 1.6 ms at 1M passages, where the term is 0.1.
            q = tantivy.Query.range_query(
                self._schema, "akey", tantivy.FieldType.Integer, key, key
            )
            hits = self._searcher.search(q, wanted, count=False).hits
        doc = self._searcher.doc
        found = (PassageRecord.from_json(doc(address)["payload"][0]) for _, address in hits)
        # The key is a hash: passages of another article that shares it are left out.
        mine = [record for record in found if record.article_id == article_id]
        return sorted(mine, key=lambda record: record.ordinal)[:limit]

    def scan(self, filters: Filters, *, limit: int) -> list[PassageRecord]:
        """Return up to `limit` stored passages that pass the filters, in no set order."""
        Q = tantivy.Query
        musts = self._filter_clauses(filters)
        q = Q.boolean_query(musts) if musts else Q.all_query()
        hits = self._searcher.search(q, limit, count=False).hits
        doc = self._searcher.doc
        return [PassageRecord.from_json(doc(address)["payload"][0]) for _, address in hits]

    def append(self, docs: Sequence[IndexDoc]) -> None:
        """Add passages to this version in place and make them searchable now."""
        try:
            writer = self._index.writer(heap_size=APPEND_HEAP_BYTES, num_threads=1)
        except ValueError as exc:
            raise _as_os_error(exc) from exc
        try:
            days: dict[Any, tuple[int, Any]] = {}
            for doc in docs:
                writer.add_document(_document(doc, days))
            writer.commit()
        except ValueError as exc:
            writer.rollback()
            raise _as_os_error(exc) from exc
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()  # also drops the writer and its lock
        self._index.reload()
        self._searcher = self._index.searcher()

    def close(self) -> None:
        """Drop the searcher; files are released when the index object goes."""
        del self._searcher


class TantivyFactory:
    """Builds and opens tantivy index versions."""

    name = "tantivy"

    def writer(self, path: Path, *, threads: int) -> TantivyWriter:
        """Return a writer for a new index in `path`."""
        return TantivyWriter(path, threads=threads)

    def open(self, path: Path) -> TantivyEngine:
        """Open the index in `path`."""
        return TantivyEngine(path)
