"""A fake Telegram Bot API on loopback, for tests that drive the real python-telegram-bot.

    with FakeTelegramAPI(username="test_bot") as api:
        app = ApplicationBuilder().token(api.token).base_url(api.base_url).build()
        api.push_update(api.text_message(-1001, "/ask@test_bot hi", thread_id=7))
        ...
        [reply] = await asyncio.to_thread(api.wait_for, "sendMessage")

`wait_for` blocks its thread, so call it through `asyncio.to_thread` from a coroutine: the
application under test needs the event loop to answer.

Besides plain answers it behaves like Telegram where tests lean on it:
- getUpdates long-polls (at most `max_long_poll` s), drops updates below `offset`, keeps the
  last `allowed_updates`; `deleteWebhook(drop_pending_updates=true)` empties the queue;
- once a pushed `my_chat_member` update leaves the bot `left`/`kicked`, sends to that chat get
  403, and once a migration is pushed, sends to the old id get 400 `migrate_to_chat_id`;
- text that is empty or over 4096 UTF-16 code units (tags stripped under HTML) gets 400;
- `text`, `caption` and other string-only fields stay raw strings ("42" is not decoded).
"""

from __future__ import annotations

import bisect
import contextlib
import copy
import html
import itertools
import json
import logging
import re
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.fakes.loopback import LoopbackService, TrackingServer

Params = dict[str, Any]
logger = logging.getLogger(__name__)

DEFAULT_TOKEN = "123456:TEST-fake-token"
BOT_ID = 123456
ANONYMOUS_ADMIN_ID = 1087968824  # sends anonymous admins' messages, with the group as sender_chat
_ANONYMOUS_NAME = {"username": "GroupAnonymousBot"}
DEFAULT_USER_ID = 42
MAX_TEXT_UTF16 = 4096

_STRING_FIELDS = frozenset(
    [
        "text",
        "caption",
        "query",
        "data",
        "parse_mode",
        "description",
        "short_description",
        "title",
        "name",
        "url",
        "action",
        "language_code",
        "secret_token",
        "emoji",
        "callback_query_id",
        "inline_query_id",
        "inline_message_id",
        "business_connection_id",
    ]
)
# What getUpdates leaves out while allowed_updates is empty or was never given.
_NOT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
# PTB raises TypeError for an administrator or restricted member missing any of these.
_ADMIN_RIGHTS: Params = dict.fromkeys(
    [
        "can_manage_chat",
        "can_delete_messages",
        "can_manage_video_chats",
        "can_restrict_members",
        "can_change_info",
        "can_invite_users",
        "can_post_stories",
        "can_edit_stories",
        "can_delete_stories",
        "can_pin_messages",
        "can_manage_topics",
    ],
    True,
) | {"can_be_edited": False, "is_anonymous": False, "can_promote_members": False}
_RESTRICTIONS: Params = dict.fromkeys(
    [
        "can_change_info",
        "can_invite_users",
        "can_pin_messages",
        "can_send_messages",
        "can_send_polls",
        "can_send_other_messages",
        "can_add_web_page_previews",
        "can_manage_topics",
        "can_send_audios",
        "can_send_documents",
        "can_send_photos",
        "can_send_videos",
        "can_send_video_notes",
        "can_send_voice_notes",
        "can_edit_tag",
        "can_react_to_messages",  # optional in PTB 22.8's signature, yet None raises TypeError
    ],
    False,
) | {"is_member": True, "until_date": 0}
_MEMBER_FIELDS: dict[str, Params] = {
    "creator": {"is_anonymous": False},
    "administrator": _ADMIN_RIGHTS,
    "member": {},
    "restricted": _RESTRICTIONS,
    "left": {},
    "kicked": {"until_date": 0},
}
_ERRORS: dict[str, tuple[int, str]] = {
    "forbidden": (403, "Forbidden: bot was kicked from the supergroup chat"),
    "blocked": (403, "Forbidden: bot was blocked by the user"),
    "cant_parse": (400, "Bad Request: can't parse entities: Unsupported start tag at byte 0"),
    "too_long": (400, "Bad Request: message is too long"),
    "thread_not_found": (400, "Bad Request: message thread not found"),
    "topic_closed": (400, "Bad Request: TOPIC_CLOSED"),
    "chat_not_found": (400, "Bad Request: chat not found"),
    "conflict": (409, "Conflict: terminated by other getUpdates request"),
    "server_error": (500, "Internal Server Error"),
    "bad_gateway": (502, "Bad Gateway"),
}
FAULT_KINDS = frozenset(_ERRORS) | {"retry_after", "migrate", "slow"}
_UPGRADED = "Bad Request: group chat was upgraded to a supergroup chat"
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup"
    " are exactly the same as a current content and reply markup of the message"
)
# Telegram HTML (Bot API "HTML style"): these tags, these named entities, any numeric one.
_HTML_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a"}
    | {"tg-emoji", "code", "pre", "blockquote"}
)
_HTML_OPEN = re.compile(r'<([a-z][a-z-]*)((?:\s+[a-z][a-z-]*(?:="[^"<>]*")?)*)\s*>')
_HTML_CLOSE = re.compile(r"</([a-z][a-z-]*)\s*>")
_HTML_ATTR = re.compile(r'([a-z][a-z-]*)(?:="([^"]*)")?')
_HTML_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION = re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{5,32}\b")
_TAG = re.compile(r"<[^<>]*>")


def html_problem(text: str) -> str | None:
    """Return why Telegram would refuse `text` as an HTML message, or None if it would not.

    Stricter than Telegram where that is cheap: a bare `>` counts as a problem too, since
    text escaped as it should be never has one.
    """
    stack: list[str] = []
    visible: list[str] = []
    at = 0
    while at < len(text):
        char = text[at]
        if char == "<":
            if closing := _HTML_CLOSE.match(text, at):
                if not stack or stack[-1] != closing[1]:
                    return f"unexpected end tag </{closing[1]}> at {at}"
                stack.pop()
                at = closing.end()
                continue
            opening = _HTML_OPEN.match(text, at)
            if opening is None:
                return f"a '<' that starts no tag at {at}"
            if opening[1] not in _HTML_TAGS:
                return f"unsupported tag <{opening[1]}> at {at}"
            attrs = dict(_HTML_ATTR.findall(opening[2]))
            if opening[1] == "a" and not attrs.get("href"):
                return f"<a> without href at {at}"
            for value in attrs.values():
                if (problem := html_problem(value)) and "empty" not in problem:
                    return f"attribute of <{opening[1]}> at {at}: {problem}"
            stack.append(opening[1])
            at = opening.end()
        elif char == "&":
            entity = _HTML_ENTITY.match(text, at)
            if entity is None:
                return f"a '&' that starts no entity at {at}"
            visible.append(html.unescape(entity[0]))
            at = entity.end()
        elif char == ">":
            return f"a bare '>' at {at}"
        else:
            visible.append(char)
            at += 1
    if stack:
        return f"unclosed <{stack[-1]}>"
    shown = "".join(visible)
    if not shown.strip():
        return "empty once tags are dropped"
    if utf16_len(shown) > MAX_TEXT_UTF16:
        return f"{utf16_len(shown)} UTF-16 units, over {MAX_TEXT_UTF16}"
    return None


class _ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: Params | None = None) -> None:
        super().__init__(description)
        self.reply = code, {"ok": False, "error_code": code, "description": description}
        if parameters:
            self.reply[1]["parameters"] = parameters


@dataclass(frozen=True, slots=True)
class _Fault:
    kind: str
    seconds: float
    retry_after: float  # Telegram sends whole seconds; a fraction keeps tests fast
    migrate_to_chat_id: int

    def error(self) -> _ApiError:
        if self.kind == "retry_after":
            description = f"Too Many Requests: retry after {self.retry_after}"
            return _ApiError(429, description, {"retry_after": self.retry_after})
        if self.kind == "migrate":
            return _ApiError(400, _UPGRADED, {"migrate_to_chat_id": self.migrate_to_chat_id})
        return _ApiError(*_ERRORS[self.kind])


def _accept(params: Params) -> bool:
    return True


def _sender_id(chat_id: int, user_id: int | None) -> int:
    """Default the sender: a private chat's own user (chat id == user id), else user 42."""
    if user_id is not None:
        return user_id
    return chat_id if chat_id > 0 else DEFAULT_USER_ID


def utf16_len(text: str) -> int:
    """Return the length of `text` in UTF-16 code units, as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


def _entities(text: str) -> list[Params]:
    """Mark a leading /command and any @mentions after it, with offsets in UTF-16 units."""
    command = _COMMAND.match(text)
    found = [("bot_command", command)] if command else []
    found += [("mention", m) for m in _MENTION.finditer(text, command.end() if command else 0)]
    return [
        {"type": kind, "offset": utf16_len(text[: m.start()]), "length": utf16_len(m.group())}
        for kind, m in found
    ]


def _decode_value(name: str, raw: str) -> Any:
    if name in _STRING_FIELDS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def decode_params(content_type: str, body: bytes, query: str = "") -> Params:
    """Decode Bot API parameters from a query string and a form, JSON or multipart body."""
    params = {k: _decode_value(k, v) for k, v in parse_qsl(query, keep_blank_values=True)}
    mime = content_type.partition(";")[0].strip().lower()
    if not body:
        return params
    if mime == "application/json":
        params.update(json.loads(body))
    elif mime == "multipart/form-data":
        head = f"Content-Type: {content_type}\r\n\r\n".encode()
        for part in BytesParser(policy=policy.HTTP).parsebytes(head + body).iter_parts():
            name = part.get_param("name", header="content-disposition")
            value = part.get_payload(decode=True)  # file parts carry a filename: skipped
            if isinstance(name, str) and part.get_filename() is None and isinstance(value, bytes):
                params[name] = _decode_value(name, value.decode())
    else:
        form = parse_qsl(body.decode(), keep_blank_values=True)
        params.update((k, _decode_value(k, v)) for k, v in form)
    return params


class FakeTelegramAPI(LoopbackService):
    """Serve `/bot<token>/<method>` on 127.0.0.1, record calls, queue updates, inject faults."""

    def __init__(
        self, token: str = DEFAULT_TOKEN, username: str = "test_bot", *, max_long_poll: float = 2.0
    ) -> None:
        self.token = token
        self.username = username
        self.max_long_poll = max_long_poll
        self.bot_user: Params = {"id": BOT_ID, "is_bot": True, "first_name": "Test"}
        self.bot_user["username"] = username
        self._cond = threading.Condition()
        self._closing = threading.Event()
        self._requests: list[tuple[str, Params]] = []
        self._arrived: list[float] = []  # time.monotonic() of each request, as in _requests
        self._updates: list[Params] = []
        self._next_update_id = 1
        self._allowed_updates: list[str] | None = None
        self._faults: defaultdict[str, deque[_Fault]] = defaultdict(deque)
        self._delay = 0.0
        self._messages: dict[tuple[int, int], Params] = {}
        self._last_message_id: defaultdict[int, int] = defaultdict(int)
        self._chat_types: dict[int, str] = {}
        self._forums: set[int] = set()
        self._members: dict[tuple[int, int], tuple[str, Params]] = {}
        self._migrated: dict[int, int] = {}
        self._ids = itertools.count(1)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._methods: dict[str, Callable[[Params], Any]] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "deleteWebhook": self._delete_webhook,
            "setMyCommands": self._set_my_commands,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "deleteMessage": self._delete_message,
            "sendChatAction": self._send_chat_action,
            "getChatMember": self._get_chat_member,
            "getChat": self._get_chat,
        }
        done = ("setWebhook", "deleteMyCommands", "answerCallbackQuery", "answerInlineQuery")
        self._methods |= dict.fromkeys(done, _accept)

    # lifecycle

    def _make_server(self) -> _Server:
        return _Server(self)

    def _release(self) -> None:
        """Release long polls and delays."""
        self._closing.set()
        with self._cond:
            self._cond.notify_all()

    def _drain(self, server: Any) -> None:
        server.wait_idle(timeout=1.0)  # let woken handlers answer before disconnecting
        server.disconnect_all()

    @property
    def base_url(self) -> str:
        return f"{self.url}/bot"

    # what arrived

    @property
    def requests(self) -> list[tuple[str, Params]]:
        with self._cond:
            return list(self._requests)

    def requests_for(self, method: str) -> list[Params]:
        with self._cond:
            return [params for name, params in self._requests if name == method]

    def timed_requests(self, method: str) -> list[tuple[float, Params]]:
        """Return (time.monotonic() on arrival, params) of every call of `method`."""
        with self._cond:
            pairs = zip(self._arrived, self._requests, strict=True)
            return [(at, params) for at, (name, params) in pairs if name == method]

    def messages(self, chat_id: int) -> list[Params]:
        """Return copies of the messages the chat holds, oldest first."""
        with self._cond:
            return [
                copy.deepcopy(message)
                for (chat, _), message in self._messages.items()
                if chat == chat_id
            ]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Params]:
        """Block until `count` calls of `method` arrived and return all of them so far."""
        with self._cond:
            if self._cond.wait_for(lambda: len(self.requests_for(method)) >= count, timeout):
                return self.requests_for(method)
            arrived = [name for name, _ in self._requests]
        msg = f"expected {count} {method} call(s) within {timeout} s; arrived: {arrived}"
        raise AssertionError(msg)

    # scripting

    def fail_next(
        self,
        method: str,
        kind: str,
        times: int = 1,
        *,
        seconds: float = 2.0,
        retry_after: float = 1,
        migrate_to_chat_id: int = -100777,
    ) -> None:
        """Answer the next `times` calls of `method` with a fault (`slow` waits `seconds`)."""
        if kind not in FAULT_KINDS:
            msg = f"unknown fault {kind!r}; expected one of {sorted(FAULT_KINDS)}"
            raise ValueError(msg)
        fault = _Fault(kind, seconds, retry_after, migrate_to_chat_id)
        with self._cond:
            self._faults[method].extend([fault] * times)

    def delay_all(self, seconds: float) -> None:
        """Wait `seconds` before answering every call from now on."""
        with self._cond:
            self._delay = seconds

    def set_member_status(self, chat_id: int, user_id: int, status: str, **fields: Any) -> None:
        """Make getChatMember answer `status` (fields override the defaults, e.g. until_date)."""
        if status not in _MEMBER_FIELDS:
            msg = f"unknown chat member status {status!r}; expected one of {list(_MEMBER_FIELDS)}"
            raise ValueError(msg)
        with self._cond:
            self._members[(chat_id, user_id)] = (status, fields)

    def member(self, chat_id: int, user_id: int) -> Params:
        """Return the ChatMember dict getChatMember answers for this pair."""
        with self._cond:
            status, fields = self._members.get((chat_id, user_id), ("member", {}))
        return self._member_dict(status, user_id) | fields

    # updates

    def push_update(self, update: Params) -> Params:
        """Queue an update for getUpdates, numbering it if it has no update_id; return it."""
        update = dict(update)
        with self._cond:
            update.setdefault("update_id", self._next_update_id)
            self._next_update_id = max(self._next_update_id, update["update_id"] + 1)
            bisect.insort(self._updates, update, key=lambda u: u["update_id"])
            if member := update.get("my_chat_member"):
                new = member["new_chat_member"]
                fields = {k: v for k, v in new.items() if k not in ("status", "user")}
                self._members[(member["chat"]["id"], BOT_ID)] = (new["status"], fields)
            message = update.get("message") or {}
            if "migrate_to_chat_id" in message:
                self._migrated[message["chat"]["id"]] = message["migrate_to_chat_id"]
            self._cond.notify_all()
        return update

    def push_updates(self, updates: Iterable[Params]) -> list[Params]:
        return [self.push_update(update) for update in updates]

    def text_message(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str | None = None,
        thread_id: int | None = None,
        reply_to_bot: bool = False,
        language_code: str | None = "en",
        entities: list[Params] | None = None,
        date: int | None = None,
    ) -> Params:
        """Build a text message update; by default a leading /command and @mentions get entities.

        The sender is the chat's own user in a private chat, else DEFAULT_USER_ID, unless given;
        `user_id=ANONYMOUS_ADMIN_ID` makes it an anonymous admin's message (`sender_chat` set).
        """
        return self._incoming(
            chat_id,
            user_id=user_id,
            chat_type=chat_type,
            thread_id=thread_id,
            reply_to_bot=reply_to_bot,
            language_code=language_code,
            text=text,
            entities=_entities(text) if entities is None else entities or None,
            date=date,
        )

    def callback_query(
        self, chat_id: int, message_id: int, data: str, user_id: int | None = None
    ) -> Params:
        with self._cond:
            message = self._message_copy(chat_id, message_id)
        sender = self._user(_sender_id(chat_id, user_id), "en")
        query = {"id": str(next(self._ids)), "from": sender}
        query |= {"chat_instance": f"instance{chat_id}", "data": data, "message": message}
        return self._update("callback_query", query)

    def inline_query(self, query: str, user_id: int = DEFAULT_USER_ID) -> Params:
        inline = {"id": str(next(self._ids)), "from": self._user(user_id, "en"), "query": query}
        return self._update("inline_query", inline | {"offset": "", "chat_type": "sender"})

    def my_chat_member(
        self, chat_id: int, old: str, new: str, *, user_id: int = DEFAULT_USER_ID
    ) -> Params:
        """Build the bot's own membership change from status `old` to `new`."""
        with self._cond:
            chat = self._chat(chat_id)
        change = {"chat": chat, "from": self._user(user_id), "date": int(time.time())}
        change["old_chat_member"] = self._member_dict(old, BOT_ID)
        change["new_chat_member"] = self._member_dict(new, BOT_ID)
        return self._update("my_chat_member", change)

    def migrate(
        self, old_chat_id: int, new_chat_id: int, *, user_id: int = DEFAULT_USER_ID
    ) -> list[Params]:
        """Build both service messages of a group's upgrade to a supergroup."""
        with self._cond:
            self._chat_types |= {old_chat_id: "group", new_chat_id: "supergroup"}
        return [
            self._incoming(old_chat_id, user_id=user_id, migrate_to_chat_id=new_chat_id),
            self._incoming(new_chat_id, user_id=user_id, migrate_from_chat_id=old_chat_id),
        ]

    def sticker(self, chat_id: int, *, user_id: int | None = None) -> Params:
        n = next(self._ids)
        sticker = {"file_id": f"sticker{n}", "file_unique_id": f"s{n}", "width": 512}
        sticker |= {"height": 512, "is_animated": False, "is_video": False, "type": "regular"}
        return self._incoming(chat_id, user_id=user_id, sticker=sticker | {"emoji": "👍"})

    def photo(
        self, chat_id: int, *, user_id: int | None = None, caption: str | None = None
    ) -> Params:
        n = next(self._ids)
        sizes = [
            {"file_id": f"photo{n}-{side}", "file_unique_id": f"p{n}-{side}"}
            | {"width": side, "height": side, "file_size": side * 40}
            for side in (90, 800)
        ]
        return self._incoming(chat_id, user_id=user_id, photo=sizes, caption=caption)

    # serving

    def _respond(self, path: str, content_type: str, body: bytes) -> tuple[int, Params]:
        url = urlsplit(path)
        token, _, method = url.path.removeprefix("/bot").partition("/")
        if not url.path.startswith("/bot") or not method:
            return _ApiError(404, "Not Found").reply
        if token != self.token:
            return _ApiError(401, "Unauthorized").reply
        try:
            params = decode_params(content_type, body, url.query)
        except (ValueError, TypeError) as exc:
            return _ApiError(400, f"Bad Request: can't parse request: {exc}").reply
        with self._cond:
            queue = self._faults.get(method)
            fault = queue.popleft() if queue else None
            self._requests.append((method, params | ({"_fault": fault.kind} if fault else {})))
            self._arrived.append(time.monotonic())
            self._cond.notify_all()
            delay = self._delay + (fault.seconds if fault and fault.kind == "slow" else 0.0)
        if delay:
            self._closing.wait(delay)
        try:
            if fault and fault.kind != "slow":
                raise fault.error()
            if method not in self._methods:
                raise _ApiError(404, "Not Found: method not found")
            return 200, {"ok": True, "result": self._methods[method](params)}
        except _ApiError as error:
            return error.reply
        except Exception as exc:  # a bug in the fake or a malformed call: answer, don't hang
            logger.exception("FakeTelegramAPI failed on %s %s", method, params)
            return _ApiError(500, f"Internal Server Error: fake failed: {exc!r}").reply

    def _get_me(self, params: Params) -> Params:
        return self.bot_user | {
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }

    def _delete_webhook(self, params: Params) -> bool:
        if params.get("drop_pending_updates"):
            with self._cond:
                self._updates.clear()
        return True

    def _get_updates(self, params: Params) -> list[Params]:
        offset, limit = params.get("offset") or 0, params.get("limit") or 100
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), self.max_long_poll)
        with self._cond:
            if "allowed_updates" in params:
                self._allowed_updates = params["allowed_updates"] or None
            if offset > 0:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not (ready := [u for u in self._updates if self._wanted(u)][:limit]):
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._closing.is_set():
                    break
                self._cond.wait(remaining)
            return copy.deepcopy(ready)

    def _wanted(self, update: Params) -> bool:
        kind = next(key for key in update if key != "update_id")
        if self._allowed_updates:
            return kind in self._allowed_updates
        return kind not in _NOT_BY_DEFAULT

    def _set_my_commands(self, params: Params) -> bool:
        for command in params.get("commands") or []:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command"))):
                raise _ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        return True

    def _send_message(self, params: Params) -> Params:
        chat_id = self._check_can_send(params)
        fields = {"text": self._check_text(params), "entities": params.get("entities")}
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            fields["reply_markup"] = markup  # Message.reply_markup only holds inline keyboards
        with self._cond:
            if reply := params.get("reply_parameters"):
                reply_chat = reply.get("chat_id", chat_id)
                fields["reply_to_message"] = self._message_copy(reply_chat, reply["message_id"])
            thread_id = params.get("message_thread_id")
            return self._store(chat_id, self.bot_user, thread_id=thread_id, **fields)

    def _edit_message_text(self, params: Params) -> Params | bool:
        if "inline_message_id" in params:
            return True
        chat_id, text, markup = self._chat_id(params), self._check_text(params), None
        if isinstance(params.get("reply_markup"), dict):
            markup = params["reply_markup"]
        with self._cond:
            stored = self._messages.get((chat_id, params.get("message_id", 0)))
            if stored is None:
                raise _ApiError(400, "Bad Request: message to edit not found")
            if stored["from"]["id"] != BOT_ID:
                raise _ApiError(400, "Bad Request: message can't be edited")
            if stored.get("text") == text and stored.get("reply_markup") == markup:
                raise _ApiError(400, _NOT_MODIFIED)
            stored |= {"text": text, "edit_date": int(time.time()), "reply_markup": markup}
            if markup is None:
                del stored["reply_markup"]
            return copy.deepcopy(stored)

    def _send_chat_action(self, params: Params) -> bool:
        self._check_can_send(params)
        return True

    def _get_chat_member(self, params: Params) -> Params:
        return self.member(self._chat_id(params), params.get("user_id", 0))

    def _delete_message(self, params: Params) -> bool:
        key = (self._chat_id(params), params.get("message_id", 0))
        with self._cond:
            if self._messages.pop(key, None) is None:
                raise _ApiError(400, "Bad Request: message to delete not found")
        return True

    def _get_chat(self, params: Params) -> Params:
        with self._cond:
            chat = self._chat(self._chat_id(params))
        gifts = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription")
        gift_types = dict.fromkeys((*gifts, "gifts_from_channels"), False)
        # ChatFullInfo needs these three on top of id and type
        extra = {"accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gift_types}
        return chat | extra

    # helpers

    def _chat_id(self, params: Params) -> int:
        value = params.get("chat_id")
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise _ApiError(400, "Bad Request: chat not found")

    def _check_can_send(self, params: Params) -> int:
        chat_id = self._chat_id(params)
        with self._cond:
            if chat_id in self._migrated:
                new = {"migrate_to_chat_id": self._migrated[chat_id]}
                raise _ApiError(400, _UPGRADED, new)
            status = self._members.get((chat_id, BOT_ID), ("member", {}))[0]
            kind = self._chat(chat_id)["type"]
        if status == "kicked" and kind == "private":
            raise _ApiError(403, "Forbidden: bot was blocked by the user")
        if status == "kicked":
            raise _ApiError(403, f"Forbidden: bot was kicked from the {kind} chat")
        if status == "left":
            raise _ApiError(403, f"Forbidden: bot is not a member of the {kind} chat")
        return chat_id

    def _check_text(self, params: Params) -> str:
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        visible = html.unescape(_TAG.sub("", text)) if params.get("parse_mode") == "HTML" else text
        if utf16_len(visible) > MAX_TEXT_UTF16:
            raise _ApiError(400, "Bad Request: message is too long")
        return text

    def _user(self, user_id: int, language_code: str | None = None) -> Params:
        if user_id == BOT_ID:
            return dict(self.bot_user)
        if user_id == ANONYMOUS_ADMIN_ID:
            return {"id": user_id, "is_bot": True, "first_name": "Group"} | _ANONYMOUS_NAME
        user = {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"}
        user["username"] = f"user{user_id}"
        return user | ({"language_code": language_code} if language_code else {})

    def _member_dict(self, status: str, user_id: int) -> Params:
        return {"status": status, "user": self._user(user_id)} | _MEMBER_FIELDS[status]

    def _chat(self, chat_id: int) -> Params:
        """Describe a chat; private if the id is positive, else supergroup unless told (locked)."""
        kind = self._chat_types.get(chat_id) or ("private" if chat_id > 0 else "supergroup")
        chat: Params = {"id": chat_id, "type": kind}
        chat |= {"first_name": f"User {chat_id}"} if kind == "private" else {"title": "Chat"}
        return chat | ({"is_forum": True} if chat_id in self._forums else {})

    def _store(
        self, chat_id: int, sender: Params, *, thread_id: int | None = None, **fields: Any
    ) -> Params:
        """Add a message to the chat's history and return a copy (lock held)."""
        self._last_message_id[chat_id] += 1
        message: Params = {"message_id": self._last_message_id[chat_id], "date": int(time.time())}
        message |= {"chat": self._chat(chat_id), "from": dict(sender)}
        if sender["id"] == ANONYMOUS_ADMIN_ID:
            message["sender_chat"] = message["chat"]
        if thread_id is not None:
            message |= {"message_thread_id": thread_id, "is_topic_message": True}
        message |= {key: value for key, value in fields.items() if value is not None}
        self._messages[(chat_id, message["message_id"])] = message
        return copy.deepcopy(message)

    def _message_copy(self, chat_id: int, message_id: int) -> Params:
        """Return a stored message without its own reply, or a minimal stub (lock held)."""
        stored = self._messages.get((chat_id, message_id))
        if stored is None:
            return {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": self._chat(chat_id),
            }
        return copy.deepcopy({k: v for k, v in stored.items() if k != "reply_to_message"})

    def _incoming(
        self,
        chat_id: int,
        *,
        user_id: int | None,
        chat_type: str | None = None,
        thread_id: int | None = None,
        reply_to_bot: bool = False,
        language_code: str | None = "en",
        **fields: Any,
    ) -> Params:
        with self._cond:
            if chat_type:
                self._chat_types[chat_id] = chat_type
            if thread_id is not None and chat_id < 0:
                self._forums.add(chat_id)
            if reply_to_bot:
                mine = [
                    key[1]
                    for key, message in self._messages.items()
                    if key[0] == chat_id and message["from"]["id"] == BOT_ID
                ]
                if not mine:
                    mine = [
                        self._store(chat_id, self.bot_user, text="Earlier answer")["message_id"]
                    ]
                fields["reply_to_message"] = self._message_copy(chat_id, mine[-1])
            sender = self._user(_sender_id(chat_id, user_id), language_code)
            message = self._store(chat_id, sender, thread_id=thread_id, **fields)
        return self._update("message", message)

    def _update(self, kind: str, payload: Params) -> Params:
        with self._cond:
            update_id = self._next_update_id
            self._next_update_id += 1
        return {"update_id": update_id, kind: payload}


class _Server(TrackingServer):
    # socketserver's default backlog of 5 drops connections in bursts of concurrent sends.
    request_queue_size = 128

    def __init__(self, api: FakeTelegramAPI) -> None:
        self.api = api
        self._idle = threading.Condition()
        self._busy = 0
        super().__init__(BotAPIHandler)

    @contextlib.contextmanager
    def serving(self) -> Iterator[None]:
        with self._idle:
            self._busy += 1
        try:
            yield
        finally:
            with self._idle:
                self._busy -= 1
                self._idle.notify_all()

    def wait_idle(self, timeout: float) -> None:
        with self._idle:
            self._idle.wait_for(lambda: self._busy == 0, timeout)


class BotAPIHandler(BaseHTTPRequestHandler):
    """Serve one connection's requests to the fake Bot API."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out in two sends; with Nagle on, the body waits for the client's
    # delayed ACK (~40 ms a call), which Telegram's real servers don't add.
    disable_nagle_algorithm = True
    server: _Server

    def do_POST(self) -> None:
        with self.server.serving():
            content_type = self.headers.get("Content-Type", "")
            status, payload = self.server.api._respond(self.path, content_type, self._read_body())
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    do_GET = do_POST

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() != "chunked":
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))
        chunks = []
        while size := int(self.rfile.readline().split(b";")[0], 16):
            chunks.append(self.rfile.read(size))
            self.rfile.readline()
        self.rfile.readline()
        return b"".join(chunks)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""
