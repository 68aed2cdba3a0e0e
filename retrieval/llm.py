"""Talk to any OpenAI-compatible `/v1/chat/completions` server, or fail fast with an `LLMError`.

One `LLMClient` per endpoint: one shared `httpx.AsyncClient`, an overall deadline per call
covering retries, bounded retries with backoff, a circuit breaker and a concurrency limit.
Every failure is an `LLMError` whose `kind` tells the caller what to do (fall back, or retry
with fewer passages on "context_length"); its text is one short line without secrets.

How errors are read from each kind of server is in `retrieval.llm_errors`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import random
import socket
import time
from collections.abc import AsyncGenerator, Awaitable, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Final, TypeVar

import httpx

from retrieval.llm_errors import (
    ERROR_KINDS,
    LLMError,
    error_fields,
    http_error_kind,
    is_context_error,
    parse_retry_after,
    rejects_stream_options,
    safe_line,
)
from retrieval.options import LLMConfig
from retrieval.sse import SSEEvent, SSEParser

__all__ = ["ERROR_KINDS", "Completion", "LLMClient", "LLMConfig", "LLMError", "parse_retry_after"]

logger = logging.getLogger(__name__)

T = TypeVar("T")

RETRY_AFTER_LIMIT: Final = 30.0  # a server asking for a longer wait is not waited for
BACKOFF_CAP: Final = 8.0
# Tokenizers differ, but none counts a prompt at under half of tiktoken's cl100k count:
# a server reporting less has cut the prompt. Warned about at most this often (seconds).
CUT_PROMPT_RATIO: Final = 0.5
CUT_PROMPT_WARN_EVERY: Final = 600.0
# Kinds that say nothing about the server's health: it answered, we asked wrongly.
_HEALTHY: Final = frozenset({"context_length", "bad_request"})
_MAX_ERROR_BODY = 64 * 1024
_MAX_BODY = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Completion:
    text: str
    finish_reason: str | None
    prompt_tokens: int | None  # from "usage" when the server sends it
    completion_tokens: int | None
    seconds: float


class _Breaker:
    """Consecutive failures open it; after the cool-down one probe call decides."""

    def __init__(self, failures: int, cooldown: float) -> None:
        self._threshold = failures
        self._cooldown = cooldown
        self._failures = 0
        self._open_until: float | None = None
        self._probing = False

    @property
    def state(self) -> str:
        if self._open_until is None:
            return "closed"
        if self._probing or time.monotonic() >= self._open_until:
            return "half-open"
        return "open"

    def admit(self) -> bool:
        """Let a call through, returning whether it is the half-open probe; else raise."""
        if self._open_until is None:
            return False
        wait = self._open_until - time.monotonic()
        if wait > 0 or self._probing:
            reason = "a probe call is in flight" if wait <= 0 else f"retry in {wait:.0f} s"
            msg = f"circuit breaker open, {reason}"
            raise LLMError("circuit_open", msg, retry_after=max(wait, 0.0))
        self._probing = True
        return True

    def success(self) -> None:
        if self._open_until is not None:
            logger.info("LLM circuit breaker closed")
        self._failures, self._open_until, self._probing = 0, None, False

    def failure(self, probe: bool) -> None:
        self._failures += 1
        if probe or self._open_until is not None or self._failures >= self._threshold:
            self.trip(self._cooldown)

    def trip(self, cooldown: float) -> None:
        logger.warning("LLM circuit breaker open for %.0f s", cooldown)
        self._open_until, self._probing = time.monotonic() + cooldown, False

    def abandon(self, probe: bool) -> None:
        """Forget a call that ended without a verdict (cancelled, or closed early)."""
        if probe:
            self._probing = False


class LLMClient:
    """Send chat completions to one OpenAI-compatible endpoint (call `aclose` when done)."""

    def __init__(
        self, config: LLMConfig, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self._config = config
        headers = {"User-Agent": "newsdesk-llm/1", "Accept": "application/json"}
        if config.api_key:
            headers["Authorization"] = f"Bearer {config.api_key}"
        timeout = httpx.Timeout(
            connect=config.connect_timeout,
            read=config.read_timeout,
            write=config.write_timeout,
            pool=config.pool_timeout,
        )
        if transport is None:
            # Request headers and body leave in separate writes; with Nagle's algorithm on,
            # the body waits for the server's delayed ACK (up to 40 ms on Linux).
            nodelay = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
            transport = httpx.AsyncHTTPTransport(socket_options=nodelay)
        self._client = httpx.AsyncClient(timeout=timeout, headers=headers, transport=transport)
        self._semaphore = asyncio.Semaphore(config.max_concurrency)
        self._breaker = _Breaker(config.breaker_failures, config.breaker_cooldown)
        self._random = random.Random()
        self._stream_options = True
        self.last_stream: Completion | None = None
        self.stats: dict[str, int] = dict.fromkeys(
            [
                "calls",
                "failures",
                "retries",
                "rejected",
                "prompt_tokens",
                "completion_tokens",
                "cut_prompts",  # the server counted far fewer prompt tokens than we sent
            ],
            0,
        )
        self._cut_warned_at = -math.inf

    @property
    def config(self) -> LLMConfig:
        return self._config

    @property
    def breaker_state(self) -> str:
        return self._breaker.state

    async def aclose(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> LLMClient:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def complete(
        self,
        messages: list[dict[str, str]],
        *,
        max_tokens: int,
        deadline: float | None = None,
        prompt_tokens: int | None = None,
    ) -> Completion:
        """Return the whole answer.

        Args:
            deadline: seconds for the whole call, retries and waits included; defaults to
                `config.deadline`.
            prompt_tokens: the caller's count of the prompt (any tokenizer); a server
                reporting under half of it probably cut the prompt (see `cut_prompts`).

        Raises:
            LLMError: on any failure, with `kind` saying which.
        """
        started, deadline_at = time.monotonic(), self._deadline_at(deadline)
        probe = self._admit()
        try:
            await self._within(deadline_at, self._semaphore.acquire())
            try:
                _, raw = await self._open(self._body(messages, max_tokens), deadline_at, True)
            finally:
                self._semaphore.release()
            completion = self._completion(raw, started)
        except LLMError as exc:
            self._failed(exc, probe)
            raise
        except BaseException:
            self._breaker.abandon(probe)
            raise
        self._succeeded(completion, prompt_tokens)
        return completion

    async def stream(
        self,
        messages: list[dict[str, str]],
        *,
        max_tokens: int,
        deadline: float | None = None,
        prompt_tokens: int | None = None,
    ) -> AsyncGenerator[str, None]:
        """Yield the answer's text as it arrives; `last_stream` holds the totals at the end.

        Retries happen only before the body starts; once it has, any failure raises
        `LLMError` ("stream_error" or "deadline") and the caller keeps what it has. Close it
        (`aclose`, or `contextlib.aclosing`) when leaving early, to free the connection now.
        `last_stream` is per client: with concurrent streams, read totals right after yours.
        `prompt_tokens` is as for `complete`.
        """
        started, deadline_at = time.monotonic(), self._deadline_at(deadline)
        probe = self._admit()
        try:
            await self._within(deadline_at, self._semaphore.acquire())
            try:
                body = self._body(messages, max_tokens, stream=True)
                response, _ = await self._open(body, deadline_at, False)
                result: list[Completion] = []
                events = self._events(response, deadline_at, started, result)
                try:
                    async for text in events:
                        yield text
                finally:
                    await events.aclose()
                    await response.aclose()
            finally:
                self._semaphore.release()
        except LLMError as exc:
            self._failed(exc, probe)
            raise
        except BaseException:  # cancelled, or the consumer closed the generator early
            self._breaker.abandon(probe)
            raise
        self.last_stream = result[0]
        self._succeeded(result[0], prompt_tokens)

    # one request, with retries before any body byte

    def _body(
        self, messages: list[dict[str, str]], max_tokens: int, *, stream: bool = False
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self._config.model,
            "messages": messages,
            "max_tokens": max_tokens,
            "temperature": self._config.temperature,
            "stream": stream,
        }
        # Ollama, vLLM and llama.cpp accept it (or ignore unknown fields); a strict server
        # that rejects it gets the request again without it (see _open).
        if stream and self._stream_options:
            body["stream_options"] = {"include_usage": True}
        return body

    async def _open(
        self, body: dict[str, Any], deadline_at: float, read: bool
    ) -> tuple[httpx.Response, bytes]:
        """Return a 2xx response: read and closed if `read`, else with its body unread."""
        headers = {"Accept": "text/event-stream"} if body["stream"] else None
        attempt = 0
        while True:
            request = self._client.build_request(
                "POST", self._config.chat_url, json=body, headers=headers
            )
            error: LLMError
            try:
                response = await self._within(deadline_at, self._client.send(request, stream=True))
            except httpx.TimeoutException as exc:
                error = LLMError("timeout", f"no answer in time ({type(exc).__name__})")
            except httpx.TransportError as exc:
                error = LLMError("unavailable", f"connection failed ({type(exc).__name__})")
            else:
                if response.is_success and not read:
                    return response, b""
                try:
                    limit = _MAX_BODY if response.is_success else _MAX_ERROR_BODY
                    raw = await self._within(deadline_at, _read(response, limit))
                except httpx.TimeoutException as exc:
                    error = LLMError(
                        "timeout", f"body not received in time ({type(exc).__name__})"
                    )
                except httpx.TransportError as exc:
                    error = LLMError("unavailable", f"connection lost ({type(exc).__name__})")
                else:
                    if response.is_success:
                        return response, raw
                    error = self._http_error(response.status_code, raw, response.headers)
                    if "stream_options" in body and rejects_stream_options(error.status, raw):
                        # A strict server that predates stream_options: ask again without it
                        # (no usage totals then), and stop sending it.
                        logger.info("LLM server rejects stream_options; sending it no more")
                        self._stream_options = False
                        body = {
                            key: value for key, value in body.items() if key != "stream_options"
                        }
                        continue
                finally:
                    await response.aclose()
            await self._before_retry(error, attempt, deadline_at)
            attempt += 1

    async def _before_retry(self, error: LLMError, attempt: int, deadline_at: float) -> None:
        """Raise `error` unless it is worth another attempt, else wait as long as asked."""
        if not error.retryable or attempt >= self._config.max_retries:
            raise error
        if error.retry_after is not None:
            if error.retry_after > RETRY_AFTER_LIMIT:
                raise error
            wait = error.retry_after
        else:
            ceiling = min(BACKOFF_CAP, self._config.backoff_base * 2**attempt)
            wait = ceiling * self._random.uniform(0.5, 1.0)
        if time.monotonic() + wait >= deadline_at:
            raise error  # waiting would outlive the deadline: fail now, the caller falls back
        self.stats["retries"] += 1
        logger.info("LLM retry %d in %.2f s after %s", attempt + 1, wait, error)
        await self._within(deadline_at, asyncio.sleep(wait))

    # streams

    async def _events(
        self,
        response: httpx.Response,
        deadline_at: float,
        started: float,
        result: list[Completion],
    ) -> AsyncGenerator[str, None]:
        """Yield text deltas, then append the totals to `result`."""
        if "text/event-stream" not in response.headers.get("content-type", ""):
            # The server ignored "stream": a plain completion, or LM Studio's 200 + error.
            raw = await self._stream_step(deadline_at, _read(response, _MAX_BODY))
            completion = self._completion(raw, started)
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
                    chunk = await self._stream_step(deadline_at, anext(chunks))
                    events = parser.feed(chunk)
                except StopAsyncIteration:
                    events = parser.close()
                    state.ended = True
                except ValueError as exc:
                    raise LLMError("stream_error", str(exc)) from None
                for event in events:
                    text = self._event(event, state)
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

    async def _stream_step(self, deadline_at: float, step: Awaitable[T]) -> T:
        try:
            return await self._within(deadline_at, step)
        except httpx.TimeoutException as exc:
            raise LLMError("stream_error", f"stream stalled ({type(exc).__name__})") from None
        except httpx.TransportError as exc:
            raise LLMError("stream_error", f"stream cut off ({type(exc).__name__})") from None

    def _event(self, event: SSEEvent, state: _StreamState) -> str:
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
            raise LLMError(
                kind, safe_line(message or "error event in stream", self._config.api_key)
            )
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

    # parsing and bookkeeping

    def _completion(self, raw: bytes, started: float) -> Completion:
        try:
            payload = json.loads(raw)
        except ValueError:
            raise LLMError("bad_response", "response is not JSON") from None
        if (fields := error_fields(payload)) is not None:
            message, kind_hint, code = fields
            kind = "context_length" if is_context_error(*fields) else "bad_response"
            raise LLMError(
                kind, safe_line(message or f"error {kind_hint or code}", self._config.api_key)
            )
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

    def _http_error(self, status: int, raw: bytes, headers: Mapping[str, str]) -> LLMError:
        try:
            payload: Any = json.loads(raw)
        except ValueError:
            payload = None
        fields = error_fields(payload)
        if fields is None:
            text = raw[:300].decode("utf-8", "replace") if raw else ""
            fields = (text, "", "")
        message, kind_hint, code = fields
        safe = safe_line(message, self._config.api_key) or httpx.codes.get_reason_phrase(status)
        kind = http_error_kind(status, message, kind_hint, code)
        retry_after = parse_retry_after(headers)
        return LLMError(kind, safe or "error", status=status, retry_after=retry_after)

    def _deadline_at(self, deadline: float | None) -> float:
        seconds = self._config.deadline if deadline is None else deadline
        return time.monotonic() + seconds

    async def _within(self, deadline_at: float, step: Awaitable[T]) -> T:
        # One absolute instant for every await: the deadline covers queueing, retries and
        # backoff, and no cancel scope stays open across a stream's yields.
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout_at(loop.time() + (deadline_at - time.monotonic())):
                return await step
        except TimeoutError:
            raise LLMError("deadline", "the answer took longer than its deadline") from None

    def _admit(self) -> bool:
        self.stats["calls"] += 1
        if not self._config.enabled:
            self.stats["failures"] += 1
            raise LLMError("unavailable", "no LLM endpoint is configured")
        try:
            return self._breaker.admit()
        except LLMError:
            self.stats["failures"] += 1
            self.stats["rejected"] += 1
            raise

    def _failed(self, error: LLMError, probe: bool) -> None:
        self.stats["failures"] += 1
        logger.info("LLM call failed: %s", error)
        if error.kind in ("auth", "quota"):
            self._breaker.trip(self._config.auth_cooldown)
        elif error.kind in _HEALTHY:
            self._breaker.success()
        else:
            self._breaker.failure(probe)

    def _succeeded(self, completion: Completion, sent_tokens: int | None = None) -> None:
        self._breaker.success()
        self.stats["prompt_tokens"] += completion.prompt_tokens or 0
        self.stats["completion_tokens"] += completion.completion_tokens or 0
        counted = completion.prompt_tokens
        if sent_tokens and counted is not None and counted < sent_tokens * CUT_PROMPT_RATIO:
            # Ollama, for one, cuts a prompt longer than its num_ctx without an error.
            self.stats["cut_prompts"] += 1
            now = time.monotonic()
            if now - self._cut_warned_at >= CUT_PROMPT_WARN_EVERY:
                self._cut_warned_at = now
                logger.warning(
                    "the LLM server counted %d prompt tokens for a prompt of about %d: it "
                    "probably cut it to fit its context window; give the model a larger "
                    "context (Ollama: num_ctx or OLLAMA_CONTEXT_LENGTH) or lower "
                    "LLM_CONTEXT_TOKENS",
                    counted,
                    sent_tokens,
                )


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


async def _read(response: httpx.Response, limit: int) -> bytes:
    """Read at most `limit` bytes of the body; a larger body is cut there."""
    parts: list[bytes] = []
    size = 0
    async for part in response.aiter_bytes():
        parts.append(part)
        size += len(part)
        if size >= limit:
            break
    return b"".join(parts)[:limit]
