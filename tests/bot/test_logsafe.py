"""Logs never hold secrets or message texts, at any level, whichever library writes them.

The first test runs the real `newsdesk run` process at DEBUG against the fake Bot API and
the fake model, and reads everything it printed (`test_stats.py` does the same for feeds).
"""

import logging
import time

import pytest

from tests.bot.processes import start_bot, stop_bot
from tests.conftest import DATA
from tests.fakes.llm_api import FakeLLM
from tests.fakes.telegram_api import FakeTelegramAPI

TOKEN = "987654321:" + "TokenSecretPart_" * 2 + "xyz"
API_KEY = "sk-test-Ap1KeyThatMustNotLeak"
FEED_PASSWORD = "hunter2-feed-pass"
MARKER = "zebrafinch"  # a word only the user's message holds


def test_a_bot_running_at_debug_logs_no_secret_and_no_message_text(tmp_path, data_dir) -> None:
    answer = "The extension is described in the article. [1]"
    with (
        FakeTelegramAPI(token=TOKEN) as api,
        FakeLLM(responder=lambda body: answer, api_key=API_KEY) as model,
    ):
        log = tmp_path / "run.log"
        proc = start_bot(
            data_dir,
            api,
            log,
            NEWSDESK_LOG_LEVEL="DEBUG",
            NEWSDESK_CORPUS=str(DATA / "articles.jsonl"),
            LLM_BASE_URL=model.base_url,
            LLM_MODEL="fake-model",
            LLM_API_KEY=API_KEY,
        )
        try:
            api.wait_for("getUpdates", 1, timeout=30)
            api.push_update(
                api.text_message(42, f"How long is the new metro extension in Kyiv, {MARKER}?")
            )
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not api.requests_for("sendMessage"):
                time.sleep(0.05)
            assert api.requests_for("sendMessage"), log.read_text()
            assert model.requests, log.read_text()  # the key was in use
        finally:
            stop_bot(proc)
    text = log.read_text()
    assert "DEBUG" in text  # the level really was DEBUG
    assert "Set Bot API URL" in text  # python-telegram-bot's line that used to hold the token
    assert "Calling Bot API endpoint `sendMessage`" in text
    for secret in (TOKEN, TOKEN.partition(":")[2], API_KEY):
        assert secret not in text
    assert MARKER not in text  # no message text
    assert "4.2 kilometres" not in text  # nor the reply's


@pytest.fixture
def root_capture():
    """Capture the root logger's output as text, with the filter installed as the CLI does."""
    import io

    from bot.logsafe import install, uninstall
    from bot.redact import Redactor

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    mask = install(Redactor.of(secrets=[TOKEN, API_KEY], urls=[f"https://u:{FEED_PASSWORD}@x/f"]))
    yield stream
    uninstall(mask)
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_the_filter_masks_every_logger_level_argument_and_exception(root_capture) -> None:
    from bot.logsafe import SecretFilter

    other = logging.getLogger("some.library")
    other.debug("url %s/getMe key=%s", f"https://api.test/bot{TOKEN}", API_KEY)
    try:
        raise RuntimeError(f"failed for https://u:{FEED_PASSWORD}@x/f with {API_KEY}")
    except RuntimeError:
        logging.getLogger("bot.questions").exception("request failed")
    logging.getLogger("telegram.ext.Application").debug(
        "Processing update %s", {"message": {"text": MARKER}}
    )
    logging.getLogger("x").warning("fetch %s", "ftp://someone:pw@files.test/a")
    text = root_capture.getvalue()
    assert TOKEN not in text
    assert API_KEY not in text
    assert FEED_PASSWORD not in text
    assert MARKER not in text
    assert "someone:pw" not in text
    assert "RuntimeError: failed for https://x/f with ***" in text
    assert "Processing update <1 fields>" in text
    assert any(isinstance(f, SecretFilter) for f in logging.getLogger().handlers[-1].filters)
