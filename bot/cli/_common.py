"""What the `newsdesk` commands share: errors, the assistant, inputs, index builds."""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.terminal import json_line, unfiltered

if TYPE_CHECKING:
    from bot.feed_poller import FeedPoller
    from bot.settings import Settings
    from bot.store import Store
    from retrieval.assistant import Assistant
    from retrieval.engines import Filters


PROG = "newsdesk"


class UsageError(Exception):
    """A user mistake on the command line (exit status 2).

    With `show_usage`, the command's usage line is printed before the message.
    """

    def __init__(self, message: str, *, show_usage: bool = False) -> None:
        super().__init__(message)
        self.show_usage = show_usage


class CliError(Exception):
    """A failure to report in one line (exit status 1)."""


def _filters(args: argparse.Namespace) -> Filters | None:
    from retrieval.engines import Filters

    if not (args.article_langs or args.date_from or args.date_to):
        return None
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise UsageError("--from is after --to")
    langs = frozenset(args.article_langs) if args.article_langs else None
    return Filters(langs=langs, date_from=args.date_from, date_to=args.date_to)


def _open(settings: Settings, *, build_if_missing: bool, model: bool = False) -> Assistant:
    """Return the assistant (with the configured model if `model`), its index opened."""
    from bot.settings import open_assistant
    from retrieval.errors import IndexNotFound

    assistant = open_assistant(settings, model=model)
    if not assistant.has_index():
        if not build_if_missing:
            raise CliError(f"no index in {settings.data_dir} yet; build one with: newsdesk index")
        print(
            f"{PROG}: no index yet; building one from {_paths_label(settings.corpus_paths())}",
            file=sys.stderr,
        )
        _build(assistant, quiet=False)
    try:
        assistant.stats()  # opens the serving version
    except IndexNotFound as exc:
        raise CliError(str(exc)) from None
    return assistant


def _paths_label(paths: Sequence[Path]) -> str:
    return ", ".join(str(p) for p in paths)


def _inputs(words: list[str]) -> Iterator[str]:
    """Return the question given as arguments, or each non-empty line of stdin.

    The first stdin line is read now, so an empty stdin is a usage mistake before any
    index is opened or built.
    """
    if words:
        return iter([" ".join(words)])
    if sys.stdin is None or sys.stdin.isatty():
        raise UsageError("give a question, or pipe one question per line on stdin")
    lines = (line.rstrip("\n") for line in sys.stdin if line.strip())
    first = next(lines, None)
    if first is None:
        raise UsageError(
            "no question on stdin: give one as an argument, or pipe one per line", show_usage=True
        )
    return itertools.chain([first], lines)


def _each(inputs: Iterable[str], *, key: str, as_json: bool, handle: Callable[[str], None]) -> int:
    """Run `handle` on each input; a refused one is reported and the rest go on."""
    from retrieval.errors import EmptyQuery, QueryTooLong

    failures = 0
    for text in inputs:
        try:
            handle(text)
        except (EmptyQuery, QueryTooLong) as exc:
            failures += 1
            if as_json:
                print(json_line({key: text, "error": str(exc)}))
            else:
                print(f"{PROG}: {exc}: {text[:80]}", file=sys.stderr)
        sys.stdout.flush()
    return 1 if failures else 0


def _check_question(text: str) -> None:
    from retrieval.assistant import MAX_QUESTION_CHARS, check_question
    from retrieval.errors import EmptyQuery, QueryTooLong

    try:
        check_question(text)
    except EmptyQuery:
        raise UsageError("the question is empty") from None
    except QueryTooLong:
        raise UsageError(
            f"the question is {len(text.strip())} characters long; the limit is "
            f"{MAX_QUESTION_CHARS}"
        ) from None


def _open_store(settings: Settings) -> Store:
    """Open the state database, or say in one line why it cannot be opened."""
    import sqlite3

    from bot.store import SQLiteStore

    path = settings.store_path
    try:
        return SQLiteStore(path)
    except sqlite3.DatabaseError as exc:  # not SQLite, damaged, or in a read-only folder
        raise CliError(f"cannot open the state database {path}: {exc}") from None
    except RuntimeError as exc:  # a schema newer than this program
        raise CliError(str(exc)) from None


def _feed_poller(settings: Settings, store: Store, assistant: Assistant) -> FeedPoller:
    from bot.feed_poller import FeedPoller

    return FeedPoller(
        store,
        assistant,
        settings.feeds,
        feeds_dir=settings.feeds_dir,
        interval=settings.feed_interval_minutes * 60,
        limits=settings.feed_limits(),
        policy=settings.feed_policy(),
    )


def _build(assistant: Assistant, *, quiet: bool) -> None:
    """Build a new index version by the assistant's recipe, with a progress bar on stderr."""
    from tqdm import tqdm

    from corpus.errors import CorpusError
    from retrieval.errors import IndexBuildError

    # Made at the first batch, so a missing path or a held lock prints no empty bar.
    bar: tqdm[Any] | None = None
    last = [0]

    def progress(articles: int, passages: int) -> None:
        nonlocal bar
        if quiet:
            return
        if bar is None:
            # The bar needs "\r", which the CLI's stderr strips; its text is all ours.
            bar = tqdm(total=None, unit=" articles", desc="indexing", file=unfiltered(sys.stderr))
        bar.update(articles - last[0])
        last[0] = articles
        bar.set_postfix(passages=passages, refresh=False)

    try:
        result = assistant.rebuild(progress)
    except (CorpusError, IndexBuildError) as exc:
        raise CliError(str(exc)) from None
    finally:
        if bar is not None:
            bar.close()
    m, report = result.manifest, result.report
    langs = ", ".join(f"{k} {v}" for k, v in sorted(m.languages.items()))
    print(
        f"indexed {m.article_count} articles ({langs}) as {m.passage_count} passages "
        f"in {result.seconds:.1f} s with {m.engine}; version {result.version}",
        file=sys.stderr,
    )
    if report.duplicates:
        print(f"dropped {report.duplicates} exact duplicates", file=sys.stderr)
    if report.skipped_languages:
        skipped = ", ".join(f"{k} {v}" for k, v in report.skipped_languages.most_common())
        print(f"skipped records in other languages: {skipped}", file=sys.stderr)
    if report.problems:
        # Not every problem skips what it names: a malformed URL only costs the link.
        count = len(report.problems)
        print(f"{count} problems (bad files and records are skipped):", file=sys.stderr)
        for problem in report.problems[:20]:
            where = f"{problem.file}:{problem.line}" if problem.line else problem.file
            print(f"  {where}: {problem.reason}", file=sys.stderr)
        if len(report.problems) > 20:
            print(f"  … and {len(report.problems) - 20} more", file=sys.stderr)
