"""LLM errors: the kinds a caller acts on, and how each server dialect reports them.

Error shapes this module understands (checked against the servers' code and issue trackers):

- OpenAI: `{"error": {"message", "type", "param", "code"}}`; context overflow is 400 with
  code `context_length_exceeded`; an empty account is 429 with type and code
  `insufficient_quota` (not a rate limit: langchainjs#1929).
- vLLM: up to ~0.9 a top-level `{"object": "error", "message", "type": "BadRequestError",
  "param", "code": 400}` (vllm#4667, vllm#19464); later releases nest the same fields under
  `"error"` (`ErrorResponse(error=ErrorInfo)` in the OpenAI protocol module). Context text:
  "This model's maximum context length is N tokens. However, you requested M tokens ..."
  (vllm#20409) or "... maximum context length is N tokens and your request has M input tokens".
- llama.cpp server: `{"error": {"code": 400, "message": "request (N tokens) exceeds the
  available context size (M tokens), try increasing it", "type": "exceed_context_size_error",
  "n_prompt_tokens", "n_ctx"}}` (`server_task_result_error::to_json`); older builds said "the
  request exceeds the available context size". While loading: 503 `{"error": {"code": 503,
  "message": "Loading model", "type": "unavailable_error"}}` (`middleware_server_state`).
- Ollama: the native API answers `{"error": "<text>"}`, e.g. "the input length exceeds the
  context length"; under /v1 the middleware rewraps it as `{"error": {"message", "type":
  "invalid_request_error" | "api_error", "param": null, "code": null}}` (`openai.NewError`).
  Chat usually truncates the prompt to `num_ctx` silently instead of failing (ollama#7661).
- OpenRouter: `{"error": {"code", "message", "metadata"}}` with the HTTP status equal to
  `code`; 402 = out of credits; 403 may be a moderation flag (`metadata.reasons`); once a
  stream has started, errors arrive as `data:` events carrying an `"error"` field, and
  `: OPENROUTER PROCESSING` comments keep the connection open (openrouter.ai/docs/api/errors,
  /docs/api-reference/streaming). Context text: "This endpoint's maximum context length is N
  tokens ..." (OpenHands#8149).
- LM Studio: may answer an overflow with HTTP 200 and an error body
  (lmstudio-bug-tracker#2322): "The number of tokens to keep from the initial prompt is
  greater than the context length", or (MLX) "Context size has been exceeded".
"""

from __future__ import annotations

import email.utils
import math
import re
import time
from collections.abc import Mapping
from typing import Any, Final

ERROR_KINDS: Final = frozenset(
    {
        "timeout",  # connect/read/write/pool timeout, or HTTP 408
        "deadline",  # the call's overall deadline passed (retries included)
        "unavailable",  # connection failed, 5xx, 409, 503 "Loading model", or LLM disabled
        "rate_limited",  # 429 that is not a quota error
        "quota",  # out of credits: OpenAI insufficient_quota, OpenRouter 402
        "auth",  # 401 or 403
        "context_length",  # prompt + max_tokens over the model's window: retry with less
        "bad_request",  # other 4xx: our request or configuration is wrong
        "bad_response",  # 2xx whose body is not a usable completion
        "circuit_open",  # refused without a request: the breaker is open
        "stream_error",  # a stream failed after it started (error event, cut off, stalled)
    }
)
RETRYABLE_KINDS: Final = frozenset({"timeout", "unavailable", "rate_limited"})
_CONTEXT_CODES: Final = frozenset({"context_length_exceeded", "exceed_context_size_error"})
_CONTEXT_TEXT = re.compile(
    r"maximum context length"  # OpenAI, vLLM, OpenRouter
    r"|context[ _](?:length|size|window)[ _](?:exceeded|has been exceeded)"  # LM Studio MLX
    r"|exceeds? (?:the )?(?:available |maximum |model's )?context"  # llama.cpp, Ollama
    r"|(?:greater|longer|larger) than the (?:maximum |model's )?context"  # LM Studio
    r"|context the overflows"  # LM Studio (sic)
    r"|context (?:length|size|window) (?:is )?(?:exceeded|too small)",
    re.IGNORECASE,
)
_QUOTA_CODES: Final = frozenset(
    {"insufficient_quota", "billing_hard_limit_reached", "billing_not_active"}
)
_QUOTA_TEXT = re.compile(r"exceeded your current quota|insufficient (?:quota|credits)", re.I)
_SECRET_TEXT = re.compile(r"(?i)\bbearer\s+\S+|\b(?:sk|rk)-[A-Za-z0-9_\-]{6,}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+")
_MESSAGE_LIMIT = 200


class LLMError(Exception):
    """A failed LLM call; `kind` is one of ERROR_KINDS and says what the caller should do."""

    def __init__(
        self,
        kind: str,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        if kind not in ERROR_KINDS:
            msg = f"unknown LLMError kind {kind!r}"
            raise ValueError(msg)
        self.kind = kind
        self.message = message
        self.status = status
        self.retry_after = retry_after
        super().__init__(str(self))

    def __str__(self) -> str:
        status = f" (HTTP {self.status})" if self.status is not None else ""
        return f"LLM {self.kind}{status}: {self.message}"

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE_KINDS


def parse_retry_after(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """Read `retry-after-ms` (OpenAI) or `Retry-After` (seconds or an HTTP date) in seconds."""
    lowered = {key.lower(): value for key, value in headers.items()}
    if (millis := _number(lowered.get("retry-after-ms"))) is not None:
        return millis / 1000
    value = lowered.get("retry-after")
    if value is None:
        return None
    if (seconds := _number(value)) is not None:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _number(value: str | None) -> float | None:
    try:
        number = float(value) if value is not None else math.nan
    except ValueError:
        return None
    return number if math.isfinite(number) and number >= 0 else None


def error_fields(payload: Any) -> tuple[str, str, str] | None:
    """Return (message, type, code) from any known error envelope, or None if not an error."""
    if not isinstance(payload, dict):
        return None
    error = payload.get("error")
    if isinstance(error, str):  # Ollama native, LM Studio
        return error, "", ""
    if isinstance(error, dict):  # OpenAI, newer vLLM, llama.cpp, OpenRouter, Ollama /v1
        message = str(error.get("message") or "")
        metadata = error.get("metadata")
        if isinstance(metadata, dict) and isinstance(metadata.get("raw"), str):
            message = f"{message} ({metadata['raw']})" if message else metadata["raw"]
        if isinstance(metadata, dict) and ("reasons" in metadata or "flagged_input" in metadata):
            return message, "moderation", str(error.get("code") or "")
        return message, str(error.get("type") or ""), str(error.get("code") or "")
    if payload.get("object") == "error":  # vLLM before the nested envelope
        return str(payload.get("message") or ""), str(payload.get("type") or ""), ""
    return None


def rejects_stream_options(status: int | None, raw: bytes) -> bool:
    return status in (400, 422) and b"stream_options" in raw


def is_context_error(message: str, kind_hint: str, code: str) -> bool:
    return bool(
        code in _CONTEXT_CODES or kind_hint in _CONTEXT_CODES or _CONTEXT_TEXT.search(message)
    )


def http_error_kind(status: int, message: str, kind_hint: str, code: str) -> str:
    """Return the ERROR_KINDS entry for an HTTP error response."""
    quota = code in _QUOTA_CODES or kind_hint in _QUOTA_CODES or _QUOTA_TEXT.search(message)
    if status in (401, 403) and kind_hint != "moderation":
        return "auth"
    if status == 402 or (status == 429 and quota):
        return "quota"
    if status == 429:
        return "rate_limited"
    if is_context_error(message, kind_hint, code):
        return "context_length"
    if status == 408:
        return "timeout"
    if status == 409 or status >= 500:
        return "unavailable"
    return "bad_request"


def safe_line(text: str, secret: str | None = None) -> str:
    """Shorten provider text to one safe line: no secrets, no control characters."""
    if secret:
        text = text.replace(secret, "***")
    text = _SECRET_TEXT.sub("***", text)
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text if len(text) <= _MESSAGE_LIMIT else text[: _MESSAGE_LIMIT - 1] + "…"
