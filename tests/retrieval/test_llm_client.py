"""The LLM client against the fake OpenAI-compatible server, over real HTTP on loopback."""

from __future__ import annotations

import asyncio
import email.utils
import itertools
import json
import logging
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.llm import (
    Completion,
    LLMClient,
    LLMConfig,
    LLMError,
    parse_retry_after,
)
from retrieval.sse import SSEEvent, SSEParser
from tests.fakes.llm_api import CONTEXT_LENGTH_ERRORS, DEFAULT_TEXT, FakeLLM

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


@pytest.fixture
def llm() -> Iterator[FakeLLM]:
    with FakeLLM() as fake:
        yield fake


@pytest.fixture
async def client(llm: FakeLLM) -> AsyncIterator[LLMClient]:
    async with LLMClient(make_config(llm)) as client:
        yield client


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


# answers


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


@pytest.mark.parametrize("chunk_bytes", [1, 2, 3, [1, 2, 3, 5, 7], None, 4096])
async def test_stream_reassembles_cyrillic_split_at_any_byte(client, llm, chunk_bytes):
    llm.answer(CYRILLIC, chunk_bytes=chunk_bytes)

    pieces = await collect(client)

    assert "".join(pieces) == CYRILLIC
    assert all(pieces)  # the role-only first chunk (content null) yields nothing
    final = client.last_stream
    assert final is not None
    assert final.text == CYRILLIC
    assert final.finish_reason == "stop"
    assert final.prompt_tokens == 10
    assert final.completion_tokens == len(CYRILLIC.split())
    [request] = llm.requests
    assert request.body is not None
    assert request.body["stream"] is True
    assert request.body["stream_options"] == {"include_usage": True}
    assert request.headers["accept"] == "text/event-stream"


async def test_the_fake_really_splits_inside_utf8_characters(llm):
    llm.answer("ї" * 8, chunk_bytes=1, keepalive=True)
    body = {"model": "m", "messages": MESSAGES, "stream": True}
    async with (
        httpx.AsyncClient() as http,
        http.stream("POST", f"{llm.base_url}/chat/completions", json=body) as response,
    ):
        pieces = [piece async for piece in response.aiter_bytes()]
    raw = b"".join(pieces)
    assert max(map(len, pieces)) == 1
    assert len(pieces) == len(raw)
    assert b": keep-alive" in raw
    assert raw.endswith(b"data: [DONE]\n\n")


async def test_stream_handles_comments_event_lines_multiline_data_crlf_and_done(client, llm):
    raw = (
        ": OPENROUTER PROCESSING\r\n\r\n"
        'data: {"choices":[{"index":0,"delta":{"role":"assistant"}}]}\r\n\r\n'
        "event: message\r\n"
        'data: {"choices":[{"index":0,\r\n'
        'data: "delta":{"content":"При"}}]}\r\n\r\n'
        "id: 7\nretry: 100\n"
        'data: {"choices":[{"index":0,"delta":{"content":"віт"},"finish_reason":null}]}\n\n'
        'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],'
        '"usage":{"prompt_tokens":3,"completion_tokens":2}}\r\r'
        "data: [DONE]\n\n"
        'data: {"choices":[{"index":0,"delta":{"content":"after done"}}]}\n\n'
    )
    llm.sse(raw, chunk_bytes=[1, 2, 1, 3])

    assert "".join(await collect(client)) == "Привіт"
    assert client.last_stream == Completion("Привіт", "stop", 3, 2, client.last_stream.seconds)


async def test_server_that_ignores_stream_true_still_gives_the_text_once(client, llm):
    completion = {"choices": [{"message": {"content": "Whole answer"}, "finish_reason": "stop"}]}
    llm.error(200, completion)

    assert await collect(client) == ["Whole answer"]
    assert client.last_stream is not None
    assert client.last_stream.finish_reason == "stop"


async def test_mid_stream_error_event_raises_stream_error_after_the_partial_text(client, llm):
    llm.responder = lambda body: CYRILLIC
    llm.answer()
    llm.mid_stream_error(after_chunks=2)
    await collect(client)
    received: list[str] = []

    error = await stream_failure(client, received)

    assert error.kind == "stream_error"
    assert "Provider returned error" in str(error)
    assert "".join(received) == CYRILLIC[:8]
    assert client.last_stream is not None
    assert client.last_stream.text == CYRILLIC
    assert len(llm.requests) == 2  # never retried once the stream has started


async def test_vllm_style_error_event_in_a_stream_is_a_stream_error(client, llm):
    llm.mid_stream_error(1, {"object": "error", "message": "engine died", "code": 500})

    assert (await stream_failure(client, [])).kind == "stream_error"


async def test_context_error_event_before_any_text_is_context_length(client, llm):
    llm.mid_stream_error(0, CONTEXT_LENGTH_ERRORS["openai"][1])

    assert (await stream_failure(client, [])).kind == "context_length"


async def test_stream_ending_without_done_is_accepted_after_a_finish_reason(client, llm):
    llm.no_done()

    assert "".join(await collect(client)) == DEFAULT_TEXT


async def test_stream_ending_without_done_or_finish_reason_is_a_stream_error(client, llm):
    llm.no_done(finish_reason=None)
    received: list[str] = []

    error = await stream_failure(client, received)

    assert error.kind == "stream_error"
    assert "".join(received) == DEFAULT_TEXT


async def test_stream_stalled_after_it_started_is_not_retried(llm):
    llm.stall_mid_stream(after_chunks=2, seconds=3)
    async with LLMClient(make_config(llm, read_timeout=0.3)) as client:
        received: list[str] = []
        started = time.monotonic()

        error = await stream_failure(client, received)

    assert error.kind == "stream_error"
    assert "stalled" in str(error)
    assert "".join(received) == DEFAULT_TEXT[:8]
    assert time.monotonic() - started < 1.5
    assert len(llm.requests) == 1


async def test_stream_stalled_past_its_deadline_raises_deadline(client, llm):
    llm.stall_mid_stream(after_chunks=1, seconds=3)
    started = time.monotonic()

    error = await stream_failure(client, [], deadline=0.5)

    assert error.kind == "deadline"
    assert 0.45 < time.monotonic() - started < 1.5


async def test_stream_is_retried_while_nothing_has_arrived(client, llm):
    llm.rate_limited(0.05).loading_model()

    assert "".join(await collect(client)) == DEFAULT_TEXT
    assert len(llm.requests) == 3


async def test_strict_server_rejecting_stream_options_is_asked_again_without_it(client, llm):
    message = "Unrecognized request argument supplied: stream_options"
    llm.error(400, {"error": {"message": message, "type": "invalid_request_error"}})

    assert "".join(await collect(client)) == DEFAULT_TEXT
    assert "".join(await collect(client)) == DEFAULT_TEXT

    first, second, third = (request.body or {} for request in llm.requests)
    assert "stream_options" in first
    assert "stream_options" not in second
    assert "stream_options" not in third
    assert client.last_stream is not None
    assert client.last_stream.prompt_tokens is None  # no usage without include_usage


async def test_consumer_leaving_a_stream_early_frees_its_slot(llm):
    async with LLMClient(make_config(llm, max_concurrency=1)) as client:
        llm.answer(CYRILLIC)
        stream = client.stream(MESSAGES, max_tokens=64)
        assert await anext(stream) == CYRILLIC[:4]
        await stream.aclose()

        completion = await client.complete(MESSAGES, max_tokens=8, deadline=1.0)

    assert completion.text == DEFAULT_TEXT
    assert client.breaker_state == "closed"


# retries


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


# circuit breaker


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


# pure helpers


def test_retry_after_reads_seconds_milliseconds_and_http_dates():
    now = time.time()
    date = email.utils.formatdate(now + 12, usegmt=True)
    assert parse_retry_after({"Retry-After": "2.5"}) == 2.5
    assert parse_retry_after({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    assert parse_retry_after({"Retry-After": date}, now=now) == pytest.approx(12, abs=1)
    assert parse_retry_after({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0
    for value in ("soon", "-1", "nan", ""):
        assert parse_retry_after({"Retry-After": value}) is None
    assert parse_retry_after({}) is None


def test_llm_error_refuses_unknown_kinds():
    with pytest.raises(ValueError, match="unknown"):
        LLMError("oops", "x")


def _sse_stream(events: list[tuple[str, str]], crlf: bool) -> bytes:
    eol = "\r\n" if crlf else "\n"
    text = ""
    for name, data in events:
        text += f": comment{eol}"
        if name != "message":
            text += f"event: {name}{eol}"
        text += "".join(f"data: {line}{eol}" for line in data.split("\n")) + eol
    return text.encode()


@settings(max_examples=150, deadline=None)
@given(
    events=st.lists(
        st.tuples(
            st.sampled_from(["message", "error"]),
            st.text(
                alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"),
                max_size=20,
            ).map(lambda s: s + "\nїжак 😀"),
        ),
        max_size=5,
    ),
    cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=12),
    crlf=st.booleans(),
)
def test_sse_parser_gives_the_same_events_however_the_bytes_are_split(events, cuts, crlf):
    data = _sse_stream(events, crlf)
    points = sorted({0, len(data), *(c for c in cuts if c < len(data))})
    parser = SSEParser()
    parsed: list[SSEEvent] = []
    for start, end in itertools.pairwise(points):
        parsed += parser.feed(data[start:end])
    parsed += parser.close()

    assert parsed == [SSEEvent(data, name) for name, data in events]


def test_sse_parser_keeps_a_last_event_without_its_blank_line():
    parser = SSEParser()
    assert parser.feed(b'\xef\xbb\xbfdata: {"a": 1}') == []
    assert parser.close() == [SSEEvent('{"a": 1}')]
    assert json.loads(SSEEvent('{"a": 1}').data) == {"a": 1}
