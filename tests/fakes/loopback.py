"""What every fake server shares: serve on 127.0.0.1 in a thread, as a context manager.

Subclasses build their `ThreadingHTTPServer` in `_make_server`, and may release waiting
requests before the shutdown (`_release`) and drain connections after it (`_drain`).
"""

from __future__ import annotations

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
