"""Button data is read strictly and works only in the chat its answer went to.

The real Application polls the fake Bot API; a client may send any callback data, so the
presses below are forged the way a modified client would forge them.
"""

import logging

from tests.bot.e2e import GROUP, USER, config, quiet_for, running_bot, sent, wait_sent

APOLOGY = "something went wrong"
EXPIRED = "This button has expired"


def roomy():
    """Limits that never get in the way of these presses (the gate has its own tests)."""
    return config(user_rate=1000, user_burst=1000, chat_rate=1000, chat_burst=1000)


async def ask(api, chat_id: int) -> dict[str, str]:
    """Ask in `chat_id` and return the reply's buttons by kind (`s` is source 1)."""
    api.push_update(api.text_message(chat_id, "/ask Kyiv metro stations", user_id=USER))
    [reply] = await wait_sent(api, 1)
    buttons = [b["callback_data"] for row in reply["reply_markup"]["inline_keyboard"] for b in row]
    return {data[0]: data for data in buttons}


async def test_forged_button_data_expires_politely_without_an_error(api, data_dir, caplog) -> None:
    async with running_bot(api, data_dir, config=roomy()):
        buttons = await ask(api, USER)
        token = buttons["s"].split(":")[1]
        forged = [
            f"s:{token}:²",  # str.isdigit() is True, int() raises
            f"s:{token}:¹²",
            f"s:{token}:٣",  # an Arabic-Indic digit
            f"s:{token}:0",
            f"s:{token}:100",
            f"s:{token}:1:2",
            f"s:{token}:-1",
            f"s:{token}: 1",
            f"m:{token}:1",
            f"m:{token}x",
            f"x:{token}",
            "s::1",
            ":",
            "",
            "m:" + "A" * 60,
        ]
        for data in forged:
            api.push_update(api.callback_query(USER, 1, data))
        answers = await wait_sent(api, len(forged), method="answerCallbackQuery")
        assert await quiet_for(api, 0.5) == 0  # no passage, no apology
    assert all(EXPIRED in a.get("text", "") for a in answers), answers
    assert [r for r in sent(api) if APOLOGY in r["text"]] == []
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_a_button_pressed_in_another_chat_has_expired(api, data_dir) -> None:
    async with running_bot(api, data_dir, config=roomy()):
        buttons = await ask(api, GROUP)
        for data in buttons.values():
            api.push_update(api.callback_query(USER, 1, data))  # the same data, another chat
        answers = await wait_sent(api, len(buttons), method="answerCallbackQuery")
        assert await quiet_for(api, 0.5) == 0
        assert all(EXPIRED in a.get("text", "") for a in answers), answers
        api.push_update(api.callback_query(GROUP, 1, buttons["s"]))  # where it was sent
        [_, passage] = await wait_sent(api, 2)
    assert passage["chat_id"] == GROUP
    assert passage["text"].split("\n\n")[0] == (
        '[1] <a href="https://example.test/en/kyiv-metro">Kyiv metro opens three new stations '
        "on the Vynohradar line</a> — 2025-11-20 · Example News"
    )


def test_callback_data_is_read_strictly_and_round_trips() -> None:
    from bot.callbacks import Press, parse

    assert parse("m:AbCd_-12") == Press("more", "AbCd_-12")
    assert parse("z:AbCd_-12") == Press("summary", "AbCd_-12")
    assert parse("s:AbCd_-12:7") == Press("source", "AbCd_-12", 7)
    for bad in (
        None,
        "",
        "s:AbCd_-12:²",
        "s:AbCd_-12:07",
        "s:AbCd_-12",
        "m:AbCd_-1",
        "m:AbCd_-12\n",
    ):
        assert parse(bad) is None, bad


def test_every_button_the_keyboard_builds_parses_back_to_its_press() -> None:
    from bot.callbacks import Press, keyboard, parse
    from retrieval.answer import Answer, Source

    sources = [Source(n, f"a{n}", "T", None, None, "day", "en", None) for n in (1, 7, 42)]
    answer = Answer("q", "en", True, [], sources, 0.9)
    token = "AbCd_-12"
    markup = keyboard(answer, token, summarize=True)
    data: list[str] = []
    for row in markup.inline_keyboard:
        for button in row:
            assert isinstance(button.callback_data, str)
            data.append(button.callback_data)
    expected = [
        Press("source", token, 1),
        Press("source", token, 7),
        Press("source", token, 42),
        Press("summary", token),
        Press("more", token),
    ]
    assert [parse(d) for d in data] == expected
    assert [p.data for p in expected] == data
    for press in (Press("more", token), Press("summary", token), Press("source", token, 99)):
        assert parse(press.data) == press
