"""What the LLM client tests share: a short-fused config, messages, and ways to collect a call."""

from __future__ import annotations

from typing import Any

import pytest

from retrieval.llm import LLMClient, LLMConfig, LLMError
from tests.fakes.llm_api import FakeLLM

MESSAGES = [
    {"role": "system", "content": "Answer from the snippets only."},
    {"role": "user", "content": "What did the council decide?"},
]
CYRILLIC = "Київрада ухвалила бюджет: «так» — 42 голоси. [1] Ёлка, ґанок, їжак, ß, 😀."


def make_config(fake: FakeLLM, **overrides: Any) -> LLMConfig:
    """Return a config with short timeouts so failures show within a fraction of a second."""
    values: dict[str, Any] = {
        "base_url": fake.base_url,
        "model": "fake-model",
        "connect_timeout": 1.0,
        "read_timeout": 2.0,
        "deadline": 5.0,
        "backoff_base": 0.02,
    }
    return LLMConfig(**(values | overrides))


async def collect(client: LLMClient, **kwargs: Any) -> list[str]:
    return [piece async for piece in client.stream(MESSAGES, max_tokens=64, **kwargs)]


async def failure(awaitable: Any) -> LLMError:
    with pytest.raises(LLMError) as caught:
        await awaitable
    return caught.value


async def stream_failure(client: LLMClient, received: list[str], **kwargs: Any) -> LLMError:
    async def consume() -> None:
        async for piece in client.stream(MESSAGES, max_tokens=64, **kwargs):
            received.append(piece)

    with pytest.raises(LLMError) as caught:
        await consume()
    return caught.value
