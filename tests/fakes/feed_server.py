"""A small web server on loopback serving feeds and pages, for tests of `corpus.feeds`.

    with FeedServer() as server:
        server.serve("/feed.xml", body, content_type="application/rss+xml", etag='"v1"')
        server.fail("/feed.xml", 503, headers={"Retry-After": "120"})
        server.hang("/slow.xml", seconds=2.0)
        server.trickle("/drip.xml", every=0.2)  # one byte of the body at a time
        server.redirect("/old.xml", "http://127.0.0.2:8080/secret")  # any URL, any host
        server.raw("/broken.xml", b"HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n")
        ...
        assert server.hits["/feed.xml"] == 2

`FeedServer(host="127.0.0.2")` listens on another loopback address, the stand-in for an
internal server that feeds must not reach.

It answers conditional GETs like a real server: If-None-Match against the path's ETag
(when it has one) else If-Modified-Since against its Last-Modified, with a 304. Paths it
does not know get 404. `{base}` in a served body is replaced by the server's URL, so feeds
can link to pages on the same server.
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from tests.fakes.loopback import LoopbackService


@dataclass
class _Route:
    body: bytes
    content_type: str | None
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class _Fault:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    times: int | None = None  # None: until cleared


class FeedServer(LoopbackService):
    """Serve registered paths on 127.0.0.1; count requests; fail, redirect or hang on demand."""

    def __init__(self, *, host: str = "127.0.0.1") -> None:
        self.host = host
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []  # (path, headers), in order
        self.peak_in_flight = 0  # most requests being answered at once
        self._in_flight = 0
        self._routes: dict[str, _Route] = {}
        self._faults: dict[str, _Fault] = {}
        self._redirects: dict[str, tuple[str, int]] = {}
        self._raw: dict[str, bytes] = {}
        self._hangs: dict[str, float] = {}
        self._trickles: dict[str, float] = {}
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # lifecycle

    def _make_server(self) -> _Server:
        return _Server(self, self.host)

    @property
    def port(self) -> int:
        """Return the port the server listens on."""
        return int(self.url.rsplit(":", 1)[1])

    def _release(self) -> None:
        """Release hanging requests."""
        self._closing.set()

    # set-up

    def serve(
        self,
        path: str,
        body: bytes | str,
        *,
        content_type: str | None = "application/rss+xml; charset=utf-8",
        etag: str | None = None,
        last_modified: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> str:
        """Serve `body` at `path` ("{base}" replaced by the server URL); return its URL.

        `content_type=None` sends no Content-Type; `headers` are sent as well (a
        Content-Encoding, say, whatever the body is).
        """
        data = body.encode("utf-8") if isinstance(body, str) else body
        data = data.replace(b"{base}", self.url.encode("ascii"))
        route = _Route(data, content_type, etag, last_modified, dict(headers or {}))
        with self._lock:
            self._routes[path] = route
        return self.url + path

    def raw(self, path: str, response: bytes) -> str:
        """Answer `path` with `response` as given (status line, headers, body), then close."""
        with self._lock:
            self._raw[path] = response
        return self.url + path

    def fail(
        self,
        path: str,
        status: int,
        *,
        headers: dict[str, str] | None = None,
        times: int | None = None,
    ) -> None:
        """Answer `path` with `status` (`times` times, or until `clear`)."""
        with self._lock:
            self._faults[path] = _Fault(status, dict(headers or {}), times)

    def hang(self, path: str, seconds: float) -> None:
        """Wait `seconds` (or until close) before answering `path`."""
        with self._lock:
            self._hangs[path] = seconds

    def trickle(self, path: str, *, every: float) -> None:
        """Send the body of `path` one byte every `every` seconds (until done or close)."""
        with self._lock:
            self._trickles[path] = every

    def redirect(self, path: str, to: str, *, status: int = 302) -> None:
        """Answer `path` with a redirect (302 by default) to `to` (a path or a whole URL)."""
        with self._lock:
            self._redirects[path] = (to, status)

    def clear(self, path: str) -> None:
        """Drop the faults, hangs, trickles, redirects and raw answers of `path` (its content
        stays)."""
        with self._lock:
            self._faults.pop(path, None)
            self._hangs.pop(path, None)
            self._trickles.pop(path, None)
            self._redirects.pop(path, None)
            self._raw.pop(path, None)

    def _trickle_interval(self, path: str) -> float | None:
        with self._lock:
            return self._trickles.get(path)

    def _write_slowly(self, stream: Any, body: bytes, every: float) -> None:
        for index in range(len(body)):
            if self._closing.wait(every):
                return
            stream.write(body[index : index + 1])
            stream.flush()

    # answering

    def _respond(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            self.hits[path] += 1
            self.requests.append((path, headers))
            self._in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self._in_flight)
        try:
            return self._answer(path, headers)
        finally:
            with self._lock:
                self._in_flight -= 1

    def _answer(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            hang = self._hangs.get(path)
        if hang is not None:
            self._closing.wait(hang)
        with self._lock:
            fault = self._faults.get(path)
            if fault is not None:
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        del self._faults[path]
                return fault.status, fault.headers, f"error {fault.status}\n".encode()
            if path in self._redirects:
                to, status = self._redirects[path]
                return status, {"Location": to}, b""
            route = self._routes.get(path)
        if route is None:
            return 404, {"Content-Type": "text/plain"}, b"not found\n"
        validators = dict(route.headers)
        if route.etag:
            validators["ETag"] = route.etag
        if route.last_modified:
            validators["Last-Modified"] = route.last_modified
        if _not_modified(route, headers):
            return 304, validators, b""
        if route.content_type is not None:
            validators["Content-Type"] = route.content_type
        return 200, validators, route.body

    def _raw_answer(self, path: str) -> bytes | None:
        with self._lock:
            response = self._raw.get(path)
            if response is not None:
                self.hits[path] += 1
        return response


def _not_modified(route: _Route, headers: dict[str, str]) -> bool:
    # RFC 9110 13.2.2: If-None-Match decides when present; If-Modified-Since only without it.
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        tags = [tag.strip() for tag in if_none_match.split(",")]
        return route.etag is not None and (route.etag in tags or "*" in tags)
    since = headers.get("if-modified-since")
    if since is None or route.last_modified is None:
        return False
    try:
        return parsedate_to_datetime(route.last_modified) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, feeds: FeedServer, host: str) -> None:
        self.feeds = feeds
        super().__init__((host, 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], OSError):  # OSError: the client gave up (timeout)
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if (response := self.server.feeds._raw_answer(path)) is not None:
            self.wfile.write(response)
            self.close_connection = True
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        status, extra, body = self.server.feeds._respond(path, headers)
        self.send_response(status)
        for name, value in extra.items():
            # As many real servers do, a header that is not Latin-1 goes out as UTF-8 bytes.
            self.send_header(name, value.encode("utf-8").decode("latin-1"))
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status == 304:
            return
        every = self.server.feeds._trickle_interval(path)
        if every is None:
            self.wfile.write(body)
        else:
            self.server.feeds._write_slowly(self.wfile, body, every)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""
