"""A fake OpenAI-compatible LLM server on loopback, for tests that drive the real httpx client.

    with FakeLLM(responder=lambda body: "Answer [1]") as llm:
        client = LLMClient(LLMConfig(base_url=llm.base_url, model="fake"))
        llm.rate_limited(retry_after=0.2)          # the next call gets 429, then the default
        llm.answer("Відповідь [1]", chunk_bytes=1)  # then a stream split byte by byte
        ...
        [first, second] = llm.requests

It serves `POST /v1/chat/completions` (JSON, or SSE when the body says `"stream": true`) and
`GET /v1/models`. Each call takes the next scripted behaviour, or else answers with
`responder(request_json)`. Every behaviour works for stream and non-stream requests.

Streams look like real ones: a role-only first chunk with `content: null`, text deltas of a
few characters, a final chunk with `finish_reason`, a usage chunk (only when the request asks
with `stream_options.include_usage`, as OpenAI does), then `data: [DONE]`; `: keep-alive`
comments sit between events; the bytes go out as HTTP chunks split at awkward places
(by default 1, 3, 2, 5 and 7 bytes in turn), so UTF-8 characters and lines arrive in halves.

Handlers run in threads and waits use `threading.Event`, so async tests are never blocked;
`close()` releases every hang and stall at once.
"""

from __future__ import annotations

import contextlib
import email.utils
import itertools
import json
import logging
import math
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.fakes.loopback import LoopbackService, TrackingServer

logger = logging.getLogger(__name__)

Json = dict[str, Any]
Responder = Callable[[Json], str]
DEFAULT_TEXT = "Fake answer from the test model. [1]"
DEFAULT_SPLITS = (1, 3, 2, 5, 7)
MODEL_ID = "fake-model"
_AUTO: Any = object()  # usage computed from the request and the text

# Context-length errors as each server sends them (see retrieval/llm/errors.py for sources).
CONTEXT_LENGTH_ERRORS: dict[str, tuple[int, Any]] = {
    "openai": (
        400,
        {
            "error": {
                "message": "This model's maximum context length is 8192 tokens. However, your"
                " messages resulted in 9000 tokens. Please reduce the length of the messages.",
                "type": "invalid_request_error",
                "param": "messages",
                "code": "context_length_exceeded",
            }
        },
    ),
    "vllm": (  # vLLM up to ~0.9: a top-level envelope
        400,
        {
            "object": "error",
            "message": "This model's maximum context length is 4096 tokens. However, you"
            " requested 5000 tokens (4488 in the messages, 512 in the completion). Please"
            " reduce the length of the messages or completion.",
            "type": "BadRequestError",
            "param": None,
            "code": 400,
        },
    ),
    "vllm_nested": (  # later vLLM: ErrorResponse(error=ErrorInfo)
        400,
        {
            "error": {
                "message": "'max_tokens' or 'max_completion_tokens' is too large: 512. This"
                " model's maximum context length is 4096 tokens and your request has 3700"
                " input tokens (512 > 4096 - 3700). None",
                "type": "BadRequestError",
                "param": None,
                "code": 400,
            }
        },
    ),
    "llamacpp": (
        400,
        {
            "error": {
                "code": 400,
                "message": "request (5000 tokens) exceeds the available context size"
                " (4096 tokens), try increasing it",
                "type": "exceed_context_size_error",
                "n_prompt_tokens": 5000,
                "n_ctx": 4096,
            }
        },
    ),
    "ollama": (400, {"error": "the input length exceeds the context length"}),
    "ollama_v1": (  # the same error through Ollama's /v1 middleware
        400,
        {
            "error": {
                "message": "the input length exceeds the context length",
                "type": "invalid_request_error",
                "param": None,
                "code": None,
            }
        },
    ),
    "openrouter": (
        400,
        {
            "error": {
                "code": 400,
                "message": "This endpoint's maximum context length is 40960 tokens. However,"
                " you requested about 42988 tokens (38892 of text input, 4096 in the output)."
                ' Please reduce the length of either one, or use the "middle-out" transform'
                " to compress your prompt automatically.",
                "metadata": {"provider_name": None},
            }
        },
    ),
    "lmstudio": (  # LM Studio answers this with HTTP 200 (lmstudio-bug-tracker#2322)
        200,
        {
            "error": "The number of tokens to keep from the initial prompt is greater than the"
            " context length. Try to load the model with a larger context length, or provide"
            " a shorter input"
        },
    ),
}
LOADING_MODEL_ERRORS: dict[str, Any] = {
    "llamacpp": {"error": {"code": 503, "message": "Loading model", "type": "unavailable_error"}},
    "plain": {"error": "Loading model"},
}
QUOTA_ERRORS: dict[str, tuple[int, Any]] = {
    "openai": (
        429,
        {
            "error": {
                "message": "You exceeded your current quota, please check your plan and billing"
                " details.",
                "type": "insufficient_quota",
                "param": None,
                "code": "insufficient_quota",
            }
        },
    ),
    "openrouter": (
        402,
        {"error": {"code": 402, "message": "Insufficient credits. Add more using the website."}},
    ),
}


@dataclass(frozen=True, slots=True)
class LLMRequest:
    """One request as the fake saw it."""

    method: str
    path: str
    body: Json | None
    headers: dict[str, str]  # lower-case names
    arrived: float  # time.monotonic()
    behaviour: str

    @property
    def has_authorization(self) -> bool:
        return "authorization" in self.headers

    @property
    def stream(self) -> bool:
        return bool(self.body and self.body.get("stream"))


@dataclass(slots=True)
class _Behaviour:
    kind: str  # answer | error | hang | stall | mid_error | raw | disconnect
    text: str | None = None
    finish_reason: str | None = "stop"
    usage: Any = _AUTO
    chunk_bytes: int | Sequence[int] | None = None
    status: int = 200
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    after_chunks: int = 0
    done: bool = True
    keepalive: bool = True
    raw: bytes = b""


class FakeLLM(LoopbackService):
    """Serve `/v1/chat/completions` and `/v1/models` on 127.0.0.1 from a script of behaviours."""

    def __init__(
        self,
        *,
        responder: Responder | None = None,
        api_key: str | None = None,
        model: str = MODEL_ID,
    ) -> None:
        self.responder: Responder = responder or (lambda body: DEFAULT_TEXT)
        self.api_key = api_key  # when set, requests without this Bearer token get 401
        self.model = model
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._script: deque[_Behaviour] = deque()
        self._requests: list[LLMRequest] = []
        self._in_flight = 0
        self._peak = 0
        self._ids = itertools.count(1)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # lifecycle

    def _make_server(self) -> _Server:
        return _Server(self)

    def _release(self) -> None:
        """Release hangs and stalls."""
        self._closing.set()

    def _drain(self, server: Any) -> None:
        server.disconnect_all()

    @property
    def base_url(self) -> str:
        """What an OpenAI-compatible client takes as its base URL."""
        return f"{self.url}/v1"

    # what arrived

    @property
    def requests(self) -> list[LLMRequest]:
        """Chat-completion requests, oldest first."""
        with self._lock:
            return [r for r in self._requests if r.path.endswith("/chat/completions")]

    @property
    def all_requests(self) -> list[LLMRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def peak_in_flight(self) -> int:
        """The most chat requests the fake was answering at once."""
        with self._lock:
            return self._peak

    @property
    def pending(self) -> int:
        """Scripted behaviours not used yet."""
        with self._lock:
            return len(self._script)

    # scripting: each call queues one behaviour for the next request

    def answer(
        self,
        text: str | None = None,
        *,
        chunk_bytes: int | Sequence[int] | None = None,
        finish_reason: str | None = "stop",
        usage: Mapping[str, int] | None = _AUTO,
        keepalive: bool = True,
        delay: float = 0.0,
    ) -> FakeLLM:
        """Answer `text` (default: the responder's), streamed in `chunk_bytes` splits.

        `chunk_bytes` is a size, or sizes used in turn; `usage=None` leaves usage out; `delay`
        waits before the headers.
        """
        return self._push(
            _Behaviour(
                "answer",
                text=text,
                chunk_bytes=chunk_bytes,
                finish_reason=finish_reason,
                usage=usage,
                keepalive=keepalive,
                seconds=delay,
            )
        )

    def error(
        self, status: int, body: Any = None, *, headers: Mapping[str, str] | None = None
    ) -> FakeLLM:
        """Answer with `status` and `body` (a dict or list as JSON, a str as text)."""
        return self._push(_Behaviour("error", status=status, body=body, headers=headers or {}))

    def context_length(self, dialect: str = "openai") -> FakeLLM:
        """Refuse the prompt as too long, in one of CONTEXT_LENGTH_ERRORS's dialects."""
        status, body = CONTEXT_LENGTH_ERRORS[dialect]
        return self.error(status, body)

    def rate_limited(
        self, retry_after: float | None = 0.2, *, header: str = "seconds", body: Any = None
    ) -> FakeLLM:
        """Answer 429; `header` is "seconds" (Retry-After), "ms" (retry-after-ms) or "date"."""
        headers: dict[str, str] = {}
        if retry_after is not None and header == "ms":
            headers["retry-after-ms"] = f"{retry_after * 1000:g}"
        elif retry_after is not None and header == "date":
            when = math.ceil(time.time() + retry_after)  # whole seconds: never earlier than asked
            headers["Retry-After"] = email.utils.formatdate(when, usegmt=True)
        elif retry_after is not None:
            headers["Retry-After"] = f"{retry_after:g}"
        message = {"message": "Rate limit reached, please retry", "type": "rate_limit_error"}
        return self.error(
            429, body or {"error": message | {"code": "rate_limit_exceeded"}}, headers=headers
        )

    def quota_exceeded(self, dialect: str = "openai") -> FakeLLM:
        status, body = QUOTA_ERRORS[dialect]
        return self.error(status, body)

    def unauthorized(self) -> FakeLLM:
        message = "Incorrect API key provided: sk-te****************5678."
        body = {"error": {"message": message, "type": "invalid_request_error"}}
        return self.error(401, body | {"code": "invalid_api_key"})

    def server_error(self, status: int = 500) -> FakeLLM:
        body = {"error": {"message": "Internal server error", "type": "server_error"}}
        return self.error(status, body)

    def loading_model(self, dialect: str = "llamacpp") -> FakeLLM:
        """Answer 503 "Loading model", as llama.cpp does while it loads the weights."""
        return self.error(503, LOADING_MODEL_ERRORS[dialect])

    def hang(self, seconds: float) -> FakeLLM:
        """Send nothing for `seconds` (or until close), then answer normally."""
        return self._push(_Behaviour("hang", seconds=seconds))

    def stall_mid_stream(self, after_chunks: int, seconds: float) -> FakeLLM:
        """Send `after_chunks` events (or half a JSON body), go quiet, then finish."""
        return self._push(_Behaviour("stall", after_chunks=after_chunks, seconds=seconds))

    def mid_stream_error(self, after_chunks: int, error_json: Any = None) -> FakeLLM:
        """Send `after_chunks` text events, then `data: <error_json>` and close.

        A non-stream request gets HTTP 200 with `error_json` as its body.
        """
        body = error_json or {"error": {"message": "Provider returned error", "code": 502}}
        return self._push(_Behaviour("mid_error", after_chunks=after_chunks, body=body))

    def no_done(self, *, finish_reason: str | None = "stop") -> FakeLLM:
        """Stream the answer but close without `data: [DONE]` (finish_reason None: no final
        chunk either). A non-stream request gets a normal answer."""
        return self._push(_Behaviour("answer", finish_reason=finish_reason, done=False))

    def sse(self, raw: bytes | str, *, chunk_bytes: int | Sequence[int] | None = None) -> FakeLLM:
        """Send these exact SSE bytes as a 200 `text/event-stream` body."""
        data = raw.encode() if isinstance(raw, str) else raw
        return self._push(_Behaviour("raw", raw=data, chunk_bytes=chunk_bytes))

    def disconnect(self) -> FakeLLM:
        """Close the connection without answering."""
        return self._push(_Behaviour("disconnect"))

    def _push(self, behaviour: _Behaviour) -> FakeLLM:
        with self._lock:
            self._script.append(behaviour)
        return self

    # serving (handler threads)

    def _arrive(self, handler: _Handler, body: Json | None) -> _Behaviour:
        headers = {name.lower(): value for name, value in handler.headers.items()}
        chat = handler.path.rstrip("/").endswith("/chat/completions")
        with self._lock:
            behaviour = (self._script.popleft() if self._script else None) if chat else None
            behaviour = behaviour or _Behaviour("answer")
            name = behaviour.kind if chat else "models"
            request = LLMRequest(
                handler.command, handler.path, body, headers, time.monotonic(), name
            )
            self._requests.append(request)
            if chat:
                self._in_flight += 1
                self._peak = max(self._peak, self._in_flight)
        return behaviour

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _serve_chat(self, handler: _Handler, body: Json | None, behaviour: _Behaviour) -> None:
        expected = f"Bearer {self.api_key}"
        if self.api_key is not None and handler.headers.get("Authorization") != expected:
            message = {"message": "Invalid API key", "type": "invalid_request_error"}
            handler.send_json(401, {"error": message | {"code": "invalid_api_key"}})
            return
        if body is None or not isinstance(body.get("messages"), list):
            message = {"message": "'messages' is required", "type": "invalid_request_error"}
            handler.send_json(400, {"error": message})
            return
        stream = bool(body.get("stream"))
        kind = behaviour.kind
        if kind == "disconnect":
            handler.close_connection = True
            handler.drop()
            return
        waits = kind == "hang" or (kind == "answer" and behaviour.seconds)
        if waits and self._closing.wait(behaviour.seconds):
            handler.drop()
            return
        if kind == "error":
            handler.send_body(behaviour.status, behaviour.body, behaviour.headers)
            return
        if kind == "raw":
            handler.send_stream(_split(behaviour.raw, behaviour.chunk_bytes), [])
            return
        text = behaviour.text if behaviour.text is not None else self.responder(body)
        if kind == "mid_error" and not stream:
            handler.send_json(200, behaviour.body)
            return
        if not stream:
            payload = json.dumps(self._completion(body, text, behaviour)).encode()
            if kind == "stall":
                half = len(payload) // 2
                pieces = [payload[:half], payload[half:]]
                handler.send_fixed(200, "application/json", pieces, pause=(1, behaviour.seconds))
            else:
                handler.send_json(200, json.loads(payload))
            return
        events = self._events(body, text, behaviour)
        pause: tuple[int, float] | None = None
        if kind in ("stall", "mid_error"):
            head = 1 + behaviour.after_chunks  # the role chunk, then `after_chunks` of text
            events = events[:head] if kind == "mid_error" else events
            if kind == "mid_error":
                events.append(_event(behaviour.body))
            else:
                pause = (head, behaviour.seconds)
        handler.send_events(events, behaviour, pause)

    def _completion(self, body: Json, text: str, behaviour: _Behaviour) -> Json:
        completion: Json = {
            "id": f"chatcmpl-{next(self._ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model") or self.model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text},
                    "finish_reason": behaviour.finish_reason,
                }
            ],
        }
        if (usage := self._usage(body, text, behaviour)) is not None:
            completion["usage"] = usage
        return completion

    def _events(self, body: Json, text: str, behaviour: _Behaviour) -> list[bytes]:
        """Encode the answer as SSE events (each one complete, ending in a blank line)."""
        base = {
            "id": f"chatcmpl-{next(self._ids)}",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": body.get("model") or self.model,
        }

        def chunk(delta: Json, finish: str | None = None) -> bytes:
            choice = {"index": 0, "delta": delta, "finish_reason": finish}
            return _event(base | {"choices": [choice]})

        events = [chunk({"role": "assistant", "content": None})]
        events += [chunk({"content": text[i : i + 4]}) for i in range(0, len(text), 4)]
        if behaviour.finish_reason is not None:
            events.append(chunk({}, behaviour.finish_reason))
        options = body.get("stream_options") or {}
        usage = self._usage(body, text, behaviour)
        if usage is not None and options.get("include_usage"):
            events.append(_event(base | {"choices": [], "usage": usage}))
        if behaviour.done:
            events.append(b"data: [DONE]\n\n")
        return events

    def _usage(self, body: Json, text: str, behaviour: _Behaviour) -> Json | None:
        if behaviour.usage is None:
            return None
        if behaviour.usage is not _AUTO:
            return dict(behaviour.usage)
        words = sum(len(str(m.get("content", "")).split()) for m in body.get("messages", []))
        prompt, completion = words, len(text.split())
        return {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        }

    def _models(self) -> Json:
        model = {"id": self.model, "object": "model", "created": 0, "owned_by": "fake"}
        return {"object": "list", "data": [model]}


def _event(payload: Any) -> bytes:
    return b"data: " + json.dumps(payload, ensure_ascii=False).encode() + b"\n\n"


def _split(data: bytes, sizes: int | Sequence[int] | None) -> Iterator[bytes]:
    """Cut `data` into pieces of the given sizes, used in turn."""
    cycle: Iterable[int]
    if sizes is None:
        cycle = itertools.cycle(DEFAULT_SPLITS)
    elif isinstance(sizes, int):
        cycle = itertools.repeat(max(1, sizes))
    else:
        cycle = itertools.cycle([max(1, size) for size in sizes] or [len(data) or 1])
    start = 0
    for size in cycle:
        if start >= len(data):
            return
        yield data[start : start + size]
        start += size


class _Server(TrackingServer):
    request_queue_size = 128

    def __init__(self, fake: FakeLLM) -> None:
        self.fake = fake
        super().__init__(_Handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # each write leaves at once: the splits reach the client
    server: _Server

    def do_POST(self) -> None:
        fake = self.server.fake
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        body = body if isinstance(body, dict) else None
        behaviour = fake._arrive(self, body)
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self.send_json(404, {"error": {"message": "Not found", "type": "not_found_error"}})
            return
        try:
            fake._serve_chat(self, body, behaviour)
        except Exception as exc:  # a bug in the fake: answer, don't hang the test
            if isinstance(exc, OSError):
                raise
            logger.exception("FakeLLM failed")
            self.send_json(500, {"error": {"message": f"fake failed: {exc!r}"}})
        finally:
            fake._leave()

    def do_GET(self) -> None:
        fake = self.server.fake
        fake._arrive(self, None)
        if self.path.rstrip("/").endswith("/models"):
            self.send_json(200, fake._models())
        else:
            self.send_json(404, {"error": {"message": "Not found", "type": "not_found_error"}})

    # writing

    def send_json(self, status: int, payload: Any) -> None:
        self.send_body(status, payload, {})

    def send_body(self, status: int, body: Any, headers: Mapping[str, str]) -> None:
        if isinstance(body, str):
            data, content_type = body.encode(), "text/plain; charset=utf-8"
        else:
            data, content_type = json.dumps(body).encode(), "application/json"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def send_fixed(
        self, status: int, content_type: str, pieces: list[bytes], pause: tuple[int, float]
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(sum(map(len, pieces))))
        self.end_headers()
        for index, piece in enumerate(pieces):
            if index == pause[0] and self.server.fake._closing.wait(pause[1]):
                self.drop()
                return
            self.wfile.write(piece)
            self.wfile.flush()

    def send_events(
        self, events: list[bytes], behaviour: _Behaviour, pause: tuple[int, float] | None
    ) -> None:
        """Write events as HTTP chunks split at `behaviour.chunk_bytes`, comments between."""
        separator = b": keep-alive\n\n" if behaviour.keepalive else b""
        before, after = (events[: pause[0]], events[pause[0] :]) if pause else (events, [])
        first = _split(
            separator.join(before) + (separator if after else b""), behaviour.chunk_bytes
        )
        second = _split(separator.join(after), behaviour.chunk_bytes)
        self.send_stream(first, [(pause[1] if pause else 0.0, second)])

    def send_stream(
        self, pieces: Iterable[bytes], later: list[tuple[float, Iterable[bytes]]]
    ) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for piece in pieces:
            self._chunk(piece)
        for seconds, rest in later:
            if seconds and self.server.fake._closing.wait(seconds):
                self.drop()
                return
            for piece in rest:
                self._chunk(piece)
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _chunk(self, piece: bytes) -> None:
        if piece:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.flush()

    def drop(self) -> None:
        """Cut the connection without finishing the response."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""
