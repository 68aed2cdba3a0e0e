"""What end-to-end bot tests share: a running bot on the fake Bot API, and waiting for calls."""

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from typing import Any

from bot.app import build_application
from bot.handlers import BotConfig
from retrieval.service import NewsService
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
    values: dict[str, Any] = {
        "admin_ids": frozenset({ADMIN}),
        "corpus_paths": [DATA / "articles.jsonl"],
        "engine": "tantivy",
        "build_workers": 1,
    }
    return BotConfig(**(values | overrides))


@contextlib.asynccontextmanager
async def running_bot(api: FakeTelegramAPI, data_dir, **kwargs: Any) -> AsyncIterator[Any]:
    """Run the real Application polling `api`, as `run_polling` would, until the block ends."""
    kwargs.setdefault("config", config())
    app = build_application(
        token=api.token,
        base_url=api.base_url,
        service=kwargs.pop("service", None) or NewsService(data_dir),
        read_timeout=5,
        **kwargs,
    )
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
