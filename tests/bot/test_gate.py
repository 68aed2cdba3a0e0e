"""Every costly path goes through the same per-user and per-chat buckets.

The real Application polls the fake Bot API; the user's bucket holds 3 questions and
refills one every 12 s, so a burst of ten gets 3 through (one more per 12 s it takes).
"""

import time

import pytest

from bot.store import SQLiteStore
from tests.bot.e2e import GROUP, USER, assistant, quiet_for, running_bot, sent, wait_sent
from tests.fakes.llm_api import FakeLLM
from tests.fakes.telegram_api import Params

NOTICE = "faster than I can answer"


def notices(api) -> list[Params]:
    return [r for r in sent(api) if NOTICE in r["text"]]


def answers(api) -> list[Params]:
    return [r for r in sent(api) if NOTICE not in r["text"]]


def edited(update: Params, text: str) -> Params:
    """Return the edit of a pushed message update, as Telegram sends it."""
    message = update["message"] | {"text": text, "edit_date": int(time.time())}
    message["entities"] = [e for e in message.get("entities", []) if e["offset"] < len(text)]
    return {"edited_message": message}


@pytest.mark.parametrize(
    ("chat", "text"),
    [
        (USER, "/ASK Kyiv metro stations"),
        (USER, "/Ask@Test_Bot Kyiv metro stations"),
        (GROUP, "/ASK@test_bot Kyiv metro stations"),
        (USER, "/DIGEST"),
    ],
)
async def test_commands_in_any_letter_case_are_limited(
    api, data_dir, tmp_path, chat, text
) -> None:
    store = SQLiteStore(tmp_path / "state.sqlite3")  # /digest is a command with a store
    try:
        async with running_bot(api, data_dir, store=store):
            for _ in range(10):
                api.push_update(api.text_message(chat, text, user_id=USER))
            await wait_sent(api, 4)
            await quiet_for(api, 1.0)
    finally:
        store.close()
    assert len(notices(api)) == 1
    assert 3 <= len(answers(api)) <= 5  # a token comes back every 12 s


async def test_edited_messages_are_limited_like_new_ones(api, data_dir) -> None:
    async with running_bot(api, data_dir):
        first = api.push_update(api.text_message(USER, "Kyiv metro stations"))
        await wait_sent(api, 1)
        for i in range(10):
            api.push_update(edited(first, f"Kyiv metro stations {i}"))
        await wait_sent(api, 4)
        await quiet_for(api, 1.0)
    assert len(notices(api)) == 1
    assert 3 <= len(answers(api)) <= 5  # a token comes back every 12 s


async def test_more_and_source_buttons_are_limited_and_told_so(api, data_dir) -> None:
    async with running_bot(api, data_dir):
        api.push_update(api.text_message(USER, "Kyiv metro stations"))
        [reply] = await wait_sent(api, 1)
        buttons = [b for row in reply["reply_markup"]["inline_keyboard"] for b in row]
        more = next(b["callback_data"] for b in buttons if b["callback_data"].startswith("m:"))
        source = next(b["callback_data"] for b in buttons if b["callback_data"].startswith("s:"))
        for i in range(10):
            data = more if i % 2 else source
            api.push_update(api.callback_query(USER, 1, data))
        await wait_sent(api, 10, method="answerCallbackQuery")
        await quiet_for(api, 1.0)
    presses = sent(api, "answerCallbackQuery")
    slowed = [p for p in presses if NOTICE in p.get("text", "")]
    assert len(presses) == 10  # every press is answered, so no spinner hangs
    assert len(slowed) >= 6
    assert len(answers(api)) <= 5  # the question, two presses, and refills (one per 12 s)


async def test_summarize_presses_call_the_model_within_the_limit(api, data_dir) -> None:
    prose = "The new metro extension in Kyiv has three stations. [1]"
    with FakeLLM(responder=lambda body: "{}" if "Translate" in str(body) else prose) as llm:
        model = assistant(
            data_dir, LLM_BASE_URL=llm.base_url, LLM_MODEL="fake", LLM_DEADLINE_SECONDS="5"
        )
        async with running_bot(api, data_dir, assistant=model):
            llm.answer("{}")
            llm.answer("Made up. [7]")  # fails the check: the answer offers "Summarize"
            api.push_update(api.text_message(USER, "How long is the new metro extension?"))
            [reply] = await wait_sent(api, 1)
            buttons = [b for row in reply["reply_markup"]["inline_keyboard"] for b in row]
            summarize = next(b["callback_data"] for b in buttons if b["text"] == "Summarize")
            for _ in range(10):
                api.push_update(api.callback_query(USER, 1, summarize))
            await wait_sent(api, 10, method="answerCallbackQuery")
            await quiet_for(api, 1.0)
    summaries = [
        r for r in llm.requests if r.body and "Summarise" in r.body["messages"][0]["content"]
    ]
    assert 1 <= len(summaries) <= 3  # the bucket had 2 tokens left (3 with a refill)
