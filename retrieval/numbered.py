"""Numbered names: a model, an edition or a station named by a word and a number ("iPhone
16", "Boeing 717", "Halo 2", "BWV 216", "Су-27", "Radio 3").

Such a number means something only beside its word. "How much did the iphone 16 cost at
launch" was answered from an article about the iPhone 3GS, sold "in a 16 GB and 32 GB
models": the number was there, so the rule that refuses a number no article has
(`retrieval.refusal.missing_number`) let it through. So a number written right after a
word of the question (not a year, a date's day, an amount's unit or a function word) that
the found passages write as a name (always with a capital) must stand right after the
same word, or one of its other names, in a candidate passage; otherwise the articles tell
of another model, and the question is not covered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from retrieval.calendar_words import MONTHS, WEEKDAYS
from retrieval.excerpt import WORD_SPAN
from retrieval.namekeys import skeleton
from retrieval.spans import AMOUNT_AFTER_NUMBER

if TYPE_CHECKING:
    from retrieval.analysis import Analyzer
    from retrieval.search import Hit

# A word and a number of one to three figures: a year has four, and "1,200" or "3.5" is an
# amount. The number ends the phrase or a word follows it.
_PAIR = re.compile(r"(?<![\w'’-])([^\W\d_][\w'’]*[^\W\d_])(?:\s|-)?(\d{1,3})(?![\d.,]*\d|\w)")
# What after a number makes it an amount or a date, not a name's: an amount's unit
# (`retrieval.spans`, and a few it needs not, "16 GB"), a month or a weekday, an ending.
_AMOUNT_AFTER = re.compile(
    rf"\s*(?:{AMOUNT_AFTER_NUMBER}|(?:{MONTHS}|{WEEKDAYS}|gb|mb|tb|mm|mph|gw|mw|kw|seconds?"
    r"|people|тис|тыс|секунд\w*|очк\w*|бал\w*|гол\w*|мест\w*|місц\w*)(?!\w))"
    # An ordinal's or a decade's ending: "5-го", "20-х".
    r"|-(?:го|й|ий|ый|ої|ой|им|ым|ом|е|і|ї|х)(?!\w)",
    re.IGNORECASE,
)
# Words before a number that make it no name's: a month ("june 17"), "under 9000",
# "round 3", "first 787".
_NOT_A_NAME = re.compile(
    rf"(?:{MONTHS}|{WEEKDAYS}|under|over|about|around|nearly|almost|than|top|page|chapter"
    r"|section|article|part|round|stage|day|week|year|number|no|nos|більше|менше|понад"
    r"|близько|майже|больше|меньше|около|почти|свыше|стаття|статья|пункт|номер|тур|етап"
    r"|этап|раунд|день|тиждень|неделя|рік|год|частина|часть|розділ|раздел|first|last|next"
    r"|перш\w*|останн\w*|наступн\w*|перв\w*|последн\w*|следующ\w*)",
    re.IGNORECASE,
)


def numbered_names(
    question: str, analyzer: Analyzer, lang: str, known: Callable[[str], bool] | None = None
) -> list[tuple[str, str]]:
    """Return the (word, number) pairs of a question that name something ("iphone 16").

    With `known` (whether the collection has a term), a pair whose next word the
    collection never writes is left alone: "10 сеэпня" may be a mistyped month.
    """
    pairs: list[tuple[str, str]] = []
    for match in _PAIR.finditer(question):
        word, number = match.group(1), match.group(2)
        rest = question[match.end() :]
        if _AMOUNT_AFTER.match(rest) or _NOT_A_NAME.fullmatch(word):
            continue
        form = word.casefold()
        if analyzer.function_word(form, lang) or not analyzer.keeps(form, lang):
            continue
        following = WORD_SPAN.match(rest.lstrip())
        if known is not None and following is not None:
            terms = analyzer.terms(following.group(0), lang)
            if not all(known(term) for term in terms):
                continue
        pairs.append((word, number))
    return pairs


def unpaired_name(
    question: str,
    hits: Sequence[Hit],
    analyzer: Analyzer,
    lang: str,
    aliases: dict[str, str],
    known: Callable[[str], bool] | None = None,
) -> str | None:
    """Return a numbered name of the question ("iphone 16") that no candidate passage writes
    (its number right after its word, in any form, or a transliteration of it, or after
    another name), if any. `known` is as for `numbered_names`."""
    pairs = numbered_names(question, analyzer, lang, known)
    if not pairs or not hits:
        return None
    texts = [text for hit in hits for text in (hit.passage.title, hit.passage.text)]
    for word, number in pairs:
        if not _written_as_name(word, texts):
            continue
        wanted = set(analyzer.terms(word, lang))
        wanted |= {alias for alias, term in aliases.items() if term in wanted}
        key = skeleton(word.casefold())
        at = re.compile(rf"(?<![\d.,]){number}(?![\d]|[.,]\d)")
        if not any(_written(hit, at, wanted, key, analyzer) for hit in hits):
            return f"{word} {number}"
    return None


def _written_as_name(word: str, texts: Sequence[str]) -> bool:
    """Return whether the passages write `word` inside their sentences, and always with a
    capital ("iPhone", "Boeing", "BWV"): a name, not a verb or a counted noun."""
    pattern = re.compile(rf"(?<=[^\s.!?…]\s){re.escape(word)}(?!\w)", re.IGNORECASE)
    seen = [found.group(0) for text in texts for found in pattern.finditer(text)]
    return bool(seen) and all(any(ch.isupper() for ch in form) for form in seen)


def _written(
    hit: Hit, at: re.Pattern[str], wanted: set[str], key: str, analyzer: Analyzer
) -> bool:
    """Return whether a passage (or its headline) has the number right after the word."""
    rec = hit.passage
    for text in (rec.title, rec.text):
        for found in at.finditer(text):
            before = WORD_SPAN.findall(text[max(0, found.start() - 40) : found.start()])[-2:]
            # After a name of its own ("Super Bowl 50" for "суперкубке 50"), another
            # language's or spelling's, the number still names something.
            last = before[-1] if before else ""
            if (
                any(ch.isupper() for ch in last)
                and not analyzer.function_word(last.casefold(), rec.lang)
                and not _NOT_A_NAME.fullmatch(last)  # "June 16"
            ):
                return True
            for token in before:
                if set(analyzer.terms(token, rec.lang)) & wanted:
                    return True
                if key and skeleton(token.casefold()) == key:
                    return True
    return False
