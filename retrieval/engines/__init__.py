"""Search engines behind one interface: tantivy (default) and rank-bm25 (reference)."""

from __future__ import annotations

from retrieval.engines.base import (
    Engine,
    EngineFactory,
    EngineWriter,
    Filters,
    IndexDoc,
    PassageRecord,
    QueryTerms,
)

ENGINES = ("tantivy", "rank-bm25")
DEFAULT_ENGINE = "tantivy"


def factory(name: str) -> EngineFactory:
    """Return the factory of the engine called `name`."""
    if name == "tantivy":
        from retrieval.engines.tantivy_engine import TantivyFactory

        return TantivyFactory()
    if name == "rank-bm25":
        from retrieval.engines.rankbm25_engine import RankBM25Factory

        return RankBM25Factory()
    msg = f"unknown engine {name!r} (choose from {', '.join(ENGINES)})"
    raise ValueError(msg)


__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "Engine",
    "EngineFactory",
    "EngineWriter",
    "Filters",
    "IndexDoc",
    "PassageRecord",
    "QueryTerms",
    "factory",
]
