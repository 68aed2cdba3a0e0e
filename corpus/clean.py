"""Text cleaning shared by every reader, plus the page-furniture rules for scraped pages.

`clean_text` is the one normal form of an article body: no BOM, zero-width, format or
control characters, "\\n" newlines, single spaces inside a paragraph, paragraphs separated
by exactly "\\n\\n", no empty paragraphs. A line break in the source starts a paragraph
(news sources put one paragraph, list item or quote per line); hard-wrapped blocks are
joined first by `unwrap_blocks`, which the plain-text reader uses.
"""

from __future__ import annotations

import re
import unicodedata

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c]")
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n[^\S\n]*\n")
_SENTENCE_END = re.compile(r"[.!?…][\"»”’)]*(?=\s)")
_MIN_SENTENCE = 25


def _build_char_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in range(0x20):
        if chr(code) not in "\n\t":
            table[code] = None
    table[ord("\t")] = " "
    table[0x7F] = None
    # C1 controls in real text are almost always Windows-1252 bytes decoded as Latin-1
    # (0x97 "—", 0x92 "’" in the BSNLP files, 0x85 "…"); map them back, drop the rest.
    for code in range(0x80, 0xA0):
        try:
            table[code] = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            table[code] = None
    for code in range(0x100, 0x10000):
        char = chr(code)
        category = unicodedata.category(char)
        if category == "Cf":
            table[code] = None  # zero-width space/joiners, BOM, LRM/RLM, soft hyphen
        elif category == "Zs":
            table[code] = " "
    for code in (0xE0001, *range(0xE0020, 0xE0080)):
        table[code] = None  # tag characters
    table[0xA0] = " "
    table[0xAD] = None
    return table


_CHAR_TABLE = _build_char_table()
# str.translate looks up every character; most texts need nothing, so look first.


def _char_class(codes: list[int]) -> str:
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in ranges) + "]"


_NEEDS_TRANSLATE = re.compile(_char_class(list(_CHAR_TABLE)))
# Anything either step below would change (\r, \v and \f are in the table too): most
# texts have none, and one scan says so.
_NEEDS_WORK = re.compile(_char_class([*_CHAR_TABLE, 0x2028, 0x2029]))


def normalize_chars(text: str) -> str:
    """Return `text` with "\\n" newlines, plain spaces and no invisible characters."""
    # Every character either step changes is unprintable, so printable lines need
    # nothing: str.isprintable scans 2.5× faster than the character-class regex.
    if text.replace("\n", "").isprintable() or not _NEEDS_WORK.search(text):
        return text
    text = _NEWLINES.sub("\n", text)
    return text.translate(_CHAR_TABLE) if _NEEDS_TRANSLATE.search(text) else text


def collapse_spaces(text: str) -> str:
    """Return `" ".join(text.split())`, without splitting text that is already so."""
    # Printable text has no whitespace but the ASCII space, so one scan and two
    # substring checks tell whether the split and join would change anything (most
    # lines and cleaned texts are single-spaced already; the split cost a fifth of
    # reading a corpus).
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def clean_line(text: str) -> str:
    """Return `text` as one line: invisible characters dropped, whitespace collapsed."""
    return collapse_spaces(normalize_chars(text))


def split_paragraphs(text: str) -> list[str]:
    """Return the non-empty cleaned lines of `text`, one paragraph each."""
    paragraphs = []
    for line in normalize_chars(text).split("\n"):
        paragraph = collapse_spaces(line)  # the same as collapsing _SPACES here
        if paragraph:
            paragraphs.append(paragraph)
    return paragraphs


def clean_text(text: str) -> str:
    """Return `text` in the corpus normal form (see the module docstring)."""
    return "\n\n".join(split_paragraphs(text))


def unwrap_blocks(text: str, *, min_width: int = 50, max_width: int = 100) -> str:
    """Join the lines of blank-line separated blocks that look hard-wrapped.

    A block is hard-wrapped when it has at least three lines and every line but the last
    is `min_width`..`max_width` characters long and does not start a list item or a
    quoted reply; such a block is one paragraph. Other blocks keep their line breaks.
    """
    blocks = _BLANK_LINES.split(normalize_chars(text))
    out = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        wrapped = len(lines) >= 3 and all(
            min_width <= len(line) <= max_width and not _starts_item(line) for line in lines[:-1]
        )
        out.append(" ".join(lines) if wrapped else "\n".join(lines))
    return "\n\n".join(block for block in out if block)


def _starts_item(line: str) -> bool:
    return line[:1] in "-–—•*>" or bool(re.match(r"\d{1,3}[.)]\s", line))


def title_from_text(text: str, *, limit: int = 100) -> str:
    """Return the first sentence of `text`, cut at a word boundary to about `limit` chars."""
    first = clean_line(text.split("\n\n", 1)[0])
    sentence = first
    for match in _SENTENCE_END.finditer(first):
        if match.end() >= _MIN_SENTENCE:
            sentence = first[: match.end()]
            break
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(" ,;:–—-")
    return (cut or sentence[:limit]) + "…"


# --- scraped-page furniture -------------------------------------------------------------

_LANGUAGE_CODES = frozenset(
    {"ua", "uk", "ukr", "en", "eng", "engl", "ru", "rus", "de", "deu", "ger", "fr", "fra"}
    | {"pl", "pol", "es", "it", "by", "be", "укр", "рус", "ру", "анг", "англ", "бел"}
)
_SWITCHER_SEPARATORS = re.compile(r"[|/·•,;\u2022]+")
_CAPTION_MARKERS = (
    "illustrative photo",
    "illustrative image",
    "photo:",
    "photo by",
    "фото:",
    "ілюстративне фото",
    "іллюстративне фото",
    "иллюстративное фото",
    "ілюстрація:",
    "иллюстрация:",
)
_PAREN_CREDIT = re.compile(r"\([^()]{2,80}\)\s*\.?$")
_SHORT_CAPTION_WORDS = 12


def is_language_switcher(line: str) -> bool:
    """Return True for a line made only of language codes, such as "ua en ru"."""
    tokens = _SWITCHER_SEPARATORS.sub(" ", line).casefold().split()
    return len(tokens) >= 2 and all(token.strip(".") in _LANGUAGE_CODES for token in tokens)


def is_caption(line: str, title: str = "") -> bool:
    """Return True for a photo caption line such as "… Illustrative photo: … (Getty Images)".

    A caption carries a marker ("Illustrative photo", "Photo:", "Фото:", "Ілюстративне
    фото", …) and either ends with a parenthesised credit, starts by repeating the title,
    or starts with the marker and is short.
    """
    folded = line.casefold()
    positions = [folded.find(marker) for marker in _CAPTION_MARKERS]
    found = [pos for pos in positions if pos >= 0]
    if not found:
        return False
    if _PAREN_CREDIT.search(line):
        return True
    if title and _fold_ws(line).startswith(_fold_ws(title)):
        return True
    return min(found) == 0 and len(line.split()) <= _SHORT_CAPTION_WORDS


def _fold_ws(text: str) -> str:
    return " ".join(text.casefold().split())


def drop_page_furniture(paragraphs: list[str], title: str) -> list[str]:
    """Drop language switchers, repeats of the title and photo captions from a page body."""
    folded_title = _fold_ws(title)
    kept = []
    for paragraph in paragraphs:
        if is_language_switcher(paragraph):
            continue
        if folded_title and _fold_ws(paragraph) == folded_title:
            continue
        if is_caption(paragraph, title):
            continue
        kept.append(paragraph)
    return kept
