"""The circuit breaker: opened by repeated failures or bad credentials, closed by a probe."""

from __future__ import annotations

import asyncio

import pytest

from retrieval.llm import LLMClient
from tests.fakes.llm_api import DEFAULT_TEXT
from tests.retrieval.llm.helpers import (
    MESSAGES,
    failure,
    make_config,
)


async def test_breaker_opens_after_consecutive_failures_and_a_probe_closes_it(llm):
    config = make_config(llm, max_retries=0, breaker_failures=3, breaker_cooldown=0.3)
    async with LLMClient(config) as client:
        for _ in range(3):
            llm.server_error()
            assert (await failure(client.complete(MESSAGES, max_tokens=8))).kind == "unavailable"
        assert client.breaker_state == "open"

        error = await failure(client.complete(MESSAGES, max_tokens=8))
        assert error.kind == "circuit_open"
        assert 0 < (error.retry_after or 0) <= 0.3
        assert len(llm.requests) == 3

        await asyncio.sleep(0.35)
        assert client.breaker_state == "half-open"
        assert (await client.complete(MESSAGES, max_tokens=8)).text == DEFAULT_TEXT
        assert client.breaker_state == "closed"
        assert client.stats["rejected"] == 1
        assert client.stats["failures"] == 4


async def test_failed_probe_reopens_the_breaker(llm):
    config = make_config(llm, max_retries=0, breaker_failures=1, breaker_cooldown=0.2)
    async with LLMClient(config) as client:
        llm.server_error().server_error()
        await failure(client.complete(MESSAGES, max_tokens=8))
        await asyncio.sleep(0.25)

        await failure(client.complete(MESSAGES, max_tokens=8))

        assert client.breaker_state == "open"
        assert (await failure(client.complete(MESSAGES, max_tokens=8))).kind == "circuit_open"


async def test_only_one_probe_goes_through_while_half_open(llm):
    config = make_config(llm, max_retries=0, breaker_failures=1, breaker_cooldown=0.1)
    async with LLMClient(config) as client:
        llm.server_error()
        await failure(client.complete(MESSAGES, max_tokens=8))
        await asyncio.sleep(0.15)
        llm.answer("probe", delay=0.3)
        probe = asyncio.create_task(client.complete(MESSAGES, max_tokens=8))
        await asyncio.sleep(0.1)

        assert (await failure(client.complete(MESSAGES, max_tokens=8))).kind == "circuit_open"
        assert (await probe).text == "probe"
        assert client.breaker_state == "closed"


async def test_context_length_and_bad_requests_do_not_open_the_breaker(llm):
    config = make_config(llm, breaker_failures=2)
    async with LLMClient(config) as client:
        for _ in range(3):
            llm.context_length("llamacpp")
            await failure(client.complete(MESSAGES, max_tokens=8))
        assert client.breaker_state == "closed"


async def test_wrong_api_key_opens_the_breaker_for_the_auth_cooldown(llm):
    llm.api_key = "sk-right-key-1234"
    async with LLMClient(make_config(llm, api_key="sk-wrong-key-5678")) as client:
        error = await failure(client.complete(MESSAGES, max_tokens=8))
        assert error.kind == "auth"
        assert error.status == 401
        assert client.breaker_state == "open"

        rejected = await failure(client.complete(MESSAGES, max_tokens=8))

    assert rejected.kind == "circuit_open"
    assert (rejected.retry_after or 0) > 3500
    assert len(llm.requests) == 1


@pytest.mark.parametrize("dialect", ["openai", "openrouter"])
async def test_quota_errors_are_not_retried_and_open_the_breaker_for_long(client, llm, dialect):
    llm.quota_exceeded(dialect)

    error = await failure(client.complete(MESSAGES, max_tokens=8))

    assert error.kind == "quota"
    assert len(llm.requests) == 1
    rejected = await failure(client.complete(MESSAGES, max_tokens=8))
    assert rejected.kind == "circuit_open"
    assert (rejected.retry_after or 0) > 3500
