"""Render answers and digests as plain text for the terminal (`newsdesk ask`, `digest`)."""

from __future__ import annotations

from urllib.parse import unquote

from bot.i18n import long_date, t
from retrieval.answer import Answer, Source
from retrieval.digest import Digest


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


def render_digest(digest: Digest) -> str:
    """Return the digest as plain text: the content the groups get, with links spelled out."""
    lang = digest.lang
    lines = [t("digest_title", lang, date=long_date(digest.day, lang))]
    if not digest.stories:
        when = digest.composed_at.strftime("%H:%M")
        lines.append(t("digest_empty", lang, time=when, tz=digest.tz))
        return "\n".join(lines)
    total = len(digest.stories) + digest.more_stories
    lines.append(t("digest_counts", lang, stories=total, articles=digest.article_count))
    for n, story in enumerate(digest.stories, 1):
        head = story.links[0]
        lines.extend(["", f"{n}. {story.headline}"])
        if story.summary:
            lines.append(story.summary)
        meta = [
            x for x in (head.outlet, head.published.isoformat() if head.published else "") if x
        ]
        if head.url:
            meta.append(unquote(head.url))
        if meta:
            lines.append(" — ".join(meta))
        for link in story.links[1:]:
            label = link.outlet or link.title
            shown = f"{label} ({link.lang})" if link.lang != lang else label
            target = f" — {unquote(link.url)}" if link.url else ""
            lines.append(f"  {t('digest_also', lang)}: {shown}{target}")
    if digest.more_stories:
        lines.extend(["", t("digest_more", lang, count=digest.more_stories)])
    return "\n".join(lines)
