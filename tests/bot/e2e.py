"""What end-to-end bot tests share: a running bot on the fake Bot API, and waiting for calls."""

import asyncio
import contextlib
import os
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.app import build_application
from bot.deps import BotConfig, Deps
from bot.settings import Settings, open_assistant
from tests.conftest import DATA
from tests.fakes.telegram_api import FakeTelegramAPI

ADMIN = 7
USER = 42
GROUP = -1001


def sent(api: FakeTelegramAPI, method: str = "sendMessage") -> list[dict[str, Any]]:
    return [p for p in api.requests_for(method) if "_fault" not in p]


async def wait_sent(api, count=1, method="sendMessage", within=10.0):
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        calls = sent(api, method)
        if len(calls) >= count:
            return calls
        await asyncio.sleep(0.02)
    raise AssertionError(f"expected {count} {method}; got {len(sent(api, method))}")


async def quiet_for(api, seconds, method="sendMessage"):
    """Return how many calls of `method` arrived in the next `seconds`."""
    before = len(sent(api, method))
    await asyncio.sleep(seconds)
    return len(sent(api, method)) - before


def config(**overrides: Any) -> BotConfig:
    """Return the bot's configuration with user 7 as admin, as `newsdesk run` builds it."""
    return BotConfig(**({"admin_ids": frozenset({ADMIN})} | overrides))


def settings(data_dir, **env: Any) -> Settings:
    """Return the settings `newsdesk run` would read: `data_dir`, tests/data as the corpus.

    Only these values and `env` count, not the environment or a `.env` file, so module
    fixtures (built before each test's clean environment) get the same.
    """
    values = {
        "NEWSDESK_DATA_DIR": str(data_dir),
        "NEWSDESK_CORPUS": str(DATA / "articles.jsonl"),
        "NEWSDESK_BUILD_WORKERS": "1",
    }
    with pytest.MonkeyPatch.context() as clean:
        for name in list(os.environ):
            if name.startswith(("NEWSDESK_", "LLM_", "TELEGRAM_")):
                clean.delenv(name)
        # `_env_file` is pydantic-settings' own argument; mypy sees only the fields in __init__.
        return Settings(_env_file=None, **(values | env))  # type: ignore[call-arg]


def assistant(data_dir, **env: Any):
    """Return the assistant `newsdesk run` builds from those settings (the one recipe)."""
    return open_assistant(settings(data_dir, **env))


@contextlib.asynccontextmanager
async def running_bot(api: FakeTelegramAPI, data_dir, **kwargs: Any) -> AsyncIterator[Any]:
    """Run the real Application polling `api`, as `run_polling` would, until the block ends.

    `kwargs` are the `Deps` fields; the assistant is built from `settings(data_dir)`.
    """
    kwargs.setdefault("config", config())
    if kwargs.get("assistant") is None:
        kwargs["assistant"] = assistant(data_dir)
    app = build_application(Deps(**kwargs), token=api.token, base_url=api.base_url, read_timeout=5)
    async with running(app):
        yield app


@contextlib.asynccontextmanager
async def running(app: Any) -> AsyncIterator[Any]:
    """Start a built Application polling, as `run_polling` would, until the block ends."""
    async with app:
        assert app.post_init is not None
        assert app.post_shutdown is not None
        assert app.updater is not None
        await app.post_init(app)
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()
            await app.post_shutdown(app)
