"""Telegram commands for daily digests: /subscribe, /unsubscribe, /digest, /settings.

Also the chat lifecycle that keeps subscriptions right: a group's upgrade to a
supergroup moves its subscription, and the bot being removed deactivates it.

In groups only chat administrators (or an anonymous administrator posting as the
group) may change the subscription; the answer of `getChatMember` is cached for five
minutes, for at most `ADMIN_CACHE_SIZE` (chat, user) pairs. Everyone may read `/settings`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from datetime import time as clock_time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ChatMemberHandler, CommandHandler, MessageHandler, filters

from bot.expiring import ExpiringCache
from bot.gate import costly
from bot.i18n import lang_name, pick_lang, t
from bot.render import digest_messages, esc
from bot.send import send_html
from bot.settings import DEFAULTS, parse_clock, parse_zone
from corpus.article import LANGS

if TYPE_CHECKING:
    from telegram import Chat, Message, Update
    from telegram.ext import ContextTypes

    from bot.deps import App, Deps
    from bot.store import Store, Subscription
    from retrieval.digest import Digest

    Context = ContextTypes.DEFAULT_TYPE

logger = logging.getLogger(__name__)

ANONYMOUS_ADMIN_ID = 1087968824  # @GroupAnonymousBot, the sender of anonymous admins' posts
_ADMIN_CACHE_SECONDS = 300.0
ADMIN_CACHE_SIZE = 1024  # (chat, user) answers kept; a forgotten one is asked again
# A value quoted back in "… is not a time zone": enough to recognise it. A message of 4,096
# characters quoted whole made a reply too long for Telegram.
_QUOTED_CHARS = 40
_MANAGERS = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)


@dataclass(frozen=True, slots=True)
class DigestDefaults:
    """What `/subscribe` uses when the command leaves something out."""

    at_time: clock_time = DEFAULTS.digest_time
    tz: str = DEFAULTS.digest_tz
    lang: str = DEFAULTS.digest_lang  # empty: the subscriber's Telegram language
    max_stories: int = DEFAULTS.digest_max_stories


@dataclass(frozen=True, slots=True)
class _Choice:
    at_time: clock_time | None = None
    tz: str | None = None
    lang: str | None = None
    error: str | None = None  # an i18n key
    value: str = ""


def parse_choice(args: list[str]) -> _Choice:
    """Read `[HH:MM] [Area/City] [en|uk|ru]` in any order."""
    at_time = tz = lang = None
    for arg in args:
        if (clock := parse_clock(arg)) is not None and at_time is None:
            at_time = clock
        elif arg.lower() in LANGS and lang is None:
            lang = arg.lower()
        elif (zone := parse_zone(arg)) is not None and tz is None:
            tz = zone
        elif (any(ch.isdigit() for ch in arg) and ":" in arg) or arg.isdigit():
            return _Choice(error="bad_time", value=arg)
        else:
            return _Choice(error="bad_tz", value=arg)
    return _Choice(at_time, tz, lang)


def _quoted(value: str) -> str:
    """Return a user's value to quote back, shortened when it is long."""
    return value if len(value) <= _QUOTED_CHARS else value[: _QUOTED_CHARS - 1] + "…"


def _where(update: Update) -> tuple[Message, Chat, str] | None:
    """Return the command's message, its chat and the sender's interface language."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return None
    user = update.effective_user
    return message, chat, pick_lang(user.language_code if user else None)


def register(application: App, deps: Deps) -> None:
    """Add the digest commands and the chat-lifecycle handlers (with a store only)."""
    if deps.store is None:
        return
    options = deps.digests
    room = DigestCommands(
        deps.store,
        deps.compose_digest,
        options.defaults,
        admin_cache_size=options.admin_cache_size,
    )
    application.add_handler(CommandHandler("subscribe", room.subscribe))
    application.add_handler(CommandHandler("unsubscribe", room.unsubscribe))
    application.add_handler(CommandHandler("digest", room.digest))
    application.add_handler(CommandHandler("settings", room.settings))
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, room.migrated))
    application.add_handler(ChatMemberHandler(room.membership, ChatMemberHandler.MY_CHAT_MEMBER))


class DigestCommands:
    """Subscription commands and chat-lifecycle updates."""

    def __init__(
        self,
        store: Store,
        compose: Callable[[datetime, str, str], Awaitable[Digest]],
        defaults: DigestDefaults,
        *,
        admin_cache_size: int = ADMIN_CACHE_SIZE,
    ) -> None:
        self.store = store
        self.compose = compose
        self.defaults = defaults
        self._admin_cache: ExpiringCache[tuple[int, int], bool] = ExpiringCache(
            limit=admin_cache_size, ttl=_ADMIN_CACHE_SECONDS
        )

    # --- commands ---------------------------------------------------------------------

    async def subscribe(self, update: Update, context: Context) -> None:
        """`/subscribe [HH:MM] [Area/City] [lang]`: daily digest in this chat (or topic)."""
        where = _where(update)
        if where is None:
            return
        message, chat, ui = where
        choice = parse_choice(list(context.args or []))
        if choice.error:
            await self._reply(message, t(choice.error, ui, value=_quoted(choice.value)))
            return
        if not await self._may_manage(update, context):
            await self._reply(message, t("group_admins_only", ui))
            return
        current = self.store.subscription(chat.id)
        keep = current if current is not None else None
        lang = choice.lang or (keep.lang if keep else None) or self.defaults.lang or ui
        sub = self.store.subscribe(
            chat.id,
            chat_type=chat.type,
            thread_id=message.message_thread_id if message.is_topic_message else None,
            at_time=choice.at_time or (keep.at_time if keep else self.defaults.at_time),
            tz=choice.tz or (keep.tz if keep else self.defaults.tz),
            lang=lang,
            now=datetime.now(UTC),
        )
        logger.info("chat %s subscribed at %s %s", chat.id, sub.at_time, sub.tz)
        text = t(
            "subscribed",
            ui,
            time=sub.at_time.strftime("%H:%M"),
            tz=sub.tz,
            language=lang_name(sub.lang, ui),
        )
        await self._reply(message, text)

    async def unsubscribe(self, update: Update, context: Context) -> None:
        """`/unsubscribe`: stop this chat's digest."""
        where = _where(update)
        if where is None:
            return
        message, chat, ui = where
        if not await self._may_manage(update, context):
            await self._reply(message, t("group_admins_only", ui))
            return
        done = self.store.unsubscribe(chat.id, reason="unsubscribed by command")
        await self._reply(message, t("unsubscribed" if done else "not_subscribed", ui))

    @costly
    async def digest(self, update: Update, context: Context) -> None:
        """`/digest`: the digest of the last 24 hours, now, in the chat's settings."""
        where = _where(update)
        if where is None:
            return
        message, chat, ui = where
        sub = self.store.subscription(chat.id)
        tz = sub.tz if sub else self.defaults.tz
        lang = sub.lang if sub else (self.defaults.lang or ui)
        try:
            digest = await self.compose(datetime.now(UTC), tz, lang)
        except Exception:
            logger.exception("could not compose a digest for chat %s", chat.id)
            await self._reply(message, t("digest_failed", ui))
            return
        for i, part in enumerate(digest_messages(digest)):
            await send_html(message, part, quote=i == 0 and chat.type != ChatType.PRIVATE)

    async def settings(self, update: Update, context: Context) -> None:
        """`/settings` shows; `/settings time|tz|lang VALUE` changes (admins in groups)."""
        where = _where(update)
        if where is None:
            return
        message, chat, ui = where
        args = list(context.args or [])
        sub = self.store.subscription(chat.id)
        if not args:
            await self._reply(message, self._describe(sub, ui))
            return
        if len(args) != 2 or args[0].lower() not in ("time", "tz", "zone", "lang", "language"):
            await self._reply(message, t("settings_usage", ui))
            return
        field, value = args[0].lower(), args[1]
        if field == "time" and parse_clock(value) is None:
            await self._reply(message, t("bad_time", ui, value=_quoted(value)))
            return
        if field in ("tz", "zone") and parse_zone(value) is None:
            await self._reply(message, t("bad_tz", ui, value=_quoted(value)))
            return
        if field in ("lang", "language") and value.lower() not in LANGS:
            await self._reply(message, t("bad_lang", ui, value=_quoted(value)))
            return
        if sub is None:
            await self._reply(message, t("not_subscribed", ui))
            return
        if not await self._may_manage(update, context):
            await self._reply(message, t("group_admins_only", ui))
            return
        changed = self.store.update(
            chat.id,
            now=datetime.now(UTC),
            at_time=parse_clock(value) if field == "time" else None,
            tz=parse_zone(value) if field in ("tz", "zone") else None,
            lang=value.lower() if field in ("lang", "language") else None,
        )
        await self._reply(message, self._describe(changed, ui))

    def _describe(self, sub: Subscription | None, ui: str) -> str:
        if sub is None:
            return t("not_subscribed", ui)
        state = (
            t("settings_active", ui)
            if sub.active
            else t("settings_inactive", ui, reason=sub.reason or "—")
        )
        now = datetime.now(ZoneInfo(sub.tz)).strftime("%H:%M")
        shown = t(
            "settings_show",
            ui,
            state=state,
            time=sub.at_time.strftime("%H:%M"),
            tz=sub.tz,
            now=now,
            language=lang_name(sub.lang, ui),
        )
        return f"{shown}\n\n{t('settings_help', ui)}"

    # --- chat lifecycle -----------------------------------------------------------------

    async def migrated(self, update: Update, context: Context) -> None:
        """A group became a supergroup: move its subscription to the new id."""
        message = update.effective_message
        if message is None:
            return
        old, new = message.migrate_from_chat_id, message.chat_id
        if message.migrate_to_chat_id:
            old, new = message.chat_id, message.migrate_to_chat_id
        if old and new and self.store.migrate_chat(old, new):
            logger.info("moved the subscription of chat %s to %s", old, new)

    async def membership(self, update: Update, context: Context) -> None:
        """The bot was removed from a chat (or blocked): deactivate its subscription."""
        change = update.my_chat_member
        if change is None:
            return
        status = change.new_chat_member.status
        if status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
            reason = (
                "bot removed from the chat"
                if status == ChatMemberStatus.LEFT
                else ("bot banned or blocked")
            )
            if self.store.unsubscribe(change.chat.id, reason=reason):
                logger.info("chat %s: %s; subscription deactivated", change.chat.id, reason)

    # --- helpers ------------------------------------------------------------------------

    async def _may_manage(self, update: Update, context: Context) -> bool:
        chat = update.effective_chat
        message = update.effective_message
        user = update.effective_user
        if chat is None:
            return False
        if chat.type == ChatType.PRIVATE:
            return True
        if (
            message is not None
            and message.sender_chat is not None
            and message.sender_chat.id == chat.id
            and (user is None or user.id == ANONYMOUS_ADMIN_ID)
        ):
            return True  # an anonymous administrator, posting as the group
        if user is None:
            return False
        key = (chat.id, user.id)
        cached = self._admin_cache.get(key)
        if cached is not None:
            return cached
        try:
            member = await context.bot.get_chat_member(chat.id, user.id)
        except TelegramError as exc:
            logger.warning("getChatMember failed for chat %s: %s", chat.id, exc)
            return False
        allowed = member.status in _MANAGERS
        self._admin_cache.put(key, allowed)
        if not allowed:
            logger.info("refused a subscription change by user %s in chat %s", user.id, chat.id)
        return allowed

    async def _reply(self, message: Message, text: str) -> None:
        await send_html(message, esc(text), quote=message.chat.type != ChatType.PRIVATE)
