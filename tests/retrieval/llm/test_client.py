"""The LLM client's whole answers, deadlines, secrets and limits, against the fake server."""

from __future__ import annotations

import asyncio
import logging
import time

import httpx
import pytest

from retrieval.llm import Completion, LLMClient, LLMConfig
from tests.retrieval.llm.helpers import (
    MESSAGES,
    collect,
    failure,
    make_config,
    stream_failure,
)


async def test_complete_sends_an_openai_body_and_returns_text_usage_and_finish(client, llm):
    llm.answer(
        "The council approved the budget. [1]", usage={"prompt_tokens": 7, "completion_tokens": 5}
    )

    completion = await client.complete(MESSAGES, max_tokens=128)

    assert completion.text == "The council approved the budget. [1]"
    assert completion.finish_reason == "stop"
    assert (completion.prompt_tokens, completion.completion_tokens) == (7, 5)
    assert 0 < completion.seconds < 2
    [request] = llm.requests
    assert request.method == "POST"
    assert request.path == "/v1/chat/completions"
    assert request.body == {
        "model": "fake-model",
        "messages": MESSAGES,
        "max_tokens": 128,
        "temperature": 0.2,
        "stream": False,
    }
    assert client.stats["calls"] == 1
    assert client.stats["prompt_tokens"] == 7


async def test_a_server_counting_under_half_the_prompt_is_reported_as_cutting_it(
    client, llm, caplog
):
    # Ollama cuts a prompt longer than num_ctx without an error; its usage gives it away.
    llm.answer("ok [1]", usage={"prompt_tokens": 2048, "completion_tokens": 3})
    llm.answer("ok [1]", usage={"prompt_tokens": 2048, "completion_tokens": 3})
    llm.answer("ok [1]", usage={"prompt_tokens": 2100, "completion_tokens": 3})
    llm.answer("ok [1]", usage=None)

    with caplog.at_level("WARNING", logger="retrieval.llm"):
        await client.complete(MESSAGES, max_tokens=64, prompt_tokens=4500)
        assert "".join(await collect(client, prompt_tokens=4500)) == "ok [1]"
        await client.complete(MESSAGES, max_tokens=64, prompt_tokens=4000)  # other tokenizer
        await client.complete(MESSAGES, max_tokens=64, prompt_tokens=4500)  # no usage: unknown

    assert client.stats["cut_prompts"] == 2
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1  # at most one warning every ten minutes
    assert "counted 2048 prompt tokens for a prompt of about 4500" in warnings[0]
    assert "LLM_CONTEXT_TOKENS" in warnings[0]


async def test_the_default_responder_sees_the_request(llm):
    llm.responder = lambda body: f"echo: {body['messages'][-1]['content']}"
    async with LLMClient(make_config(llm)) as client:
        assert (await client.complete(MESSAGES, max_tokens=8)).text.endswith("decide?")
        assert "".join(await collect(client)) == "echo: What did the council decide?"


async def test_completion_without_usage_has_no_token_counts(client, llm):
    llm.answer("ok", usage=None, finish_reason="length")

    completion = await client.complete(MESSAGES, max_tokens=1)

    assert completion == Completion("ok", "length", None, None, completion.seconds)


# deadlines


async def test_hung_server_is_abandoned_at_the_callers_deadline(client, llm):
    llm.hang(5)
    started = time.monotonic()

    error = await failure(client.complete(MESSAGES, max_tokens=8, deadline=0.5))

    assert error.kind == "deadline"
    assert 0.45 < time.monotonic() - started < 1.5


async def test_hung_stream_is_abandoned_at_the_configured_deadline(llm):
    llm.hang(5)
    async with LLMClient(make_config(llm, deadline=0.5)) as client:
        started = time.monotonic()
        error = await stream_failure(client, [])
    assert error.kind == "deadline"
    assert 0.45 < time.monotonic() - started < 1.5


async def test_deadline_covers_retries_and_no_wait_outlives_it(client, llm):
    llm.rate_limited(0.3).rate_limited(0.3).rate_limited(0.3)
    started = time.monotonic()

    error = await failure(client.complete(MESSAGES, max_tokens=8, deadline=0.5))

    assert error.kind == "rate_limited"  # the second wait would pass the deadline
    assert time.monotonic() - started < 0.5
    assert len(llm.requests) == 2


# secrets, headers, limits


async def test_authorization_is_sent_only_when_an_api_key_is_set(llm):
    async with LLMClient(make_config(llm)) as anonymous:
        await anonymous.complete(MESSAGES, max_tokens=8)
    async with LLMClient(make_config(llm, api_key="sk-test-abcdef123456")) as keyed:
        await collect(keyed)

    without, with_key = llm.requests
    assert not without.has_authorization
    assert with_key.headers["authorization"] == "Bearer sk-test-abcdef123456"


async def test_api_key_never_reaches_error_text_logs_or_repr(llm, caplog):
    key = "sk-secret-0123456789abcdef"
    llm.error(401, {"error": {"message": f"Invalid key {key} (Bearer {key})"}})
    caplog.set_level(logging.DEBUG)
    config = make_config(llm, api_key=key)
    async with LLMClient(config) as client:
        error = await failure(client.complete(MESSAGES, max_tokens=8))

    assert error.kind == "auth"
    for text in (str(error), repr(error), repr(config), caplog.text):
        assert key not in text
        assert "0123456789" not in text


async def test_error_text_is_one_short_line_whatever_the_body(client, llm):
    llm.error(400, "<html>\n" + "x" * 5000 + "\n</html>")

    error = await failure(client.complete(MESSAGES, max_tokens=8))

    assert error.kind == "bad_request"
    assert "\n" not in str(error)
    assert len(str(error)) < 240


async def test_concurrent_calls_never_exceed_max_concurrency(llm):
    for index in range(6):
        llm.answer(f"answer {index}", delay=0.15)
    async with LLMClient(make_config(llm, max_concurrency=2)) as client:
        started = time.monotonic()
        completions = await asyncio.gather(
            *(client.complete(MESSAGES, max_tokens=8) for _ in range(6))
        )

    assert sorted(c.text for c in completions) == [f"answer {i}" for i in range(6)]
    assert llm.peak_in_flight == 2
    assert time.monotonic() - started >= 0.45


async def test_waiting_for_a_slot_counts_against_the_deadline(llm):
    llm.answer("slow", delay=0.6)
    async with LLMClient(make_config(llm, max_concurrency=1)) as client:
        slow = asyncio.create_task(client.complete(MESSAGES, max_tokens=8))
        await asyncio.sleep(0.05)
        error = await failure(client.complete(MESSAGES, max_tokens=8, deadline=0.3))
        assert error.kind == "deadline"
        assert (await slow).text == "slow"
    assert len(llm.requests) == 1


@pytest.mark.parametrize(
    "body",
    [
        {"choices": []},
        {"choices": [{"message": {"role": "assistant", "content": None}}]},
        {"id": "x", "object": "chat.completion"},
        "not json at all",
    ],
)
async def test_unusable_success_bodies_are_bad_responses(client, llm, body):
    llm.error(200, body)

    error = await failure(client.complete(MESSAGES, max_tokens=8))

    assert error.kind == "bad_response"
    assert len(llm.requests) == 1


async def test_disabled_config_fails_fast_without_a_request():
    config = LLMConfig(base_url="", model="")
    assert not config.enabled
    async with LLMClient(config) as client:
        error = await failure(client.complete(MESSAGES, max_tokens=8))
    assert error.kind == "unavailable"


async def test_models_endpoint_lists_the_fake_model(llm):
    async with httpx.AsyncClient() as http:
        response = await http.get(f"{llm.base_url}/models")
    assert response.json()["data"][0]["id"] == "fake-model"
