"""`newsdesk index`, `stats`, `digest`, `feeds`, `eval` and `run` (the Telegram bot)."""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli._common import (
    CliError,
    UsageError,
    _build,
    _feed_poller,
    _open,
    _open_store,
)

if TYPE_CHECKING:
    from bot.settings import Settings
    from bot.webhook import WebhookOptions
    from retrieval.digest import Digest


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    """Build a new index version and make it current."""
    from bot.settings import open_assistant

    assistant = open_assistant(
        settings,
        corpus=[Path(p) for p in args.corpus] if args.corpus else None,
        engine=args.engine,
        morphology=settings.morphology and not args.no_morphology,
        model=False,
    )
    _build(assistant, quiet=args.quiet)
    return 0


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    """Describe the serving index version."""
    from bot.i18n import duration
    from bot.settings import open_assistant
    from retrieval.errors import IndexNotFound

    try:
        state = open_assistant(settings, model=False).stats()
    except IndexNotFound as exc:
        raise CliError(str(exc)) from None
    m = state.manifest
    built = datetime.fromisoformat(m.built_at)
    age = datetime.now(UTC) - built
    size = sum(p.stat().st_size for p in state.path.rglob("*") if p.is_file())
    langs = ", ".join(f"{k} {v}" for k, v in sorted(m.languages.items()))
    rows = [
        ("data dir", str(settings.data_dir)),
        ("version", state.version),
        ("engine", m.engine),
        ("articles", f"{m.article_count} ({langs})"),
        ("passages", str(m.passage_count)),
        (
            "built",
            f"{m.built_at} ({duration(age.total_seconds())} ago, {m.build_seconds} s)",
        ),
        ("size", f"{size / 1e6:.1f} MB"),
        ("morphology", "on" if m.analysis.morphology else "off"),
        ("corpus", ", ".join(m.corpus_paths)),
        ("skipped", f"{m.problems} problems, {m.duplicates_dropped} duplicates"),
    ]
    width = max(len(k) for k, _ in rows)
    redact = settings.redactor()
    for key, value in rows:
        print(f"{key:<{width}}  {redact(value)}")
    return 0


# A digest reads the 24 hours before its time and a day either side: `datetime` must hold
# them all (0001-01-01 overflowed).
_DIGEST_DATES = (date(1, 1, 3), date(9999, 12, 30))


def cmd_digest(args: argparse.Namespace, settings: Settings) -> int:
    """Print the digest for a date (at the digest time) or for now."""
    from zoneinfo import ZoneInfo

    from bot.delivery import local_moment
    from bot.render import safe_digest_messages
    from bot.render_text import render_digest
    from bot.settings import parse_zone

    tz = settings.digest_tz
    if args.tz:
        zone = parse_zone(args.tz)
        if zone is None:
            raise UsageError(f"unknown time zone {args.tz!r} (use an IANA name like Europe/Kyiv)")
        tz = zone
    lang = args.lang or settings.digest_lang or "en"
    if args.date and not _DIGEST_DATES[0] <= args.date <= _DIGEST_DATES[1]:
        first, last = _DIGEST_DATES
        raise UsageError(f"--date must be between {first} and {last}")
    at = (
        local_moment(args.date, settings.digest_time, tz)
        if args.date
        else datetime.now(ZoneInfo(tz))
    )
    assistant = _open(settings, build_if_missing=True, model=True)

    async def compose() -> Digest:
        try:
            return await assistant.digest(at, tz, lang, max_stories=settings.digest_max_stories)
        finally:
            await assistant.aclose()

    import asyncio

    digest = asyncio.run(compose())
    if args.html:
        print("\n\n-----\n\n".join(safe_digest_messages(digest)))
    else:
        print(render_digest(digest))
    return 0


def cmd_feeds(args: argparse.Namespace, settings: Settings) -> int:
    """Poll every configured feed once and index what is new."""
    import asyncio

    if not settings.feeds:
        raise UsageError("NEWSDESK_FEEDS is empty; set it to comma-separated RSS/Atom URLs")
    assistant = _open(settings, build_if_missing=True)
    store = _open_store(settings)
    try:
        poller = _feed_poller(settings, store, assistant)
        reports = asyncio.run(poller.poll_due(force=True))
        redact = settings.redactor()  # a feed URL's user, password and query stay out
        for r in reports:
            state = f"{r.new_articles} new articles" if r.ok else f"failed: {r.error}"
            print(redact(f"{r.url}: {state}"))
            for problem in r.problems[:10]:
                print(redact(f"  {problem}"))
    finally:
        store.close()
    return 0 if all(r.ok for r in reports) else 1


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Run the quality evaluation over the shared datasets."""
    from retrieval.evaluation import DatasetsMissing, find_datasets, run_eval

    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(parts) - {"scifact", "xquad", "news", "newsqa"}
    if unknown:
        raise UsageError(f"unknown eval part(s): {', '.join(sorted(unknown))}")
    try:
        datasets = find_datasets(args.datasets or settings.datasets_dir)
    except DatasetsMissing as exc:
        raise CliError(str(exc)) from None
    started = time.perf_counter()
    results = run_eval(
        datasets,
        parts=parts,
        engine=args.engine,
        limit=args.limit or None,
        log=lambda line: print(line, file=sys.stderr),
        halves=("tune", "check") if args.half == "both" else (args.half,),
        questions=args.questions,
    )
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        from retrieval.evaluation import format_results

        print(format_results(results))
    print(f"eval took {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


_TOKEN_SHAPE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")


def _webhook_options(args: argparse.Namespace, settings: Settings) -> WebhookOptions:
    """Return the webhook's options, refusing a webhook anyone could post forged updates to."""
    from telegram import Update

    from bot.webhook import WebhookOptions, secret_problem

    if not args.webhook.startswith("https://"):
        raise UsageError(f"--webhook must be the public https:// URL, not {args.webhook!r}")
    secret = settings.telegram_webhook_secret
    value = secret.get_secret_value().strip() if secret else ""
    problem = secret_problem(value)
    if problem is not None:
        raise CliError(
            f"{problem}. Make one with: python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(32))'"
        )
    return WebhookOptions(
        url=args.webhook.rstrip("/") + "/telegram",
        secret=value,
        listen=args.listen,
        port=args.port,
        allowed_updates=tuple(Update.ALL_TYPES),
    )


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Start the Telegram bot."""
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    if not token:
        raise CliError("TELEGRAM_BOT_TOKEN is not set; get one from @BotFather (see README)")
    if not _TOKEN_SHAPE.match(token.strip()):
        raise CliError("TELEGRAM_BOT_TOKEN does not look like a bot token (<digits>:<secret>)")
    webhook = _webhook_options(args, settings) if args.webhook else None
    # Bot API URLs contain the token: keep the HTTP client's own logging quiet.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("bot").setLevel(min(logging.INFO, logging.getLogger().level))
    assistant = _open(settings, build_if_missing=True, model=True)
    from telegram import Update
    from telegram.error import InvalidToken, NetworkError

    from bot.app import build_application
    from bot.deps import Deps

    store = _open_store(settings)
    deps = Deps(
        assistant=assistant,
        config=settings.bot_config(),
        store=store,
        digests=settings.digest_options(),
        feeds=_feed_poller(settings, store, assistant) if settings.feeds else None,
    )
    app = build_application(
        deps,
        token=token.strip(),
        base_url=settings.telegram_api_base_url,
        concurrent_updates=settings.concurrent_updates,
    )
    try:
        if webhook is not None:
            from bot.webhook import run_webhook

            try:
                run_webhook(app, webhook)
            except OSError as exc:  # the address is taken or not ours
                where = f"{webhook.listen}:{webhook.port}"
                raise CliError(f"cannot listen on {where}: {exc.strerror or exc}") from None
        else:
            app.run_polling(allowed_updates=Update.ALL_TYPES)
    except InvalidToken:
        raise CliError("Telegram rejected TELEGRAM_BOT_TOKEN (revoked or mistyped)") from None
    except NetworkError as exc:
        raise CliError(f"cannot reach the Telegram Bot API: {exc}") from None
    finally:
        store.close()
    return 0
