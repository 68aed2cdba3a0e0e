"""Server-sent events (the streaming format of OpenAI-compatible chat completions).

`SSEParser` follows the WHATWG event-stream rules and accepts bytes split anywhere.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_EOL = re.compile(r"\r\n|\r|\n")
_MAX_SSE_LINE = 1024 * 1024


@dataclass(frozen=True, slots=True)
class SSEEvent:
    data: str
    event: str = "message"


class SSEParser:
    """Turn a server-sent-event byte stream, split anywhere, into events (WHATWG rules).

    Bytes may split inside a UTF-8 character or between `\\r` and `\\n`; `:` lines are
    comments; several `data:` lines join with newlines; `id:` and `retry:` are ignored.
    """

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._buffer = ""
        self._data: list[str] = []
        self._event = ""
        self._started = False

    def feed(self, chunk: bytes) -> list[SSEEvent]:
        return self._take(self._decoder.decode(chunk), final=False)

    def close(self) -> list[SSEEvent]:
        """Flush the end of the stream; a last event missing its blank line still counts."""
        events = self._take(self._decoder.decode(b"", final=True), final=True)
        if self._buffer:
            events += self._line(self._buffer)
            self._buffer = ""
        if self._data:
            events.append(self._dispatch())
        return events

    def _take(self, text: str, *, final: bool) -> list[SSEEvent]:
        if not self._started and text:
            text, self._started = text.removeprefix("\ufeff"), True
        buffer = self._buffer + text
        events: list[SSEEvent] = []
        start = 0
        for match in _EOL.finditer(buffer):
            if match.group() == "\r" and match.end() == len(buffer) and not final:
                break  # maybe the first half of \r\n
            events += self._line(buffer[start : match.start()])
            start = match.end()
        self._buffer = buffer[start:]
        if len(self._buffer) > _MAX_SSE_LINE:
            msg = "server-sent event line too long"
            raise ValueError(msg)
        return events

    def _line(self, line: str) -> list[SSEEvent]:
        if not line:
            if self._data:
                return [self._dispatch()]
            self._event = ""
            return []
        if line.startswith(":"):
            return []
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        return []

    def _dispatch(self) -> SSEEvent:
        event = SSEEvent("\n".join(self._data), self._event or "message")
        self._data, self._event = [], ""
        return event
