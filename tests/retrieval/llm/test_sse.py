"""The server-sent-event parser, however the bytes of a stream are split."""

from __future__ import annotations

import itertools
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.llm.sse import SSEEvent, SSEParser


def _sse_stream(events: list[tuple[str, str]], crlf: bool) -> bytes:
    eol = "\r\n" if crlf else "\n"
    text = ""
    for name, data in events:
        text += f": comment{eol}"
        if name != "message":
            text += f"event: {name}{eol}"
        text += "".join(f"data: {line}{eol}" for line in data.split("\n")) + eol
    return text.encode()


@settings(max_examples=150, deadline=None)
@given(
    events=st.lists(
        st.tuples(
            st.sampled_from(["message", "error"]),
            st.text(
                alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"),
                max_size=20,
            ).map(lambda s: s + "\nїжак 😀"),
        ),
        max_size=5,
    ),
    cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=12),
    crlf=st.booleans(),
)
def test_sse_parser_gives_the_same_events_however_the_bytes_are_split(events, cuts, crlf):
    data = _sse_stream(events, crlf)
    points = sorted({0, len(data), *(c for c in cuts if c < len(data))})
    parser = SSEParser()
    parsed: list[SSEEvent] = []
    for start, end in itertools.pairwise(points):
        parsed += parser.feed(data[start:end])
    parsed += parser.close()

    assert parsed == [SSEEvent(data, name) for name, data in events]


def test_sse_parser_keeps_a_last_event_without_its_blank_line():
    parser = SSEParser()
    assert parser.feed(b'\xef\xbb\xbfdata: {"a": 1}') == []
    assert parser.close() == [SSEEvent('{"a": 1}')]
    assert json.loads(SSEEvent('{"a": 1}').data) == {"a": 1}
