"""Webhook mode: only requests carrying the secret reach the bot; no secret, no webhook.

Real HTTP requests go to the real `newsdesk run --webhook` process (and, for the cases
that need many requests, to its server run in-process), which answers through the fake
Bot API on 127.0.0.1.
"""

import asyncio
import json
import socket
import subprocess
import time

import httpx
import psutil
import pytest

from bot.app import build_application
from bot.deps import BotConfig, Deps
from tests.bot.e2e import assistant
from tests.bot.processes import start_bot, stop_bot
from tests.fakes.telegram_api import FakeTelegramAPI, Params

TOKEN = "123456789:" + "W" * 35
SECRET = "Webhook_Secret-0123456789abcdef"
ADMIN = 7
USER = 42
HEADER = "X-Telegram-Bot-Api-Secret-Token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def listening(pid: int, port: int) -> set[str]:
    """Return the addresses process `pid` listens on at `port`."""
    sockets = psutil.Process(pid).net_connections(kind="tcp")
    return {c.laddr.ip for c in sockets if c.status == psutil.CONN_LISTEN and c.laddr.port == port}


def sends(api: FakeTelegramAPI) -> list[Params]:
    return [p for p in api.requests_for("sendMessage") if "_fault" not in p]


@pytest.mark.parametrize("secret", [None, "s3cret"])
def test_a_webhook_without_a_strong_secret_refuses_to_start(tmp_path, data_dir, secret) -> None:
    port = free_port()
    env = {"TELEGRAM_WEBHOOK_SECRET": secret} if secret else {}
    with FakeTelegramAPI(token=TOKEN) as api:
        log = tmp_path / "run.log"
        proc = start_bot(
            data_dir,
            api,
            log,
            NEWSDESK_ADMIN_IDS=str(ADMIN),
            **env,
            extra_args=["--webhook", "https://bot.example.test", "--port", str(port)],
        )
        try:
            code = proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            # It started: show what that means, a forged admin command from anywhere.
            forged = api.text_message(ADMIN, "/reload", user_id=ADMIN)
            httpx.post(f"http://127.0.0.1:{port}/telegram", json=forged, timeout=5)
            code = None
        finally:
            stop_bot(proc)
        assert code == 1, log.read_text()
        assert "TELEGRAM_WEBHOOK_SECRET" in log.read_text()
        assert api.requests_for("setWebhook") == []


@pytest.mark.parametrize(
    ("url", "code", "says"),
    [("http://bot.example.test", 2, "https://"), ("https://bot.example.test", 1, "cannot listen")],
)
def test_a_plain_http_url_or_a_taken_port_is_a_clear_error(
    tmp_path, data_dir, url, code, says
) -> None:
    with socket.socket() as taken, FakeTelegramAPI(token=TOKEN) as api:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        log = tmp_path / "run.log"
        proc = start_bot(
            data_dir,
            api,
            log,
            TELEGRAM_WEBHOOK_SECRET=SECRET,
            extra_args=["--webhook", url, "--port", str(port)],
        )
        try:
            assert proc.wait(timeout=60) == code, log.read_text()
        finally:
            stop_bot(proc)
        assert says in log.read_text()
        assert "Traceback" not in log.read_text()


def test_the_webhook_listens_on_loopback_and_takes_only_updates_with_the_secret(
    tmp_path, data_dir
) -> None:
    port = free_port()
    with FakeTelegramAPI(token=TOKEN) as api:
        log = tmp_path / "run.log"
        proc = start_bot(
            data_dir,
            api,
            log,
            NEWSDESK_ADMIN_IDS=str(ADMIN),
            NEWSDESK_LOG_LEVEL="DEBUG",
            TELEGRAM_WEBHOOK_SECRET=SECRET,
            extra_args=["--webhook", "https://bot.example.test/", "--port", str(port)],
        )
        try:
            [hook] = api.wait_for("setWebhook", 1, timeout=60)
            assert hook["url"] == "https://bot.example.test/telegram"
            assert hook["secret_token"] == SECRET
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not listening(proc.pid, port):
                time.sleep(0.05)
            assert listening(proc.pid, port) == {"127.0.0.1"}  # not 0.0.0.0
            url = f"http://127.0.0.1:{port}/telegram"
            forged = api.text_message(ADMIN, "/reload", user_id=ADMIN)
            wrong = "X" * len(SECRET)
            assert httpx.post(url, json=forged, timeout=5).status_code == 403
            assert httpx.post(url, json=forged, headers={HEADER: wrong}).status_code == 403
            assert httpx.post(url, json=forged, headers={HEADER: SECRET[:-1]}).status_code == 403
            question = api.text_message(USER, "Kyiv metro stations")
            assert httpx.post(url, json=question, headers={HEADER: SECRET}).status_code == 200
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not sends(api):
                time.sleep(0.05)
            [reply] = sends(api)
            assert reply["chat_id"] == USER
            assert "Vynohradar" in reply["text"]
            assert proc.poll() is None, log.read_text()
        finally:
            code = stop_bot(proc)
        assert code == 0, log.read_text()
        text = log.read_text()
        assert "DEBUG" in text
        assert SECRET not in text
        assert TOKEN.partition(":")[2] not in text


@pytest.fixture
async def webhook_app(data_dir):
    """The bot's Application and webhook server in this process, on a free port."""
    from bot.webhook import WebhookOptions, WebhookServer

    with FakeTelegramAPI(username="test_bot") as api:
        deps = Deps(assistant=assistant(data_dir), config=BotConfig(admin_ids=frozenset({ADMIN})))
        app = build_application(deps, token=api.token, base_url=api.base_url, read_timeout=5)
        options = WebhookOptions(url="https://bot.example.test/telegram", secret=SECRET, port=0)
        server = WebhookServer(app, options)
        async with app:
            await app.start()
            port = server.start()
            await server.register()
            yield api, f"http://127.0.0.1:{port}/telegram"
            await server.stop()
            await app.stop()


async def test_forged_malformed_and_oversized_requests_are_refused(webhook_app) -> None:
    api, url = webhook_app
    forged = api.text_message(ADMIN, "/reload", user_id=ADMIN)
    body = json.dumps(forged)
    async with httpx.AsyncClient(timeout=5) as client:
        for secret in ("", "x", SECRET.upper(), SECRET + "x", SECRET[1:]):
            response = await client.post(url, content=body, headers={HEADER: secret})
            assert response.status_code == 403, secret
        plain = {HEADER: SECRET, "Content-Type": "text/plain"}
        assert (await client.post(url, content=body, headers=plain)).status_code == 415
        for junk in ("{", "[]", "null", '{"update_id": "x", "message": 5}'):
            response = await client.post(url, content=junk, headers=json_headers())
            assert response.status_code == 400, junk
        huge = json.dumps(forged | {"padding": "x" * (2 << 20)})
        try:
            response = await client.post(url, content=huge, headers=json_headers())
        except httpx.TransportError:
            pass  # tornado closes the connection of a request over the body limit
        else:
            assert response.status_code == 413
        assert (await client.get(url, headers=json_headers())).status_code == 405
        await asyncio.sleep(0.5)
        assert sends(api) == []  # nothing reached the handlers
        question = api.text_message(USER, "Kyiv metro stations")
        ok = await client.post(url, content=json.dumps(question), headers=json_headers())
        assert ok.status_code == 200
    [reply] = await until(lambda: sends(api))
    assert "Vynohradar" in reply["text"]


async def until(predicate, within=10.0):
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        await asyncio.sleep(0.02)
    raise AssertionError("condition not met in time")


def json_headers() -> dict[str, str]:
    return {HEADER: SECRET, "Content-Type": "application/json"}
