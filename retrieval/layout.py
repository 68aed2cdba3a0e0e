"""Questions typed with the wrong keyboard layout ("rjkb gjnzu lj Dslyz" for "коли потяг до
Відня"), or with one key of another ("скiльки" with a Latin i for "скільки").

People who write in Ukrainian or Russian switch layouts all day, and a question sent before
the switch arrives as Latin letters (or the other way round, "црщ" for "who"). Nothing in
the articles matches it, so it would be refused or answered from noise.

A question is read as typed in another layout when, key for key, the other layout turns it
into words the articles and the language know: the share of its words that are the
language's stop words or terms some passage holds rises to at least 0.6, and by at least
0.4 (a short run of gibberish can be a word: "шт"). Words known as typed (a Latin name
among the slipped words) stay as they are. The keys are those of the standard layouts:
ЙЦУКЕН for Russian, the Ukrainian one (і on s, ї on ], є on ', the apostrophe on `), and
QWERTY for English.

Measured by `benchmarks/typos.py` on the seen questions (tune half and written-a), each
typed with the other layout on: Hit@1 0.870 and the answer in the snippets 0.801 (as
written: 0.875 / 0.806; not read: nothing found). Never fired on the questions as written,
nor on XQuAD's 2,380 questions or the refusal probes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from retrieval.analysis import stop_words, words

QWERTY = "`qwertyuiop[]asdfghjkl;'zxcvbnm,./~QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>?&"
LAYOUTS = {
    "ru": "ёйцукенгшщзхъфывапролджэячсмитьбю.ЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,?",
    "uk": "'йцукенгшщзхїфівапролджєячсмитьбю.'ЙЦУКЕНГШЩЗХЇФІВАПРОЛДЖЄЯЧСМИТЬБЮ,?",
}
_TO = {lang: str.maketrans(QWERTY, keys) for lang, keys in LAYOUTS.items()}
# Back to QWERTY: the Cyrillic letters ("э" was "'"; the layouts' punctuation is left).
_FROM = {
    lang: str.maketrans({k: q for q, k in zip(QWERTY, keys, strict=True) if k.isalpha()})
    for lang, keys in LAYOUTS.items()
}
# The keys of a text in each language, as the other layout types them: what a slip looks
# like (`slipped`; for tests and `benchmarks/typos.py`). English goes to the Russian layout.
_SLIP = {
    "en": _TO["ru"],
    **{lang: str.maketrans(keys, QWERTY) for lang, keys in LAYOUTS.items()},
}
_READ_WELL = 0.6  # the question re-keyed: at least this share of known words
_BETTER_BY = 0.4  # and this much more than as typed (short gibberish can be a word: "шт")
_MIN_WORDS = 2


def slipped(text: str, lang: str) -> str:
    """Return what typing `text` (in `lang`) gives with the other keyboard layout on."""
    return text.translate(_SLIP[lang])


def known_share(text: str, lang: str, knows: Callable[[str, str], bool]) -> tuple[float, int]:
    """Return the share of `text`'s words that are `lang`'s stop words or known terms.

    `knows(word, lang)` says whether some passage holds the word's term. Single letters
    and numbers are not counted. Returns (share, number of words counted).
    """
    counted = [w for w in words(text) if len(w) > 1 and not w.isdigit()]
    if not counted:
        return 0.0, 0
    stops = stop_words(lang)
    known = sum(1 for w in counted if w in stops or knows(w, lang))
    return known / len(counted), len(counted)


def retyped(text: str, knows: Callable[[str, str], bool], detected: str) -> tuple[str, str] | None:
    """Return (the question in the layout meant, its language), or None if it reads as typed.

    `detected` is the language the question's own letters suggest. Words known as typed
    ("serebro my money" among the slipped ones) stay as they are.
    """
    as_typed, n = known_share(text, detected, knows)
    if n < _MIN_WORDS or as_typed > 1 - _BETTER_BY:
        return None
    tables = list(_TO.items()) if detected == "en" else [("en", _FROM[detected])]
    best: tuple[float, str, str] | None = None
    for lang, table in tables:
        candidate = " ".join(
            chunk if known_share(chunk, detected, knows)[0] == 1 else chunk.translate(table)
            for chunk in text.split()
        )
        share, m = known_share(candidate, lang, knows)
        good = share >= max(_READ_WELL, as_typed + _BETTER_BY)
        if m >= _MIN_WORDS and good and (best is None or share > best[0]):
            best = (share, candidate, lang)
    return None if best is None else (best[1], best[2])


# Letters that look alike in the Latin and Cyrillic alphabets. Ukrainians on a Russian
# layout type "і" and "ї" with the Latin keys ("скiльки пасажирiв", "Киïв"): the words look
# right and match nothing, and the question reads as Russian.
_LOOK_ALIKE = (
    ("a", "а"), ("c", "с"), ("e", "е"), ("i", "і"), ("ï", "ї"), ("o", "о"), ("p", "р"),
    ("x", "х"), ("y", "у"), ("A", "А"), ("B", "В"), ("C", "С"), ("E", "Е"), ("H", "Н"),
    ("I", "І"), ("Ï", "Ї"), ("K", "К"), ("M", "М"), ("O", "О"), ("P", "Р"), ("T", "Т"),
    ("X", "Х"), ("Y", "У"),
)  # fmt: skip
_TO_CYRILLIC = str.maketrans(dict(_LOOK_ALIKE))
_TO_LATIN = str.maketrans({cyr: lat for lat, cyr in _LOOK_ALIKE})
_LATIN_LOOK = "".join(lat for lat, _ in _LOOK_ALIKE)
_CYRILLIC_LOOK = "".join(cyr for _, cyr in _LOOK_ALIKE)
_LATIN_LETTER = re.compile(r"[A-Za-zÏï]")
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"[^\W\d_]+")
_MIXED = re.compile(r"(?=[^\W\d_]*[A-Za-zÏï])(?=[^\W\d_]*[\u0400-\u04ff])[^\W\d_]+")
_LONE_I = re.compile(r"(?<![\w'’])[iI](?![\w'’])")


def _one_script(word: str) -> str:
    """Return a word of both scripts in the script most of its letters are in, when its
    other letters all have a look-alike there ("пiлоти", "СOVID"); else as it is."""
    latin = len(_LATIN_LETTER.findall(word))
    cyrillic = len(_CYRILLIC_LETTER.findall(word))
    if cyrillic >= latin and all(ch in _LATIN_LOOK for ch in _LATIN_LETTER.findall(word)):
        return word.translate(_TO_CYRILLIC)
    if latin > cyrillic and all(ch in _CYRILLIC_LOOK for ch in _CYRILLIC_LETTER.findall(word)):
        return word.translate(_TO_LATIN)
    return word


def unmixed(text: str) -> str:
    """Return `text` with each word typed in both scripts written in one ("скiльки"
    → "скільки", "CША" → "США"), and, in a text mostly in Cyrillic, a lone Latin "i" read
    as the Ukrainian "і" ("and"). Words of one script are left alone."""
    if not _LATIN_LETTER.search(text) or not _CYRILLIC_LETTER.search(text):
        return text
    text = _MIXED.sub(lambda m: _one_script(m.group()), text)
    letters = "".join(_WORD.findall(text))
    if len(_CYRILLIC_LETTER.findall(letters)) > 2 * len(_LATIN_LETTER.findall(letters)):
        text = _LONE_I.sub(lambda m: m.group().translate(_TO_CYRILLIC), text)
    return text
