"""`newsdesk ask`, `search` and `chat`: questions from arguments, stdin or a prompt."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from bot.cli._common import (
    PROG,
    UsageError,
    _check_question,
    _each,
    _filters,
    _inputs,
    _open,
)
from bot.terminal import json_line

if TYPE_CHECKING:
    from collections.abc import Iterator

    from bot.settings import Settings
    from retrieval.answer import Answer, Source
    from retrieval.assistant import Assistant
    from retrieval.engines import Filters


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer questions from the arguments or stdin (through the model when configured)."""
    import asyncio

    if args.question:
        _check_question(" ".join(args.question))
    filters = _filters(args)
    questions = _inputs(args.question)
    assistant = _open(settings, build_if_missing=True, model=True)
    return asyncio.run(_ask_each(args, assistant, filters, questions))


def _bold() -> bool:
    """Return whether highlights may be printed in bold: a terminal, and NO_COLOR unset."""
    import os

    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


async def _ask_each(
    args: argparse.Namespace,
    assistant: Assistant,
    filters: Filters | None,
    questions: Iterator[str],
) -> int:
    """The bot's path: quotes first, then the model's grounded answer, or the quotes."""
    from bot.render_text import answer_body, render_answer
    from retrieval.errors import EmptyQuery, QueryTooLong

    failures = 0
    try:
        for question in questions:
            try:
                answer = await assistant.ask(question, lang=args.lang, filters=filters)
            except (EmptyQuery, QueryTooLong) as exc:
                failures += 1
                if args.json:
                    refused = {"question": question, "error": str(exc)}
                    print(json_line(refused))
                else:
                    print(f"{PROG}: {exc}: {question[:80]}", file=sys.stderr)
                sys.stdout.flush()
                continue
            if args.json:
                print(json_line(_answer_json(answer, answer_body(answer))))
            else:
                print(render_answer(answer, bold=_bold()))
                print()
            sys.stdout.flush()
    finally:
        await assistant.aclose()
    return 1 if failures else 0


def _answer_json(answer: Answer, text: str) -> dict[str, Any]:
    return {
        "question": answer.question,
        "found": answer.found,
        "answer": text,
        "snippets": [
            {"text": s.text, "n": s.n, "highlights": [list(h) for h in s.highlights]}
            for s in answer.snippets
        ],
        "sources": [_source_json(s) for s in answer.sources],
        "closest": _source_json(answer.closest) if answer.closest else None,
        "spelling": [list(pair) for pair in answer.spelling],
        "retyped_from": answer.retyped_from,
        "retyped_how": answer.retyped_how,
        "refusal_rule": answer.refusal_rule,
        "horizon": (
            {
                "kind": answer.horizon.kind,
                "year": answer.horizon.year,
                "month": answer.horizon.month,
            }
            if answer.horizon
            else None
        ),
        "lang": answer.lang,
        "confidence": answer.confidence,
        "mode": answer.mode,
        "fallback": answer.fallback_reason,
        "timings_ms": {k: round(v, 3) for k, v in answer.timings_ms.items()},
    }


def _source_json(s: Source) -> dict[str, Any]:
    return {
        "n": s.n,
        "id": s.id,
        "title": s.title,
        "url": s.url,
        "published": s.published.isoformat() if s.published else None,
        "lang": s.lang,
        "outlet": s.outlet,
    }


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    """Print ranked articles for queries from the arguments or stdin."""
    if args.k < 1:
        raise UsageError("--k must be at least 1")
    if args.query:
        _check_question(" ".join(args.query))
    filters = _filters(args)
    queries = _inputs(args.query)
    assistant = _open(settings, build_if_missing=True)

    def one(query: str) -> None:
        results = assistant.search_articles(query, k=args.k, filters=filters)
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
            print(json_line(payload))
        else:
            for i, r in enumerate(results, 1):
                when = r.published.isoformat() if r.published else "—"
                print(f"{i:>2}. {r.score:7.3f}  {when}  {r.title}  [{r.id}]")
            if not results:
                print("(no matching articles)")
            print()

    return _each(queries, key="query", as_json=args.json, handle=one)


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    """Ask questions interactively; an empty line or Ctrl-D ends."""
    import asyncio

    from bot.render_text import render_answer
    from retrieval.errors import EmptyQuery, QueryTooLong

    assistant = _open(settings, build_if_missing=True)  # quotes only, as ever
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
            answer = asyncio.run(assistant.ask(question))
        except (EmptyQuery, QueryTooLong) as exc:
            print(str(exc))
            continue
        print(render_answer(answer, bold=_bold()))
        print()
    return 0
