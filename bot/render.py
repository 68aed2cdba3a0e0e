"""Render answers as Telegram HTML and split long messages safely.

Only these templates emit tags (`b`, `i`, `a href`, `blockquote`); every dynamic string
(titles, snippets, outlets, URLs, user text) goes through `html.escape` first. The
splitter cuts at paragraph, line, sentence, then word boundaries, never inside a tag, an
entity or a surrogate pair, and closes and reopens tags so each part is well-formed.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from bot.i18n import MONTHS, language_in, long_date, t
from corpus.urls import is_web_url
from retrieval.answer import Answer, Snippet, Source
from retrieval.assistant import ArticleResult, shown_sources
from retrieval.digest import Digest, DigestLink, Story
from retrieval.everyday import PLEASANTRIES

logger = logging.getLogger(__name__)
TELEGRAM_LIMIT = 4096  # UTF-16 code units per message
BUDGET = 4000  # working budget, leaves room for closing/reopening tags
_TOKEN = re.compile(r"(<[^>]*>|&[#a-zA-Z0-9]+;)")
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9-]+)[^>]*>")


def esc(text: str) -> str:
    """Escape text for Telegram HTML."""
    return html.escape(text, quote=False)


def utf16_len(text: str) -> int:
    """Return the length Telegram counts: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def source_html(source: Source) -> str:
    """Return one source line: `[n] <a href=url>Title</a> — date · outlet`."""
    title = esc(source.title) or "—"
    if is_web_url(source.url):
        title = f'<a href="{html.escape(source.url, quote=True)}">{title}</a>'
    meta = " · ".join(esc(x) for x in (source.date_label(), source.outlet or "") if x)
    return f"[{source.n}] {title}" + (f" — {meta}" if meta else "")


def answer_html(answer: Answer) -> str:
    """Return the whole reply as Telegram HTML (may exceed one message; see `split_html`).

    A language model's answer shows its text and the articles it cites; quotes show
    each snippet with its `[n]`. Either way a note says which it is when a model is
    configured, and links come only from our own metadata.
    """
    if answer.refusal_rule in PLEASANTRIES:
        return esc(t(f"reply_{answer.refusal_rule}", answer.lang))
    if not answer.found:
        text = esc(t("not_covered", answer.lang))
        if (why := horizon_note(answer)) is not None:
            text += f" {esc(why)}"
        if answer.closest is not None:
            closest = source_html(answer.closest).removeprefix("[1] ")
            text += f"\n\n<i>{esc(t('closest_match', answer.lang))}</i>\n{closest}"
        if (read := spelling_note(answer)) is not None:
            text += f"\n\n<i>{esc(read)}</i>"
        return text
    if answer.mode == "llm" and answer.prose:
        body = esc(answer.prose)
    else:
        body = "\n\n".join(f"{snippet_html(s)} [{s.n}]" for s in answer.snippets)
    sources = "\n".join(source_html(s) for s in shown_sources(answer))
    text = f"{body}\n\n<b>{esc(t('sources', answer.lang))}</b>\n{sources}"
    for note in (spelling_note(answer), language_note(answer), mode_note(answer)):
        if note:
            text += f"\n\n<i>{esc(note)}</i>"
    return text


def snippet_html(snippet: Snippet) -> str:
    """Return a snippet's text escaped, its highlighted answer in bold."""
    out, at = [], 0
    for start, end in snippet.highlights:
        out += [esc(snippet.text[at:start]), "<b>", esc(snippet.text[start:end]), "</b>"]
        at = end
    return "".join([*out, esc(snippet.text[at:])])


def horizon_note(answer: Answer) -> str | None:
    """Return where the articles end, when a question about a time was refused for it:
    "Every article I have on this was written before 2024." / "My newest article on this
    is from February 2021." """
    horizon = answer.horizon
    if horizon is None:
        return None
    if horizon.kind == "before":
        return t("horizon_before", answer.lang, year=horizon.year)
    if horizon.kind == "named":
        return t("horizon_named", answer.lang, year=horizon.year)
    months = MONTHS.get(answer.lang, MONTHS["en"])
    month = months[(horizon.month or 1) - 1]
    key = "horizon_collection" if horizon.kind == "collection" else "horizon_newest"
    return t(key, answer.lang, month=month, year=horizon.year)


def spelling_note(answer: Answer) -> str | None:
    """Return the line saying how typing slips were read, if any: the question typed in
    another keyboard layout, words read as the articles spell them (when quoted)."""
    left, right = ("“", "”") if answer.lang == "en" else ("«", "»")
    notes = []
    if answer.retyped_from is not None:
        key = "read_in_cyrillic" if answer.retyped_how == "latin" else "retyped"
        notes.append(t(key, answer.lang, question=f"{left}{answer.question}{right}"))
    if answer.found and answer.spelling:
        pairs = ", ".join(
            f"{left}{typed}{right} → {left}{meant}{right}" for typed, meant in answer.spelling
        )
        notes.append(t("spelling", answer.lang, pairs=pairs))
    return " ".join(notes) or None


def language_note(answer: Answer) -> str | None:
    """Return the line saying the quotes come from articles in another language, if they do."""
    if not answer.found or not answer.sources or answer.mode == "llm":
        return None
    langs = {s.lang for s in answer.sources}
    if answer.lang in langs or len(langs) != 1:
        return None
    return t("other_language", answer.lang, language=language_in(langs.pop(), answer.lang))


def mode_note(answer: Answer) -> str | None:
    """Return the line saying a model wrote the answer, or that it fell back to quotes."""
    if answer.mode == "llm":
        return t("mode_llm", answer.lang)
    if answer.fallback_reason and answer.fallback_reason != "not covered":
        return t("mode_fallback", answer.lang)
    return None


@dataclass(slots=True)
class _Piece:
    text: str  # raw HTML fragment: a tag, an entity, or plain (already escaped) text
    is_tag: bool


def _pieces(markup: str) -> list[_Piece]:
    out: list[_Piece] = []
    for part in _TOKEN.split(markup):
        if not part:
            continue
        out.append(_Piece(part, part.startswith("<") or part.startswith("&")))
    return out


def split_html(markup: str, *, budget: int = BUDGET) -> list[str]:
    """Split Telegram HTML into well-formed parts of at most `budget` UTF-16 units."""
    if utf16_len(markup) <= budget:
        return [markup]
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    open_tags: list[tuple[str, str]] = []  # (name, opening tag text)

    def close_all() -> str:
        return "".join(f"</{name}>" for name, _ in reversed(open_tags))

    def reopen_all() -> str:
        return "".join(opening for _, opening in open_tags)

    def flush() -> None:
        nonlocal current, size
        text = "".join(current) + close_all()
        if text.strip():
            chunks.append(text.strip("\n"))
        current = [reopen_all()]
        size = utf16_len(current[0])

    def reserve() -> int:
        return utf16_len(close_all())

    for piece in _pieces(markup):
        if piece.is_tag:
            cost = utf16_len(piece.text)
            if size + cost + reserve() + 16 > budget:
                flush()
            match = _TAG.fullmatch(piece.text)
            current.append(piece.text)
            size += cost
            if match:
                closing, name = match.group(1), match.group(2).lower()
                if closing:
                    for i in range(len(open_tags) - 1, -1, -1):
                        if open_tags[i][0] == name:
                            del open_tags[i]
                            break
                else:
                    open_tags.append((name, piece.text))
            continue
        text = piece.text
        while text:
            room = budget - size - reserve()
            if utf16_len(text) <= room:
                current.append(text)
                size += utf16_len(text)
                break
            cut = _cut_point(text, max(room, 0))
            if cut == 0:
                if size > utf16_len(reopen_all()):
                    flush()
                    continue
                cut = _hard_cut(text, max(room, 1))
            current.append(text[:cut])
            size += utf16_len(text[:cut])
            text = text[cut:].lstrip(" ")
            flush()
    tail = "".join(current) + close_all()
    if tail.strip() and tail != reopen_all() + close_all():
        chunks.append(tail.strip("\n"))
    return chunks


def _cut_point(text: str, room: int) -> int:
    """Return the best index to cut `text` so the head fits `room` UTF-16 units (0: none)."""
    limit = _prefix_fitting(text, room)
    if limit >= len(text):
        return len(text)
    head = text[:limit]
    for pattern in ("\n\n", "\n"):
        i = head.rfind(pattern)
        if i > 0:
            return i + len(pattern)
    sentence = max(head.rfind(". "), head.rfind("! "), head.rfind("? "), head.rfind("… "))
    if sentence > 0:
        return sentence + 2
    space = head.rfind(" ")
    return space + 1 if space > 0 else 0


def _hard_cut(text: str, room: int) -> int:
    """Cut inside a word when nothing better fits, never between a surrogate pair."""
    return max(_prefix_fitting(text, room), 1)


def _prefix_fitting(text: str, room: int) -> int:
    """Return how many characters of `text` fit in `room` UTF-16 units."""
    used = 0
    for i, ch in enumerate(text):
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > room:
            return i
    return len(text)


def answer_messages(answer: Answer) -> list[str]:
    """Return the reply as one or more messages that each fit Telegram's limit."""
    return split_html(answer_html(answer))


@dataclass(frozen=True, slots=True)
class InlineArticle:
    """An article as an inline query result: what the list shows, and the message it sends."""

    title: str
    description: str
    url: str | None  # only an http(s) link
    html: str


def inline_article(result: ArticleResult) -> InlineArticle:
    """Return an article for inline mode: linked title, date and the start of its passage."""
    snippet = " ".join(result.hit.passage.text.split())[:200]
    web = result.url if is_web_url(result.url) else None
    link = (
        f'<a href="{html.escape(web, quote=True)}">{esc(result.title)}</a>'
        if web
        else f"<b>{esc(result.title)}</b>"
    )
    date_label = result.published.isoformat() if result.published else ""
    body = f"{link}\n{esc(date_label)}\n\n{esc(snippet)}…".replace("\n\n\n", "\n\n")
    return InlineArticle(
        title=result.title[:256] or "—", description=snippet[:150], url=web, html=body
    )


def plain_text(markup: str) -> str:
    """Return the text a user would see, with tags dropped and entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>", "", markup))


# --- digests ---------------------------------------------------------------------------

MAX_DIGEST_MESSAGES = 2
_ALSO_SHOWN = 4


def _link_label(link: DigestLink, lang: str) -> str:
    label = link.outlet or _host(link.url) or link.title
    return f"{label} ({link.lang})" if link.lang != lang else label


def _host(url: str | None) -> str | None:
    """Return a URL's host; None for none, or for a URL too malformed to split."""
    try:
        return urlsplit(url or "").hostname
    except ValueError:  # "http://[bad" in an index built before URLs were checked
        return None


def _link_html(link: DigestLink, lang: str, n: int | None = None) -> str:
    label = esc(_link_label(link, lang))
    if n is not None:
        label = f"[{n}] {label}"
    if is_web_url(link.url):
        return f'<a href="{html.escape(link.url, quote=True)}">{label}</a>'
    return label


def _story_html(n: int, story: Story, lang: str) -> str:
    head = story.links[0]
    title = esc(story.headline)
    if is_web_url(head.url):
        title = f'<a href="{html.escape(head.url, quote=True)}">{title}</a>'
    lines = [f"{n}. <b>{title}</b>"]
    if story.summary:
        lines.append(esc(story.summary))
    meta = [x for x in (head.outlet, head.published.isoformat() if head.published else "") if x]
    line = " · ".join(esc(x) for x in meta)
    if story.written_by_model:
        line = f"[1] {line}" if line else "[1]"
    others = story.links[1:]
    if others:
        numbered = story.written_by_model
        shown = ", ".join(
            _link_html(link, lang, n if numbered else None)
            for n, link in enumerate(others[:_ALSO_SHOWN], 2)
        )
        extra = f" +{len(others) - _ALSO_SHOWN}" if len(others) > _ALSO_SHOWN else ""
        also = f"{esc(t('digest_also', lang))}: {shown}{extra}"
        line = f"{line} · {also}" if line else also
    if line:
        lines.append(f"<i>{line}</i>" if not others else line)
    return "\n".join(lines)


def _digest_head(digest: Digest) -> str:
    lang = digest.lang
    title = f"<b>{esc(t('digest_title', lang, date=long_date(digest.day, lang)))}</b>"
    if not digest.stories:
        empty = t("digest_empty", lang, time=digest.composed_at.strftime("%H:%M"), tz=digest.tz)
        return f"{title}\n{esc(empty)}"
    stories = len(digest.stories) + digest.more_stories
    counts = t("digest_counts", lang, stories=stories, articles=digest.article_count)
    if any(s.written_by_model for s in digest.stories):
        counts = f"{counts}\n{t('digest_llm_note', lang)}"
    return f"{title}\n<i>{esc(counts)}</i>"


def digest_html(digest: Digest) -> str:
    """Return the whole digest as Telegram HTML (see `digest_messages` for sending)."""
    parts = [_digest_head(digest)]
    parts.extend(_story_html(i, s, digest.lang) for i, s in enumerate(digest.stories, 1))
    if digest.more_stories:
        parts.append(esc(t("digest_more", digest.lang, count=digest.more_stories)))
    return "\n\n".join(parts)


def digest_messages(digest: Digest) -> list[str]:
    """Return the digest as at most two messages, leaving out the lowest-ranked stories."""
    while True:
        parts = split_html(digest_html(digest))
        if len(parts) <= MAX_DIGEST_MESSAGES or not digest.stories:
            return parts[:MAX_DIGEST_MESSAGES]
        digest = replace(digest, stories=digest.stories[:-1], more_stories=digest.more_stories + 1)


def safe_digest_messages(digest: Digest) -> list[str]:
    """Return the digest's messages, leaving out any story that cannot be rendered.

    One odd record (a malformed link in an old index, say) must cost its story, not every
    chat's digest.
    """
    try:
        return digest_messages(digest)
    except Exception:
        logger.exception("a digest story cannot be rendered; looking for it")
    good = []
    for story in digest.stories:
        try:
            digest_messages(replace(digest, stories=[story], more_stories=0))
        except Exception:
            logger.exception("left a digest story out: it cannot be rendered")
            continue
        good.append(story)
    return digest_messages(replace(digest, stories=good))
