"""Telegram handlers: thin async functions that parse, call the core, and render."""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from telegram import (
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.ext import ContextTypes

from bot import callbacks
from bot.callbacks import AnswerMemory, Asked, keyboard
from bot.gate import addressed_to_bot
from bot.i18n import pick_lang, t
from bot.render import answer_messages, esc, inline_article, source_html, split_html
from bot.send import edit_html, send_html
from bot.stats_view import Stats, detailed_stats, public_stats
from corpus.errors import CorpusError
from corpus.lang import detect_language
from retrieval.answer import Answer
from retrieval.asking import MAX_QUESTION_CHARS
from retrieval.errors import EmptyQuery, IndexBuildError, QueryTooLong, RetrievalError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from retrieval.assistant import Assistant
    from retrieval.service import NewsService

logger = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
_PROGRESS_EVERY = 2.0
_EXPECTED = (CorpusError, IndexBuildError, OSError)
_EDIT_PRIVATE = 1.0  # seconds between edits of a streamed answer (Telegram: ~1 msg/s a chat)
_EDIT_GROUP = 3.0  # groups: 20 messages a minute, edits included
_DRAFT_MIN_CHARS = 40
_DRAFT_MAX_CHARS = 3500


@dataclass(frozen=True, slots=True)
class BotConfig:
    """Plain values the handlers need (from `Settings`)."""

    admin_ids: frozenset[int]
    corpus_paths: Sequence[Path]
    engine: str
    morphology: bool = True
    build_workers: int | None = None
    user_rate: int = 5
    user_burst: int = 3
    chat_rate: int = 20
    chat_burst: int = 10
    stale_after_seconds: int = 300
    feeds_dir: Path | None = None  # articles saved from feeds; rebuilt with the corpus


class Handlers:
    """All update handlers, sharing the core service, the assistant and the button memory."""

    def __init__(
        self,
        service: NewsService,
        config: BotConfig,
        *,
        feed_status: Callable[[], list[str]] | None = None,
        assistant: Assistant | None = None,
    ) -> None:
        from retrieval.assistant import Assistant

        self.service = service
        self.config = config
        self.feed_status = feed_status
        self.assistant = assistant or Assistant(service)
        self.stats = Stats()
        self.memory = AnswerMemory()
        self._reload_lock = asyncio.Lock()

    # --- commands ---------------------------------------------------------------------

    async def start(self, update: Update, context: Context) -> None:
        """Explain what the bot does, in the user's language."""
        message = update.effective_message
        if message is None:
            return
        lang = self._ui_lang(update, None)
        await message.reply_text(esc(t("help", lang, bot=context.bot.username or "bot")))

    async def ask_command(self, update: Update, context: Context) -> None:
        """Answer `/ask question` (any chat)."""
        message = update.effective_message
        if message is None:
            return
        question = " ".join(context.args or []).strip()
        if not question and message.reply_to_message and message.reply_to_message.text:
            question = message.reply_to_message.text.strip()
        await self._answer(update, question)

    async def private_text(self, update: Update, context: Context) -> None:
        """In private chats any text is a question."""
        message = update.effective_message
        if message is None or not message.text:
            return
        await self._answer(update, message.text)

    async def group_text(self, update: Update, context: Context) -> None:
        """In groups, answer mentions of the bot and replies to it; ignore the rest."""
        message = update.effective_message
        if message is None or not message.text or not self._addressed_to_bot(message, context):
            return
        username = context.bot.username or ""
        question = message.text.replace(f"@{username}", " ").strip()
        await self._answer(update, question)

    async def not_text(self, update: Update, context: Context) -> None:
        """Stickers, photos, voice: a hint in private chats, silence in groups."""
        message = update.effective_message
        if message is None or message.chat.type != ChatType.PRIVATE:
            return
        await message.reply_text(esc(t("not_text", self._ui_lang(update, None))))

    async def stats_command(self, update: Update, context: Context) -> None:
        """Show the public counts; admins in a private chat also get the details."""
        message = update.effective_message
        if message is None:
            return
        lang = self._ui_lang(update, None)
        if self._is_admin(update) and message.chat.type == ChatType.PRIVATE:
            text = detailed_stats(
                self.service,
                self.stats,
                lang,
                assistant=self.assistant,
                feed_status=self.feed_status,
            )
        else:
            text = public_stats(self.service, self.stats, lang)
        for part in split_html(esc(text)):
            await message.reply_text(part)

    # --- answering ----------------------------------------------------------------------

    async def _answer(self, update: Update, question: str) -> None:
        message = update.effective_message
        assert message is not None
        if not question:
            await message.reply_text(esc(t("ask_usage", self._ui_lang(update, None))))
            return
        lang = self._ui_lang(update, question)
        if len(question) > MAX_QUESTION_CHARS:
            text = t("too_long", lang, length=len(question), limit=MAX_QUESTION_CHARS)
            await message.reply_text(esc(text), do_quote=self._quote(message))
            return
        started = time.perf_counter()
        try:
            answer = await self.assistant.extractive(question)
        except EmptyQuery:
            await message.reply_text(esc(t("no_words", lang)), do_quote=self._quote(message))
            return
        except QueryTooLong:
            text = t("too_long", lang, length=len(question), limit=MAX_QUESTION_CHARS)
            await message.reply_text(esc(text), do_quote=self._quote(message))
            return
        self.stats.answered += 1
        draft: Message | None = None
        if answer.found and self.assistant.answerer is not None:
            answer, draft = await self._stream(message, answer, started)
        token = ""  # an answer without sources has no buttons to remember it for
        if answer.found:
            asked = Asked(question, answer.lang, 0, answer, message.chat.id)
            token = self.memory.remember(asked)
        await self._send_answer(message, answer, token, draft=draft)

    async def _stream(
        self, message: Message, extractive: Answer, started: float
    ) -> tuple[Answer, Message | None]:
        """Show the model's answer as it is written, editing one message at a gentle rate."""
        interval = _EDIT_PRIVATE if message.chat.type == ChatType.PRIVATE else _EDIT_GROUP
        draft: Message | None = None
        shown_at = 0.0
        final = extractive
        async for event in self.assistant.stream(extractive, started=started):
            if event.answer is not None:
                final = event.answer
                continue
            text = (event.partial or "").strip()
            if len(text) < _DRAFT_MIN_CHARS or time.monotonic() - shown_at < interval:
                continue
            markup = esc(text[:_DRAFT_MAX_CHARS]) + " …"
            if draft is None:
                draft = await send_html(message, markup, quote=self._quote(message))
            else:
                await edit_html(draft, markup)
            shown_at = time.monotonic()
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
        quote = self._quote(message)
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            shown_markup = markup if last else None
            if i == 0 and draft is not None:
                await edit_html(draft, part, reply_markup=shown_markup)
                continue
            await send_html(message, part, reply_markup=shown_markup, quote=quote and i == 0)

    def _can_summarize(self, answer: Answer) -> bool:
        return self.assistant.answerer is not None and answer.found and answer.mode != "llm"

    def _quote(self, message: Message) -> bool:
        return message.chat.type != ChatType.PRIVATE

    # --- buttons ------------------------------------------------------------------------

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
        if press.kind == "summary" and self.assistant.answerer is not None:
            summary = await self.assistant.answerer.summarize(asked.answer)
            if summary.mode != "llm":
                await message.reply_text(esc(t("summary_failed", asked.lang)))
                return
            await self._send_answer(message, summary, self._follow_up(asked, summary))
        elif press.kind == "more":
            offset = asked.offset + 8
            answer = self.service.ask(asked.question, offset=offset)
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

    # --- inline mode --------------------------------------------------------------------

    async def inline(self, update: Update, context: Context) -> None:
        """Return matching articles as inline results (title, snippet, link)."""
        query = update.inline_query
        if query is None:
            return
        text = query.query.strip()
        if not text or len(text) > MAX_QUESTION_CHARS:
            await query.answer([], cache_time=5)
            return
        try:
            results = self.service.search_articles(text, k=10)
        except RetrievalError:
            await query.answer([], cache_time=5)
            return
        items = []
        for result in results:
            article = inline_article(result)
            items.append(
                InlineQueryResultArticle(
                    id=secrets.token_hex(8),
                    title=article.title,
                    description=article.description,
                    url=article.url,
                    input_message_content=InputTextMessageContent(
                        article.html, parse_mode=ParseMode.HTML
                    ),
                )
            )
        await query.answer(items, cache_time=30)

    # --- admin --------------------------------------------------------------------------

    def _is_admin(self, update: Update) -> bool:
        user = update.effective_user
        return user is not None and user.id in self.config.admin_ids

    async def reload(self, update: Update, context: Context) -> None:
        """Rebuild the index off the event loop; questions keep using the old one."""
        message = update.effective_message
        if message is None:
            return
        lang = self._ui_lang(update, None)
        if not self._is_admin(update):
            user = update.effective_user
            logger.warning("refused /reload from user %s", user.id if user else None)
            if message.chat.type == ChatType.PRIVATE:
                await message.reply_text(esc(t("admin_only", lang)))
            return
        if self._reload_lock.locked():
            await message.reply_text(esc(t("reload_busy", lang)))
            return
        async with self._reload_lock:
            await self._run_reload(message, lang)

    async def _run_reload(self, message: Message, lang: str) -> None:
        progress_message = await message.reply_text(esc(t("reload_started", lang)))
        counts = {"articles": 0, "passages": 0}
        started = time.monotonic()

        def progress(articles: int, passages: int) -> None:
            counts["articles"], counts["passages"] = articles, passages

        build = asyncio.create_task(
            asyncio.to_thread(
                self.service.rebuild,
                self._build_paths(),
                engine=self.config.engine,
                morphology=self.config.morphology,
                workers=self.config.build_workers,
                progress=progress,
            )
        )
        last_text = ""
        while not build.done():
            await asyncio.wait({build}, timeout=_PROGRESS_EVERY)
            if build.done():
                break
            text = t(
                "reload_progress",
                lang,
                articles=counts["articles"],
                passages=counts["passages"],
                seconds=round(time.monotonic() - started),
            )
            if text != last_text:
                last_text = text
                await edit_html(progress_message, esc(text))
        try:
            result = build.result()
        except Exception as exc:
            # Whatever failed, the old index keeps serving and the admin is told why.
            logger.warning("reload failed: %s", exc, exc_info=not isinstance(exc, _EXPECTED))
            await edit_html(progress_message, esc(t("reload_failed", lang, reason=_reason(exc))))
            return
        m, report = result.manifest, result.report
        lines = [
            t(
                "reload_done",
                lang,
                articles=m["article_count"],
                passages=m["passage_count"],
                seconds=round(result.seconds, 1),
                version=result.version,
            )
        ]
        if report.problems:
            lines.append(t("reload_skipped", lang, count=len(report.problems)))
            lines.extend(f"• {p}" for p in report.problems[:10])
        text = "\n".join(esc(line) for line in lines)
        await edit_html(progress_message, split_html(text)[0])

    # --- helpers ------------------------------------------------------------------------

    def _build_paths(self) -> list[Path]:
        from bot.settings import with_feeds

        paths = list(self.config.corpus_paths)
        return with_feeds(paths, self.config.feeds_dir) if self.config.feeds_dir else paths

    def _addressed_to_bot(self, message: Message, context: Context) -> bool:
        username = context.bot.username or ""
        return addressed_to_bot(message, username=username, bot_id=context.bot.id)

    def _ui_lang(self, update: Update, question: str | None) -> str:
        """Reply in the question's language; without words to go on, the user's app language."""
        if question and any(ch.isalpha() for ch in question):
            return detect_language(question)
        user = update.effective_user
        return pick_lang(user.language_code if user else None)


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "…"
