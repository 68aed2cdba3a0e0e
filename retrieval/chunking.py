"""Cut articles into passages of about 120–200 tiktoken tokens on sentence boundaries.

The encoding is the caller's (`retrieval.budget.load_encoding`), made once and passed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from retrieval.sentences import split_paragraphs, split_sentences

if TYPE_CHECKING:
    from collections.abc import Callable

    import tiktoken

    from corpus.article import Article

MIN_TOKENS = 120
MAX_TOKENS = 200
# A short last sentence of one passage is repeated at the start of the next, so an answer
# that straddles the cut is still whole in one passage.
OVERLAP_MAX_TOKENS = 40
# Word token counts remembered per encoding before the memo starts over (bounds memory).
_COUNT_MEMO_LIMIT = 1_000_000
# A space that starts the text or follows other whitespace: such text is counted whole.
_UNSAFE_SPACE = re.compile(r"(?:^|\s) ")


@dataclass(frozen=True, slots=True)
class Passage:
    """A run of whole sentences from one article."""

    article_id: str
    ordinal: int
    text: str
    tokens: int
    # The text's whitespace-separated tokens, kept from counting so analysis need not
    # split the text again.
    words: list[str] = field(default_factory=list, compare=False, repr=False)


class _CountMemo(dict[str, int]):
    """Token counts of words (with an optional prefix), computed on first use."""

    def __init__(self, enc: tiktoken.Encoding, prefix: str) -> None:
        super().__init__()
        self._encode = enc.encode_ordinary
        self._prefix = prefix

    def __missing__(self, word: str) -> int:
        if len(self) >= _COUNT_MEMO_LIMIT:
            self.clear()
        count = self[word] = len(self._encode(self._prefix + word))
        return count


class TokenCounter:
    """Count the tokens `enc.encode_ordinary` gives a text, exactly, memoised per word.

    cl100k's pre-tokeniser never lets a piece run across a space that follows a
    non-space character: the piece before it ends there (letters, digits and
    punctuation runs all stop at a space, and no pattern looks further), and the space
    starts the next piece, whose matching looks only forward. So such a text splits at
    its spaces into the first word and " " + each following word, and its count is the
    sum of theirs. A text where a space starts it or follows other whitespace is counted
    whole. Counting whole sentences cost a third of the build; words repeat, sentences
    rarely do.
    """

    def __init__(self, enc: tiktoken.Encoding) -> None:
        self._encode = enc.encode_ordinary
        self._first = _CountMemo(enc, "")
        self._spaced = _CountMemo(enc, " ")

    def count(self, text: str) -> int:
        """Return `len(enc.encode_ordinary(text))`."""
        return self.count_split(text)[0]

    def count_split(self, text: str) -> tuple[int, list[str]]:
        """Return `len(enc.encode_ordinary(text))` and `text.split()`, splitting once."""
        # Printable text has no whitespace but the ASCII space (a cheap first check).
        if text.isprintable():
            if text.startswith(" ") or "  " in text:
                return len(self._encode(text)), text.split()
            parts = text.split(" ")
            tokens = parts[:-1] if parts[-1] == "" else parts  # a trailing space
        elif _UNSAFE_SPACE.search(text):
            return len(self._encode(text)), text.split()
        else:
            parts = text.split(" ")
            tokens = text.split()
        return self._first[parts[0]] + sum(map(self._spaced.__getitem__, parts[1:])), tokens

    @property
    def first_word(self) -> Callable[[str], int]:
        """`len(enc.encode_ordinary(word))`, memoised (a bound dict lookup: no call frame)."""
        return self._first.__getitem__

    @property
    def spaced_word(self) -> Callable[[str], int]:
        """`len(enc.encode_ordinary(" " + word))`, memoised (a bound dict lookup)."""
        return self._spaced.__getitem__


@cache
def token_counter(enc: tiktoken.Encoding) -> TokenCounter:
    """Return the memoised token counter of an encoding."""
    return TokenCounter(enc)


@dataclass(slots=True)
class _Sentence:
    text: str
    tokens: int
    words: list[str]
    paragraph_start: bool
    heading: bool = False


def chunk_article(
    article: Article,
    *,
    encoding: tiktoken.Encoding,
    min_tokens: int = MIN_TOKENS,
    max_tokens: int = MAX_TOKENS,
) -> list[Passage]:
    """Return the passages of an article's body, in order.

    Paragraph ends are preferred cut points once a passage has `min_tokens`; a passage
    never exceeds `max_tokens` unless one sentence alone does, and such a sentence is cut
    at word boundaries.
    """
    sentences = _sentences(article.text, encoding, max_tokens)
    passages: list[list[_Sentence]] = []
    current: list[_Sentence] = []
    size = 0
    for sentence in sentences:
        # A subheading opens the next passage rather than closing this one.
        at_paragraph_cut = sentence.paragraph_start and (
            size >= min_tokens or (sentence.heading and size >= min_tokens // 2)
        )
        if current and (size + sentence.tokens > max_tokens or at_paragraph_cut):
            passages.append(current)
            last = current[-1]
            overlap = (
                not at_paragraph_cut
                and last.tokens <= OVERLAP_MAX_TOKENS
                and last.tokens + sentence.tokens <= max_tokens
                and len(current) > 1
            )
            current = [last] if overlap else []
            size = last.tokens if overlap else 0
        current.append(sentence)
        size += sentence.tokens
    if current:
        # A short tail joins the previous passage when the two still fit.
        if passages and size < min_tokens // 2:
            prev = passages[-1]
            tail = current[1:] if current[0] is prev[-1] else current
            if sum(s.tokens for s in prev) + sum(s.tokens for s in tail) <= max_tokens:
                prev.extend(tail)
                current = []
        if current:
            passages.append(current)
    return [
        Passage(
            article_id=article.id,
            ordinal=i,
            text=_join(group),
            tokens=sum(s.tokens for s in group),
            words=group[0].words if len(group) == 1 else [w for s in group for w in s.words],
        )
        for i, group in enumerate(passages)
    ]


def _join(group: list[_Sentence]) -> str:
    parts: list[str] = []
    for i, sentence in enumerate(group):
        if i and sentence.paragraph_start:
            parts.append("\n\n")
        elif i:
            parts.append(" ")
        parts.append(sentence.text)
    return "".join(parts)


def _sentences(text: str, enc: tiktoken.Encoding, max_tokens: int) -> list[_Sentence]:
    counter = token_counter(enc)
    count_split = counter.count_split
    first, spaced = counter.first_word, counter.spaced_word
    out: list[_Sentence] = []
    for paragraph in split_paragraphs(text):
        sentences = split_sentences(paragraph)
        heading = len(sentences) == 1 and _looks_like_heading(paragraph)
        # A printable, single-spaced paragraph (clean text always is) has only such
        # sentences, so count_split's checks are done once here: its sentences split at
        # their spaces into the words whose memoised counts add up (see TokenCounter).
        simple = paragraph.isprintable() and "  " not in paragraph
        for j, sentence in enumerate(sentences):
            if simple:
                words = sentence.split(" ")
                count = first(words[0]) + sum(map(spaced, words[1:]))
            else:
                count, words = count_split(sentence)
            if count <= max_tokens:
                out.append(_Sentence(sentence, count, words, j == 0, heading))
                continue
            for k, piece in enumerate(_cut_long(sentence, counter, max_tokens)):
                out.append(_Sentence(piece, *count_split(piece), j == 0 and k == 0))
    return out


def _looks_like_heading(paragraph: str) -> bool:
    return len(paragraph.split()) <= 14 and paragraph.rstrip()[-1:] not in ".!?…:;,\"»”'"


def _cut_long(sentence: str, counter: TokenCounter, max_tokens: int) -> list[str]:
    """Cut an over-long sentence into word-bounded pieces of at most `max_tokens`."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for word in sentence.split():
        n = counter.spaced_word(word)
        if current and size + n > max_tokens:
            pieces.append(" ".join(current))
            current, size = [], 0
        current.append(word)
        size += n
    if current:
        pieces.append(" ".join(current))
    return pieces
