"""Wire the Telegram `Application`: defaults, rate limiter, handlers, commands, errors."""

from __future__ import annotations

import logging
import os
from collections import deque
from typing import TYPE_CHECKING

# Opt in to PTB 22's future behaviour (durations as timedelta); without it PTB's own rate
# limiter trips a deprecation warning each time Telegram says "retry after".
os.environ.setdefault("PTB_TIMEDELTA", "1")

from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeDefault,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import Conflict, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.handlers import BotConfig, Handlers
from bot.i18n import LANGS, pick_lang, t
from bot.render import esc

if TYPE_CHECKING:
    from retrieval.service import NewsService

logger = logging.getLogger(__name__)
_APOLOGISED_KEPT = 1000


def build_application(
    *,
    token: str,
    base_url: str,
    service: NewsService,
    config: BotConfig,
    concurrent_updates: int = 16,
    read_timeout: float = 10.0,
) -> Application:  # type: ignore[type-arg]
    """Return the bot's `Application`, ready for `run_polling` or `run_webhook`."""
    handlers = Handlers(service, config)
    defaults = Defaults(
        parse_mode=ParseMode.HTML,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
        allow_sending_without_reply=True,
    )
    app = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url)
        .defaults(defaults)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .concurrent_updates(concurrent_updates)
        .read_timeout(read_timeout)
        .get_updates_read_timeout(read_timeout + 30)
        .post_init(_set_commands)
        .build()
    )
    app.bot_data["handlers"] = handlers
    app.add_handler(TypeHandler(Update, handlers.gate), group=-1)
    app.add_handler(CommandHandler(["start", "help"], handlers.start))
    app.add_handler(CommandHandler("ask", handlers.ask_command))
    app.add_handler(CommandHandler("reload", handlers.reload))
    app.add_handler(CommandHandler("stats", handlers.stats_command))
    app.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, handlers.private_text
        )
    )
    app.add_handler(
        MessageHandler(
            filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND, handlers.group_text
        )
    )
    app.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL, handlers.not_text
        )
    )
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & filters.COMMAND, handlers.start))
    app.add_handler(CallbackQueryHandler(handlers.button))
    app.add_handler(InlineQueryHandler(handlers.inline))
    app.add_error_handler(_on_error)
    return app


async def _set_commands(app: Application) -> None:  # type: ignore[type-arg]
    """Publish the command menu per scope and language; a failure is logged, not fatal."""
    names = ("ask", "help", "stats")
    scopes = (
        BotCommandScopeDefault(),
        BotCommandScopeAllPrivateChats(),
        BotCommandScopeAllGroupChats(),
    )
    for scope in scopes:
        for lang in ("", *LANGS):
            shown = lang or "en"
            commands = [BotCommand(name, t(f"cmd_{name}", shown)) for name in names]
            try:
                await app.bot.set_my_commands(commands, scope=scope, language_code=lang or None)
            except TelegramError as exc:
                logger.warning("setMyCommands failed for %s/%s: %s", scope.type, lang, exc)
                return


async def _on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure (no message bodies, no secrets) and apologise at most once."""
    if isinstance(context.error, Conflict):
        logger.critical("another process is polling with this bot token; stop one of them")
        return
    update_id = update.update_id if isinstance(update, Update) else None
    chat = update.effective_chat if isinstance(update, Update) else None
    logger.error(
        "update %s in chat %s failed: %s",
        update_id,
        chat.id if chat else None,
        type(context.error).__name__,
        exc_info=context.error,
    )
    if not isinstance(update, Update) or update.effective_message is None:
        return
    apologised: deque[int] = context.bot_data.setdefault(
        "apologised", deque(maxlen=_APOLOGISED_KEPT)
    )
    if update.update_id in apologised:
        return
    apologised.append(update.update_id)
    user = update.effective_user
    lang = pick_lang(user.language_code if user else None)
    try:
        await update.effective_message.reply_text(esc(t("error", lang)))
    except TelegramError:
        logger.warning("could not send the apology for update %s", update_id)
