"""What every fake server shares: serve on 127.0.0.1 in a thread, as a context manager.

Subclasses build their `ThreadingHTTPServer` in `_make_server`, and may release waiting
requests before the shutdown (`_release`) and drain connections after it (`_drain`).
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
from http.server import ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self


class LoopbackService:
    """Start, stop and address one fake server on loopback."""

    _server: Any = None
    _thread: threading.Thread | None = None

    def _make_server(self) -> ThreadingHTTPServer:
        raise NotImplementedError

    def _release(self) -> None:
        """Before shutdown: wake hanging or long-polling handlers."""

    def _drain(self, server: Any) -> None:
        """After shutdown, before closing the socket: let handlers finish, drop connections."""

    def start(self) -> Self:
        self._server = self._make_server()
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name=type(self).__name__,
            daemon=True,
        )
        self._thread.start()
        return self

    def close(self) -> None:
        """Release waiting requests, stop serving and join every server thread."""
        if self._server is None or self._thread is None:
            return
        self._release()
        self._server.shutdown()
        self._drain(self._server)
        self._server.server_close()
        self._thread.join()
        self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def url(self) -> str:
        if self._server is None:
            name = type(self).__name__
            raise RuntimeError(f"{name} is not running; use it as a context manager")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"


class TrackingServer(ThreadingHTTPServer):
    """A threading server on 127.0.0.1 that can drop every open connection on close.

    Handler threads are daemons (they never keep the interpreter alive) but are still
    joined by `disconnect_all`, which socketserver's `block_on_close` does only for
    non-daemon threads. An `OSError` in a handler means the client went away: not logged.
    """

    def __init__(self, handler: Any) -> None:
        self._connections: set[socket.socket] = set()
        self._handlers: list[threading.Thread] = []
        self._lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name=f"{type(self).__module__} handler",
            daemon=True,
        )
        with self._lock:
            self._connections.add(request)
            self._handlers = [t for t in self._handlers if t.is_alive()] + [thread]
        thread.start()

    def shutdown_request(self, request: Any) -> None:
        with self._lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def disconnect_all(self) -> None:
        """Wake handlers idling on keep-alive connections, then wait for their threads."""
        with self._lock:
            connections, handlers = list(self._connections), list(self._handlers)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        for thread in handlers:
            thread.join(timeout=5.0)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)
