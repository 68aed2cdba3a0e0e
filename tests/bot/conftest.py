"""Fixtures the bot's tests share."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.store import SQLiteStore
from retrieval.index import build_index
from tests.conftest import DATA
from tests.fakes.telegram_api import FakeTelegramAPI


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a data folder indexing tests/data, one per test module (a module's tests may
    reload or append to it; other modules never see that). A module that needs other
    articles defines its own `data_dir`."""
    data = tmp_path_factory.mktemp("bot") / "data"
    build_index([DATA / "articles.jsonl"], data_dir=data, workers=1)
    return data


@pytest.fixture
def api() -> Iterator[FakeTelegramAPI]:
    """Return a fake Bot API on 127.0.0.1 whose bot is @test_bot."""
    with FakeTelegramAPI(username="test_bot") as fake:
        yield fake


@pytest.fixture
async def bot(api: FakeTelegramAPI) -> AsyncIterator[Bot]:
    """Return a python-telegram-bot `Bot` talking to the fake, with short timeouts."""
    request = HTTPXRequest(read_timeout=0.5, connect_timeout=1.0)
    async with Bot(api.token, base_url=api.base_url, request=request) as client:
        yield client


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    """Return a fresh SQLite state file, closed after the test."""
    state = SQLiteStore(tmp_path / "state.sqlite3")
    yield state
    state.close()
