"""Render answers as plain text for the terminal (`newsdesk ask`, `newsdesk chat`)."""

from __future__ import annotations

from urllib.parse import unquote

from bot.i18n import t
from retrieval.answer import Answer, Source


def answer_body(answer: Answer) -> str:
    """Return the answer's snippets, each followed by its citation, or the not-covered line."""
    if not answer.found:
        return t("not_covered", answer.lang)
    return "\n".join(f"{s.text} [{s.n}]" for s in answer.snippets)


def source_line(source: Source) -> str:
    """Return one source as `[n] Title — date — outlet — link`."""
    parts = [source.title]
    if source.date_label():
        parts.append(source.date_label())
    if source.outlet:
        parts.append(source.outlet)
    if source.url:
        parts.append(unquote(source.url))  # readable in a terminal; JSON keeps it as given
    return f"[{source.n}] " + " — ".join(parts)


def render_answer(answer: Answer) -> str:
    """Return the whole reply: snippets, then the sources list."""
    body = answer_body(answer)
    if not answer.found or not answer.sources:
        return body
    lines = [body, "", t("sources", answer.lang) + ":"]
    lines.extend(source_line(s) for s in answer.sources)
    return "\n".join(lines)
