"""Wire the Telegram `Application`: defaults, rate limiter, handlers, commands, errors."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

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
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.delivery import DigestScheduler
from bot.digest_commands import ADMIN_CACHE_SIZE, DigestDefaults, DigestHandlers
from bot.gate import Gate
from bot.handlers import BotConfig, Handlers
from bot.i18n import LANGS, pick_lang, t
from bot.redact import Redactor
from bot.render import esc
from retrieval.assistant import Assistant

if TYPE_CHECKING:
    from bot.feed_poller import FeedPoller
    from bot.store import Store
    from retrieval.digest import Digest
    from retrieval.service import NewsService

logger = logging.getLogger(__name__)
_APOLOGISED_KEPT = 1000
_BASE_COMMANDS = ("ask", "help", "stats")
_DIGEST_COMMANDS = ("subscribe", "unsubscribe", "digest", "settings")


@dataclass(frozen=True, slots=True)
class DigestOptions:
    """How digests are scheduled (from `Settings`)."""

    defaults: DigestDefaults = field(default_factory=DigestDefaults)
    catchup: timedelta = timedelta(hours=6)
    skip_empty: bool = False
    tick_seconds: float = 60.0
    admin_cache_size: int = ADMIN_CACHE_SIZE  # group admin checks remembered (5 min each)


def build_application(
    *,
    token: str,
    base_url: str,
    service: NewsService,
    config: BotConfig,
    concurrent_updates: int = 16,
    read_timeout: float = 10.0,
    store: Store | None = None,
    digests: DigestOptions | None = None,
    feeds: FeedPoller | None = None,
    feed_check_seconds: float = 60.0,
    assistant: Assistant | None = None,
) -> Application:  # type: ignore[type-arg]
    """Return the bot's `Application`, ready for `run_polling` or `run_webhook`.

    With a `store`, the digest commands, the chat-lifecycle handlers and the digest
    scheduler are wired in; with `feeds`, the feeds are polled in the background. An
    `assistant` with a language model makes answers and digest summaries grounded model
    text, always falling back to the quotes.
    """
    assistant = assistant or Assistant(service)
    handlers = Handlers(
        service,
        config,
        feed_status=_redacted(feeds.status_lines, feeds.urls) if feeds else None,
        assistant=assistant,
    )
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
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
        .build()
    )
    app.bot_data["handlers"] = handlers
    app.bot_data["assistant"] = assistant
    app.bot_data["commands"] = _BASE_COMMANDS + (_DIGEST_COMMANDS if store else ())
    if feeds is not None:
        app.bot_data["feeds"] = feeds
        app.bot_data["feed_check_seconds"] = feed_check_seconds
    gate = Gate(
        user_rate=config.user_rate,
        user_burst=config.user_burst,
        chat_rate=config.chat_rate,
        chat_burst=config.chat_burst,
        stale_after_seconds=config.stale_after_seconds,
    )
    app.add_handler(TypeHandler(Update, gate), group=-1)
    app.add_handler(CommandHandler(["start", "help"], handlers.start))
    app.add_handler(CommandHandler("ask", handlers.ask_command))
    app.add_handler(CommandHandler("reload", handlers.reload))
    app.add_handler(CommandHandler("stats", handlers.stats_command))
    if store is not None:
        options = digests or DigestOptions()
        compose = _composer(assistant, options)
        _add_digest_handlers(app, store, compose, options)
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


def _redacted(lines: Callable[[], list[str]], urls: list[str]) -> Callable[[], list[str]]:
    """Return `lines` with the feeds' credentials and query strings taken out."""
    redact = Redactor.of(urls=urls)
    return lambda: [redact(line) for line in lines()]


def _composer(
    assistant: Assistant, options: DigestOptions
) -> Callable[[datetime, str, str], Awaitable[Digest]]:
    """Return how digests are made (the same way `newsdesk digest` makes them)."""
    max_stories = options.defaults.max_stories

    async def compose(at: datetime, tz: str, lang: str) -> Digest:
        return await assistant.digest(at, tz, lang, max_stories=max_stories)

    return compose


def _add_digest_handlers(
    app: Application,  # type: ignore[type-arg]
    store: Store,
    compose: Callable[[datetime, str, str], Awaitable[Digest]],
    options: DigestOptions,
) -> None:
    commands = DigestHandlers(
        store, compose, options.defaults, admin_cache_size=options.admin_cache_size
    )
    app.add_handler(CommandHandler("subscribe", commands.subscribe))
    app.add_handler(CommandHandler("unsubscribe", commands.unsubscribe))
    app.add_handler(CommandHandler("digest", commands.digest))
    app.add_handler(CommandHandler("settings", commands.settings))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, commands.migrated))
    app.add_handler(ChatMemberHandler(commands.membership, ChatMemberHandler.MY_CHAT_MEMBER))
    scheduler = DigestScheduler(
        store, compose, catchup=options.catchup, skip_empty=options.skip_empty
    )
    app.bot_data["scheduler"] = scheduler
    app.bot_data["tick_seconds"] = options.tick_seconds


async def _post_init(app: Application) -> None:  # type: ignore[type-arg]
    """Publish commands; recover interrupted digests; start the digest tick and feed polls."""
    await _set_commands(app)
    scheduler: DigestScheduler | None = app.bot_data.get("scheduler")
    jobs = app.job_queue
    if scheduler is not None:
        scheduler.recover()
        if jobs is not None:
            # The first tick, right away, is the catch-up pass after downtime.
            jobs.run_repeating(
                _digest_tick, interval=app.bot_data["tick_seconds"], first=0.0, name="digests"
            )
    if app.bot_data.get("feeds") is not None and jobs is not None:
        jobs.run_repeating(
            _feed_poll, interval=app.bot_data["feed_check_seconds"], first=0.0, name="feeds"
        )


async def _post_stop(app: Application) -> None:  # type: ignore[type-arg]
    """End the feed polls under way: a stopping bot does not wait for slow feed servers."""
    feeds: FeedPoller | None = app.bot_data.get("feeds")
    if feeds is not None:
        await feeds.aclose()


async def _post_shutdown(app: Application) -> None:  # type: ignore[type-arg]
    """Close the language model's connections."""
    assistant: Assistant | None = app.bot_data.get("assistant")
    if assistant is not None and assistant.client is not None:
        await assistant.client.aclose()


async def _digest_tick(context: ContextTypes.DEFAULT_TYPE) -> None:
    scheduler: DigestScheduler = context.bot_data["scheduler"]
    try:
        report = await scheduler.tick(context.bot)
    except Exception:
        logger.exception("the digest tick failed; the next one retries")
        return
    if report.due:
        logger.info(
            "digests: %d due, %d sent, %d empty skipped, %d retry later, %d uncertain, %d failed",
            report.due,
            report.sent,
            report.skipped_empty,
            report.retry_later,
            report.uncertain,
            report.failed,
        )


async def _feed_poll(context: ContextTypes.DEFAULT_TYPE) -> None:
    feeds: FeedPoller = context.bot_data["feeds"]
    # Started, not awaited: the job returns at once, so the next tick (which the scheduler
    # skips while this one runs) can start other feeds' polls while a slow one goes on.
    try:
        feeds.start_due()
    except Exception:
        logger.exception("starting the feed polls failed; the next tick retries")


async def _set_commands(app: Application) -> None:  # type: ignore[type-arg]
    """Publish the command menu per scope and language; a failure is logged, not fatal."""
    names = app.bot_data.get("commands", _BASE_COMMANDS)
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
