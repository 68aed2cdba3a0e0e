"""Questions typed with the wrong keyboard layout ("rjkb gjnzu lj Dslyz" for "коли потяг до
Відня", "скыльки" for "скільки"), or with one key of another ("скiльки" with a Latin i).

People who write in Ukrainian or Russian switch layouts all day, and a question sent before
the switch arrives as Latin letters (or the other way round, "црщ" for "who"). Nothing in
the articles matches it, so it would be refused or answered from noise.

A question is read as typed in another layout when, key for key, the other layout turns it
into words the articles and the language know: the share of its words that are the
language's stop words or terms some passage holds rises to at least 0.6, and by at least
0.4 (a short run of gibberish can be a word: "шт"). Words known as typed (a Latin name
among the slipped words) stay as they are. The keys are those of the standard layouts:
ЙЦУКЕН for Russian, the Ukrainian one (і on s, ї on ], є on ', the apostrophe on `), and
QWERTY for English. The two Cyrillic layouts differ in three letter keys only (ы/і, ъ/ї,
э/є), so a Ukrainian question typed with the Russian layout on changes in a few words
("скыльки пасажирыв постраждало"), and those words are judged (`_cyrillic_swap`).

Measured by `benchmarks/typos.py` on the seen questions (tune half and written-a), each
typed with the other layout on: Hit@1 0.870 and the answer in the snippets 0.806 (as
written: 0.875 / 0.810; not read: nothing found). The Ukrainian ones typed with the
Russian layout on: 0.847 / 0.750, 1 of 72 lost (not read: 0.250 / 0.181, 44 lost; as
written 0.861 / 0.778); the Russian ones with the Ukrainian layout on: 0.875 / 0.750 (not
read: 0.792 / 0.667; as written 0.889 / 0.764). Ukrainian "і" typed as a Latin "i": as
written. Never fired on the questions as written, nor on XQuAD's 2,380 questions, nor on
2,572 Ukrainian and Russian headlines of the news corpora asked as questions.
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
# The Russian and Ukrainian layouts differ in three letter keys: ы/і, э/є, ъ/ї ("скыльки"
# is "скільки" typed with the Russian layout on, "ві" is "вы" with the Ukrainian one). The
# fourth, ё/', is left alone: "всё-таки" is no "вс'-таки".
_RU_TO_UK = {
    r: u for r, u in zip(LAYOUTS["ru"], LAYOUTS["uk"], strict=True) if r != u and u.isalpha()
}
_SWAP = {
    ("ru", "uk"): str.maketrans(_RU_TO_UK),
    ("uk", "ru"): str.maketrans({u: r for r, u in _RU_TO_UK.items()}),
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
_SWAP_KNOWN = 0.75  # swapped to the other Cyrillic layout: the share of words known
_SWAP_BETTER_BY = 0.3  # ... and how much more of the changed words than as typed


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
    if detected != "en" and (swapped := _cyrillic_swap(text, knows, detected)) is not None:
        return swapped
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


def _cyrillic_swap(
    text: str, knows: Callable[[str, str], bool], detected: str
) -> tuple[str, str] | None:
    """Return (the question, the language meant) when it was typed with the other Cyrillic
    layout on, else None. Either way round: a Russian question typed on the Ukrainian
    layout may read as Ukrainian ("біло" for "было").

    Only the words with one of the three keys change ("скыльки пасажирыв" for "скільки
    пасажирів"; "постраждало" is the same on both), often one word of many ("кто
    победил на віборах"). So the changed words are judged: as the language meant, at least
    `_SWAP_KNOWN` of them must be known, and `_SWAP_BETTER_BY` more than as typed ("новый" is
    a Russian word, though "новій" is a Ukrainian one); and the whole question must read
    at least as well as typed, and `_SWAP_KNOWN` well.
    """
    chunks = text.split()
    whole: float | None = None
    for (_, meant), table in _SWAP.items():
        changed = [chunk for chunk in chunks if chunk.translate(table) != chunk]
        if not changed:
            continue  # none of the keys that differ: "сколько" reads alike in either
        # As typed first: a Russian question's "ы" words are Russian words, and then no
        # swap can read better (the other language's words are not looked up).
        before = known_share(" ".join(changed), detected, knows)[0]
        if before + _SWAP_BETTER_BY > 1:
            continue
        swapped = [chunk.translate(table) for chunk in changed]
        after, n = known_share(" ".join(swapped), meant, knows)
        if n == 0 or after < max(_SWAP_KNOWN, before + _SWAP_BETTER_BY):
            continue
        question = text.translate(table)
        if whole is None:
            whole = known_share(text, detected, knows)[0]
        reads = known_share(question, meant, knows)[0]
        if reads >= _SWAP_KNOWN and reads >= whole:
            return question, meant
    return None


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
_MIXED = re.compile(r"(?=[^\W\d_]*[A-Za-zÏï])(?=[^\W\d_]*[\u0400-\u04ff])[^\W\d_]+")
# The Ukrainian "і" ("and") typed as a lone Latin "i" between Cyrillic words (a capital
# "I" there is as likely a Roman numeral: "WG I").
_LONE_I = re.compile(r"(?:(?<=[\u0400-\u04ff] )|(?<=[\u0400-\u04ff], ))i(?= [\u0400-\u04ff])")


def _one_script(word: str) -> str:
    """Return a word of both scripts in the script most of its letters are in, when its
    other letters all have a look-alike there ("пiлоти", "СOVID"); else as it is."""
    latin = _LATIN_LETTER.findall(word)
    cyrillic = _CYRILLIC_LETTER.findall(word)
    if len(cyrillic) >= len(latin) and all(ch in _LATIN_LOOK for ch in latin):
        return word.translate(_TO_CYRILLIC)
    if len(latin) > len(cyrillic) and all(ch in _CYRILLIC_LOOK for ch in cyrillic):
        return word.translate(_TO_LATIN)
    return word


def unmixed(text: str) -> str:
    """Return `text` with each word typed in both scripts written in one ("скiльки"
    → "скільки", "CША" → "США"), and a lone Latin "i" between Cyrillic words read as the
    Ukrainian "і" ("and"). Words of one script are left alone."""
    if not _LATIN_LETTER.search(text) or not _CYRILLIC_LETTER.search(text):
        return text
    text = _MIXED.sub(lambda m: _one_script(m.group()), text)
    return _LONE_I.sub("і", text)
