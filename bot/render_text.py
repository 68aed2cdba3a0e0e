"""Render answers and digests as plain text for the terminal (`newsdesk ask`, `digest`)."""

from __future__ import annotations

from bot.i18n import long_date, t
from bot.render import horizon_note, spelling_note
from bot.terminal import readable_url
from retrieval.answer import Answer, Snippet, Source
from retrieval.assistant import shown_sources
from retrieval.digest import Digest
from retrieval.everyday import PLEASANTRIES

_BOLD, _PLAIN = "\x1b[1m", "\x1b[0m"


def marked(snippet: Snippet, *, bold: bool) -> str:
    """Return a snippet's text with its highlights in terminal bold (when `bold`)."""
    if not bold or not snippet.highlights:
        return snippet.text
    out, at = [], 0
    for start, end in snippet.highlights:
        out += [snippet.text[at:start], _BOLD, snippet.text[start:end], _PLAIN]
        at = end
    return "".join([*out, snippet.text[at:]])


def answer_body(answer: Answer, *, bold: bool = False) -> str:
    """Return the model's cited text, or the snippets each with its citation, or not-covered.

    A refused question names its closest article when there is one, labelled as such.
    """
    if answer.refusal_rule in PLEASANTRIES:
        return t(f"reply_{answer.refusal_rule}", answer.lang)
    if not answer.found:
        why = horizon_note(answer)
        lines = [t("not_covered", answer.lang) + (f" {why}" if why else "")]
        if answer.closest is not None:
            lines += ["", t("closest_match", answer.lang), source_line(answer.closest)[4:]]
        if (read := spelling_note(answer)) is not None:
            lines += ["", read]
        return "\n".join(lines)
    if answer.mode == "llm" and answer.prose:
        return answer.prose
    return "\n".join(f"{marked(s, bold=bold)} [{s.n}]" for s in answer.snippets)


def source_line(source: Source) -> str:
    """Return one source as `[n] Title — date — outlet — link`."""
    parts = [source.title]
    if source.date_label():
        parts.append(source.date_label())
    if source.outlet:
        parts.append(source.outlet)
    if source.url:
        parts.append(readable_url(source.url))  # readable in a terminal; JSON keeps it as given
    return f"[{source.n}] " + " — ".join(parts)


def render_answer(answer: Answer, *, bold: bool = False) -> str:
    """Return the whole reply: snippets (highlights in bold when `bold`), then the sources."""
    body = answer_body(answer, bold=bold)
    if not answer.found or not answer.sources:
        return body
    lines = [body, "", t("sources", answer.lang) + ":"]
    lines.extend(source_line(s) for s in shown_sources(answer))
    from bot.render import language_note, mode_note

    for note in (spelling_note(answer), language_note(answer), mode_note(answer)):
        if note:
            lines.extend(["", note])
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
    if any(s.written_by_model for s in digest.stories):
        lines.append(t("digest_llm_note", lang))
    for n, story in enumerate(digest.stories, 1):
        head = story.links[0]
        lines.extend(["", f"{n}. {story.headline}"])
        if story.summary:
            lines.append(story.summary)
        meta = [
            x for x in (head.outlet, head.published.isoformat() if head.published else "") if x
        ]
        if head.url:
            meta.append(readable_url(head.url))
        if meta:
            lines.append(("[1] " if story.written_by_model else "") + " — ".join(meta))
        for n, link in enumerate(story.links[1:], 2):
            label = link.outlet or link.title
            shown = f"{label} ({link.lang})" if link.lang != lang else label
            shown = f"[{n}] {shown}" if story.written_by_model else shown
            target = f" — {readable_url(link.url)}" if link.url else ""
            lines.append(f"  {t('digest_also', lang)}: {shown}{target}")
    if digest.more_stories:
        lines.extend(["", t("digest_more", lang, count=digest.more_stories)])
    return "\n".join(lines)
