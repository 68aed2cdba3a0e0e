"""Read what a chat-completions server sent back: one JSON body, or a stream of deltas.

Every await is bounded by the call's deadline (`within`); whatever is not a usable answer
becomes an `LLMError` whose text is one safe line (`safe_line`, with the API key masked).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncGenerator, Awaitable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar

import httpx

from retrieval.llm.config import Completion
from retrieval.llm.errors import (
    LLMError,
    error_fields,
    http_error_kind,
    is_context_error,
    parse_retry_after,
    safe_line,
)
from retrieval.llm.sse import SSEEvent, SSEParser

T = TypeVar("T")

MAX_ERROR_BODY: Final = 64 * 1024
MAX_BODY: Final = 8 * 1024 * 1024


async def within(deadline_at: float, step: Awaitable[T]) -> T:
    """Await `step` before `deadline_at` (a `time.monotonic()` instant), else raise "deadline"."""
    # One absolute instant for every await: the deadline covers queueing, retries and
    # backoff, and no cancel scope stays open across a stream's yields.
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout_at(loop.time() + (deadline_at - time.monotonic())):
            return await step
    except TimeoutError:
        raise LLMError("deadline", "the answer took longer than its deadline") from None


async def read_body(response: httpx.Response, limit: int) -> bytes:
    """Read at most `limit` bytes of the body; a larger body is cut there."""
    parts: list[bytes] = []
    size = 0
    async for part in response.aiter_bytes():
        parts.append(part)
        size += len(part)
        if size >= limit:
            break
    return b"".join(parts)[:limit]


def parse_completion(raw: bytes, started: float, secret: str | None) -> Completion:
    """Return the completion in a 2xx body, or raise `LLMError` saying why it has none."""
    try:
        payload = json.loads(raw)
    except ValueError:
        raise LLMError("bad_response", "response is not JSON") from None
    if (fields := error_fields(payload)) is not None:
        message, kind_hint, code = fields
        kind = "context_length" if is_context_error(*fields) else "bad_response"
        raise LLMError(kind, safe_line(message or f"error {kind_hint or code}", secret))
    choices = payload.get("choices") if isinstance(payload, dict) else None
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise LLMError("bad_response", "response has no choices")
    reply = choices[0].get("message")
    content = reply.get("content") if isinstance(reply, dict) else None
    if not isinstance(content, str):
        raise LLMError("bad_response", "response has no message content")
    reason = choices[0].get("finish_reason")
    state = _StreamState()
    state.add_usage(payload.get("usage"))
    prompt, completion_tokens = state.usage
    return Completion(
        content,
        reason if isinstance(reason, str) else None,
        prompt,
        completion_tokens,
        time.monotonic() - started,
    )


def http_error(
    status: int, raw: bytes, headers: Mapping[str, str], secret: str | None
) -> LLMError:
    """Return the `LLMError` an HTTP error response stands for, in any server's dialect."""
    try:
        payload: Any = json.loads(raw)
    except ValueError:
        payload = None
    fields = error_fields(payload)
    if fields is None:
        text = raw[:300].decode("utf-8", "replace") if raw else ""
        fields = (text, "", "")
    message, kind_hint, code = fields
    safe = safe_line(message, secret) or httpx.codes.get_reason_phrase(status)
    kind = http_error_kind(status, message, kind_hint, code)
    retry_after = parse_retry_after(headers)
    return LLMError(kind, safe or "error", status=status, retry_after=retry_after)


async def stream_texts(
    response: httpx.Response,
    deadline_at: float,
    started: float,
    result: list[Completion],
    secret: str | None,
) -> AsyncGenerator[str, None]:
    """Yield a streamed answer's text deltas, then append the totals to `result`."""
    if "text/event-stream" not in response.headers.get("content-type", ""):
        # The server ignored "stream": a plain completion, or LM Studio's 200 + error.
        raw = await _stream_step(deadline_at, read_body(response, MAX_BODY))
        completion = parse_completion(raw, started, secret)
        if completion.text:
            yield completion.text
        result.append(completion)
        return
    state = _StreamState()
    parser = SSEParser()
    chunks = response.aiter_bytes()
    try:
        while not state.done:
            try:
                chunk = await _stream_step(deadline_at, anext(chunks))
                events = parser.feed(chunk)
            except StopAsyncIteration:
                events = parser.close()
                state.ended = True
            except ValueError as exc:
                raise LLMError("stream_error", str(exc)) from None
            for event in events:
                text = _fold(event, state, secret)
                if text:
                    state.chunks += 1
                    yield text
                if state.done:
                    break
            if state.ended:
                break
    finally:
        if isinstance(chunks, AsyncGenerator):
            await chunks.aclose()
    if not state.done and state.finish_reason is None:
        raise LLMError("stream_error", "stream ended without [DONE] or a finish reason")
    prompt, completion_tokens = state.usage
    result.append(
        Completion(
            "".join(state.text),
            state.finish_reason,
            prompt,
            completion_tokens,
            time.monotonic() - started,
        )
    )


async def _stream_step(deadline_at: float, step: Awaitable[T]) -> T:
    try:
        return await within(deadline_at, step)
    except httpx.TimeoutException as exc:
        raise LLMError("stream_error", f"stream stalled ({type(exc).__name__})") from None
    except httpx.TransportError as exc:
        raise LLMError("stream_error", f"stream cut off ({type(exc).__name__})") from None


def _fold(event: SSEEvent, state: _StreamState, secret: str | None) -> str:
    """Fold one event into `state`; return its new text, if any."""
    if event.data.strip() == "[DONE]":
        state.done = True
        return ""
    try:
        payload = json.loads(event.data)
    except ValueError:
        raise LLMError("stream_error", "malformed stream event") from None
    fields = error_fields(payload)
    if fields is not None or event.event == "error":
        message, kind_hint, code = fields or (event.data, "", "")
        context = is_context_error(message, kind_hint, code)
        # Nothing shown yet: the caller can still retry with fewer passages.
        kind = "context_length" if context and state.chunks == 0 else "stream_error"
        raise LLMError(kind, safe_line(message or "error event in stream", secret))
    if not isinstance(payload, dict):
        raise LLMError("stream_error", "malformed stream event")
    state.add_usage(payload.get("usage"))
    choices = payload.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return ""  # e.g. the usage-only chunk
    choice = choices[0]
    if isinstance(reason := choice.get("finish_reason"), str) and reason:
        state.finish_reason = reason
    delta = choice.get("delta")
    content = delta.get("content") if isinstance(delta, dict) else None
    if isinstance(content, str) and content:
        state.text.append(content)
        return content
    return ""


@dataclass(slots=True)
class _StreamState:
    text: list[str] = field(default_factory=list)
    chunks: int = 0
    finish_reason: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    done: bool = False
    ended: bool = False

    def add_usage(self, usage: Any) -> None:
        if not isinstance(usage, dict):
            return
        for name in ("prompt_tokens", "completion_tokens"):
            value = usage.get(name)
            if isinstance(value, int) and not isinstance(value, bool):
                setattr(self, name, value)

    @property
    def usage(self) -> tuple[int | None, int | None]:
        return self.prompt_tokens, self.completion_tokens
