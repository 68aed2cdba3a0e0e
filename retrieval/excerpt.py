"""How a chosen sentence becomes a snippet's text: short ones take their neighbours along,
long ones are cut around their matches, never past `MAX_SNIPPET_CHARS`.

`retrieval.quotes` chooses the sentences; this module only words their snippets.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from retrieval.analysis import Analyzer
    from retrieval.quotes import Sentence

MAX_SNIPPET_CHARS = 300
WORD_SPAN = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")


def expand(
    cand: Sentence,
    sentences: list[Sentence],
    weights: dict[str, float],
    analyzer: Analyzer,
    lang: str,
    used: set[tuple[int, int]],
) -> tuple[str, list[Sentence]]:
    """Return the snippet text for a chosen sentence of a passage (`sentences`, in order)
    and the sentences it uses; `used` holds the keys of sentences already quoted."""
    if len(cand.text) > MAX_SNIPPET_CHARS:
        answer = cand.reading.answer
        around = (answer.start, answer.end) if answer is not None else None
        return _window(cand.text, cand.matched, weights, analyzer, lang, around), [cand]
    best: Sentence | None = None
    for j in (cand.index + 1, cand.index - 1):
        neighbour = _joinable(sentences, j, cand, len(cand.text), used)
        if neighbour is not None and (
            best is None or _neighbour_value(neighbour) > _neighbour_value(best)
        ):
            best = neighbour
    if best is None:
        return cand.text, [cand]
    group = sorted([cand, best], key=lambda s: s.index)
    # The sentence on the other side goes along too when it still fits: the answer to a
    # why-question often stands beside the sentence that names its subject (tune half and
    # written-a +1 answer in the snippets each, XQuAD en +0.3, ru +0.2 pt).
    length = len(group[0].text) + 1 + len(group[1].text)
    for j in (group[0].index - 1, group[-1].index + 1):
        other = _joinable(sentences, j, group[0], length, used)
        if other is not None:
            group = sorted([*group, other], key=lambda s: s.index)
            break
    return " ".join(s.text for s in group), group


def _joinable(
    sentences: list[Sentence], j: int, first: Sentence, length: int, used: set[tuple[int, int]]
) -> Sentence | None:
    """Return sentence `j` if it may join a snippet of `length` characters that starts
    with `first`: it exists, is not quoted yet, fits, and, before `first`, is of its
    paragraph (the next paragraph may go along, a one-sentence lead and what follows it;
    the previous one belongs to another thought)."""
    if not 0 <= j < len(sentences):
        return None
    other = sentences[j]
    if j < first.index and other.paragraph != first.paragraph:
        return None
    if other.key in used or length + 1 + len(other.text) > MAX_SNIPPET_CHARS:
        return None
    return other


def _neighbour_value(sentence: Sentence) -> tuple[float, int]:
    """Rank a neighbour to quote along: an answer of the asked kind first, then its words."""
    return (sentence.reading.evidence, len(sentence.matched))


def _window(
    text: str,
    matched: frozenset[str],
    weights: dict[str, float],
    analyzer: Analyzer,
    lang: str,
    around: tuple[int, int] | None = None,
) -> str:
    """Cut a long sentence to the ≤ MAX_SNIPPET_CHARS window holding most matched weight.

    With `around` (the sentence's candidate answer), only windows holding it count.
    """
    spans = [(m.start(), m.end()) for m in WORD_SPAN.finditer(text)]
    marks: list[float] = []
    for start, end in spans:
        terms = analyzer.terms(text[start:end], lang)
        marks.append(sum(weights[t] for t in terms if t in matched))
    budget = MAX_SNIPPET_CHARS - 2  # room for the ellipses
    best_start, best_gain = 0, -1.0
    j = 0
    gain = 0.0
    for i, (start, _) in enumerate(spans):
        while j < len(spans) and spans[j][1] - start <= budget:
            gain += marks[j]
            j += 1
        holds = around is None or (start <= around[0] and around[1] - start <= budget)
        if holds and gain > best_gain:
            best_gain, best_start = gain, start
        gain -= marks[i]
    end = best_start + budget
    piece = text[best_start:end]
    if end < len(text):
        piece = piece.rsplit(" ", 1)[0] if " " in piece else piece
        piece = piece.rstrip(" ,;:") + "…"
    if best_start > 0:
        piece = "…" + piece
    return piece
