"""Language-neutral keys of names: "Zelensky", "Зеленський" and "Зеленский" become `zlnsk`.

A name's key is its consonant skeleton after transliteration, repeats collapsed. The
digest uses the keys of headlines and leads to join one story told in three languages;
the index stores the keys of every passage's capitalised words as body terms marked
with `KEY_MARK`, so a question can find articles in another language by the names it
shares with them (`retrieval.crosslang`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from retrieval.analysis import normalise, stop_words, words

if TYPE_CHECKING:
    from retrieval.analysis import Analyzer

KEY_MARK = "§"
KEY_LENGTH = 6
_MEMO_LIMIT = 500_000

_NAME = re.compile(r"(?<![\w'’])([A-ZА-ЯЁІЇЄҐ][\w'’-]+)")
_NUMBER = re.compile(r"(?<![\w.,])(\d+[.,]\d+|\d{2,})(?![\w])")
_SENTENCE = re.compile(r"(?<=[.!?…:])\s+|\n+")
_CALENDAR = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
_VOWELS = frozenset("aeiouyаеєиіїоуюяыэёйьъ'’-")
_TRANSLIT = {
    "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "ж": "j", "з": "z", "к": "k",
    "л": "l", "м": "m", "н": "n", "п": "p", "р": "r", "с": "s", "т": "t", "ф": "f",
    "х": "x", "ц": "C", "ч": "c", "ш": "s", "щ": "s",
}  # fmt: skip
# "th", "ph" and "ck" as Cyrillic spells them: Thomas/Томас, Philips/Філіпс, Nick/Нік.
_LATIN_DIGRAPHS = (("x", "ks"), ("shch", "s"), ("kh", "x"), ("zh", "j"), ("ts", "C"), ("ch", "c"),
                   ("th", "t"), ("ph", "f"), ("ck", "k"), ("sh", "s"), ("h", "g"), ("w", "v"),
                   ("q", "k"), ("c", "k"))  # fmt: skip


_CYRILLIC = re.compile(r"[а-яіїєґё]")
_NOT_LETTER = re.compile(r"[^a-zA-Zа-яіїєґё]+")
_REPEATS = re.compile(r"(.)\1+")
# Cyrillic consonants to Latin, vowels and signs (and apostrophes, hyphens) dropped.
_CYRILLIC_KEY = str.maketrans({**_TRANSLIT, **dict.fromkeys(_VOWELS)})
_LATIN_VOWELS = str.maketrans(dict.fromkeys(_VOWELS))


def skeleton(word: str) -> str:
    """Return a name's language-neutral key: transliterated consonants, repeats collapsed."""
    w = normalise(word)
    if _CYRILLIC.search(w):
        latin = w.translate(_CYRILLIC_KEY)
    else:
        latin = w
        for digraph, letter in _LATIN_DIGRAPHS:
            if digraph in latin:
                latin = latin.replace(digraph, letter)
        latin = latin.translate(_LATIN_VOWELS)
    latin = _NOT_LETTER.sub("", latin)
    return _REPEATS.sub(r"\1", latin)


@cache
def _stop() -> frozenset[str]:
    return stop_words("en") | stop_words("uk") | stop_words("ru")


def name_keys(text: str) -> set[str]:
    """Return the language-neutral keys of a text: skeletons of names, and numbers.

    A capitalised word counts as a name unless it is a stop word or a calendar word, or
    it only ever starts a sentence (where every word is capitalised).
    """
    stop = _stop()
    initial: set[str] = set()
    inside: set[str] = set()
    for sentence in _SENTENCE.split(text):
        for k, match in enumerate(_NAME.finditer(sentence)):
            word = match.group(1).strip("'’-")
            if normalise(word) in stop or word.casefold() in _CALENDAR:
                continue
            starts = k == 0 and not sentence[: match.start()].strip(" \"'«„“(")
            (initial if starts else inside).add(word)
    keys: set[str] = set()
    for word in inside | (initial & inside):
        key = skeleton(word)[:6]
        if len(key) >= 2:
            keys.add(key)
    for match in _NUMBER.finditer(text):
        keys.add("#" + match.group(1).replace(",", "."))
    return keys


class TokenKeys(dict[str, str]):
    """The marked keys ("" for none) of raw whitespace-separated tokens in one language.

    A token gives keys when it starts with a capital letter and is not a calendar word:
    the skeletons of its terms (stems, lemmas), so inflected forms share a key
    ("Ньютоном" → "ньютон" → `ntn`). Found on first use.
    """

    def __init__(self, analyzer: Analyzer, lang: str) -> None:
        super().__init__()
        self._analyzer = analyzer
        self._lang = lang

    def __missing__(self, token: str) -> str:
        if len(self) >= _MEMO_LIMIT:
            self.clear()
        keys = self[token] = self._keys(token)
        return keys

    def _keys(self, token: str) -> str:
        word = token.strip(".,;:!?\"'«»“”„()[]{}—–-’")
        if not word[:1].isupper() or normalise(word) in _CALENDAR:
            return ""
        return " ".join(word_keys(self._analyzer.kept_words(word, self._lang)))


# Case endings whose consonants would make an inflected name's key differ from its base
# form's ("Ньютоном" must give `ntn` like "Newton"); vowel endings vanish on their own.
_CYRILLIC_ENDINGS = re.compile(r"(?:ами|ями|ого|его|ому|ему|ом|ем|ам|ям|ах|ях|ов|ев)$")
_LATIN_POSSESSIVE = re.compile(r"'s?$")


def word_keys(words: Iterable[str]) -> list[str]:
    """Return the marked keys of normalised words (numbers and one-consonant keys give none)."""
    out = []
    for word in words:
        if word.isdigit():
            continue
        if word[:1] >= "а":  # Cyrillic
            if len(word) > 5:
                word = _CYRILLIC_ENDINGS.sub("", word)
        else:
            word = _LATIN_POSSESSIVE.sub("", word)
        key = skeleton(word)[:KEY_LENGTH]
        if len(key) >= 2:
            out.append(KEY_MARK + key)
    return out


# A word capitalised inside a sentence: after a word and one space, not after . ! ? …
_MID_SENTENCE = re.compile(r"(?<=[^\s.!?…]\s)[A-ZА-ЯІЇЄҐЁ][^\W\d_]*")
_CAPITALISED = re.compile(r"(?<![\w'’])[A-ZА-ЯІЇЄҐЁ][\w'’.-]*")


def passage_keys(text: str, memo: TokenKeys) -> str:
    """Return the marked keys of a text's capitalised words, space-separated.

    The words are found by one regular expression over the text, so lowercase words
    cost nothing in Python; their keys come from the memo.
    """
    return " ".join(filter(None, map(memo.__getitem__, _CAPITALISED.findall(text))))


def capitalised_words(question: str) -> list[str]:
    """Return the words a question capitalises inside its sentences (so names)."""
    return _MID_SENTENCE.findall(question)


def names_of(
    question: str,
    lang: str,
    analyzer: Analyzer,
    doc_freq: Callable[[str], int],
    written: Sequence[str] = (),
) -> list[tuple[str, str]]:
    """Return the question's names as (term, marked key) pairs.

    People type names in lowercase, so a word counts as a name when the corpus holds its
    key (capitalised words of any language) at least as often as its own term: "білорусь"
    (key `blrs`: Belarus, Беларусь, Білорусь) does, "готова" does not. A word the question
    itself capitalises inside a sentence is a name whatever the counts ("в Україну": in
    Ukrainian news the word is more common than its key), and so is one the passages
    found for it (`written`) always capitalise inside their sentences (`capitalised_in`).
    Keys of fewer than three consonants match too much to count.
    """
    capitalised = set(words(" ".join(capitalised_words(question))))
    inside: list[str] | None = None  # the words inside the found passages' sentences
    out: list[tuple[str, str]] = []
    for word in analyzer.kept_words(question, lang):
        keys = word_keys([word])
        terms = analyzer.terms(word, lang)
        if not keys or not terms or len(keys[0]) < 4:  # the mark and three consonants
            continue
        df = doc_freq(keys[0])
        if df == 0 or (terms[0], keys[0]) in out:
            continue
        named = word in capitalised or df >= doc_freq(terms[0])
        if not named and written:
            if inside is None:
                inside = inside_words(written)
            named = capitalised_in(terms[0], inside, analyzer, lang)
        if named:
            out.append((terms[0], keys[0]))
    return out


# A word inside a sentence: after a character that ends no sentence and one space.
_INSIDE = re.compile(r"(?<=[^\s.!?…]\s)[^\W\d_]+(?:['’][^\W\d_]+)*")
# How often the found passages must write a word, all of them capitalised, for a name.
_WRITTEN_NAME = 2


def inside_words(texts: Sequence[str]) -> list[str]:
    """Return the words of `texts` that stand inside a sentence, as written."""
    return [word for text in texts for word in _INSIDE.findall(text)]


def capitalised_in(term: str, inside: Sequence[str], analyzer: Analyzer, lang: str) -> bool:
    """Return whether words inside sentences (`inside_words`) write `term` at least
    `_WRITTEN_NAME` times and always capitalised: the found passages say "в Україну"
    where the question typed "в україну"."""
    memo = analyzer.token_terms(lang)
    upper = 0
    for word in inside:
        if word[:1].casefold() != term[:1] or memo[word] != term:
            continue
        if not word[:1].isupper():
            return False
        upper += 1
    return upper >= _WRITTEN_NAME
