"""The fake Bot API, driven by the real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import datetime as dtm
import ssl
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from telegram import (
    Bot,
    BotCommandScopeAllGroupChats,
    ChatMemberAdministrator,
    ChatMemberBanned,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberOwner,
    ChatMemberRestricted,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from tests.fakes.telegram_api import ANONYMOUS_ADMIN_ID, BOT_ID, FakeTelegramAPI, Params

GROUP = -1001
TLS = ssl.create_default_context()
USER = 42


@pytest.fixture(autouse=True)
def _timedelta_periods(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to timedelta periods: otherwise RetryAfter warns, and warnings are errors here."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
def api() -> Iterator[FakeTelegramAPI]:
    with FakeTelegramAPI(username="test_bot") as fake:
        yield fake


def loopback_bot(api: FakeTelegramAPI) -> Bot:
    """Build a real Bot for the fake, sharing one TLS context (each new one costs ~45 ms)."""
    return Bot(
        api.token,
        base_url=api.base_url,
        request=HTTPXRequest(httpx_kwargs={"verify": TLS}),
        get_updates_request=HTTPXRequest(httpx_kwargs={"verify": TLS}),
    )


@pytest.fixture
async def bot(api: FakeTelegramAPI) -> AsyncIterator[Bot]:
    async with loopback_bot(api) as client:
        yield client


def _message(data: Params, bot: Bot) -> Message:
    """Return the message of an update the fake built, as PTB reads it."""
    message = Update.de_json(data, bot).message
    assert message is not None
    return message


def _sender(message: Message) -> tuple[int, int | None]:
    """Return who sent a message: the user's id, and the chat's it was sent as, if any."""
    assert message.from_user is not None
    return message.from_user.id, message.sender_chat.id if message.sender_chat else None


async def _noop(update: object, context: object) -> None:
    """Stand in for a callback: these tests only ask handlers whether they match."""


async def test_get_me_describes_the_configured_bot(api, bot):
    me = await bot.get_me()

    assert (me.id, me.username, me.is_bot, me.can_join_groups) == (BOT_ID, "test_bot", True, True)
    assert api.requests[0] == ("getMe", {})


async def test_a_wrong_token_raises_invalid_token(api):
    with pytest.raises(InvalidToken, match="rejected by the server"):
        await Bot("999:wrong", base_url=api.base_url).__aenter__()  # shuts itself down on error


async def test_an_unknown_method_is_not_found_which_typed_methods_call_invalid_token(bot):
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("noSuchMethod")
    with pytest.raises(InvalidToken, match="method not found"):
        await bot.send_dice(USER)


async def test_send_message_records_decoded_parameters_and_answers_a_message(api, bot):
    sent = await bot.send_message(
        GROUP,
        "answer <b>x</b>",
        parse_mode="HTML",
        link_preview_options=LinkPreviewOptions(is_disabled=True),
        reply_parameters=ReplyParameters(message_id=5),
        message_thread_id=7,
    )

    assert api.requests_for("sendMessage") == [
        {
            "chat_id": GROUP,
            "text": "answer <b>x</b>",
            "parse_mode": "HTML",
            "link_preview_options": {"is_disabled": True},
            "reply_parameters": {"message_id": 5},
            "message_thread_id": 7,
        }
    ]
    assert (sent.message_id, sent.chat.type, sent.from_user.id) == (1, "supergroup", BOT_ID)
    assert (sent.reply_to_message.message_id, sent.message_thread_id) == (5, 7)


async def test_message_ids_count_up_per_chat_and_chat_types_follow_the_id_sign(bot):
    ids = [(await bot.send_message(chat, "hi")).message_id for chat in (GROUP, USER, GROUP)]
    private = await bot.send_message(USER, "hi")

    assert ids == [1, 1, 2]
    assert private.chat.type == "private"


async def test_string_fields_stay_strings_even_when_they_look_like_json(api, bot):
    await bot.send_message(USER, "42")
    await bot.send_message(USER, "true")

    assert [p["text"] for p in api.requests_for("sendMessage")] == ["42", "true"]


async def test_set_my_commands_records_commands_and_scope_and_refuses_bad_names(api, bot):
    scope = BotCommandScopeAllGroupChats()

    await bot.set_my_commands([("ask", "Ask a question")], scope=scope, language_code="uk")
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([("Ask-Me", "Ask a question")])

    assert api.requests_for("setMyCommands")[0] == {
        "commands": [{"command": "ask", "description": "Ask a question"}],
        "scope": {"type": "all_group_chats"},
        "language_code": "uk",
    }


async def test_json_bodies_are_decoded_as_sent(api):
    async with httpx.AsyncClient() as client:
        url = f"{api.base_url}{api.token}/sendMessage"
        response = await client.post(url, json={"chat_id": USER, "text": "hi"})

    assert response.json()["result"]["text"] == "hi"
    assert api.requests_for("sendMessage") == [{"chat_id": USER, "text": "hi"}]


async def test_multipart_bodies_keep_their_text_fields(api, bot):
    await bot.set_webhook("https://example.invalid/hook", certificate=b"pem", max_connections=5)

    assert api.requests_for("setWebhook") == [
        {"url": "https://example.invalid/hook", "max_connections": 5}
    ]


async def test_text_over_4096_utf16_units_is_too_long_once_html_tags_are_stripped(bot):
    await bot.send_message(USER, "<b>" + "😀" * 2048 + "</b>", parse_mode="HTML")

    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(USER, "😀" * 2048 + "!")


FAULTS = [
    ("retry_after", RetryAfter, "Flood control exceeded"),
    ("forbidden", Forbidden, "bot was kicked from the supergroup chat"),
    ("migrate", ChatMigrated, "Group migrated to supergroup"),
    ("cant_parse", BadRequest, "Can't parse entities"),
    ("too_long", BadRequest, "Message is too long"),
    ("thread_not_found", BadRequest, "Message thread not found"),
    ("topic_closed", BadRequest, "Topic_closed"),  # str.capitalize() lowercases the rest
    ("bad_gateway", NetworkError, "Bad Gateway"),
]


@pytest.mark.parametrize(("kind", "error", "message"), FAULTS, ids=[f[0] for f in FAULTS])
async def test_each_fault_raises_its_ptb_error_once_and_is_recorded(
    api, bot, kind, error, message
):
    api.fail_next("sendMessage", kind)

    with pytest.raises(error, match=message) as caught:
        await bot.send_message(GROUP, "hi")
    sent = await bot.send_message(GROUP, "hi")

    assert type(caught.value) is error
    assert sent.message_id == 1
    assert [p.get("_fault") for p in api.requests_for("sendMessage")] == [kind, None]


async def test_retry_after_and_migrate_carry_their_parameters(api, bot):
    api.fail_next("sendMessage", "retry_after", retry_after=3)
    api.fail_next("sendMessage", "migrate", migrate_to_chat_id=-100555)

    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(GROUP, "hi")
    with pytest.raises(ChatMigrated) as migrated:
        await bot.send_message(GROUP, "hi")

    assert flood.value.retry_after == dtm.timedelta(seconds=3)
    assert migrated.value.new_chat_id == -100555


async def test_retry_after_is_a_deprecation_error_without_ptb_timedelta(api, bot, monkeypatch):
    monkeypatch.delenv("PTB_TIMEDELTA")
    api.fail_next("sendMessage", "retry_after")

    with pytest.raises(PTBDeprecationWarning, match="PTB_TIMEDELTA"):
        await bot.send_message(GROUP, "hi")


async def test_ptb_rate_limiter_retries_after_a_retry_after_transparently(api):
    api.fail_next("sendMessage", "retry_after", retry_after=0.2)
    limiter = AIORateLimiter(max_retries=1)

    async with ExtBot(api.token, base_url=api.base_url, rate_limiter=limiter) as bot:
        sent = await bot.send_message(USER, "hi")

    assert sent.message_id == 1
    assert [p.get("_fault") for p in api.requests_for("sendMessage")] == ["retry_after", None]


async def test_a_fault_repeats_for_the_given_number_of_calls(api, bot):
    api.fail_next("sendMessage", "bad_gateway", times=2)

    for _ in range(2):
        with pytest.raises(NetworkError):
            await bot.send_message(USER, "hi")
    await bot.send_message(USER, "hi")

    assert len(api.requests_for("sendMessage")) == 3


async def test_a_slow_answer_times_out_the_client_as_a_maybe_delivered_send(api, bot):
    api.fail_next("sendMessage", "slow", seconds=1.0)

    with pytest.raises(TimedOut):
        await bot.send_message(GROUP, "maybe", read_timeout=0.2)

    assert api.requests_for("sendMessage")[0]["_fault"] == "slow"


async def test_delay_all_slows_every_answer(api, bot):
    api.delay_all(0.3)
    started = time.monotonic()

    await bot.get_me()

    assert time.monotonic() - started >= 0.3


def test_an_unknown_fault_or_member_status_is_refused(api):
    with pytest.raises(ValueError, match="unknown fault"):
        api.fail_next("sendMessage", "gremlins")
    with pytest.raises(ValueError, match="unknown chat member status"):
        api.set_member_status(GROUP, USER, "owner")


def test_wait_for_names_what_did_arrive_when_it_times_out(api):
    with pytest.raises(AssertionError, match=r"sendMessage call\(s\) within 0.1 s; arrived: \[\]"):
        api.wait_for("sendMessage", timeout=0.1)


async def test_get_updates_returns_queued_updates_until_an_offset_acknowledges_them(api, bot):
    first = api.push_update(api.text_message(USER, "one"))
    second = api.push_update(api.text_message(USER, "two"))

    everything = await bot.get_updates()
    unacknowledged = await bot.get_updates(offset=second["update_id"])
    after_both = await bot.get_updates(offset=second["update_id"] + 1)

    assert [u.update_id for u in everything] == [first["update_id"], second["update_id"]]
    assert [u.message.text for u in unacknowledged] == ["two"]
    assert after_both == ()


async def test_get_updates_holds_an_empty_poll_up_to_the_cap():
    with FakeTelegramAPI(max_long_poll=0.3) as api:
        async with loopback_bot(api) as bot:
            started = time.monotonic()
            assert await bot.get_updates(timeout=5) == ()
            assert 0.25 < time.monotonic() - started < 1.5


async def test_get_updates_answers_a_held_poll_as_soon_as_an_update_arrives(api, bot):
    late = api.text_message(USER, "late")
    asyncio.get_running_loop().call_later(0.2, api.push_update, late)
    started = time.monotonic()

    updates = await bot.get_updates(timeout=2)

    assert [u.update_id for u in updates] == [late["update_id"]]
    assert time.monotonic() - started < 1.5


async def test_get_updates_delivers_only_allowed_update_types(api, bot):
    api.push_update(api.inline_query("cats"))
    message = api.push_update(api.text_message(USER, "hi"))

    updates = await bot.get_updates(allowed_updates=["message"])

    assert [u.update_id for u in updates] == [message["update_id"]]


async def test_deleting_the_webhook_with_drop_pending_updates_empties_the_queue(api, bot):
    api.push_update(api.text_message(USER, "old"))

    await bot.delete_webhook(drop_pending_updates=True)

    assert await bot.get_updates() == ()


async def test_edit_message_text_edits_a_sent_message_but_not_unknown_or_unchanged_ones(bot):
    sent = await bot.send_message(USER, "draft")

    edited = await bot.edit_message_text("final", chat_id=USER, message_id=sent.message_id)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("final", chat_id=USER, message_id=sent.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("final", chat_id=USER, message_id=999)

    assert (edited.text, edited.edit_date is not None) == ("final", True)


MEMBERS = [
    ("creator", ChatMemberOwner),
    ("administrator", ChatMemberAdministrator),
    ("member", ChatMemberMember),
    ("restricted", ChatMemberRestricted),
    ("left", ChatMemberLeft),
    ("kicked", ChatMemberBanned),
]


@pytest.mark.parametrize(("status", "kind"), MEMBERS, ids=[m[0] for m in MEMBERS])
async def test_get_chat_member_answers_each_status_as_its_ptb_class(api, bot, status, kind):
    api.set_member_status(GROUP, USER, status)

    member = await bot.get_chat_member(GROUP, USER)

    assert (type(member), member.status, member.user.id) == (kind, status, USER)


async def test_get_chat_member_defaults_to_member_and_takes_field_overrides(api, bot):
    api.set_member_status(GROUP, 7, "creator", is_anonymous=True)

    default = await bot.get_chat_member(GROUP, USER)
    anonymous = await bot.get_chat_member(GROUP, 7)

    assert type(default) is ChatMemberMember
    assert anonymous.is_anonymous is True


async def test_get_chat_answers_a_full_chat_info(bot):
    chat = await bot.get_chat(GROUP)

    assert (chat.id, chat.type) == (GROUP, "supergroup")


BUILDERS: dict[str, tuple[Callable[[FakeTelegramAPI], list[Any]], BaseHandler[Any, Any, Any]]] = {
    "command in a topic": (
        lambda api: [api.text_message(GROUP, "/ask@test_bot hi", thread_id=7)],
        CommandHandler("ask", _noop),
    ),
    "mention": (
        lambda api: [api.text_message(GROUP, "hey @test_bot")],
        MessageHandler(filters.Entity("mention") & filters.ChatType.SUPERGROUP, _noop),
    ),
    "reply to the bot": (
        lambda api: [api.text_message(GROUP, "and?", reply_to_bot=True)],
        MessageHandler(filters.REPLY & ~filters.COMMAND, _noop),
    ),
    "private text": (
        lambda api: [api.text_message(USER, "hi")],
        MessageHandler(filters.ChatType.PRIVATE & filters.TEXT, _noop),
    ),
    "sticker": (lambda api: [api.sticker(USER)], MessageHandler(filters.Sticker.ALL, _noop)),
    "photo": (lambda api: [api.photo(USER)], MessageHandler(filters.PHOTO, _noop)),
    "migration": (
        lambda api: api.migrate(-5, -100777),
        MessageHandler(filters.StatusUpdate.MIGRATE, _noop),
    ),
    "callback query": (
        lambda api: [api.callback_query(USER, 1, "more")],
        CallbackQueryHandler(_noop, pattern="^more$"),
    ),
    "inline query": (lambda api: [api.inline_query("cats")], InlineQueryHandler(_noop)),
    "my chat member": (
        lambda api: [api.my_chat_member(GROUP, "member", "kicked")],
        ChatMemberHandler(_noop, ChatMemberHandler.MY_CHAT_MEMBER),
    ),
}


@pytest.mark.parametrize("name", BUILDERS)
async def test_built_updates_parse_and_match_their_handler(api, bot, name):
    build, handler = BUILDERS[name]
    updates = [Update.de_json(data, bot) for data in build(api)]

    assert all(handler.check_update(update) for update in updates)


async def test_mention_entities_count_utf16_code_units(api, bot):
    message = _message(api.text_message(GROUP, "/ask 🙂 @test_bot"), bot)

    assert list(message.parse_entities().values()) == ["/ask", "@test_bot"]


async def test_a_message_comes_from_a_private_chats_own_user_and_else_from_user_42(api, bot):
    senders = [
        _sender(_message(api.text_message(chat, "hi", **extra), bot))
        for chat, extra in [(1000, {}), (GROUP, {}), (1000, {"user_id": 7})]
    ]

    assert senders == [(1000, None), (USER, None), (7, None)]


async def test_an_anonymous_admin_message_carries_the_group_as_sender_chat(api, bot):
    data = api.text_message(GROUP, "/subscribe", user_id=ANONYMOUS_ADMIN_ID)

    assert _sender(_message(data, bot)) == (ANONYMOUS_ADMIN_ID, GROUP)


async def test_after_the_bot_is_kicked_sends_to_that_chat_are_forbidden(api, bot):
    api.push_update(api.my_chat_member(GROUP, "member", "kicked"))

    with pytest.raises(Forbidden, match="bot was kicked from the supergroup chat"):
        await bot.send_message(GROUP, "hi")


async def test_after_a_migration_sends_to_the_old_chat_raise_chat_migrated(api, bot):
    api.push_updates(api.migrate(-5, -100777))

    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(-5, "hi")

    assert caught.value.new_chat_id == -100777


async def test_an_application_polls_a_pushed_command_and_replies_in_its_topic(api):
    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("answer <b>x</b>", parse_mode="HTML")

    app = ApplicationBuilder().token(api.token).base_url(api.base_url).build()
    app.add_handler(MessageHandler(filters.TEXT, answer))
    async with app:
        assert app.updater is not None
        await app.start()
        await app.updater.start_polling(timeout=1, drop_pending_updates=True)
        pushed = api.push_update(api.text_message(GROUP, "/ask@test_bot hello", thread_id=7))
        [reply] = await asyncio.to_thread(api.wait_for, "sendMessage")
        await app.updater.stop()
        await app.stop()

    assert (reply["chat_id"], reply["message_thread_id"]) == (GROUP, 7)
    assert reply["reply_parameters"]["message_id"] == pushed["message"]["message_id"]
    assert [method for method, _ in api.requests][:2] == ["getMe", "deleteWebhook"]
    assert api.requests_for("getUpdates")[-1] == {"timeout": 0, "offset": pushed["update_id"] + 1}


async def test_closing_releases_a_held_long_poll_and_joins_every_thread():
    before = set(threading.enumerate())
    with FakeTelegramAPI(max_long_poll=30) as api:
        async with loopback_bot(api) as bot:
            poll = asyncio.create_task(bot.get_updates(timeout=30))
            await asyncio.to_thread(api.wait_for, "getUpdates")
            started = time.monotonic()
            api.close()
            assert await poll == ()
            assert time.monotonic() - started < 1.0

    left = {t for t in set(threading.enumerate()) - before if not t.name.startswith("asyncio")}
    assert not left
