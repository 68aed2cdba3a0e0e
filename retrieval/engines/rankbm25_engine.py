"""The reference engine: rank-bm25's `BM25Okapi`, held in memory.

It scores every passage for every query (linear in the corpus), so it suits small
corpora and serves as the oracle the default engine is checked against. Note the
rank-bm25 idf: a term in half the passages or more gets idf ≤ 0, floored at
`epsilon × mean idf`, so common words barely count on tiny corpora.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import shutil
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from rank_bm25 import BM25Okapi

from retrieval.durable import fsync
from retrieval.engines.base import (
    BM25_B,
    BM25_K1,
    Candidate,
    Filters,
    IndexDoc,
    PassageRecord,
    QueryTerms,
    article_key,
    day_number,
)

_FILE = "passages.jsonl.gz"


def _line(doc: IndexDoc) -> str:
    return json.dumps(
        [doc.payload.decode("utf-8"), doc.body.split(), doc.title.split()],
        ensure_ascii=False,
        separators=(",", ":"),
    )


class RankBM25Writer:
    """Collects passages and writes them with their terms as JSON lines."""

    def __init__(self, path: Path, *, threads: int) -> None:
        del threads  # one file, written at commit
        self._path = path / _FILE
        # Held open across add() calls and closed by commit().
        self._file = gzip.open(self._path, "wt", encoding="utf-8", compresslevel=3)  # noqa: SIM115

    def add(self, doc: IndexDoc) -> None:
        """Add one passage."""
        self._file.write(_line(doc) + "\n")

    def commit(self) -> None:
        """Close the file and fsync it, so it is complete on disk."""
        self._file.close()
        fsync(self._path)

    def abort(self) -> None:
        """Close the file, whatever it holds (a full disk may refuse the last bytes)."""
        with contextlib.suppress(OSError):
            self._file.close()


class RankBM25Engine:
    """BM25Okapi over body terms, plus a second one over titles."""

    name = "rank-bm25"

    def __init__(self, path: Path) -> None:
        self._path = path
        self._load(path)

    def _load(self, path: Path) -> None:
        records: list[PassageRecord] = []
        bodies: list[list[str]] = []
        titles: list[list[str]] = []
        with gzip.open(path / _FILE, "rt", encoding="utf-8") as f:
            for line in f:
                payload, body, title = json.loads(line)
                records.append(PassageRecord.from_json(payload))
                bodies.append(body)
                titles.append(title)
        self._records = records
        self._by_article: dict[str, list[int]] = {}
        for i, record in enumerate(records):
            self._by_article.setdefault(record.article_id, []).append(i)
        self._df: Counter[str] = Counter()
        for body in bodies:
            self._df.update(set(body))
        self._body = BM25Okapi(bodies, k1=BM25_K1, b=BM25_B) if records else None
        has_titles = any(titles)
        self._title = BM25Okapi(titles, k1=BM25_K1, b=BM25_B) if has_titles else None

    @property
    def num_docs(self) -> int:
        """Return the number of passages."""
        return len(self._records)

    def doc_freq(self, term: str) -> int:
        """Return how many passages contain `term` in their body."""
        return self._df.get(term, 0)

    def scores(self, query: QueryTerms) -> Any:
        """Return the score of every passage (numpy array), in storage order."""
        total = np.zeros(len(self._records))
        if self._body is None:
            return total
        for term, count in query.body.items():
            total += count * self._body.get_scores([term])
        if self._title is not None and query.title_boost > 0:
            for term, count in query.title.items():
                total += query.title_boost * count * self._title.get_scores([term])
        return total

    def candidates(self, query: QueryTerms, *, limit: int, filters: Filters) -> list[Candidate]:
        """Return up to `limit` scored matches, best first."""
        if not query.body and not query.title:
            return []
        scores = self.scores(query)
        matched = self._matching(query)
        order = np.argsort(-scores, kind="stable")
        out: list[Candidate] = []
        for i in order:
            if not matched[i]:
                continue
            record = self._records[int(i)]
            if not filters.admits(record):
                continue
            key = article_key(record.article_id)
            out.append(Candidate(float(scores[i]), key, day_number(record.published), int(i)))
            if len(out) >= limit:
                break
        return out

    def load(self, candidates: Sequence[Candidate]) -> list[PassageRecord]:
        """Return the passages of some candidates, in order."""
        return [self._records[c.ref] for c in candidates]

    def search(
        self, query: QueryTerms, *, limit: int, filters: Filters
    ) -> list[tuple[float, PassageRecord]]:
        """Return up to `limit` (score, passage) pairs, best first."""
        found = self.candidates(query, limit=limit, filters=filters)
        return list(zip((c.score for c in found), self.load(found), strict=True))

    def _matching(self, query: QueryTerms) -> Any:
        """Return a mask of passages containing at least one query term (as tantivy matches)."""
        mask = np.zeros(len(self._records), dtype=bool)
        if self._body is None:
            return mask
        wanted_body = set(query.body)
        wanted_title = set(query.title) if query.title_boost > 0 else set()
        for i, freqs in enumerate(self._body.doc_freqs):
            if wanted_body.intersection(freqs):
                mask[i] = True
        if self._title is not None and wanted_title:
            for i, freqs in enumerate(self._title.doc_freqs):
                if not mask[i] and wanted_title.intersection(freqs):
                    mask[i] = True
        return mask

    def passages_of(self, article_id: str, *, limit: int) -> list[PassageRecord]:
        """Return up to `limit` passages of one article, in their order in it."""
        mine = [self._records[i] for i in self._by_article.get(article_id, [])]
        return sorted(mine, key=lambda record: record.ordinal)[:limit]

    def scan(self, filters: Filters, *, limit: int) -> list[PassageRecord]:
        """Return up to `limit` stored passages that pass the filters, in storage order."""
        out: list[PassageRecord] = []
        for record in self._records:
            if filters.admits(record):
                out.append(record)
                if len(out) >= limit:
                    break
        return out

    def append(self, docs: Sequence[IndexDoc]) -> None:
        """Add passages to this version's file and rebuild the in-memory model from it.

        The file is replaced, never written in place (a torn write there left the version
        unreadable): a new file gets the old bytes plus the passages as one more gzip
        member (members concatenate into one valid .gz), is fsynced, and is renamed over
        the old one. A failure at any point leaves the old file whole and serving.
        """
        path = self._path / _FILE
        tmp = path.with_name(f"{_FILE}.{os.getpid()}.tmp")
        lines = "".join(_line(doc) + "\n" for doc in docs).encode("utf-8")
        try:
            with open(path, "rb") as old, open(tmp, "wb") as new:
                shutil.copyfileobj(old, new, 1 << 20)
                new.write(gzip.compress(lines, compresslevel=3))
                new.flush()
                os.fsync(new.fileno())
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        fsync(self._path)
        self._load(self._path)

    def close(self) -> None:
        """Drop the in-memory index."""
        self._records = []
        self._by_article = {}
        self._body = None
        self._title = None


class RankBM25Factory:
    """Builds and opens rank-bm25 index versions."""

    name = "rank-bm25"

    def writer(self, path: Path, *, threads: int) -> RankBM25Writer:
        """Return a writer for a new index in `path`."""
        return RankBM25Writer(path, threads=threads)

    def open(self, path: Path) -> RankBM25Engine:
        """Open the index in `path`."""
        return RankBM25Engine(path)
