"""Administration: `/reload` (admins only) rebuilds the index; `/stats` shows counts and state."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import CommandHandler, ContextTypes

from bot.i18n import t
from bot.questions import ui_lang
from bot.redact import Redactor
from bot.render import esc, split_html
from bot.send import edit_html
from bot.stats_view import detailed_stats, public_stats
from corpus.errors import CorpusError
from retrieval.errors import IndexBuildError

if TYPE_CHECKING:
    from bot.deps import App, Deps
    from bot.feed_poller import FeedPoller

logger = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
_PROGRESS_EVERY = 2.0
_EXPECTED = (CorpusError, IndexBuildError, OSError)


def register(application: App, deps: Deps) -> None:
    """Add `/reload` and `/stats`."""
    room = Admin(deps)
    application.add_handler(CommandHandler("reload", room.reload))
    application.add_handler(CommandHandler("stats", room.stats_command))


def _feed_status(feeds: FeedPoller) -> Callable[[], list[str]]:
    """Return the feeds' status lines with their credentials and query strings taken out."""
    redact = Redactor.of(urls=feeds.urls)
    return lambda: [redact(line) for line in feeds.status_lines()]


class Admin:
    """The handlers of the admin room."""

    def __init__(self, deps: Deps) -> None:
        self.assistant = deps.assistant
        self.admin_ids = deps.config.admin_ids
        self.stats = deps.stats
        self.feed_status = _feed_status(deps.feeds) if deps.feeds is not None else None
        self._reload_lock = asyncio.Lock()

    def _is_admin(self, update: Update) -> bool:
        user = update.effective_user
        return user is not None and user.id in self.admin_ids

    async def stats_command(self, update: Update, context: Context) -> None:
        """Show the public counts; admins in a private chat also get the details."""
        message = update.effective_message
        if message is None:
            return
        lang = ui_lang(update, None)
        state = self.assistant.stats()
        if self._is_admin(update) and message.chat.type == ChatType.PRIVATE:
            text = detailed_stats(state, self.stats, lang, feed_status=self.feed_status)
        else:
            text = public_stats(state, self.stats, lang)
        for part in split_html(esc(text)):
            await message.reply_text(part)

    async def reload(self, update: Update, context: Context) -> None:
        """Rebuild the index off the event loop; questions keep using the old one."""
        message = update.effective_message
        if message is None:
            return
        lang = ui_lang(update, None)
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

        build = asyncio.create_task(asyncio.to_thread(self.assistant.rebuild, progress))
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
                articles=m.article_count,
                passages=m.passage_count,
                seconds=round(result.seconds, 1),
                version=result.version,
            )
        ]
        if report.problems:
            lines.append(t("reload_skipped", lang, count=len(report.problems)))
            lines.extend(f"• {p}" for p in report.problems[:10])
        text = "\n".join(esc(line) for line in lines)
        await edit_html(progress_message, split_html(text)[0])


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "…"
