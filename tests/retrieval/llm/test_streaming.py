"""Streamed answers: deltas split anywhere, errors after the start, stalls, early exits."""

from __future__ import annotations

import time

import httpx
import pytest

from retrieval.llm import Completion, LLMClient
from tests.fakes.llm_api import CONTEXT_LENGTH_ERRORS, DEFAULT_TEXT
from tests.retrieval.llm.helpers import (
    CYRILLIC,
    MESSAGES,
    collect,
    make_config,
    stream_failure,
)


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
