"""The gate every update passes first (handler group -1): stale messages and rate limits.

Everything that costs a search or a model call takes a token from the sender's bucket
and, outside private chats, from the chat's: a question in any form (private text, a
mention or reply in a group, `/ask` or `/digest` in any letter case, with or without
`@bot`), an edited message (handled like a new one), a button press ("More" searches
again, "Summarize" calls the model, a source button sends a message) and an inline
query. Commands are read as python-telegram-bot's `CommandHandler` reads them, so the
gate and the handlers never disagree about what a message is.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from telegram.constants import ChatType, MessageEntityType
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.i18n import pick_lang, t
from bot.ratelimit import RateGate
from bot.render import esc
from corpus.lang import detect_language

if TYPE_CHECKING:
    from telegram import Message, Update

logger = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
COSTLY_COMMANDS = frozenset({"ask", "digest"})  # each one searches the index


def command_of(message: Message, username: str) -> str | None:
    """Return the lowercased command `message` starts with ("" if for another bot), or None."""
    entities = message.entities
    text = message.text or ""
    if not (entities and entities[0].type == MessageEntityType.BOT_COMMAND):
        return None
    if entities[0].offset != 0:
        return None
    name, _, target = text[1 : entities[0].length].partition("@")
    if target and target.lower() != username.lower():
        return ""
    return name.lower()


def addressed_to_bot(message: Message, *, username: str, bot_id: int) -> bool:
    """Return whether a group message mentions the bot or replies to one of its messages."""
    text = (message.text or "").lower()
    if username and f"@{username.lower()}" in text:
        return True
    reply = message.reply_to_message
    return bool(reply is not None and reply.from_user is not None and reply.from_user.id == bot_id)


class Gate:
    """Drop stale messages; hold back senders and chats over their limits, noticing once."""

    def __init__(
        self,
        *,
        user_rate: int,
        user_burst: int,
        chat_rate: int,
        chat_burst: int,
        stale_after_seconds: float,
    ) -> None:
        self.users = RateGate(rate=user_rate, per=60, burst=user_burst)
        self.chats = RateGate(rate=chat_rate, per=60, burst=chat_burst)
        self.stale_after_seconds = stale_after_seconds
        self.started = datetime.now(UTC)

    async def __call__(self, update: Update, context: Context) -> None:
        """Let the update through, or stop it (`ApplicationHandlerStop`)."""
        if self._stale(update):
            raise ApplicationHandlerStop
        if not self.costly(update, username=context.bot.username or "", bot_id=context.bot.id):
            return
        user, chat = update.effective_user, update.effective_chat
        gates = [(self.users, user.id)] if user is not None else []
        if chat is not None and chat.type != ChatType.PRIVATE:
            gates.append((self.chats, chat.id))
        for gate, key in gates:
            allowed, notify = gate.check(key)
            if not allowed:
                await self._refuse(update, wait=gate.retry_after(key), notify=notify)
                raise ApplicationHandlerStop

    def _stale(self, update: Update) -> bool:
        """Return whether a question or command waited too long (after downtime) to answer.

        Service messages (a group's migration, say) still count however late they arrive.
        """
        message = update.message or update.edited_message
        if message is None or not message.text:
            return False
        sent = message.edit_date or message.date
        age = (self.started - sent).total_seconds()
        if age > self.stale_after_seconds:
            logger.info("skipping a message %.0f s older than the start", age)
            return True
        return False

    @staticmethod
    def costly(update: Update, *, username: str, bot_id: int) -> bool:
        """Return whether handling `update` searches the index or calls the model."""
        if update.inline_query is not None or update.callback_query is not None:
            return True
        message = update.effective_message
        if message is None or not message.text:
            return False
        command = command_of(message, username)
        if command is not None:
            return command in COSTLY_COMMANDS
        if message.chat.type == ChatType.PRIVATE:
            return True
        return addressed_to_bot(message, username=username, bot_id=bot_id)

    async def _refuse(self, update: Update, *, wait: float, notify: bool) -> None:
        seconds = max(1, round(wait))
        user = update.effective_user
        query = update.callback_query
        if query is not None:
            lang = pick_lang(user.language_code if user else None)
            await query.answer(t("slow_down", lang, seconds=seconds))  # stops the spinner
            return
        message = update.effective_message
        if notify and message is not None:
            text = message.text or ""
            lang = (
                detect_language(text)
                if any(ch.isalpha() for ch in text)
                else pick_lang(user.language_code if user else None)
            )
            await message.reply_text(esc(t("slow_down", lang, seconds=seconds)))
