"""The `newsdesk` command line: ask, search, chat, index, stats, digest, feeds, eval, run."""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from bot.feed_poller import FeedPoller
    from bot.settings import Settings
    from bot.store import Store
    from retrieval.answer import Answer
    from retrieval.assistant import Assistant
    from retrieval.digest import Digest
    from retrieval.engines import Filters
    from retrieval.llm import LLMClient
    from retrieval.service import NewsService

PROG = "newsdesk"
logger = logging.getLogger(__name__)


class UsageError(Exception):
    """A user mistake on the command line (exit status 2)."""


class CliError(Exception):
    """A failure to report in one line (exit status 1)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Answer questions about news articles with short, cited snippets.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ask = sub.add_parser("ask", help="answer a question (or one per line on stdin)")
    ask.add_argument("question", nargs="*", help="the question; omit to read lines from stdin")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument("--lang", choices=["en", "uk", "ru"], help="the question's language")
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
    digest.add_argument("--lang", choices=["en", "uk", "ru"], help="reader's language")
    digest.add_argument("--tz", help="IANA time zone (default NEWSDESK_DIGEST_TZ)")
    digest.add_argument("--html", action="store_true", help="print the Telegram HTML messages")

    sub.add_parser("feeds", help="poll NEWSDESK_FEEDS now and index new articles")

    run = sub.add_parser("run", help="start the Telegram bot (long polling, or a webhook)")
    run.add_argument("--webhook", metavar="URL", help="public HTTPS URL Telegram posts to")
    run.add_argument("--listen", default="0.0.0.0", help="webhook listen address")
    run.add_argument("--port", type=int, default=8443, help="webhook listen port")

    ev = sub.add_parser("eval", help="measure quality on the shared datasets")
    ev.add_argument(
        "--datasets", type=Path, help="folder of the datasets (default: ../shared/datasets)"
    )
    ev.add_argument(
        "--only",
        default="scifact,xquad,news",
        help="comma-separated parts: scifact, xquad, news (default all)",
    )
    ev.add_argument("--engine", choices=["tantivy", "rank-bm25"], default="tantivy")
    ev.add_argument("--limit", type=int, default=0, help="questions per part (0 = all)")
    ev.add_argument("--json", action="store_true", help="print the results as JSON")
    return parser


def _filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--in",
        dest="article_langs",
        action="append",
        choices=["en", "uk", "ru"],
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


def _filters(args: argparse.Namespace) -> Filters | None:
    from retrieval.engines import Filters

    if not (args.article_langs or args.date_from or args.date_to):
        return None
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise UsageError("--from is after --to")
    langs = frozenset(args.article_langs) if args.article_langs else None
    return Filters(langs=langs, date_from=args.date_from, date_to=args.date_to)


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Run the command line and exit with 0 (done), 1 (failed) or 2 (usage mistake)."""
    parser = _parser()
    args_list = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_usage(sys.stderr)
        sys.exit(2)
    _utf8_stdio()
    try:
        settings = _settings()
        logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s %(message)s")
        code = COMMANDS[args.command](args, settings)
    except UsageError as exc:
        print(f"{PROG}: {exc} (see: {PROG} {args.command} --help)", file=sys.stderr)
        code = 2
    except CliError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        code = 1
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        code = 0
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


def _service(settings: Settings, *, build_if_missing: bool) -> NewsService:
    from retrieval.errors import IndexNotFound
    from retrieval.index import current_version_name
    from retrieval.search import SearchOptions
    from retrieval.service import NewsService

    service = NewsService(
        settings.data_dir,
        options=SearchOptions(
            title_boost=settings.title_boost,
            recency_weight=settings.recency_weight,
            recency_half_life_days=settings.recency_half_life_days,
            per_article=settings.per_article,
        ),
        threshold=settings.answer_threshold,
    )
    if current_version_name(settings.data_dir) is None:
        if not build_if_missing:
            raise CliError(f"no index in {settings.data_dir} yet; build one with: newsdesk index")
        print(
            f"{PROG}: no index yet; building one from {_paths_label(settings.corpus_paths())}",
            file=sys.stderr,
        )
        _build(settings, settings.build_paths(), engine=settings.engine, quiet=False)
    try:
        _ = service.searcher
    except IndexNotFound as exc:
        raise CliError(str(exc)) from None
    return service


def _paths_label(paths: Sequence[Path]) -> str:
    return ", ".join(str(p) for p in paths)


def _inputs(words: list[str]) -> Iterator[str]:
    """Yield the question given as arguments, or each non-empty line of stdin."""
    if words:
        yield " ".join(words)
        return
    if sys.stdin is None or sys.stdin.isatty():
        raise UsageError("give a question, or pipe one question per line on stdin")
    for line in sys.stdin:
        if line.strip():
            yield line.rstrip("\n")


def _each(words: list[str], *, key: str, as_json: bool, handle: Callable[[str], None]) -> int:
    """Run `handle` on each input; a refused one is reported and the rest go on."""
    from retrieval.errors import EmptyQuery, QueryTooLong

    failures = 0
    for text in _inputs(words):
        try:
            handle(text)
        except (EmptyQuery, QueryTooLong) as exc:
            failures += 1
            if as_json:
                print(json.dumps({key: text, "error": str(exc)}, ensure_ascii=False))
            else:
                print(f"{PROG}: {exc}: {text[:80]}", file=sys.stderr)
        sys.stdout.flush()
    return 1 if failures else 0


def _check_question(text: str) -> None:
    from retrieval.search import MAX_QUESTION_CHARS

    if not text.strip():
        raise UsageError("the question is empty")
    if len(text.strip()) > MAX_QUESTION_CHARS:
        raise UsageError(
            f"the question is {len(text.strip())} characters long; the limit is "
            f"{MAX_QUESTION_CHARS}"
        )


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer questions from the arguments or stdin (through the model when configured)."""
    from bot.render_text import answer_body, render_answer

    if args.question:
        _check_question(" ".join(args.question))
    filters = _filters(args)
    service = _service(settings, build_if_missing=True)
    if settings.llm_config() is not None:
        import asyncio

        return asyncio.run(_ask_with_model(args, settings, service, filters))

    def one(question: str) -> None:
        answer = service.ask(question, lang=args.lang, filters=filters)
        if args.json:
            print(json.dumps(_answer_json(answer, answer_body(answer)), ensure_ascii=False))
        else:
            print(render_answer(answer))
            print()

    return _each(args.question, key="question", as_json=args.json, handle=one)


async def _ask_with_model(
    args: argparse.Namespace, settings: Settings, service: NewsService, filters: Filters | None
) -> int:
    """The bot's path: quotes first, then the model's grounded answer, or the quotes."""
    from bot.render_text import answer_body, render_answer
    from retrieval.errors import EmptyQuery, QueryTooLong

    async with _assistant(settings, service) as assistant:
        failures = 0
        for question in _inputs(args.question):
            try:
                answer = await assistant.ask(question, lang=args.lang, filters=filters)
            except (EmptyQuery, QueryTooLong) as exc:
                failures += 1
                if args.json:
                    refused = {"question": question, "error": str(exc)}
                    print(json.dumps(refused, ensure_ascii=False))
                else:
                    print(f"{PROG}: {exc}: {question[:80]}", file=sys.stderr)
                continue
            if args.json:
                print(json.dumps(_answer_json(answer, answer_body(answer)), ensure_ascii=False))
            else:
                print(render_answer(answer))
                print()
            sys.stdout.flush()
    return 1 if failures else 0


@asynccontextmanager
async def _assistant(settings: Settings, service: NewsService) -> AsyncIterator[Assistant]:
    """Yield the question path with the configured model (closed afterwards), or without."""
    from retrieval.assistant import Assistant

    config = settings.llm_config()
    if config is None:
        yield Assistant(service)
        return
    from retrieval.llm import LLMClient

    client = LLMClient(config)
    try:
        yield _with_model(settings, service, client)
    finally:
        await client.aclose()


def _with_model(settings: Settings, service: NewsService, client: LLMClient) -> Assistant:
    from retrieval.assistant import Assistant

    return Assistant(
        service,
        client=client,
        settings=settings.grounded_settings(),
        cross_language=settings.llm_cross_language,
        digest_summaries=settings.llm_digest_summaries,
    )


def _answer_json(answer: Answer, text: str) -> dict[str, Any]:
    return {
        "question": answer.question,
        "found": answer.found,
        "answer": text,
        "snippets": [{"text": s.text, "n": s.n} for s in answer.snippets],
        "sources": [
            {
                "n": s.n,
                "id": s.id,
                "title": s.title,
                "url": s.url,
                "published": s.published.isoformat() if s.published else None,
                "lang": s.lang,
                "outlet": s.outlet,
            }
            for s in answer.sources
        ],
        "lang": answer.lang,
        "confidence": answer.confidence,
        "mode": answer.mode,
        "fallback": answer.fallback_reason,
        "timings_ms": {k: round(v, 3) for k, v in answer.timings_ms.items()},
    }


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    """Print ranked articles for queries from the arguments or stdin."""
    if args.k < 1:
        raise UsageError("--k must be at least 1")
    if args.query:
        _check_question(" ".join(args.query))
    filters = _filters(args)
    service = _service(settings, build_if_missing=True)

    def one(query: str) -> None:
        results = service.search_articles(query, k=args.k, filters=filters)
        if args.json:
            payload = {
                "query": query,
                "results": [
                    {
                        "id": r.id,
                        "title": r.title,
                        "url": r.url,
                        "published": r.published.isoformat() if r.published else None,
                        "score": round(r.score, 4),
                    }
                    for r in results
                ],
            }
            print(json.dumps(payload, ensure_ascii=False))
        else:
            for i, r in enumerate(results, 1):
                when = r.published.isoformat() if r.published else "—"
                print(f"{i:>2}. {r.score:7.3f}  {when}  {r.title}  [{r.id}]")
            if not results:
                print("(no matching articles)")
            print()

    return _each(args.query, key="query", as_json=args.json, handle=one)


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    """Ask questions interactively; an empty line or Ctrl-D ends."""
    from bot.render_text import render_answer
    from retrieval.errors import EmptyQuery, QueryTooLong

    service = _service(settings, build_if_missing=True)
    interactive = sys.stdin.isatty()
    if interactive:
        print("Ask about the news (Ctrl-D to quit).")
    while True:
        try:
            line = input("> " if interactive else "")
        except EOFError:
            break
        question = line.strip()
        if question in {"/quit", "/exit"}:
            break
        if not question:
            continue
        try:
            answer = service.ask(question)
        except (EmptyQuery, QueryTooLong) as exc:
            print(str(exc))
            continue
        print(render_answer(answer))
        print()
    return 0


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    """Build a new index version and make it current."""
    paths = [Path(p) for p in args.corpus] if args.corpus else settings.build_paths()
    _build(
        settings,
        paths,
        engine=args.engine or settings.engine,
        quiet=args.quiet,
        morphology=settings.morphology and not args.no_morphology,
    )
    return 0


def _build(
    settings: Settings,
    paths: Sequence[Path],
    *,
    engine: str,
    quiet: bool,
    morphology: bool = True,
) -> None:
    from tqdm import tqdm

    from corpus.errors import CorpusError
    from retrieval.analysis import AnalysisSettings
    from retrieval.errors import IndexBuildError
    from retrieval.index import build_index

    # Made at the first batch, so a missing path or a held lock prints no empty bar.
    bar: tqdm[Any] | None = None
    last = [0]

    def progress(articles: int, passages: int) -> None:
        nonlocal bar
        if quiet:
            return
        if bar is None:
            bar = tqdm(total=None, unit=" articles", desc="indexing", file=sys.stderr)
        bar.update(articles - last[0])
        last[0] = articles
        bar.set_postfix(passages=passages, refresh=False)

    try:
        result = build_index(
            paths,
            data_dir=settings.data_dir,
            engine=engine,
            analysis=AnalysisSettings(morphology=morphology),
            workers=settings.build_workers or None,
            progress=progress,
        )
    except (CorpusError, IndexBuildError) as exc:
        raise CliError(str(exc)) from None
    finally:
        if bar is not None:
            bar.close()
    m, report = result.manifest, result.report
    langs = ", ".join(f"{k} {v}" for k, v in sorted(m["languages"].items()))
    print(
        f"indexed {m['article_count']} articles ({langs}) as {m['passage_count']} passages "
        f"in {result.seconds:.1f} s with {engine}; version {result.version}",
        file=sys.stderr,
    )
    if report.duplicates:
        print(f"dropped {report.duplicates} exact duplicates", file=sys.stderr)
    if report.skipped_languages:
        skipped = ", ".join(f"{k} {v}" for k, v in report.skipped_languages.most_common())
        print(f"skipped records in other languages: {skipped}", file=sys.stderr)
    if report.problems:
        print(f"skipped {len(report.problems)} bad files or records:", file=sys.stderr)
        for problem in report.problems[:20]:
            where = f"{problem.file}:{problem.line}" if problem.line else problem.file
            print(f"  {where}: {problem.reason}", file=sys.stderr)
        if len(report.problems) > 20:
            print(f"  … and {len(report.problems) - 20} more", file=sys.stderr)


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    """Describe the serving index version."""
    from bot.i18n import duration
    from retrieval.errors import IndexNotFound
    from retrieval.index import open_index

    try:
        version = open_index(settings.data_dir)
    except IndexNotFound as exc:
        raise CliError(str(exc)) from None
    m = version.manifest
    built = datetime.fromisoformat(m["built_at"])
    age = datetime.now(UTC) - built
    size = sum(p.stat().st_size for p in version.path.rglob("*") if p.is_file())
    langs = ", ".join(f"{k} {v}" for k, v in sorted(m["languages"].items()))
    rows = [
        ("data dir", str(settings.data_dir)),
        ("version", version.name),
        ("engine", m["engine"]),
        ("articles", f"{m['article_count']} ({langs})"),
        ("passages", str(m["passage_count"])),
        (
            "built",
            f"{m['built_at']} ({duration(age.total_seconds())} ago, {m['build_seconds']} s)",
        ),
        ("size", f"{size / 1e6:.1f} MB"),
        ("morphology", "on" if m["analysis"]["morphology"] else "off"),
        ("corpus", ", ".join(m["corpus_paths"])),
        ("skipped", f"{m['problems']} problems, {m['duplicates_dropped']} duplicates"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    return 0


def cmd_digest(args: argparse.Namespace, settings: Settings) -> int:
    """Print the digest for a date (at the digest time) or for now."""
    from zoneinfo import ZoneInfo

    from bot.digests import local_moment
    from bot.render import digest_messages
    from bot.render_text import render_digest
    from bot.settings import parse_zone

    tz = settings.digest_tz
    if args.tz:
        zone = parse_zone(args.tz)
        if zone is None:
            raise UsageError(f"unknown time zone {args.tz!r} (use an IANA name like Europe/Kyiv)")
        tz = zone
    lang = args.lang or settings.digest_lang or "en"
    at = (
        local_moment(args.date, settings.digest_time, tz)
        if args.date
        else datetime.now(ZoneInfo(tz))
    )
    service = _service(settings, build_if_missing=True)

    async def compose() -> Digest:
        async with _assistant(settings, service) as assistant:
            return await assistant.digest(at, tz, lang, max_stories=settings.digest_max_stories)

    import asyncio

    digest = asyncio.run(compose())
    if args.html:
        print("\n\n-----\n\n".join(digest_messages(digest)))
    else:
        print(render_digest(digest))
    return 0


def cmd_feeds(args: argparse.Namespace, settings: Settings) -> int:
    """Poll every configured feed once and index what is new."""
    import asyncio

    from bot.store import SQLiteStore

    if not settings.feeds:
        raise UsageError("NEWSDESK_FEEDS is empty; set it to comma-separated RSS/Atom URLs")
    service = _service(settings, build_if_missing=True)
    store = SQLiteStore(settings.store_path)
    try:
        poller = _feed_poller(settings, store, service)
        reports = asyncio.run(poller.poll_due(force=True))
        for r in reports:
            state = f"{r.new_articles} new articles" if r.ok else f"failed: {r.error}"
            print(f"{r.url}: {state}")
            for problem in r.problems[:10]:
                print(f"  {problem}")
    finally:
        store.close()
    return 0 if all(r.ok for r in reports) else 1


def _feed_poller(settings: Settings, store: Store, service: NewsService) -> FeedPoller:
    from bot.feed_poller import FeedPoller

    return FeedPoller(
        store,
        service,
        settings.feeds,
        feeds_dir=settings.feeds_dir,
        interval=settings.feed_interval_minutes * 60,
        timeout=settings.feed_timeout_seconds,
    )


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Run the quality evaluation over the shared datasets."""
    from retrieval.evaluate import DatasetsMissing, find_datasets, run_eval

    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(parts) - {"scifact", "xquad", "news"}
    if unknown:
        raise UsageError(f"unknown eval part(s): {', '.join(sorted(unknown))}")
    try:
        datasets = find_datasets(args.datasets)
    except DatasetsMissing as exc:
        raise CliError(str(exc)) from None
    started = time.perf_counter()
    results = run_eval(
        datasets,
        parts=parts,
        engine=args.engine,
        limit=args.limit or None,
        threshold=settings.answer_threshold,
        log=lambda line: print(line, file=sys.stderr),
    )
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        from retrieval.evaluate import format_results

        print(format_results(results))
    print(f"eval took {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


_TOKEN_SHAPE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Start the Telegram bot."""
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    if not token:
        raise CliError("TELEGRAM_BOT_TOKEN is not set; get one from @BotFather (see README)")
    if not _TOKEN_SHAPE.match(token.strip()):
        raise CliError("TELEGRAM_BOT_TOKEN does not look like a bot token (<digits>:<secret>)")
    # Bot API URLs contain the token: keep the HTTP client's own logging quiet.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("bot").setLevel(min(logging.INFO, logging.getLogger().level))
    service = _service(settings, build_if_missing=True)
    from telegram import Update
    from telegram.error import InvalidToken, NetworkError

    from bot.app import DigestOptions, build_application
    from bot.digest_handlers import DigestDefaults
    from bot.handlers import BotConfig
    from bot.store import SQLiteStore
    from retrieval.assistant import Assistant

    store = SQLiteStore(settings.store_path)
    feeds = _feed_poller(settings, store, service) if settings.feeds else None
    assistant = Assistant(service)
    llm = settings.llm_config()
    if llm is not None:
        from retrieval.llm import LLMClient

        assistant = _with_model(settings, service, LLMClient(llm))
    app = build_application(
        token=token.strip(),
        base_url=settings.telegram_api_base_url,
        service=service,
        config=BotConfig(
            admin_ids=settings.admin_ids,
            corpus_paths=settings.corpus_paths(),
            engine=settings.engine,
            morphology=settings.morphology,
            build_workers=settings.build_workers or None,
            user_rate=settings.user_rate,
            user_burst=settings.user_burst,
            chat_rate=settings.chat_rate,
            chat_burst=settings.chat_burst,
            stale_after_seconds=settings.stale_after_seconds,
            feeds_dir=settings.feeds_dir,
        ),
        concurrent_updates=settings.concurrent_updates,
        store=store,
        digests=DigestOptions(
            defaults=DigestDefaults(
                at_time=settings.digest_time,
                tz=settings.digest_tz,
                lang=settings.digest_lang,
                max_stories=settings.digest_max_stories,
            ),
            catchup=timedelta(hours=settings.digest_catchup_hours),
            skip_empty=settings.digest_when_empty == "skip",
            tick_seconds=settings.digest_tick_seconds,
        ),
        feeds=feeds,
        assistant=assistant,
    )
    try:
        if args.webhook:
            secret = settings.telegram_webhook_secret
            app.run_webhook(
                listen=args.listen,
                port=args.port,
                url_path="telegram",
                webhook_url=args.webhook.rstrip("/") + "/telegram",
                secret_token=secret.get_secret_value() if secret else None,
                allowed_updates=Update.ALL_TYPES,
            )
        else:
            app.run_polling(allowed_updates=Update.ALL_TYPES)
    except InvalidToken:
        raise CliError("Telegram rejected TELEGRAM_BOT_TOKEN (revoked or mistyped)") from None
    except NetworkError as exc:
        raise CliError(f"cannot reach the Telegram Bot API: {exc}") from None
    finally:
        store.close()
    return 0


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
