"""Fuzz: generated updates of every kind through the real Application and the fake Bot API.

The bot is built as `newsdesk run` builds it (digest commands and the state database
included) and each update goes through `Application.process_update`, the path polling and
the webhook both end in, with the fake Bot API on loopback as its HTTP peer. Updates:
texts full of control, zero-width and bidi characters, markup and huge runs, with their
own (often absurd) entities; commands in any letter case, for this bot, another one or
none, known and unknown, with odd arguments; edited messages; channel posts; button
presses with forged data, on real answers in their own chat and others, on inaccessible
and inline messages; inline queries; stickers, photos, migrations and membership changes;
in private chats, groups, supergroups, forum topics and channels, from users with any
interface language.

Properties, checked after every batch: everything the bot sent is Telegram HTML that
Telegram would accept (`html_problem`) within 4096 UTF-16 units, its buttons carry at most
64 bytes, its callback answers at most 200 characters; no apology (the error handler's
reply) was sent and nothing was logged at ERROR or with a traceback; and a plain question
asked afterwards still gets its cited answer.

Inputs: 44 batches of 25 updates, 1,100 updates, plus one check question per batch
(about 30 s here: the Bot API rate limiter lets 30 messages a second through).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import Update

from bot.app import build_application
from bot.deps import Deps
from bot.i18n import MESSAGES
from bot.store import SQLiteStore
from corpus.article import Article
from retrieval.index import build_index
from tests.bot.e2e import assistant, config
from tests.conftest import DATA
from tests.fakes.telegram_api import (
    ANONYMOUS_ADMIN_ID,
    BOT_ID,
    FakeTelegramAPI,
    html_problem,
    utf16_len,
)
from tests.fuzz.conftest import FUZZ, GENERATE
from tests.fuzz.hostile import hostile_char, hostile_text, questions

BATCHES = 60
COMMANDS_RUN = 200
BATCH_SIZE = 25
ADMIN = 7
APOLOGIES = tuple(MESSAGES["error"].values())
CHECK_QUESTION = "How long is the new metro extension in Kyiv?"

# --- the bot under test -------------------------------------------------------------------


def hostile_articles() -> list[Article]:
    """Articles whose titles, links and outlets are as hostile as a feed could make them."""
    now = datetime.now(UTC)
    body = (
        "The Riverton ferry crews went on strike on Tuesday over pay, the union said. "
        "Ferries across the bay will not run until Friday, the operator said. "
    )
    return [
        Article(
            id="ferry\x1b[2J",
            title="Ferry \x1b]0;owned\x07strike <b>in</b> & \u202eRiverton\u202c",
            url='https://gazette.example/a"b<c>&d',
            published=now.date(),
            lang="en",
            source="Gazette\x00 <i>",
            text=body * 3,
            published_at=now - timedelta(hours=2),
        ),
        Article(
            id="long-strike",
            title="A" * 300,
            url="javascript:alert(1)",
            published=date(2025, 11, 22),
            lang="en",
            source=None,
            text=" ".join([body] * 60) + " " + "Ferry" * 800,
        ),
        Article(
            id="rtl-metro",
            title="\u202eortem vyiK\u202c \u200b\u200b metro",
            url="https://example.test/%e2%80%ae",
            published=now.date(),
            lang="en",
            source="\u2067Outlet\u2069",
            text="Kyiv metro stations stay open as shelters during air-raid alerts, the city "
            "said. Trains run every five minutes on the Vynohradar line. " * 4,
            published_at=now - timedelta(hours=1),
        ),
    ]


@dataclass
class World:
    """The running bot, its fake Bot API, and what the fuzzer has learnt about them."""

    api: FakeTelegramAPI
    app: Any
    loop: asyncio.AbstractEventLoop
    next_group: int = 1
    next_update: int = 10**9  # for updates the fake does not number
    buttons: list[tuple[int, int, str]] = field(default_factory=list)  # chat, message, data
    updates: int = 0
    seconds: float = 0.0

    def group_id(self, kind: str) -> int:
        """Return a new group id: one each, so no group meets the per-group rate limit."""
        self.next_group += 1
        return -(1_000_000_000_000 + self.next_group) if kind == "supergroup" else -self.next_group

    def harvest(self, calls: list[tuple[str, dict[str, Any]]]) -> None:
        for method, params in calls:
            markup, chat = params.get("reply_markup"), params.get("chat_id")
            if (
                method != "sendMessage"
                or not isinstance(markup, dict)
                or not isinstance(chat, int)
            ):
                continue
            mine = [
                message["message_id"]
                for message in self.api.messages(chat)
                if message.get("reply_markup") == markup
            ]
            for row in markup.get("inline_keyboard", []):
                for button in row:
                    if "callback_data" in button and mine:
                        self.buttons.append((chat, mine[-1], button["callback_data"]))
        del self.buttons[:-200]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    data_dir = tmp_path_factory.mktemp("fuzz-telegram") / "data"
    build_index([DATA / "articles.jsonl"], data_dir=data_dir, workers=1)
    bots = assistant(data_dir)
    bots.ingest(hostile_articles(), save=lambda articles: None)
    store = SQLiteStore(data_dir / "newsdesk.sqlite3")
    roomy = config(
        admin_ids=frozenset({ADMIN}),
        user_rate=100_000,
        user_burst=100_000,
        chat_rate=100_000,
        chat_burst=100_000,
    )
    loop = asyncio.new_event_loop()
    with FakeTelegramAPI(username="test_bot") as api:
        deps = Deps(assistant=bots, config=roomy, store=store)
        app = build_application(deps, token=api.token, base_url=api.base_url, read_timeout=5)
        loop.run_until_complete(app.initialize())
        try:
            yield World(api, app, loop)
        finally:
            loop.run_until_complete(app.shutdown())
            loop.close()
            store.close()


# --- generated updates --------------------------------------------------------------------


class Draft:
    """An update to build when its batch runs (ids and buttons come from the running bot)."""

    # Not a dataclass: Hypothesis prints those field by field, bytes and all.
    def __init__(self, build: Callable[..., list[dict[str, Any]]], fields: dict[str, Any]) -> None:
        self.build = build
        self.fields = fields

    def __call__(self, world: World) -> list[dict[str, Any]]:
        return self.build(world, **self.fields)

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={_short(v)}" for k, v in self.fields.items())
        return f"{self.build.__name__}({shown})"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 120 else f"{text[:100]}…({len(text)} chars)"


LANG_CODES = st.sampled_from([None, "en", "uk", "ru", "zz", "", "pt-br", "UK", "ru-RU", "x" * 40])
USERS = st.sampled_from([42, 43, 44, ADMIN, ANONYMOUS_ADMIN_ID, 1, 2**40, BOT_ID])
CHAT_KINDS = st.sampled_from(["private", "private", "group", "supergroup", "forum", "channel"])
COMMANDS = st.sampled_from(  # those that read arguments, more often
    [
        "ask",
        "ASK",
        "Ask",
        "subscribe",
        "Subscribe",
        "settings",
        "SETTINGS",
        "settings",
        "start",
        "help",
        "HELP",
        "stats",
        "reload",
        "unsubscribe",
        "digest",
        "DIGEST",
        "frobnicate",
        "a",
        "x" * 32,
        "ask_",
        "s",
    ]
)
TARGETS = st.sampled_from(["", "", "@test_bot", "@TEST_BOT", "@Test_Bot", "@other_bot", "@", "@x"])
HUGE_WORD = st.text(hostile_char, min_size=1, max_size=4).map(lambda s: (s * 4090)[:4000])
CLOCKS = st.sampled_from(["08:00", "25:61", "٠٨:٠٠", "8.30", "24:00", "9:99", "23:59", "0:0"])
ZONES = st.sampled_from(
    [
        "Europe/Kyiv",
        "europe/KYIV",
        "UTC",
        "../../etc/passwd",
        "/etc/localtime",
        "Kyiv",
        "posix/Europe/Kyiv",
        "Etc/GMT+14",
        "\x00",
        "Mars/Phobos",
        "A/" * 300,
    ]
)
LANGS = st.sampled_from(["en", "uk", "ru", "UK", "xx", "EN", ""])
ARGS = st.one_of(hostile_text(max_size=300), HUGE_WORD, CLOCKS, ZONES, LANGS)
# What each command is given: its own kind of arguments, or anything.
COMMAND_ARGS = {
    "subscribe": st.lists(ARGS, max_size=4),
    "settings": st.one_of(
        st.tuples(
            st.sampled_from(["time", "tz", "zone", "lang", "language", "TZ", "x"]), ARGS
        ).map(list),
        st.lists(ARGS, max_size=3),
    ),
    "ask": st.one_of(questions(max_size=300), hostile_text(max_size=4000)).map(lambda q: [q]),
}
ENTITY_TYPES = st.sampled_from(
    [
        "bot_command",
        "mention",
        "hashtag",
        "cashtag",
        "url",
        "email",
        "phone_number",
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "code",
        "pre",
        "blockquote",
        "expandable_blockquote",
        "text_link",
        "custom_emoji",
        "no_such_type",
    ]
)
ENTITY = st.builds(
    lambda kind, offset, length: (
        {"type": kind, "offset": offset, "length": length}
        | ({"url": "https://x.example/"} if kind == "text_link" else {})
        | ({"custom_emoji_id": "5368324170671202286"} if kind == "custom_emoji" else {})
    ),
    ENTITY_TYPES,
    st.integers(-3, 5000),
    st.integers(-3, 5000),
)
# None: the entities Telegram would send (a leading command, mentions); a list: given as is.
ENTITIES = st.one_of(
    st.none(), st.none(), st.lists(ENTITY, max_size=3), st.lists(ENTITY, max_size=300)
)


def _chat(world: World, kind: str, user: int) -> tuple[int, str, int | None]:
    """Return (chat id, chat type, topic) for a chat of `kind` the user writes in."""
    if kind == "private":
        return user, "private", None
    chat_type = "supergroup" if kind in ("supergroup", "forum") else kind
    thread = 7 if kind == "forum" else None
    return world.group_id("group" if kind == "group" else "supergroup"), chat_type, thread


def text_update(
    world: World,
    *,
    kind: str,
    user: int,
    lang: str | None,
    text: str,
    entities: list[dict[str, Any]] | None,
    reply_to_bot: bool,
    age: int,
    edit: bool,
) -> list[dict[str, Any]]:
    chat_id, chat_type, thread = _chat(world, kind, user)
    update = world.api.text_message(
        chat_id,
        text,
        user_id=user,
        chat_type=chat_type,
        thread_id=thread,
        reply_to_bot=reply_to_bot,
        language_code=lang,
        entities=entities,
        date=int(time.time()) - age,
    )
    key = "message"
    if chat_type == "channel":
        post = update.pop(key)
        post.pop("from", None)
        post["sender_chat"] = post["chat"]
        key = "channel_post"
        update[key] = post
    if edit:
        message = update.pop(key)
        message["edit_date"] = int(time.time())
        update[f"edited_{key}"] = message
    return [update]


@st.composite
def text_updates(draw: st.DrawFn) -> Draft:
    """A text message, a command or an edit, in any kind of chat."""
    size = draw(st.sampled_from([80, 600, 4096]))
    body = draw(st.one_of(hostile_text(max_size=size), questions(max_size=size)))
    if draw(st.booleans()):
        name = draw(COMMANDS)
        command = f"/{name}{draw(TARGETS)}"
        args = draw(COMMAND_ARGS.get(name.lower(), st.lists(ARGS, max_size=3)))
        if draw(st.integers(0, 3)) == 0:
            args = draw(st.lists(ARGS, max_size=3))
        body = " ".join([command, *args]) if draw(st.integers(0, 3)) else command + body
    elif draw(st.booleans()):
        body = draw(st.sampled_from(["@test_bot ", "@TEST_BOT ", ""])) + body
    user = draw(USERS)
    if user == ADMIN and body.lower().startswith("/reload"):
        user = 43  # an admin's /reload rebuilds the index: tested in tests/bot/test_bot_e2e.py
    fields = {
        "kind": draw(CHAT_KINDS),
        "user": user,
        "lang": draw(LANG_CODES),
        "text": body if body.strip() else body + "?",
        "entities": draw(ENTITIES),
        "reply_to_bot": draw(st.booleans()),
        "age": draw(st.sampled_from([0, 0, 0, 30, 10_000, -3600, int(time.time())])),
        "edit": draw(st.integers(0, 3)) == 0,
    }
    return Draft(text_update, fields)


FORGED = st.one_of(
    st.text(hostile_char, max_size=70),
    st.sampled_from(["m:", "z:", "s:", ":", "", "s::1", "m:AAAAAAAA", "s:AAAAAAAA:1"]),
    st.sampled_from(["s:AAAAAAAA:0", "s:AAAAAAAA:100", "z:AAAAAAAA", "m:" + "A" * 61]),
)
MUTATIONS = st.sampled_from(
    ["as is", "as is", "other chat", "append", "chop", "renumber", "forged"]
)


def callback_update(
    world: World,
    *,
    pick: int,
    mutation: str,
    forged: str,
    game: bool,
    carrier: str,
    user: int,
    lang: str | None,
) -> list[dict[str, Any]]:
    chat, message_id, data = user, 1, forged
    if world.buttons and mutation != "forged":
        chat, message_id, data = world.buttons[pick % len(world.buttons)]
        if mutation == "other chat":
            chat = user
        elif mutation == "append":
            data += forged[:3] or "x"
        elif mutation == "chop":
            data = data[:-1]
        elif mutation == "renumber" and data.startswith("s:"):
            data = data.rsplit(":", 1)[0] + ":" + str(pick % 120)
    update = world.api.callback_query(chat, message_id, data, user_id=user)
    query = update["callback_query"]
    query["from"]["language_code"] = lang
    if game:
        del query["data"]
        query["game_short_name"] = "game"
    if carrier == "inaccessible":
        query["message"] = {"chat": query["message"]["chat"], "message_id": 1, "date": 0}
    elif carrier == "inline":
        del query["message"]
        query["inline_message_id"] = "AgAAAJ-inline"
    return [update]


@st.composite
def callback_updates(draw: st.DrawFn) -> Draft:
    """A button press: on a real answer (in its chat or another), or with forged data."""
    fields = {
        "pick": draw(st.integers(0, 10_000)),
        "mutation": draw(MUTATIONS),
        "forged": draw(FORGED),
        "game": draw(st.integers(0, 9)) == 0,
        "carrier": draw(st.sampled_from(["message", "message", "inaccessible", "inline"])),
        "user": draw(USERS),
        "lang": draw(LANG_CODES),
    }
    return Draft(callback_update, fields)


def inline_update(
    world: World, *, query: str, chat_type: str | None, offset: str, user: int
) -> list[dict[str, Any]]:
    update = world.api.inline_query(query, user_id=user)
    inline = update["inline_query"]
    inline["offset"] = offset
    if chat_type is None:
        del inline["chat_type"]
    else:
        inline["chat_type"] = chat_type
    return [update]


@st.composite
def inline_updates(draw: st.DrawFn) -> Draft:
    fields = {
        "query": draw(st.one_of(hostile_text(max_size=256), st.sampled_from(["metro", "Київ"]))),
        "chat_type": draw(
            st.sampled_from(["sender", "private", "group", "supergroup", "channel", None])
        ),
        "offset": draw(st.sampled_from(["", "10", "-1", "x" * 64])),
        "user": draw(USERS),
    }
    return Draft(inline_update, fields)


def other_update(
    world: World, *, kind: str, chat_kind: str, user: int, caption: str | None, old: str, new: str
) -> list[dict[str, Any]]:
    chat_id, _, _ = _chat(world, chat_kind, user)
    api = world.api
    if kind == "sticker":
        return [api.sticker(chat_id, user_id=user)]
    if kind == "photo":
        return [api.photo(chat_id, user_id=user, caption=caption)]
    if kind == "migrate":
        return api.migrate(-abs(chat_id), world.group_id("supergroup"), user_id=user)
    if kind == "member":
        return [api.my_chat_member(chat_id, old, new, user_id=user)]
    sender = {"id": user, "is_bot": False, "first_name": "U"}
    if kind == "poll":
        answer = {"poll_id": "1", "option_ids": [0], "option_persistent_ids": ["0"]}
        return [{"update_id": 0, "poll_answer": answer | {"user": sender}}]
    chosen = {"result_id": "x", "query": caption or "", "from": sender}
    return [{"update_id": 0, "chosen_inline_result": chosen}]


@st.composite
def other_updates(draw: st.DrawFn) -> Draft:
    """Stickers, photos, migrations, membership changes and updates with no handler."""
    statuses = st.sampled_from(["member", "administrator", "left", "kicked", "restricted"])
    fields = {
        "kind": draw(st.sampled_from(["sticker", "photo", "migrate", "member", "poll", "chosen"])),
        "chat_kind": draw(CHAT_KINDS),
        "user": draw(st.sampled_from([42, 43])),
        "caption": draw(st.one_of(st.none(), hostile_text(max_size=1024), st.just("/ask metro"))),
        "old": draw(statuses),
        "new": draw(statuses),
    }
    return Draft(other_update, fields)


UPDATES = (
    st.one_of(text_updates(), text_updates(), text_updates(), callback_updates(), inline_updates())
    | other_updates()
)


# --- properties ---------------------------------------------------------------------------


def problems_in(calls: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """Return what Telegram would refuse (or a user should never see) among the bot's calls."""
    found = []
    for method, params in calls:
        text = params.get("text")
        if method in ("sendMessage", "editMessageText"):
            problem: str | None
            if not isinstance(text, str):
                problem = "empty text"
            elif params.get("parse_mode") == "HTML":
                problem = html_problem(text)
            elif not text.strip():
                problem = "empty text"
            elif utf16_len(text) > 4096:
                problem = f"{utf16_len(text)} UTF-16 units"
            else:
                problem = None
            if problem:
                found.append(f"{method}: {problem}: {str(text)[:300]!r}")
            if isinstance(text, str) and any(apology in text for apology in APOLOGIES):
                found.append(f"{method}: an apology was sent: {text!r}")
            found += markup_problems(method, params.get("reply_markup"))
        elif method == "answerCallbackQuery" and len(params.get("text") or "") > 200:
            found.append(f"{method}: text over 200 characters: {params['text']!r}")
        elif method == "answerInlineQuery":
            results = params.get("results") or []
            if len(results) > 50:
                found.append(f"{method}: {len(results)} results")
            for result in results:
                if not 1 <= len(str(result.get("id", "")).encode()) <= 64:
                    found.append(f"{method}: result id {result.get('id')!r}")
                if not str(result.get("title") or "").strip():
                    found.append(f"{method}: a result without a title")
                content = result.get("input_message_content") or {}
                if problem := html_problem(content.get("message_text", "")):
                    found.append(f"{method}: {problem}: {content.get('message_text')!r:.300}")
    return found


def markup_problems(method: str, markup: object) -> list[str]:
    if not isinstance(markup, dict):
        return []
    found = []
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if not str(button.get("text") or "").strip():
                found.append(f"{method}: a button without text")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= 64:
                found.append(f"{method}: callback data of {len(data.encode())} bytes")
    return found


def failures_logged(records: list[logging.LogRecord]) -> list[str]:
    return [
        f"{r.levelname} {r.name}: {r.getMessage()[:300]}"
        + (f" ({r.exc_info[0].__name__})" if r.exc_info and r.exc_info[0] else "")
        for r in records
        if r.levelno >= logging.ERROR or r.exc_info
    ]


async def process(world: World, updates: list[dict[str, Any]]) -> None:
    """Hand each update to the Application as the updater would, decoded from JSON."""
    for update in updates:
        if not update.get("update_id"):
            world.next_update += 1
            update["update_id"] = world.next_update
        decoded = Update.de_json(json.loads(json.dumps(update)), world.app.bot)
        await world.app.process_update(decoded)


async def still_answers(world: World) -> str:
    world.next_group += 1
    user = 5_000_000 + world.next_group
    before = len(world.api.requests_for("sendMessage"))
    await process(world, [world.api.text_message(user, CHECK_QUESTION, user_id=user)])
    replies = world.api.requests_for("sendMessage")[before:]
    return replies[0]["text"] if replies else ""


# --- the test ------------------------------------------------------------------------------


def check(world: World, records: list[logging.LogRecord], first: int) -> None:
    """Assert the properties over the bot's calls since `first` and the records logged."""
    calls = world.api.requests[first:]
    world.harvest(calls)
    problems = problems_in(calls) + failures_logged(records)
    assert not problems, "\n".join(problems[:20])


def test_generated_updates_get_well_formed_replies_and_never_an_error(world, caplog) -> None:
    caplog.set_level(logging.WARNING)

    @settings(FUZZ, max_examples=BATCHES, phases=GENERATE)
    @given(drafts=st.lists(UPDATES, min_size=BATCH_SIZE, max_size=BATCH_SIZE))
    def batch(drafts: list[Draft]) -> None:
        caplog.clear()
        first = len(world.api.requests)
        updates = [update for draft in drafts for update in draft(world)]
        started = time.perf_counter()
        world.loop.run_until_complete(asyncio.wait_for(process(world, updates), timeout=120))
        answer = world.loop.run_until_complete(asyncio.wait_for(still_answers(world), 30))
        world.seconds += time.perf_counter() - started
        world.updates += len(updates)
        check(world, caplog.records, first)
        assert "Vynohradar" in answer, f"the check question got {answer!r}"

    batch()
    print(f"telegram: {world.updates} updates in {BATCHES} batches, {world.seconds:.1f} s")
    assert world.updates >= 1000


@st.composite
def commands(draw: st.DrawFn) -> Draft:
    """A command with arguments of its own kind (or any), as Telegram would deliver it."""
    name = draw(st.sampled_from(["ask", "subscribe", "settings", "digest", "start", "stats"]))
    args = draw(COMMAND_ARGS.get(name, st.lists(ARGS, max_size=2)))
    target = draw(st.sampled_from(["", "@test_bot", "@Test_Bot"]))
    fields = {
        "kind": draw(st.sampled_from(["private", "group", "supergroup", "forum"])),
        "user": draw(st.sampled_from([42, ANONYMOUS_ADMIN_ID])),
        "lang": draw(LANG_CODES),
        "text": " ".join([f"/{name}{target}", *args]),
        "entities": None,
        "reply_to_bot": False,
        "age": 0,
        "edit": False,
    }
    return Draft(text_update, fields)


def test_commands_with_odd_arguments_get_well_formed_replies(world, caplog) -> None:
    caplog.set_level(logging.WARNING)
    count = [0]

    @settings(FUZZ, max_examples=COMMANDS_RUN, phases=GENERATE)
    @given(draft=commands())
    def one(draft: Draft) -> None:
        caplog.clear()
        first = len(world.api.requests)
        world.loop.run_until_complete(asyncio.wait_for(process(world, draft(world)), timeout=30))
        count[0] += 1
        check(world, caplog.records, first)

    one()
    assert count[0] == COMMANDS_RUN
