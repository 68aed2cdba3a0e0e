"""What the client retries (and how long it waits), and how it reads each server's errors."""

from __future__ import annotations

import pytest

from retrieval.llm import LLMClient
from tests.fakes.llm_api import CONTEXT_LENGTH_ERRORS, DEFAULT_TEXT, FakeLLM
from tests.retrieval.llm.helpers import (
    MESSAGES,
    failure,
    make_config,
    stream_failure,
)


@pytest.mark.parametrize("header", ["seconds", "ms", "date"])
async def test_rate_limit_is_retried_after_the_time_the_server_asks(client, llm, header):
    wait = 1.0 if header == "date" else 0.3  # an HTTP date has whole seconds
    llm.rate_limited(wait, header=header)

    completion = await client.complete(MESSAGES, max_tokens=8)

    first, second = llm.requests
    gap = second.arrived - first.arrived
    assert completion.text == DEFAULT_TEXT
    assert wait - 0.05 <= gap < wait + (1.0 if header == "date" else 0.5)
    assert client.stats["retries"] == 1


async def test_retry_after_longer_than_30_seconds_is_not_waited_for(client, llm):
    llm.rate_limited(60)

    error = await failure(client.complete(MESSAGES, max_tokens=8))

    assert error.kind == "rate_limited"
    assert error.status == 429
    assert error.retry_after == 60
    assert len(llm.requests) == 1


async def test_server_errors_are_retried_then_succeed(client, llm):
    llm.server_error().server_error(502)

    assert (await client.complete(MESSAGES, max_tokens=8)).text == DEFAULT_TEXT
    assert [r.behaviour for r in llm.requests] == ["error", "error", "answer"]
    assert client.stats["retries"] == 2


async def test_retries_stop_after_max_retries(client, llm):
    llm.server_error().server_error().server_error()

    error = await failure(client.complete(MESSAGES, max_tokens=8))

    assert error.kind == "unavailable"
    assert error.status == 500
    assert len(llm.requests) == 3
    assert llm.pending == 0


@pytest.mark.parametrize("dialect", ["llamacpp", "plain"])
async def test_loading_model_503_is_retried(client, llm, dialect):
    llm.loading_model(dialect)

    assert (await client.complete(MESSAGES, max_tokens=8)).text == DEFAULT_TEXT
    assert len(llm.requests) == 2


@pytest.mark.parametrize("status", [408, 409])
async def test_timeout_and_conflict_statuses_are_retried(client, llm, status):
    llm.error(status, {"error": {"message": "try again"}})

    assert (await client.complete(MESSAGES, max_tokens=8)).text == DEFAULT_TEXT


async def test_dropped_connection_is_retried(client, llm):
    llm.disconnect()

    assert (await client.complete(MESSAGES, max_tokens=8)).text == DEFAULT_TEXT
    assert len(llm.requests) == 2


async def test_read_timeout_is_retried(llm):
    llm.hang(1.0)
    async with LLMClient(make_config(llm, read_timeout=0.2)) as client:
        assert (await client.complete(MESSAGES, max_tokens=8)).text == DEFAULT_TEXT
    assert len(llm.requests) == 2


async def test_unreachable_server_is_unavailable_after_retries():
    with FakeLLM() as gone:
        config = make_config(gone)
    async with LLMClient(config) as client:
        error = await failure(client.complete(MESSAGES, max_tokens=8))
    assert error.kind == "unavailable"
    assert client.stats["retries"] == 2


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, "bad_request"),
        (401, "auth"),
        (402, "quota"),
        (403, "auth"),
        (404, "bad_request"),
        (422, "bad_request"),
    ],
)
async def test_client_errors_are_not_retried(client, llm, status, kind):
    llm.error(status, {"error": {"message": "nope", "type": "invalid_request_error"}})

    error = await failure(client.complete(MESSAGES, max_tokens=8))

    assert (error.kind, error.status) == (kind, status)
    assert len(llm.requests) == 1


@pytest.mark.parametrize("dialect", sorted(CONTEXT_LENGTH_ERRORS))
@pytest.mark.parametrize("streaming", [False, True])
async def test_context_length_is_recognised_in_every_dialect(client, llm, dialect, streaming):
    llm.context_length(dialect)

    if streaming:
        error = await stream_failure(client, [])
    else:
        error = await failure(client.complete(MESSAGES, max_tokens=8))

    assert error.kind == "context_length", str(error)
    assert len(llm.requests) == 1
    assert client.breaker_state == "closed"


async def test_openrouter_moderation_403_is_a_bad_request_not_auth(client, llm):
    metadata = {"reasons": ["violence"], "flagged_input": "...", "provider_name": "x"}
    llm.error(403, {"error": {"code": 403, "message": "flagged", "metadata": metadata}})

    assert (await failure(client.complete(MESSAGES, max_tokens=8))).kind == "bad_request"
