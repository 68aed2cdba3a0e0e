"""What the dataset checks share: a throwaway index, an article ranking, nDCG and recall."""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from corpus.article import Article
from retrieval.analysis import AnalysisSettings
from retrieval.engines import Filters
from retrieval.index import build_index, open_index
from retrieval.search import Searcher, SearchOptions

Log = Callable[[str], None]
# A fixed day to ask on, so recency weighs the same in every run.
TODAY = date(2026, 1, 1)


@dataclass
class BuiltSearcher:
    """A searcher over an index in a temporary directory; `tmp.cleanup()` removes it."""

    searcher: Searcher
    tmp: tempfile.TemporaryDirectory[str]


def build_searcher(
    articles_or_paths: Sequence[Path] | list[Article],
    *,
    engine: str,
    analysis: AnalysisSettings | None = None,
    options: SearchOptions | None = None,
) -> BuiltSearcher:
    """Index articles (or corpus files) in a temporary directory and open a searcher on it."""
    tmp = tempfile.TemporaryDirectory(prefix="newsdesk-eval-")
    data_dir = Path(tmp.name)
    build_index(
        articles_or_paths,
        data_dir=data_dir / "data",
        engine=engine,
        analysis=analysis or AnalysisSettings(),
    )
    version = open_index(data_dir / "data")
    return BuiltSearcher(Searcher(version, options=options), tmp)


def rank_articles(searcher: Searcher, text: str, lang: str, k: int) -> list[str]:
    """Return the ids of the k best articles for `text`, one passage each."""
    terms = searcher.query_terms(text, lang)
    if not terms:
        return []
    grams = searcher.query_grams(text, lang)
    hits = searcher.search_terms(
        terms, grams=grams, k=k, per_article=1, today=TODAY, filters=Filters()
    )
    return [h.passage.article_id for h in hits]


def ndcg_at(ranked: list[str], relevant: set[str], k: int) -> float:
    """Return binary-relevance nDCG@k (trec_eval ndcg_cut)."""
    dcg = sum(1.0 / math.log2(i + 2) for i, d in enumerate(ranked[:k]) if d in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal if ideal else 0.0


def recall_at(ranked: list[str], relevant: set[str], k: int) -> float:
    """Return the share of relevant documents in the top k."""
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0
