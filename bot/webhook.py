"""Receive updates by webhook: every request must carry the secret, compared in constant time.

python-telegram-bot 22.8 has a webhook server of its own
(`telegram/ext/_utils/webhookhandler.py`), but it accepts every request when no secret is
set, compares the `X-Telegram-Bot-Api-Secret-Token` header with `!=` (which returns as
soon as a character differs, so timing tells how much of a guess was right), and logs
each request body (message texts) at DEBUG. This server does only what we need: one POST
path; a secret is required, and compared with `hmac.compare_digest` over SHA-256 digests
(constant time, and the digests' fixed length hides the secret's); bodies are capped;
nothing of a request is logged. It listens on 127.0.0.1 by default: TLS ends at a
reverse proxy in front of it, which Telegram reaches.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
import signal
import socket
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import tornado.httpserver
import tornado.netutil
import tornado.web
from telegram import Update
from telegram.ext import Application

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1 << 20  # Telegram's updates are a few kilobytes
# Telegram allows 1-256 of these characters; fewer than 16 would be guessable.
_SECRET = re.compile(r"[A-Za-z0-9_-]{16,256}")
App = Application[Any, Any, Any, Any, Any, Any]


def secret_problem(secret: str) -> str | None:
    """Return why `secret` cannot protect a webhook, or None when it can."""
    if not secret:
        return "TELEGRAM_WEBHOOK_SECRET is not set; webhook mode needs one"
    if not _SECRET.fullmatch(secret):
        return "TELEGRAM_WEBHOOK_SECRET must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -"
    return None


@dataclass(frozen=True, slots=True)
class WebhookOptions:
    """Where Telegram posts updates, where we listen, and the secret it must send."""

    url: str  # the public HTTPS URL registered with setWebhook, path included
    secret: str
    listen: str = "127.0.0.1"
    port: int = 8443
    path: str = "/telegram"
    allowed_updates: tuple[str, ...] | None = None


class _Receiver:
    """Check one request and queue its update."""

    def __init__(self, app: App, secret: str) -> None:
        self.app = app
        self._digest = hashlib.sha256(secret.encode()).digest()

    def authentic(self, given: str) -> bool:
        """Return whether `given` is the secret, taking the same time whatever it is."""
        digest = hashlib.sha256(given.encode("utf-8", "replace")).digest()
        return hmac.compare_digest(digest, self._digest)

    async def receive(self, given: str | None, content_type: str, body: bytes) -> HTTPStatus:
        """Queue the update in `body` if the request is authentic; return the HTTP status."""
        if given is None or not self.authentic(given):
            logger.warning("refused a webhook request without the right secret")
            return HTTPStatus.FORBIDDEN
        if content_type.partition(";")[0].strip().lower() != "application/json":
            return HTTPStatus.UNSUPPORTED_MEDIA_TYPE
        try:
            data = json.loads(body)
            update = Update.de_json(data, self.app.bot) if isinstance(data, dict) else None
        except (ValueError, TypeError, KeyError, AttributeError):
            update = None
        if update is None:
            logger.warning("a webhook request held no readable update")
            return HTTPStatus.BAD_REQUEST
        await self.app.update_queue.put(update)
        return HTTPStatus.OK


class _UpdateHandler(tornado.web.RequestHandler):
    SUPPORTED_METHODS = ("POST",)

    def initialize(self, receiver: _Receiver) -> None:
        self.receiver = receiver

    async def post(self) -> None:
        status = await self.receiver.receive(
            self.request.headers.get(SECRET_HEADER),
            self.request.headers.get("Content-Type", ""),
            self.request.body,
        )
        self.set_status(status)
        self.finish()


def _quiet(handler: tornado.web.RequestHandler) -> None:
    """Log requests as status and method only (tornado would add the path and address)."""
    logger.debug("webhook %s %s", handler.get_status(), handler.request.method)


class WebhookServer:
    """The HTTP endpoint Telegram posts updates to, on the application's event loop."""

    def __init__(self, app: App, options: WebhookOptions) -> None:
        problem = secret_problem(options.secret)
        if problem is not None:
            raise ValueError(problem)
        self.app = app
        self.options = options
        routes = [(options.path, _UpdateHandler, {"receiver": _Receiver(app, options.secret)})]
        web = tornado.web.Application(routes, log_function=_quiet)
        self._http = tornado.httpserver.HTTPServer(web, max_body_size=MAX_BODY_BYTES)
        self.port: int | None = None

    def start(self) -> int:
        """Listen (port 0 picks a free one) and return the port."""
        sockets = tornado.netutil.bind_sockets(
            self.options.port, address=self.options.listen, family=socket.AF_UNSPEC
        )
        self._http.add_sockets(sockets)
        self.port = int(sockets[0].getsockname()[1])
        logger.info("webhook listening on %s:%s", self.options.listen, self.port)
        return self.port

    async def register(self) -> None:
        """Tell Telegram where to post, and the secret to send with every request."""
        allowed = list(self.options.allowed_updates) if self.options.allowed_updates else None
        await self.app.bot.set_webhook(
            self.options.url, secret_token=self.options.secret, allowed_updates=allowed
        )

    async def stop(self) -> None:
        """Stop accepting requests and close open connections."""
        self._http.stop()
        await self._http.close_all_connections()


def run_webhook(app: App, options: WebhookOptions) -> None:
    """Run the bot on a webhook until SIGINT or SIGTERM, as `run_polling` runs it on polls."""
    asyncio.run(_serve(app, options))


async def _serve(app: App, options: WebhookOptions) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    server = WebhookServer(app, options)
    server.start()  # first: a taken port fails before Telegram is told anything
    try:
        await app.initialize()
        try:
            if app.post_init is not None:
                await app.post_init(app)
            await app.start()
            try:
                await server.register()
                await stop.wait()
            finally:
                await server.stop()  # no new updates while the queue drains
                await app.stop()
                if app.post_stop is not None:
                    await app.post_stop(app)
        finally:
            await app.shutdown()
            if app.post_shutdown is not None:
                await app.post_shutdown(app)
    finally:
        await server.stop()
