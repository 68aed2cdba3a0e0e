"""Talk to any OpenAI-compatible `/v1/chat/completions` server, or fail fast with an `LLMError`.

One `LLMClient` per endpoint: one shared `httpx.AsyncClient`, an overall deadline per call
covering retries, bounded retries with backoff, a circuit breaker (`retrieval.llm.breaker`)
and a concurrency limit. Every failure is an `LLMError` whose `kind` tells the caller what
to do (fall back, or retry with fewer passages on "context_length"); its text is one short
line without secrets.

Bodies and streams are read in `retrieval.llm.responses`; how errors are read from each
kind of server is in `retrieval.llm.errors`.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
import socket
import time
from collections.abc import AsyncGenerator
from types import TracebackType
from typing import Any, Final

import httpx

from retrieval.llm.breaker import Breaker
from retrieval.llm.config import Completion, LLMConfig
from retrieval.llm.errors import LLMError, rejects_stream_options
from retrieval.llm.responses import (
    MAX_BODY,
    MAX_ERROR_BODY,
    http_error,
    parse_completion,
    read_body,
    stream_texts,
    within,
)

logger = logging.getLogger(__name__)

RETRY_AFTER_LIMIT: Final = 30.0  # a server asking for a longer wait is not waited for
BACKOFF_CAP: Final = 8.0
# Tokenizers differ, but none counts a prompt at under half of tiktoken's cl100k count:
# a server reporting less has cut the prompt. Warned about at most this often (seconds).
CUT_PROMPT_RATIO: Final = 0.5
CUT_PROMPT_WARN_EVERY: Final = 600.0
# Kinds that say nothing about the server's health: it answered, we asked wrongly.
_HEALTHY: Final = frozenset({"context_length", "bad_request"})


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
        self._breaker = Breaker(config.breaker_failures, config.breaker_cooldown)
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
            await within(deadline_at, self._semaphore.acquire())
            try:
                _, raw = await self._open(self._body(messages, max_tokens), deadline_at, True)
            finally:
                self._semaphore.release()
            completion = parse_completion(raw, started, self._config.api_key)
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
            await within(deadline_at, self._semaphore.acquire())
            try:
                body = self._body(messages, max_tokens, stream=True)
                response, _ = await self._open(body, deadline_at, False)
                result: list[Completion] = []
                events = stream_texts(response, deadline_at, started, result, self._config.api_key)
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
                response = await within(deadline_at, self._client.send(request, stream=True))
            except httpx.TimeoutException as exc:
                error = LLMError("timeout", f"no answer in time ({type(exc).__name__})")
            except httpx.TransportError as exc:
                error = LLMError("unavailable", f"connection failed ({type(exc).__name__})")
            else:
                if response.is_success and not read:
                    return response, b""
                try:
                    limit = MAX_BODY if response.is_success else MAX_ERROR_BODY
                    raw = await within(deadline_at, read_body(response, limit))
                except httpx.TimeoutException as exc:
                    error = LLMError(
                        "timeout", f"body not received in time ({type(exc).__name__})"
                    )
                except httpx.TransportError as exc:
                    error = LLMError("unavailable", f"connection lost ({type(exc).__name__})")
                else:
                    if response.is_success:
                        return response, raw
                    error = http_error(
                        response.status_code, raw, response.headers, self._config.api_key
                    )
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
        await within(deadline_at, asyncio.sleep(wait))

    # bookkeeping

    def _deadline_at(self, deadline: float | None) -> float:
        seconds = self._config.deadline if deadline is None else deadline
        return time.monotonic() + seconds

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
