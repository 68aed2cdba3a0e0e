"""Hypothesis strategies for hostile text: controls, zero-width and bidi characters, markup.

Surrogates are left out (no UTF-8 file, JSON update or argv carries a lone one); every
other code point can turn up, and these most often.
"""

from __future__ import annotations

from hypothesis import strategies as st

CONTROLS = "".join(map(chr, [*range(0x00, 0x20), *range(0x7F, 0xA0)]))
INVISIBLE = "\u00ad\u034f\u061c\u115f\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\ufeff"
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ODD = "\u2028\u2029\u0085\ufffd\ufffe\uffff\U0010fffd\u0301\u0489\ua66f"
SCRIPTS = "אבג שלום مرحبا بالعالم Київ метро станції Москва 東京 한국 🇺🇦👍🏽👨‍👩‍👧 e\u0301"
MARKUP = [
    "<b>",
    "</b>",
    "<i>",
    "</a>",
    '<a href="javascript:alert(1)">',
    "<script>",
    "&amp;",
    "&lt;",
    "&#x1F600;",
    "&nbsp;",
    "&",
    "<",
    ">",
    '"',
    "'",
    "{}",
    "{lang}",
    "%s",
    "%(x)s",
    "\\",
    "`",
    "*",
    "_",
    "[1]",
    "[99]",
    "]]>",
    "<!--",
    "https://evil.example/x?a=1&b=2",
    "tg://user?id=1",
    "t.me/joinchat/x",
    "@admin",
    "@test_bot",
    "/ask",
    "/start",
]
WORDS = [
    "Kyiv",
    "metro",
    "stations",
    "Vynohradar",
    "grain",
    "corridor",
    "bread",
    "prices",
    "How",
    "what",
    "yesterday",
    "2025",
    "11",
    "Київ",
    "метро",
    "вчора",
    "Одессе",
    "снег",
    "ferry",
    "strike",
    "Riverton",
    "air-raid",
    "alerts",
    "shelters",
    "How many",
    "When did",
    "Who",
    "?",
    "x" * 300,
    "\x1b[2J",
    "\x1b]0;owned\x07",
]

hostile_char = st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from(CONTROLS + INVISIBLE + BIDI + ODD + SCRIPTS),
)


def hostile_text(*, min_size: int = 0, max_size: int = 200) -> st.SearchStrategy[str]:
    """Text mixing odd characters, markup, real words and, now and then, a great deal of it."""
    pieces = st.one_of(
        st.text(hostile_char, min_size=1, max_size=12),
        st.sampled_from(MARKUP),
        st.sampled_from(WORDS),
        st.sampled_from([" ", "  ", "\n", "\n\n", "\t"]),
    )
    joined = st.lists(pieces, max_size=24).map("".join)
    huge = st.tuples(st.text(hostile_char, min_size=1, max_size=8), st.integers(50, 2000)).map(
        lambda pair: pair[0] * pair[1]
    )
    return (
        st.one_of(joined, joined, joined, huge)
        .map(lambda s: s[:max_size])
        .filter(lambda s: len(s) >= min_size)
    )


def questions(*, max_size: int = 400) -> st.SearchStrategy[str]:
    """Questions the articles can answer, sprinkled with odd characters and markup."""
    sprinkle = st.one_of(
        st.sampled_from(WORDS[:-2]),
        st.sampled_from(WORDS[:-2]),
        st.sampled_from(MARKUP),
        st.text(hostile_char, min_size=1, max_size=3),
    )
    spaced = st.lists(sprinkle, min_size=1, max_size=12).map(" ".join)
    return spaced.map(lambda s: s[:max_size])
