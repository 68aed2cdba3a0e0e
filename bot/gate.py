"""The gate every update passes first (handler group -1): stale messages and rate limits.

Everything that costs a search or a model call takes a token from the sender's bucket
and, outside private chats, from the chat's: a question in any form (private text, a
mention or reply in a group, `/ask` or `/digest` in any letter case, with or without
`@bot`), an edited message (handled like a new one), a button press ("More" searches
again, "Summarize" calls the model, a source button sends a message) and an inline
query. The gate does not read commands or chats itself: it asks python-telegram-bot which
handler of group 0 will take the update, as the `Application` will, and charges when that
handler's callback is marked `@costly` by its room. So the gate and the handlers never
disagree about what a message is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes, TypeHandler

from bot.i18n import pick_lang, t
from bot.ratelimit import RateGate
from bot.render import esc
from corpus.lang import detect_language

if TYPE_CHECKING:
    from bot.deps import App, Deps

logger = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
F = TypeVar("F", bound=Callable[..., Any])
_COSTLY = "newsdesk_costly"  # the mark `costly` leaves on a callback


def costly(callback: F) -> F:
    """Mark a handler callback whose updates search the index or call the model."""
    setattr(callback, _COSTLY, True)
    return callback


def register(application: App, deps: Deps) -> None:
    """Put the gate in front of every handler (group -1)."""
    config = deps.config
    gate = Gate(
        user_rate=config.user_rate,
        user_burst=config.user_burst,
        chat_rate=config.chat_rate,
        chat_burst=config.chat_burst,
        stale_after_seconds=config.stale_after_seconds,
    )
    application.add_handler(TypeHandler(Update, gate), group=-1)


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
        if not self.costly(update, context.application):
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
    def costly(update: Update, application: App) -> bool:
        """Return whether the handler that will take `update` is marked `@costly`."""
        for handler in application.handlers.get(0, ()):
            check = handler.check_update(update)
            if check is not None and check is not False:
                return bool(getattr(handler.callback, _COSTLY, False))
        return False

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
