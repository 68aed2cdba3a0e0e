"""The default engine: tantivy (Lucene-style BM25, on-disk segments, block-max WAND).

Terms come from our analyser already; fields use tantivy's whitespace tokenizer so the
engine only counts them, and questions are term queries, never a query-string parser.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import tantivy

from retrieval.engines.base import Filters, IndexDoc, PassageRecord, QueryTerms

WRITER_HEAP_BYTES = 512_000_000


def _schema() -> Any:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("body", tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("title", tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("lang", tokenizer_name="raw", index_option="basic")
    sb.add_date_field("published", indexed=True, fast=True)
    sb.add_bytes_field("payload", stored=True)
    return sb.build()


def _midnight(day: Any) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


class TantivyWriter:
    """Writes one new tantivy index in a fresh directory."""

    def __init__(self, path: Path, *, threads: int) -> None:
        self._schema = _schema()
        self._index = tantivy.Index(self._schema, path=str(path), reuse=False)
        heap = max(WRITER_HEAP_BYTES // max(threads, 1), 16_000_000) * max(threads, 1)
        self._writer = self._index.writer(heap_size=heap, num_threads=threads)

    def add(self, doc: IndexDoc) -> None:
        """Add one passage."""
        rec = doc.record
        fields: dict[str, Any] = {
            "body": " ".join(doc.body_terms),
            "title": " ".join(doc.title_terms),
            "lang": rec.lang,
            "payload": rec.to_json(),
        }
        if rec.published is not None:
            fields["published"] = _midnight(rec.published)
        self._writer.add_document(tantivy.Document(**fields))

    def commit(self) -> None:
        """Commit and wait for merges so the directory is complete."""
        self._writer.commit()
        self._writer.wait_merging_threads()


class TantivyEngine:
    """An opened tantivy index version."""

    name = "tantivy"

    def __init__(self, path: Path) -> None:
        self._index = tantivy.Index.open(str(path))
        self._schema = self._index.schema
        self._searcher = self._index.searcher()

    @property
    def num_docs(self) -> int:
        """Return the number of passages."""
        return int(self._searcher.num_docs)

    def doc_freq(self, term: str) -> int:
        """Return how many passages contain `term` in their body."""
        return int(self._searcher.doc_freq("body", term))

    def search(
        self, query: QueryTerms, *, limit: int, filters: Filters
    ) -> list[tuple[float, PassageRecord]]:
        """Return up to `limit` (score, passage) pairs, best first."""
        q = self._query(query, filters)
        if q is None:
            return []
        searcher = self._searcher
        result = searcher.search(q, limit, count=False)
        out: list[tuple[float, PassageRecord]] = []
        for score, address in result.hits:
            payload = searcher.doc(address)["payload"][0]
            out.append((float(score), PassageRecord.from_json(payload)))
        return out

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
        if not musts:
            return text_query
        return Q.boolean_query([(Occur.Must, text_query), *musts])

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
