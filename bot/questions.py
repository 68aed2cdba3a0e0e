"""Questions: private text, group mentions and replies, `/ask`, streamed answers, buttons.

Every answer comes from the facade (`Assistant.stream`); its buttons ("More", "Summarize",
one per source) are built and read by `bot.callbacks`. "More" asks the facade for the
next page, `Assistant.page_size` further on, the same way the first page was searched.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import replace
from typing import TYPE_CHECKING

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import callbacks
from bot.callbacks import Asked, keyboard
from bot.gate import costly
from bot.i18n import pick_lang, t
from bot.render import answer_messages, esc, source_html, split_html
from bot.send import edit_html, send_html
from corpus.lang import detect_language
from retrieval.assistant import MAX_QUESTION_CHARS
from retrieval.errors import EmptyQuery, QueryTooLong

if TYPE_CHECKING:
    from bot.deps import App, Deps
    from retrieval.answer import Answer

logger = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
_EDIT_PRIVATE = 1.0  # seconds between edits of a streamed answer (Telegram: ~1 msg/s a chat)
_EDIT_GROUP = 3.0  # groups: 20 messages a minute, edits included
_DRAFT_MIN_CHARS = 40
_DRAFT_MAX_CHARS = 3500


def addressed_to_bot(message: Message, *, username: str, bot_id: int) -> bool:
    """Return whether a group message mentions the bot or replies to one of its messages."""
    text = (message.text or "").lower()
    if username and f"@{username.lower()}" in text:
        return True
    reply = message.reply_to_message
    return bool(reply is not None and reply.from_user is not None and reply.from_user.id == bot_id)


def without_mention(text: str, username: str) -> str:
    """Return a message's text without the bot's @username, in any letter case (Telegram
    usernames are case-insensitive: "@NewsDesk_Bot" names @newsdesk_bot)."""
    if not username:
        return text.strip()
    mention = re.compile(rf"@{re.escape(username)}(?!\w)", re.IGNORECASE)
    return " ".join(mention.sub(" ", text).split())


class _Addressed(filters.MessageFilter):
    """Group messages that mention the bot or reply to it."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        return addressed_to_bot(message, username=bot.username or "", bot_id=bot.id)


def register(application: App, deps: Deps) -> None:
    """Answer questions in every form, and the buttons under the answers."""
    room = Questions(deps)
    text = filters.TEXT & ~filters.COMMAND
    application.add_handler(CommandHandler(["start", "help"], room.start))
    application.add_handler(CommandHandler("ask", room.ask_command))
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & text, room.private_text))
    application.add_handler(
        MessageHandler(filters.ChatType.GROUPS & text & _Addressed(), room.group_text)
    )
    application.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL, room.not_text
        )
    )
    application.add_handler(CallbackQueryHandler(room.button))


def register_fallback(application: App, deps: Deps) -> None:
    """Answer any other command in a private chat with the help: after every room's own."""
    room = Questions(deps)
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & filters.COMMAND, room.start))


class Questions:
    """The handlers of the questions room."""

    def __init__(self, deps: Deps) -> None:
        self.assistant = deps.assistant
        self.stats = deps.stats
        self.memory = deps.memory

    # --- commands and messages ----------------------------------------------------------

    async def start(self, update: Update, context: Context) -> None:
        """Explain what the bot does, in the user's language."""
        message = update.effective_message
        if message is None:
            return
        lang = ui_lang(update, None)
        await message.reply_text(esc(t("help", lang, bot=context.bot.username or "bot")))

    @costly
    async def ask_command(self, update: Update, context: Context) -> None:
        """Answer `/ask question` (any chat)."""
        message = update.effective_message
        if message is None:
            return
        question = " ".join(context.args or []).strip()
        if not question and message.reply_to_message and message.reply_to_message.text:
            question = message.reply_to_message.text.strip()
        await self._answer(update, question)

    @costly
    async def private_text(self, update: Update, context: Context) -> None:
        """In private chats any text is a question."""
        message = update.effective_message
        if message is None or not message.text:
            return
        await self._answer(update, without_mention(message.text, context.bot.username or ""))

    @costly
    async def group_text(self, update: Update, context: Context) -> None:
        """In groups, answer mentions of the bot and replies to it (the filter chose them)."""
        message = update.effective_message
        if message is None or not message.text:
            return
        await self._answer(update, without_mention(message.text, context.bot.username or ""))

    async def not_text(self, update: Update, context: Context) -> None:
        """Stickers, photos, voice: a hint in private chats (the only ones routed here)."""
        message = update.effective_message
        if message is None or message.chat.type != ChatType.PRIVATE:
            return
        await message.reply_text(esc(t("not_text", ui_lang(update, None))))

    # --- answering ----------------------------------------------------------------------

    async def _answer(self, update: Update, question: str) -> None:
        message = update.effective_message
        assert message is not None
        if not question:
            await message.reply_text(esc(t("ask_usage", ui_lang(update, None))))
            return
        lang = ui_lang(update, question)
        quote = _quote(message)
        try:
            answer, draft = await self._stream(message, question)
        except EmptyQuery:
            await message.reply_text(esc(t("no_words", lang)), do_quote=quote)
            return
        except QueryTooLong:
            text = t("too_long", lang, length=len(question), limit=MAX_QUESTION_CHARS)
            await message.reply_text(esc(text), do_quote=quote)
            return
        token = ""  # an answer without sources has no buttons to remember it for
        if answer.found:
            asked = Asked(question, answer.lang, 0, answer, message.chat.id)
            token = self.memory.remember(asked)
        await self._send_answer(message, answer, token, draft=draft)

    async def _stream(self, message: Message, question: str) -> tuple[Answer, Message | None]:
        """Show the model's answer as it is written, editing one message at a gentle rate."""
        interval = _EDIT_PRIVATE if message.chat.type == ChatType.PRIVATE else _EDIT_GROUP
        draft: Message | None = None
        shown_at = 0.0
        final: Answer | None = None
        searched = False
        async for event in self.assistant.stream(question):
            if not searched:  # the first event comes once the question was searched
                searched = True
                self.stats.answered += 1
            if event.answer is not None:
                final = event.answer
                continue
            text = (event.partial or "").strip()
            if len(text) < _DRAFT_MIN_CHARS or time.monotonic() - shown_at < interval:
                continue
            markup = esc(text[:_DRAFT_MAX_CHARS]) + " …"
            if draft is None:
                draft = await send_html(message, markup, quote=_quote(message))
            else:
                await edit_html(draft, markup)
            shown_at = time.monotonic()
        assert final is not None  # the stream always ends with the answer
        return final, draft

    async def _send_answer(
        self, message: Message, answer: Answer, token: str, *, draft: Message | None = None
    ) -> None:
        parts = answer_messages(answer)
        markup = (
            keyboard(answer, token, summarize=self._can_summarize(answer))
            if answer.found
            else None
        )
        quote = _quote(message)
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            shown_markup = markup if last else None
            if i == 0 and draft is not None:
                await edit_html(draft, part, reply_markup=shown_markup)
                continue
            await send_html(message, part, reply_markup=shown_markup, quote=quote and i == 0)

    def _can_summarize(self, answer: Answer) -> bool:
        return self.assistant.has_model and answer.found and answer.mode != "llm"

    # --- buttons ------------------------------------------------------------------------

    @costly
    async def button(self, update: Update, context: Context) -> None:
        """Handle More, Summarize and source buttons; anything else has expired."""
        query = update.callback_query
        if query is None:
            return
        lang = pick_lang(query.from_user.language_code if query.from_user else None)
        press = callbacks.parse(query.data)
        message = query.message if isinstance(query.message, Message) else None
        asked = None
        if press is not None and message is not None:
            asked = self.memory.recall(press.token, message.chat.id)
        if press is None or asked is None or message is None:
            await query.answer(t("expired", lang), show_alert=False)
            return
        await query.answer()
        if press.kind == "summary" and self.assistant.has_model:
            summary = await self.assistant.summarize(asked.answer)
            if summary.mode != "llm":
                await message.reply_text(esc(t("summary_failed", asked.lang)))
                return
            await self._send_answer(message, summary, self._follow_up(asked, summary))
        elif press.kind == "more":
            offset = asked.offset + self.assistant.page_size
            answer = await self.assistant.quotes(asked.question, offset=offset)
            if not answer.found:
                await message.reply_text(esc(t("no_more", asked.lang)))
                return
            token = self._follow_up(asked, answer, offset=offset)
            await self._send_answer(message, answer, token)
        elif press.kind == "source":
            await self._show_passage(message, asked.answer, press.n)

    def _follow_up(self, asked: Asked, answer: Answer, *, offset: int | None = None) -> str:
        """Remember an answer a button produced, in the same chat as the first."""
        shift = asked.offset if offset is None else offset
        return self.memory.remember(replace(asked, offset=shift, answer=answer))

    async def _show_passage(self, message: Message, answer: Answer, n: int) -> None:
        source = next((s for s in answer.sources if s.n == n), None)
        if source is None:
            return
        hit = next((h for h in answer.hits if h.passage.article_id == source.id), None)
        text = hit.passage.text if hit else ""
        markup = f"{source_html(source)}\n\n{esc(text)}"
        for part in split_html(markup):
            await send_html(message, part, quote=False)


def ui_lang(update: Update, question: str | None) -> str:
    """Reply in the question's language; without words to go on, the user's app language."""
    if question and any(ch.isalpha() for ch in question):
        return detect_language(question)
    user = update.effective_user
    return pick_lang(user.language_code if user else None)


def _quote(message: Message) -> bool:
    return message.chat.type != ChatType.PRIVATE
