"""Typos in questions: a word the corpus never saw, read as the word the found passages say.

People type fast in Telegram: "parliment", "Лукашенко" as "Лукашеко", "carslbad". Such a
word's term is in no passage, so it neither ranks nor counts in the quoted sentences, and
the question is found by its other words or not at all. The other words usually still
find the right passages, and those passages spell the word right.

So after the first search, a question word of seven or more letters whose term no passage
holds is compared with the words of the best passages: a word one typo away (a letter
dropped, added, changed, or two neighbours swapped, the first and the last letter kept),
or a word whose term is one typo from the typed word's term (inflection differs:
"фесивале", "фестиваль"), is taken as what was meant. The search runs again with it as
another name of the typed word (`Query.aliases`), so it ranks and the sentence reader
counts it; the reply says how the word was read.

Measured by `benchmarks/typos.py` (the seen questions with one typo each, three seeds):
Hit@1 0.796 → 0.821, answer in the snippets 0.722 → 0.744, answerable questions lost to
"not covered" 49 → 37 of 648; as written, every figure is unchanged (0.875 / 0.806).

What it does not do: correct a word from the whole vocabulary (a correctly spelt word the
corpus lacks, "steam", is one letter from "team": such corrections cost XQuAD off-topic
refusals 81.1% → 76.0%), correct shorter words (six letters: "castle" read as "cattle",
81.1% → 80.8%), or touch the first or the last letter ("buddhism" and "buddhist" are two
words, not a typo). And a corrected word still counts as unknown to "not covered"
(`retrieval.refusal`): a correction helps find and quote; it does not make a question
about something else look covered.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from retrieval.search import Hit, Query, Searcher

# Typed words shorter than this are left alone (see the module's docstring).
MIN_WORD = 7
# The best passages of the first search whose words a typed word may mean.
PASSAGES_READ = 8


def one_typo_apart(typed: str, word: str) -> bool:
    """Return whether `word` is `typed` with one typo fixed, first and last letters kept.

    One typo: a letter dropped, one added, one changed, or two adjacent letters swapped.
    """
    if typed == word or not typed or not word:
        return False
    if typed[0] != word[0] or typed[-1] != word[-1]:
        return False
    a, b = len(typed), len(word)
    if abs(a - b) > 1:
        return False
    i = 0
    while i < min(a, b) and typed[i] == word[i]:
        i += 1
    if a == b:
        if typed[i + 1 :] == word[i + 1 :]:
            return True  # one letter changed
        return (
            i + 1 < a
            and typed[i] == word[i + 1]
            and typed[i + 1] == word[i]
            and typed[i + 2 :] == word[i + 2 :]
        )
    if a > b:
        return typed[i + 1 :] == word[i:]  # a letter too many
    return typed[i:] == word[i + 1 :]  # a letter dropped


def unknown_words(query: Query, searcher: Searcher) -> dict[str, str]:
    """Return {word form: its term} of the question's words that no passage holds.

    Forms of fewer than `MIN_WORD` letters are left alone, and so is a term with a known
    other name ("ковид" for "коронавирус").
    """
    engine = searcher.index.engine
    analyzer = searcher.analyzer
    named = {term for alias, term in query.aliases.items() if engine.doc_freq(alias) > 0}
    out: dict[str, str] = {}
    for form in analyzer.kept_words(query.text, query.lang):
        if len(form) < MIN_WORD or not form.isalpha() or form in out:
            continue
        terms = analyzer.terms_of_words([form], query.lang)
        if (
            len(terms) == 1
            and terms[0] not in named
            and terms[0] not in query.date_terms
            and engine.doc_freq(terms[0]) == 0
        ):
            out[form] = terms[0]
    return out


def corrections(
    query: Query, hits: Sequence[Hit], searcher: Searcher
) -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """Return the question's typos read as the passages' words, maybe none.

    Returns {the passages' term: the typed term} (the query's aliases to add) and, for the
    reply, (the word as typed, the word as the passages write it) pairs. The candidates
    are the words of the first `PASSAGES_READ` hits (headline and text): a word form one
    typo from the typed form ("пілотв": "пілотів"), or a word whose term is one typo from
    the typed word's term ("фесивале": "фестиваль"). Of several, the one those passages
    say most often wins.
    """
    typed = unknown_words(query, searcher)
    if not typed or not hits:
        return {}, ()
    analyzer = searcher.analyzer
    said: dict[str, int] = {}  # the passages' term: how often they say it
    written: dict[str, str] = {}  # the passages' word forms: their term
    texts: list[str] = []
    for hit in hits[:PASSAGES_READ]:
        rec = hit.passage
        texts.append(f"{rec.text} {rec.title}")
        forms = analyzer.kept_words(f"{rec.title} {rec.text}", rec.lang)
        for form in forms:
            if form not in written:
                terms = analyzer.terms_of_words([form], rec.lang)
                written[form] = terms[0] if len(terms) == 1 else ""
            term = written[form]
            said[term] = said.get(term, 0) + 1
    fixed: dict[str, str] = {}
    shown: list[tuple[str, str]] = []
    for form, term in typed.items():
        near = {t for f, t in written.items() if t and one_typo_apart(form, f)}
        near |= {t for t in said if t and len(term) >= MIN_WORD and one_typo_apart(term, t)}
        near -= {*query.terms, *fixed}
        if near:
            best = max(near, key=lambda t: (said[t], t))
            fixed[best] = term
            # Shown in the form nearest the typed one ("фесивале": "фестивале").
            example = max(
                (f for f, t in written.items() if t == best), key=lambda f: _shared(form, f)
            )
            shown.append((form, _as_written(example, texts)))
    return fixed, tuple(shown)


def _shared(a: str, b: str) -> int:
    """Return how many letters two words share at the start and at the end."""
    start = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), 0)
    end = next((i for i, (x, y) in enumerate(zip(a[::-1], b[::-1], strict=False)) if x != y), 0)
    return start + end


def _as_written(form: str, texts: Sequence[str]) -> str:
    """Return `form` (casefolded) as the passages write it ("Parliament"), else as it is."""
    pattern = re.compile(rf"(?<!\w){re.escape(form)}(?!\w)", re.IGNORECASE)
    for text in texts:
        if found := pattern.search(text):
            return found.group(0)
    return form
