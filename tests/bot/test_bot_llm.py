"""The bot with a language model: streamed edits, fallbacks, the Summarize button, the CLI.

Real Application polling the fake Bot API; the model is the fake OpenAI-compatible server.
"""

import asyncio
import json
import os
import subprocess
import sys
import time

import pytest

from bot.app import build_application
from bot.deps import BotConfig, Deps
from tests.bot.e2e import assistant
from tests.bot.processes import start_bot, stop_bot
from tests.conftest import DATA
from tests.fakes.llm_api import FakeLLM, Json
from tests.fakes.telegram_api import FakeTelegramAPI

USER = 42
QUESTION = "How long is the new metro extension in Kyiv?"
PROSE = (
    "The new extension of the Kyiv metro is described in the article, with its three "
    "stations and the length of the line. [1]"
)


def reply(body: Json) -> str:
    if body["messages"][0]["content"].startswith("Translate"):
        return "{}"
    return PROSE


@pytest.fixture
def llm():
    with FakeLLM(responder=reply) as fake:
        yield fake


@pytest.fixture
async def bot(data_dir, llm):
    apps = []

    async def start(api, *, deadline=5.0):
        deps = Deps(
            assistant=assistant(
                data_dir,
                LLM_BASE_URL=llm.base_url,
                LLM_MODEL="fake",
                LLM_DEADLINE_SECONDS=str(deadline),
            ),
            # The asker is an admin: /stats shows the model's use to admins only.
            config=BotConfig(admin_ids=frozenset({USER})),
        )
        app = build_application(deps, token=api.token, base_url=api.base_url, read_timeout=5)
        await app.initialize()
        assert app.post_init is not None
        assert app.updater is not None
        await app.post_init(app)
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        apps.append(app)
        return app

    yield start
    for app in apps:
        assert app.updater is not None
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def until(predicate, within=10.0):
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        await asyncio.sleep(0.02)
    raise AssertionError("condition not met in time")


def sends(api):
    return [p for p in api.requests_for("sendMessage") if "_fault" not in p]


def edits(api):
    return [p for p in api.requests_for("editMessageText") if "_fault" not in p]


async def test_a_streamed_answer_is_edited_into_one_message(bot, llm) -> None:
    with FakeTelegramAPI() as api:
        await bot(api)
        llm.answer("{}")
        llm.stall_mid_stream(after_chunks=30, seconds=1.3)  # the draft shows, then grows
        api.push_update(api.text_message(USER, QUESTION))
        await until(lambda: any(PROSE in e["text"] for e in edits(api)))
        [draft] = sends(api)
        assert draft["text"].endswith(" …")  # shown while being written
        final = [e for e in edits(api) if PROSE in e["text"]][-1]
        assert final["message_id"] == draft.get("message_id", final["message_id"])
        assert "Written by a language model from the cited articles." in final["text"]
        assert "reply_markup" in final  # source buttons on the finished answer
        assert len(sends(api)) == 1  # one message, edited; no second copy


async def test_a_dead_model_still_answers_with_quotes_in_time(bot, llm) -> None:
    with FakeTelegramAPI() as api:
        await bot(api, deadline=1.5)
        llm.answer("{}")
        llm.hang(30)
        started = time.monotonic()
        api.push_update(api.text_message(USER, QUESTION))
        [answer] = await until(lambda: sends(api))
        elapsed = time.monotonic() - started
        assert elapsed < 3.0
        assert "[1]" in answer["text"]
        assert "the language model was not available" in answer["text"]
        assert edits(api) == []


async def test_invalid_citations_fall_back_and_summarize_works(bot, llm) -> None:
    with FakeTelegramAPI() as api:
        await bot(api)
        llm.answer("{}")
        llm.answer("Made up claims. [5]")
        api.push_update(api.text_message(USER, QUESTION))
        [answer] = await until(lambda: sends(api))
        assert "Made up" not in answer["text"]
        assert "the language model was not available" in answer["text"]
        buttons = [b for row in answer["reply_markup"]["inline_keyboard"] for b in row]
        summarize = next(b for b in buttons if b["text"] == "Summarize")
        api.push_update(api.callback_query(USER, 1, summarize["callback_data"]))
        summary = await until(lambda: sends(api)[1:])
        assert PROSE in summary[0]["text"]
        system = llm.requests[-1].body["messages"][0]["content"]
        assert "Summarise in two to four short sentences" in system


async def test_stats_tell_the_admin_when_the_server_cut_the_prompt(bot, llm) -> None:
    with FakeTelegramAPI() as api:
        await bot(api)
        llm.answer("{}")
        llm.answer(PROSE, usage={"prompt_tokens": 12, "completion_tokens": 30})  # cut
        api.push_update(api.text_message(USER, QUESTION))
        await until(lambda: any(PROSE in p["text"] for p in sends(api) + edits(api)))
        assert llm.requests[-1].body["stream"] is True  # the streamed answer reported it
        api.push_update(api.text_message(USER, "/stats"))
        [stats] = await until(lambda: [p for p in sends(api) if "Language model" in p["text"]])
        assert "1 prompts cut by the server" in stats["text"]


@pytest.mark.slow
def test_cli_ask_json_uses_the_model_like_the_bot(data_dir, llm, tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "LLM_"))}
    env |= {"NEWSDESK_DATA_DIR": str(data_dir), "LLM_BASE_URL": llm.base_url}
    env |= {"LLM_MODEL": "fake"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", QUESTION],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["mode"] == "llm"
    assert out["answer"] == PROSE
    assert out["sources"][0]["n"] == 1
    llm.answer("{}")
    llm.answer("No citations at all.")
    again = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", QUESTION],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    fallback = json.loads(again.stdout)
    assert fallback["mode"] == "extractive"
    assert fallback["fallback"] == "unchecked"
    assert [s["n"] for s in fallback["snippets"]] == [1]


def test_newsdesk_run_answers_through_the_model_from_its_settings(tmp_path, data_dir) -> None:
    """The real `newsdesk run` process, configured only by environment variables."""
    token = "123456789:" + "B" * 35
    with FakeLLM(responder=reply) as model, FakeTelegramAPI(token=token) as api:
        log = tmp_path / "run.log"
        proc = start_bot(
            data_dir,
            api,
            log,
            NEWSDESK_CORPUS=str(DATA / "articles.jsonl"),
            LLM_BASE_URL=model.base_url,
            LLM_MODEL="fake-model",
        )
        try:
            api.wait_for("getUpdates", 1, timeout=30)
            api.push_update(api.text_message(USER, QUESTION))
            deadline = time.monotonic() + 30
            texts: list[str] = []
            while time.monotonic() < deadline and not any(PROSE in t for t in texts):
                time.sleep(0.05)
                sent = api.requests_for("sendMessage") + api.requests_for("editMessageText")
                texts = [p.get("text", "") for p in sent]
            assert any(PROSE in t for t in texts), log.read_text()
            body = model.requests[-1].body
            assert body is not None
            assert body["model"] == "fake-model"
            assert proc.poll() is None, log.read_text()
        finally:
            code = stop_bot(proc)
        assert code == 0, log.read_text()
