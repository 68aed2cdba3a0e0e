"""Wire the Telegram `Application`: defaults, rate limiter, handlers, commands, errors."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

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
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, Defaults

from bot import admin, delivery, digest_commands, gate, inline, questions
from bot.i18n import pick_lang, t
from bot.render import esc
from bot.settings import DEFAULTS
from corpus.article import LANGS

if TYPE_CHECKING:
    from bot.deps import App, Deps
    from bot.feed_poller import FeedPoller

logger = logging.getLogger(__name__)
_APOLOGISED_KEPT = 1000
_BASE_COMMANDS = ("ask", "help", "stats")
_DIGEST_COMMANDS = ("subscribe", "unsubscribe", "digest", "settings")


class NewsdeskApplication(Application):  # type: ignore[type-arg]
    """PTB's `Application` without one set that only grows.

    Whether or not a persistence is set, python-telegram-bot (22.x) notes the chat and the
    user of every update "to update in persistence", and only `update_persistence` empties
    those sets, returning before it does when there is no persistence. The bot keeps no
    PTB persistence (its state is in its own store), so every chat and user that ever
    wrote stayed in memory: two ids for each of a million askers. Without a persistence
    nothing is noted.
    """

    def _mark_for_persistence_update(
        self, *, update: object | None = None, job: Any | None = None
    ) -> None:
        if self.persistence is not None:
            super()._mark_for_persistence_update(update=update, job=job)


def build_application(
    deps: Deps,
    *,
    token: str,
    base_url: str,
    concurrent_updates: int = DEFAULTS.concurrent_updates,
    read_timeout: float = 10.0,
) -> App:
    """Return the bot's `Application`, ready for `run_polling` or `run_webhook`.

    Each room registers its handlers with `deps`. With a store, the digest commands, the
    chat-lifecycle handlers and the digest delivery are on; with feeds, they are polled
    in the background. The assistant (and its model's connections) closes at shutdown.
    """
    deps = replace(deps)  # with its own (empty) list of start-up steps
    defaults = Defaults(
        parse_mode=ParseMode.HTML,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
        allow_sending_without_reply=True,
    )
    app = (
        ApplicationBuilder()
        .application_class(NewsdeskApplication)
        .token(token)
        .base_url(base_url)
        .defaults(defaults)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .concurrent_updates(concurrent_updates)
        .read_timeout(read_timeout)
        .get_updates_read_timeout(read_timeout + 30)
        .post_init(partial(_post_init, deps=deps))
        .post_stop(partial(_post_stop, feeds=deps.feeds))
        .post_shutdown(partial(_post_shutdown, deps=deps))
        .build()
    )
    gate.register(app, deps)
    questions.register(app, deps)
    admin.register(app, deps)
    digest_commands.register(app, deps)
    inline.register(app, deps)
    questions.register_fallback(app, deps)  # after every command above
    delivery.register(app, deps)
    if deps.feeds is not None:
        deps.on_start.append(
            partial(_start_feeds, feeds=deps.feeds, every=deps.feed_check_seconds)
        )
    app.add_error_handler(_error_handler())
    return app


async def _post_init(app: App, *, deps: Deps) -> None:
    """Publish commands, then start what the rooms asked for (digest ticks, feed polls)."""
    commands = _BASE_COMMANDS + (_DIGEST_COMMANDS if deps.store is not None else ())
    await _set_commands(app, commands)
    for start in deps.on_start:
        await start(app)


async def _post_stop(app: App, *, feeds: FeedPoller | None) -> None:
    """End the feed polls under way: a stopping bot does not wait for slow feed servers."""
    if feeds is not None:
        await feeds.aclose()


async def _post_shutdown(app: App, *, deps: Deps) -> None:
    """Close the language model's connections."""
    await deps.assistant.aclose()


async def _start_feeds(app: App, *, feeds: FeedPoller, every: float) -> None:
    async def poll(context: ContextTypes.DEFAULT_TYPE) -> None:
        # Started, not awaited: the job returns at once, so the next tick (which the
        # scheduler skips while this one runs) can start other feeds' polls while a slow
        # one goes on.
        try:
            feeds.start_due()
        except Exception:
            logger.exception("starting the feed polls failed; the next tick retries")

    if app.job_queue is not None:
        app.job_queue.run_repeating(poll, interval=every, first=0.0, name="feeds")


async def _set_commands(app: App, names: tuple[str, ...]) -> None:
    """Publish the command menu per scope and language; a failure is logged, not fatal."""
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


def _error_handler() -> Callable[[object, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]:
    """Return the one error handler, remembering which updates it apologised for."""
    apologised: deque[int] = deque(maxlen=_APOLOGISED_KEPT)

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        await _on_error(update, context, apologised=apologised)

    return on_error


async def _on_error(
    update: object, context: ContextTypes.DEFAULT_TYPE, *, apologised: deque[int]
) -> None:
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
    if update.update_id in apologised:
        return
    apologised.append(update.update_id)
    user = update.effective_user
    lang = pick_lang(user.language_code if user else None)
    try:
        await update.effective_message.reply_text(esc(t("error", lang)))
    except TelegramError:
        logger.warning("could not send the apology for update %s", update_id)
