"""Add new articles (from feeds) to the serving index version without a rebuild.

The articles are chunked and analysed exactly as a build would, appended to the
version's engine in place, and the version's manifest counts are rewritten atomically.
A later full rebuild reads the same articles from the corpus files they were saved to.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from retrieval.durable import write_atomic
from retrieval.prepare import prepare_article

if TYPE_CHECKING:
    import tiktoken

    from corpus.article import Article
    from retrieval.analysis import Analyzer
    from retrieval.index import IndexVersion


@dataclass(frozen=True, slots=True)
class Appended:
    """What one append added."""

    articles: int
    passages: int


def append_articles(
    version: IndexVersion,
    articles: Sequence[Article],
    analyzer: Analyzer,
    encoding: tiktoken.Encoding,
) -> Appended:
    """Index `articles` into `version` in place; searchable when this returns.

    `analyzer` must use the version's analysis settings (the serving `Searcher` has one),
    and `encoding` must be the one versions are chunked with (`retrieval.budget`).
    """
    docs = [doc for article in articles for doc in prepare_article(article, analyzer, encoding)]
    if not docs:
        return Appended(0, 0)
    version.engine.append(docs)
    old = version.manifest
    languages = dict(old.languages)
    for article in articles:
        languages[article.lang] = languages.get(article.lang, 0) + 1
    dated = [a.published for a in articles if a.published is not None]
    newest = old.newest_published
    if dated and (newest is None or max(dated).isoformat() > newest):
        newest = max(dated).isoformat()
    manifest = replace(
        old,
        languages=languages,
        newest_published=newest,
        article_count=old.article_count + len(articles),
        passage_count=old.passage_count + len(docs),
        appended_articles=old.appended_articles + len(articles),
        updated_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    write_atomic(
        version.path / "manifest.json",
        json.dumps(manifest.to_dict(), ensure_ascii=False, indent=2),
    )
    version.manifest = manifest
    return Appended(len(articles), len(docs))
