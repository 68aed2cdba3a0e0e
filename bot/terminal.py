"""Keep what the command line prints from driving the terminal that shows it.

Titles, snippets, outlets, ids, URLs and file names come from corpora and feeds. An ESC
(`\\x1b`) among them starts an escape sequence: it can retitle the window, hide text,
rewrite earlier lines or, in some terminals, write files; a C1 control does the same in
one character, and a bidi override (U+202E) shows text in another order than it reads.
So the CLI's standard streams strip C0 controls but tab and newline, DEL, C1 controls and
the bidi embeddings, overrides and isolates; JSON output escapes them instead, losing
nothing; a URL keeps such characters percent-encoded, so it still reads and copies right.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any, TextIO, cast
from urllib.parse import quote, unquote

__all__ = ["TerminalStream", "install", "json_line", "readable_url", "terminal_safe"]

_UNSAFE_CODES = [
    *range(0x00, 0x09),
    *range(0x0B, 0x20),  # C0 but tab and newline
    *range(0x7F, 0xA0),  # DEL and C1
    *range(0x202A, 0x202F),  # bidi embeddings and overrides
    *range(0x2066, 0x206A),  # bidi isolates
]
_STRIP = dict.fromkeys(_UNSAFE_CODES)
_UNSAFE = re.compile("[" + "".join(re.escape(chr(code)) for code in _UNSAFE_CODES) + "]")


def terminal_safe(text: str) -> str:
    """Return `text` without the characters a terminal would obey."""
    return text.translate(_STRIP) if _UNSAFE.search(text) else text


def readable_url(url: str) -> str:
    """Return a URL with percent-escapes decoded for reading, except those of unsafe characters."""
    try:
        decoded = unquote(url, errors="strict")
    except UnicodeDecodeError:  # escapes of bytes that are not UTF-8: show them as given
        return terminal_safe(url)
    if not _UNSAFE.search(decoded):
        return decoded
    return _UNSAFE.sub(lambda match: quote(match.group(), safe=""), decoded)


def json_line(value: object) -> str:
    """Return `value` as one line of JSON with unsafe characters escaped (`\\u001b`), not raw."""
    # json.dumps escapes C0 itself; DEL, C1 and bidi controls it writes raw.
    text = json.dumps(value, ensure_ascii=False)
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class TerminalStream:
    """A text stream that strips unsafe characters from everything written through it."""

    def __init__(self, stream: TextIO) -> None:
        self.unfiltered = stream  # for output that is all ours and needs "\r": progress bars

    def write(self, text: str) -> int:
        """Write `text` without unsafe characters; return its length as given."""
        self.unfiltered.write(terminal_safe(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        """Write each line as `write` does."""
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.unfiltered, name)


def install() -> None:
    """Route `sys.stdout` and `sys.stderr` through `TerminalStream` (once)."""
    if not isinstance(sys.stdout, TerminalStream):
        sys.stdout = cast(TextIO, TerminalStream(sys.stdout))
    if not isinstance(sys.stderr, TerminalStream):
        sys.stderr = cast(TextIO, TerminalStream(sys.stderr))


def unfiltered(stream: TextIO) -> TextIO:
    """Return the stream under a `TerminalStream`, or `stream` itself."""
    return stream.unfiltered if isinstance(stream, TerminalStream) else stream
