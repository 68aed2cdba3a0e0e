"""Markdown files with optional YAML front matter, converted to plain paragraphs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import frontmatter
import yaml

from corpus.clean import clean_line, drop_page_furniture
from corpus.formats.base import BadRecord, FormatError, RawRecord, decode_text, read_bytes
from corpus.limits import DEFAULT_LIMITS, ReadLimits

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ATX_HEADING = re.compile(r"^\s{0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]")
_LINK = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"  # *emphasis*
    r"|(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"  # _emphasis_, not snake_case
)
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_CODE = re.compile(r"`+([^`]+)`+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")


def read_markdown(
    path: Path, fallback_id: str, *, limits: ReadLimits = DEFAULT_LIMITS
) -> Iterator[RawRecord | BadRecord]:
    """Yield the one article a Markdown file holds."""
    text = decode_text(read_bytes(path, limit=limits.max_record_bytes))
    try:
        # `parse`, not `loads`: a `Post` takes the keys as arguments, and `content:` in the
        # front matter then raises TypeError.
        metadata, content = frontmatter.parse(text)
    except yaml.YAMLError as exc:
        msg = f"bad YAML front matter: {_first_line(exc)}"
        raise FormatError(msg) from exc
    # YAML that parses but names no real date ("date: 2025-13-45") raises ValueError, and so
    # does front matter in JSON ("{" on the first line) that is not JSON.
    except ValueError as exc:
        msg = f"bad front matter: {_first_line(exc)}"
        raise FormatError(msg) from exc
    fields: dict[str, object] = {str(key): value for key, value in metadata.items()}
    for key in ("title", "headline"):
        # A list or mapping is no title. Written out as text, YAML aliases nested a few
        # levels ("billion laughs") would take gigabytes.
        if not isinstance(fields.get(key), str | int | float):
            fields.pop(key, None)
    given_title = fields.get("title") or fields.get("headline")
    heading, paragraphs = markdown_paragraphs(content, take_title=not given_title)
    if not given_title:
        fields["title"] = heading
    body = drop_page_furniture(paragraphs, clean_line(str(given_title or heading)))
    fields["text"] = "\n\n".join(body)
    for alias in ("body", "content"):
        fields.pop(alias, None)  # the Markdown body is the text, whatever the metadata says
    yield RawRecord(fields, None, fallback_id)


def markdown_paragraphs(markdown: str, *, take_title: bool = True) -> tuple[str, list[str]]:
    """Return (first level-1 heading, plain paragraphs) of a Markdown body.

    With `take_title`, that heading is left out of the paragraphs. Lines of one block are
    joined as Markdown does; list items, quote lines and headings stand alone.
    """
    title = ""
    paragraphs: list[str] = []
    pending: list[str] = []
    in_fence = False

    def flush() -> None:
        if pending:
            paragraphs.append(_inline(" ".join(pending)))
            pending.clear()

    for line in markdown.splitlines():
        if _FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            if line.strip():
                paragraphs.append(line.strip())
            continue
        if not line.strip() or _RULE.match(line) or _REFERENCE.match(line):
            flush()
            continue
        if (underline := _SETEXT_UNDERLINE.match(line)) and pending:
            heading = _inline(" ".join(pending))
            pending.clear()
            if take_title and underline.group(1).startswith("=") and not title:
                title = heading
            else:
                paragraphs.append(heading)
            continue
        if heading_match := _ATX_HEADING.match(line):
            flush()
            heading = _inline(heading_match.group(2) or "")
            if take_title and len(heading_match.group(1)) == 1 and not title:
                title = heading
            elif heading:
                paragraphs.append(heading)
            continue
        stripped = _QUOTE.sub("", line)
        if stripped != line:
            flush()  # each quote line stands alone
        if _LIST_ITEM.match(stripped):
            flush()
            stripped = _LIST_ITEM.sub("", stripped)
        pending.append(stripped.strip())
    flush()
    return title, [paragraph for paragraph in paragraphs if paragraph]


def _inline(text: str) -> str:
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(lambda match: match.group(1) or match.group(2), text)
    text = _STRIKE.sub(r"\1", text)
    text = _ESCAPE.sub(r"\1", text)
    return " ".join(text.split())


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
