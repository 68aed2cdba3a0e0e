"""The `newsdesk` command line: ask, search, chat, index, stats, digest, feeds, eval, run."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from bot import terminal
from bot.cli._admin import cmd_digest, cmd_eval, cmd_feeds, cmd_index, cmd_run, cmd_stats
from bot.cli._common import PROG, CliError, UsageError
from bot.cli._questions import cmd_ask, cmd_chat, cmd_search
from corpus.article import LANGS

if TYPE_CHECKING:
    from bot.settings import Settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Answer questions about news articles with short, cited snippets.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ask = sub.add_parser("ask", help="answer a question (or one per line on stdin)")
    ask.add_argument("question", nargs="*", help="the question; omit to read lines from stdin")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument("--lang", choices=LANGS, help="the question's language")
    _filter_options(ask)

    search = sub.add_parser("search", help="rank articles for a query (or one per stdin line)")
    search.add_argument("query", nargs="*", help="the query; omit to read lines from stdin")
    search.add_argument("--k", type=int, default=10, help="how many articles (default 10)")
    search.add_argument("--json", action="store_true", help="print one JSON object per query")
    _filter_options(search)

    sub.add_parser("chat", help="interactive questions in the terminal")

    index = sub.add_parser("index", help="build a new index version from corpus files")
    index.add_argument(
        "--corpus",
        nargs="+",
        metavar="PATH",
        help="files or folders, formats mixed (default: NEWSDESK_CORPUS or the bundled sample)",
    )
    index.add_argument("--engine", choices=["tantivy", "rank-bm25"], help="search engine")
    index.add_argument(
        "--no-morphology", action="store_true", help="no stemming or lemmatising (for eval)"
    )
    index.add_argument("--quiet", action="store_true", help="no progress bar")

    sub.add_parser("stats", help="show the serving index version")

    digest = sub.add_parser("digest", help="print the digest the groups would get")
    digest.add_argument(
        "--date",
        type=_iso_date,
        help="the digest of this local date, at NEWSDESK_DIGEST_TIME (default: now)",
    )
    digest.add_argument("--lang", choices=LANGS, help="reader's language")
    digest.add_argument("--tz", help="IANA time zone (default NEWSDESK_DIGEST_TZ)")
    digest.add_argument("--html", action="store_true", help="print the Telegram HTML messages")

    sub.add_parser("feeds", help="poll NEWSDESK_FEEDS now and index new articles")

    run = sub.add_parser("run", help="start the Telegram bot (long polling, or a webhook)")
    run.add_argument("--webhook", metavar="URL", help="public HTTPS URL Telegram posts to")
    run.add_argument(
        "--listen",
        default="127.0.0.1",
        help="webhook listen address (default 127.0.0.1, behind a TLS reverse proxy)",
    )
    run.add_argument("--port", type=int, default=8443, help="webhook listen port")

    ev = sub.add_parser("eval", help="measure quality on the shared datasets")
    ev.add_argument(
        "--datasets", type=Path, help="folder of the datasets (default: ../shared/datasets)"
    )
    ev.add_argument(
        "--only",
        default="scifact,xquad,news,newsqa",
        help="comma-separated parts: scifact, xquad, news, newsqa (default all)",
    )
    ev.add_argument(
        "--half",
        choices=["tune", "check", "both"],
        default="both",
        help="newsqa: which half of the split to ask (default both)",
    )
    ev.add_argument(
        "--questions",
        type=Path,
        help="newsqa: another questions file of the same format, asked whole",
    )
    ev.add_argument("--engine", choices=["tantivy", "rank-bm25"], default="tantivy")
    ev.add_argument("--limit", type=int, default=0, help="questions per part (0 = all)")
    ev.add_argument("--json", action="store_true", help="print the results as JSON")
    for command in sub.choices.values():
        command.set_defaults(format_usage=command.format_usage)
    return parser


def _filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--in",
        dest="article_langs",
        action="append",
        choices=LANGS,
        help="only articles in this language (repeatable)",
    )
    parser.add_argument("--from", dest="date_from", type=_iso_date, help="published on or after")
    parser.add_argument("--to", dest="date_to", type=_iso_date, help="published on or before")


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        msg = f"not a date: {value!r} (use YYYY-MM-DD)"
        raise argparse.ArgumentTypeError(msg) from None


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Run the command line and exit with 0 (done), 1 (failed) or 2 (usage mistake)."""
    _utf8_stdio()
    # Before parsing: argparse echoes arguments, and everything else follows.
    terminal.install()
    parser = _parser()
    args_list = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_usage(sys.stderr)
        sys.exit(2)
    try:
        settings = _settings()
        logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s %(message)s")
        from bot import logsafe

        logsafe.install(settings.redactor())
        code = COMMANDS[args.command](args, settings)
    except UsageError as exc:
        if exc.show_usage:
            print(args.format_usage(), end="", file=sys.stderr)
        print(f"{PROG}: {exc} (see: {PROG} {args.command} --help)", file=sys.stderr)
        code = 2
    except CliError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        code = 1
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        code = 0
    except OSError as exc:  # a folder that cannot be created or read, say: one line
        from retrieval.index import os_reason

        print(f"{PROG}: error: {os_reason(exc)}", file=sys.stderr)
        code = 1
    sys.exit(code)


def _utf8_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def _settings() -> Settings:
    from pydantic import ValidationError

    from bot.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = first["loc"][0] if first.get("loc") else "setting"
        raise CliError(f"bad setting {name}: {first['msg']}") from None


COMMANDS: dict[str, Any] = {
    "run": cmd_run,
    "ask": cmd_ask,
    "search": cmd_search,
    "chat": cmd_chat,
    "index": cmd_index,
    "stats": cmd_stats,
    "digest": cmd_digest,
    "feeds": cmd_feeds,
    "eval": cmd_eval,
}
