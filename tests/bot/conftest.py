"""Fixtures the bot's tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.index import build_index
from tests.conftest import DATA


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a data folder indexing tests/data, one per test module (a module's tests may
    reload or append to it; other modules never see that). A module that needs other
    articles defines its own `data_dir`."""
    data = tmp_path_factory.mktemp("bot") / "data"
    build_index([DATA / "articles.jsonl"], data_dir=data, workers=1)
    return data
