"""Questions in Ukrainian or Russian typed in Latin letters ("kto ubil posla karlova",
"skilky koshtuye vakcyna"): read in Cyrillic.

People without a Cyrillic keyboard at hand write Ukrainian and Russian in Latin letters,
each in their own way: "ш" is "sh" or "w", "х" is "kh" or "h", "и" is "y" or "i", a soft
sign is "'" or nothing. No one scheme reads them all, so each word is spelt back every way
those conventions allow, likeliest first, and a spelling the language knows wins (a stop
word or a form of one, or a term some passage holds); of the known spellings as likely as
the first or one step less, the commonest ("bilorus": "білорусь" in 10 passages, not
"білорус" in 1; "ukrainu": "україну", not "украину", which only Russian stems hold). A
question is read in Cyrillic when it reads as English badly and in Ukrainian or Russian
well: at least `_READ_WELL` of its words known, and `_BETTER_BY` more than as typed (the
keyboard-layout thresholds, `retrieval.layout`). Words the articles know in Latin letters
("ryanair") stay as typed.

Measured by `benchmarks/typos.py` on the seen questions written in Latin letters by a
passport's rules and as in a chat: Ukrainian Hit@1 0.125 / 0.042 → 0.847 / 0.847 (as
written 0.861), lost 58 / 65 → 0 of 72; Russian 0.097 / 0.097 → 0.875 / 0.889 (0.889),
lost 54 / 59 → 2 / 0. Never fired on 3,696 English texts (XQuAD en, the seen English
questions, BBC and Wikinews titles, the refusal probes).
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable

from retrieval.analysis import stop_words
from retrieval.layout import known_share

__all__ = ["from_latin"]

_READ_WELL = 0.6
_BETTER_BY = 0.4
_MIN_WORDS = 2
_MAX_SPELLINGS = 96  # spellings of one word tried before it is left unknown
_MAX_STATES = 4000  # partial spellings looked at, at most
_SLACK = 1  # a known spelling this much costlier than the cheapest may still win
_EVERYWHERE = 1 << 30  # a stop word: held by every passage, in effect
_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# Latin letters and pairs, and the Cyrillic they stand for, likeliest first. Pairs are
# read before single letters; each also may stand for its letters one by one.
_COMMON = {
    "shch": ["щ"],
    "sch": ["щ", "сх"],
    "zh": ["ж"],
    "kh": ["х"],
    "ch": ["ч", "х"],
    "sh": ["ш", "сх"],
    "ts": ["ц", "тс"],
    "tz": ["ц"],
    "cz": ["ч"],
    "a": ["а"],
    "b": ["б"],
    "c": ["ц", "к", "с"],
    "d": ["д"],
    "f": ["ф"],
    "j": ["й", "ж", "дж"],
    "k": ["к"],
    "l": ["л"],
    "m": ["м"],
    "n": ["н"],
    "o": ["о"],
    "p": ["п"],
    "q": ["к"],
    "r": ["р"],
    "s": ["с"],
    "t": ["т"],
    "u": ["у", "ю"],
    "v": ["в"],
    "w": ["в", "ш"],
    "x": ["кс", "х"],
    "z": ["з"],
}
_PER_LANGUAGE = {
    "ru": {
        "ya": ["я", "ья", "ъя"],
        "ja": ["я", "ья"],
        "yu": ["ю", "ью"],
        "ju": ["ю", "ью"],
        "yo": ["е", "йо", "ье"],
        "jo": ["е", "йо"],
        "ye": ["е", "э", "ье", "ъе"],
        "je": ["е", "ье"],
        "ia": ["ия", "я", "иа"],
        "iu": ["ию", "ю"],
        "ie": ["ие", "ье", "ъе", "е"],
        "ii": ["ии", "ий"],
        "iy": ["ий", "ый"],
        "yy": ["ый", "ий"],
        "e": ["е", "э"],
        "g": ["г"],
        "h": ["х", "г"],
        "i": ["и", "ы", "й"],
        "y": ["ы", "й", "и", "у"],
        "'": ["ь", "ъ"],
    },
    "uk": {
        "ya": ["я", "'я", "ья"],
        "ja": ["я", "'я"],
        "yu": ["ю", "'ю", "ью"],
        "ju": ["ю", "'ю"],
        "yo": ["йо", "ьо"],
        "jo": ["йо", "ьо"],
        "ye": ["є", "'є", "е"],
        "je": ["є", "'є"],
        "yi": ["ї", "'ї", "ий"],
        "ji": ["ї", "'ї"],
        "ia": ["ія", "я", "іа", "ия"],
        "iu": ["ію", "ю", "ию"],
        "ie": ["іє", "є", "ие"],
        "ii": ["ії", "ій", "ии"],
        "iy": ["ій", "ий"],
        "yy": ["ий"],
        "e": ["е", "є"],
        "g": ["г", "ґ"],
        "h": ["г", "х"],
        "i": ["і", "ї", "и", "й"],
        "y": ["и", "й", "у"],
        "'": ["'", "ь"],
    },
}
# Consonants a soft sign may follow unwritten ("skilky" is "скільки").
_SOFTENED = frozenset("лнтдсзцр")


def from_latin(
    text: str, passages: Callable[[str, str], int], detected: str
) -> tuple[str, str] | None:
    """Return (the question in Cyrillic, its language), or None if it reads as typed.

    `passages(word, lang)` is how many passages hold a normalised word's term (0: none;
    a stop word or a form of one counts as held everywhere);
    `detected` is the language the question's letters suggest (only "en" is read).
    Between Ukrainian and Russian, the one more of the words are known in wins, then the
    one with more of its stop words ("де" or "где"), then the likelier spellings.
    """
    if detected != "en" or _CYRILLIC.search(text):
        return None
    as_typed, n = known_share(text, "en", lambda w, lg: passages(w, lg) > 0)
    if n < _MIN_WORDS or as_typed > 1 - _BETTER_BY:
        return None
    counted = sum(1 for m in _LATIN_WORD.finditer(text) if len(m.group()) > 1)
    if counted < _MIN_WORDS:
        return None
    needed = max(_READ_WELL, as_typed + _BETTER_BY)
    best: tuple[tuple[float, int, int], str, str] | None = None
    for lang in ("uk", "ru"):
        reading = _Reading(lang, passages, counted, needed)
        question = _LATIN_WORD.sub(reading.spell, text)
        share = reading.known / reading.counted
        rank = (share, reading.stop_hits, -reading.cost)
        if share >= needed and (best is None or rank > best[0]):
            best = (rank, question, lang)
    return None if best is None else (best[1], best[2])


class _Reading:
    """A question's Latin words spelt in one language, with the tally of how well."""

    def __init__(
        self, lang: str, passages: Callable[[str, str], int], words: int, needed: float
    ) -> None:
        self.lang = lang
        self.table = {**_COMMON, **_PER_LANGUAGE[lang]}
        self.stops = stop_words(lang)
        self.passages = passages
        self.words = words  # the question's words that count
        self.needed = needed  # the share of them that must be known
        self.known = self.counted = self.stop_hits = self.cost = 0
        self.spelt: dict[str, tuple[str, int] | None] = {}

    def held(self, word: str) -> int:
        return _EVERYWHERE if word in self.stops else self.passages(word, self.lang)

    def spell(self, match: re.Match[str]) -> str:
        """Return a Latin word's Cyrillic spelling (`re.sub` callback), or it as typed."""
        typed = match.group()
        word = typed.casefold().replace("’", "'")
        if len(word) < 2:  # "v", "s", "i": prepositions, not counted
            return self.table[word][0] if word in self.table else typed
        # Once too many words are unknown for the reading to be kept, the rest are not
        # spelt (a message of Latin-letter gibberish cost 40 ms a word otherwise).
        if (self.words - (self.counted - self.known)) / self.words < self.needed:
            self.counted += 1
            return typed
        self.counted += 1
        if word in self.spelt:  # a word met again reads as before
            spelt = self.spelt[word]
        else:
            spelt = self.spelt[word] = _commonest(word, self.table, self.held)
        if spelt is not None:
            self.known += 1
            self.stop_hits += spelt[0] in self.stops
            self.cost += spelt[1]
            return spelt[0]
        self.known += self.passages(word, "en") > 0  # a Latin name the articles hold stays
        return typed


def _commonest(
    word: str, table: dict[str, list[str]], held: Callable[[str], int]
) -> tuple[str, int] | None:
    """Return the Cyrillic spelling of a Latin word that the most passages hold (`held`)
    among the known ones no more than `_SLACK` costlier than the cheapest known, with its
    cost; spellings are tried cheapest first, at most `_MAX_SPELLINGS` of them.

    A spelling's cost counts its less likely choices: an option's rank in its list, a
    soft sign added, and a letter read alone where a pair could be read ("s" + "h").
    """
    moves = _moves(word, table)
    heap: list[tuple[int, int, str]] = [(0, 0, "")]  # (cost, letters read, spelling)
    tried = popped = 0
    best: tuple[int, str, int] | None = None  # (passages, spelling, cost)
    first: int | None = None  # the cheapest known spelling's cost
    while heap and tried < _MAX_SPELLINGS and popped < _MAX_STATES:
        cost, at, spelling = heapq.heappop(heap)
        popped += 1
        if first is not None and cost > first + _SLACK:
            break
        if at == len(word):
            tried += 1
            count = held(spelling)
            if count and (best is None or count > best[0]):
                best = (count, spelling, cost)
                first = cost if first is None else first
            continue
        for extra, after, letters in moves[at]:
            heapq.heappush(heap, (cost + extra, after, spelling + letters))
    return None if best is None else (best[1], best[2])


def _moves(word: str, table: dict[str, list[str]]) -> list[list[tuple[int, int, str]]]:
    """Return, for each position of a Latin word, the ways to read on from it: (the cost
    they add, the position after them, their Cyrillic letters), in the order tried."""
    moves = []
    for at in range(len(word)):
        longest = max((n for n in (4, 3, 2, 1) if word[at : at + n] in table), default=0)
        here = []
        for size in (4, 3, 2, 1):
            options = table.get(word[at : at + size]) if at + size <= len(word) else None
            if not options:
                continue
            split = 1 if size < longest else 0
            for rank, option in enumerate(options):
                here.append((rank + split, at + size, option))
                if option[-1] in _SOFTENED:  # a soft sign left unwritten ("skilky")
                    here.append((rank + split + 1, at + size, option + "ь"))
        moves.append(here)
    return moves
