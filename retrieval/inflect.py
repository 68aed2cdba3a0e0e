"""Another case of a Russian word the corpus writes, when the question's own form is in no
passage.

The Snowball stemmer cuts some names' cases apart: it reads the "-н" of "Земан" and the
"-ен" of "Байден" as endings, but keeps them before a case ending ("Земану" → земан,
"Земан" → зема). Asked "сколько лет земану" of articles that write only "Земан", the
question's word is in no passage. Its other cases' stems (the word with "а" or "у" added,
or a case ending taken off) that the passages do hold stand for it, as aliases
(`retrieval.aliases`). Only for a word no passage holds: a word the passages have in the
question's case is left alone (every case of it, measured, moved seen answers both ways).
"""

from __future__ import annotations

from collections.abc import Callable

from retrieval.analysis import Analyzer
from retrieval.excerpt import WORD_SPAN

_CASE_ENDINGS = ("ом", "ем", "ой", "ей", "ым", "им")
_VOWELS = "аяуюеыои"
_MIN = 4  # letters of a stem, and more of a word


def other_cases(
    text: str, terms: dict[str, int], analyzer: Analyzer, known: Callable[[str], bool]
) -> dict[str, str]:
    """Return the stems of other cases of a Russian question's unknown words that the
    passages hold (`known`), each with the question's term it stands for."""
    out: dict[str, str] = {}
    for match in WORD_SPAN.finditer(text.casefold()):
        word = match.group()
        stems = analyzer.terms(word, "ru")
        if len(stems) != 1 or len(word) <= _MIN or known(stems[0]):
            continue
        stem = stems[0]
        forms = [word + "а", word + "у"]
        if word[-1] in _VOWELS:
            forms.append(word[:-1])
        if word.endswith(_CASE_ENDINGS):
            forms.append(word[:-2])
        for form in forms:
            for other in analyzer.terms(form, "ru"):
                related = other.startswith(stem) or stem.startswith(other)
                if (
                    other != stem
                    and other not in terms
                    and related
                    and min(len(other), len(stem)) >= _MIN
                    and known(other)
                ):
                    out.setdefault(other, stem)
    return out
