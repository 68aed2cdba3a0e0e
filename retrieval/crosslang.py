"""Answer from another language's articles when the question's own have nothing, no model.

The site publishes in three languages and people ask in their own. When the answer in
the question's language is "not covered", the question's words are reduced to name keys
(`retrieval.namekeys`: "Білорусь", "Беларусь" and "Belarus" all become `blrs`) and,
with its numbers, searched in the other languages' passages, whose bodies carry the
keys of their names. An article answers only when it holds enough of the question's
known names and every one of its numbers; the reply quotes it, labelled with its
language, and the sentences quoted are those holding the most of those keys. One name is
enough when it is rare, the question's own language never writes it, and the other
language spells it much as the question does ("хто такий скабей": Aleksey Skabey).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from difflib import SequenceMatcher
from functools import cache

from corpus.article import LANGS
from retrieval import refusal
from retrieval.analysis import normalise, words
from retrieval.answer import MAX_SNIPPETS, Answer, compose_keyed
from retrieval.dates import DateRange
from retrieval.engines import Filters
from retrieval.kinds import question_kind
from retrieval.namekeys import capitalised_words, names_of, word_keys
from retrieval.search import Hit, Searcher

# A passage is quoted across languages when it holds at least `MIN_NAMES` of the
# question's names, at least `MIN_SHARE` of them, and every number of the question.
MIN_NAMES = 2
MIN_SHARE = 0.6
# ... or, when the question has one name only, that name is this rare: in at most this
# many passages ("хто такий скабей": Aleksey Skabey, in one English article).
RARE_NAME_PASSAGES = 5
# An answer the "not covered" model gives less than this probability is doubtful: when
# its quotes leave out the question's names, another language's article that holds them
# answers instead.
DOUBTFUL = 0.3
_DIGITS = re.compile(r"\d+")
# The found passages that show how the question's words are written.
_WRITTEN_FROM = 5


def question_names(
    question: str, lang: str, searcher: Searcher, written: Sequence[str] = ()
) -> dict[str, float]:
    """Return the keys of the question's names, with their idf (see `namekeys.names_of`;
    `written`: the found passages, which show how the corpus writes the question's words).
    """
    engine = searcher.index.engine
    found = names_of(question, lang, searcher.analyzer, engine.doc_freq, written)
    return {key: searcher.idf(key) for _, key in found}


def found_texts(answer: Answer) -> list[str]:
    """Return the texts of the passages an answer found, in its own language."""
    return [f"{h.passage.title}. {h.passage.text}" for h in answer.hits[:_WRITTEN_FROM]]


def doubtful_without_names(answer: Answer, searcher: Searcher) -> bool:
    """Return whether a found answer is doubtful and its quotes leave out the question's
    names: the model gave it less than `DOUBTFUL`, the question has `MIN_NAMES` or more
    names, and the quoted sentences, with the first article's headline, hold less than
    `MIN_SHARE` of them (quotes about peacekeepers in Donbas, at 0.23, for "Чи готова
    Білорусь відправити миротворців в Україну?"). Sure or not, it is doubtful when they
    leave out every rare name the question capitalises."""
    if not answer.found or answer.mode != "extractive" or not answer.sources:
        return False
    if not searcher.index.analysis.name_keys:
        return False
    analyzer = searcher.analyzer
    texts = [s.text for s in answer.snippets] + [answer.sources[0].title]

    @cache
    def said() -> frozenset[str]:
        kept = (w for text in texts for w in analyzer.kept_words(text, answer.lang))
        return frozenset(word_keys(kept))

    # A rare name the question capitalises that no quote holds: "Хто такий Олексій
    # Скабей?" answered about another Олексій. (A lowercase word may be a typo whose
    # skeleton matches some rare name.)
    if (rare := _rare_capitalised(answer.question, searcher)) and not rare & said():
        return True
    if answer.confidence >= DOUBTFUL:
        return False
    names = question_names(answer.question, answer.lang, searcher, found_texts(answer))
    if len(names) < MIN_NAMES:
        return False
    return sum(key in said() for key in names) / len(names) < MIN_SHARE


def search_other_languages(
    question: str, lang: str, searcher: Searcher, *, k: int = 8
) -> list[Hit]:
    """Return the best passages in languages other than `lang` by the question's keys."""
    if not searcher.index.analysis.name_keys:
        return []
    engine = searcher.index.engine
    keys = dict.fromkeys(word_keys(searcher.analyzer.kept_words(question, lang)), 1)
    numbers = dict.fromkeys(_DIGITS.findall(question), 1)
    terms = {t: 1 for t in {**keys, **numbers} if engine.doc_freq(t) > 0}
    if not terms:
        return []
    others = Filters(langs=frozenset(code for code in LANGS if code != lang))
    return searcher.search_terms(terms, k=k, filters=others)


def answer_across(
    question: str,
    lang: str,
    searcher: Searcher,
    *,
    today: date | None = None,
    date_range: DateRange | None = None,
    max_snippets: int = MAX_SNIPPETS,
    written: Sequence[str] = (),
) -> Answer | None:
    """Return an answer quoted from another language's articles, or None if none is sure.

    The time rules hold across languages too: articles of another language that all
    predate the asked year, or are old when asked about now, answer nothing.
    """
    if not searcher.index.analysis.name_keys:
        return None
    names = question_names(question, lang, searcher, written)
    needed = MIN_NAMES if len(names) != 1 or not _rare(names, searcher) else 1
    if len(names) < needed:
        return None
    hits = search_other_languages(question, lang, searcher)
    if not hits:
        return None
    if needed == 1:
        # One name identifies one story: the first passage that writes it as a name (not
        # an acronym: "JCWI" shares the key of "жуковой"), and its article's others; a
        # passage of another article that shares its key is another name ("Скиб" beside
        # "Skabey").
        spelt = _unknown_names(question, lang, names, searcher)
        hits = [h for h in hits if _writes(f"{h.passage.title}. {h.passage.text}", spelt)]
        if not hits:
            return None
        hits = [h for h in hits if h.passage.article_id == hits[0].passage.article_id]
    if refusal.predates(question, date_range, hits) is not None:
        return None
    if refusal.stale(question, hits, today, searcher) is not None:
        return None
    numbers = set(_DIGITS.findall(question))
    # Names count alike: a name's rarity says little about whether it is the subject.
    weights = dict.fromkeys(names, 1.0)
    answer = compose_keyed(
        question,
        lang,
        hits,
        weights,
        searcher,
        kind=question_kind(question),
        min_coverage=MIN_SHARE,
        min_keys=needed,
        numbers=numbers,
        max_snippets=max_snippets,
    )
    return answer if answer.found else None


def _rare_capitalised(question: str, searcher: Searcher) -> set[str]:
    """Return the keys of the names a question capitalises that are in one to
    `RARE_NAME_PASSAGES` passages (keys of three consonants or more, as `names_of`)."""
    capitalised = capitalised_words(question)
    if not capitalised:
        return set()
    doc_freq = searcher.index.engine.doc_freq
    return {
        key
        for key in word_keys(words(" ".join(capitalised)))
        if len(key) >= 4 and 0 < doc_freq(key) <= RARE_NAME_PASSAGES
    }


def _rare(names: dict[str, float], searcher: Searcher) -> bool:
    """Return whether every name key is in at most `RARE_NAME_PASSAGES` passages and is
    no common name's key with a letter more ("абрамовичж": a slip for Абрамович)."""
    doc_freq = searcher.index.engine.doc_freq
    for key in names:
        if doc_freq(key) > RARE_NAME_PASSAGES:
            return False
        shorter = {key[:i] + key[i + 1 :] for i in range(1, len(key))}
        if any(len(k) >= 4 and doc_freq(k) > RARE_NAME_PASSAGES for k in shorter):
            return False
    return True


# Cyrillic and Latin spelt alike: one letter for each sound the two write differently.
_LATIN = str.maketrans(
    "абвгґдезиійклмнопрстуфхцчшщыэюяєїёжyjwq",
    "abvhgdeziiiklmnoprstufhccssieuaeieziivk",
    "ьъ'’",
)
_DIGRAPHS = (("дж", "j"), ("shch", "s"), ("sh", "s"), ("ch", "c"), ("zh", "z"), ("kh", "h"),
             ("ts", "c"), ("ck", "k"), ("ph", "f"), ("th", "t"))  # fmt: skip
# How alike a question's word and the name written in another language must be, spelt
# so ("скабей" / "Skabey"; not "знадвору" / "Zandvoort" nor "скабей" / "Скиб").
_ALIKE = 0.85


def _writes(text: str, spelt: dict[str, str]) -> bool:
    """Return whether a text writes one of the question's names as a name (capitalised
    inside a sentence, not an acronym: a capital that starts a sentence says nothing,
    "Температура ночью ...") spelt much as the question spells it."""
    for written in capitalised_words(text):
        if written.isupper():
            continue
        form = normalise(written)
        for key in word_keys([form]):
            word = spelt.get(key)
            if word is not None and _alike(word, form):
                return True
    return False


def _alike(a: str, b: str) -> bool:
    """Return whether two words read alike in Latin letters, an ending of two letters
    aside ("абрамовича" / "Abramovich"; "скабей" / "Скиб" do not)."""
    a, b = _spelt(a), _spelt(b)
    size = min(len(a), len(b))
    if max(len(a), len(b)) - size > 2 or size < 0.75 * max(len(a), len(b)):
        return False
    return SequenceMatcher(None, a[:size], b[:size]).ratio() >= _ALIKE


def _spelt(word: str) -> str:
    for digraph, letter in _DIGRAPHS:
        word = word.replace(digraph, letter)
    return word.translate(_LATIN)


def _unknown_names(
    question: str, lang: str, names: dict[str, float], searcher: Searcher
) -> dict[str, str]:
    """Return the question's words for name keys, by key, that are names the question's
    own language never writes: capitalised in the question, or unknown to the index
    ("скабей"; "знадвору" is a word the Ukrainian articles use, whatever its key)."""
    analyzer = searcher.analyzer
    doc_freq = searcher.index.engine.doc_freq
    capitalised = set(words(" ".join(capitalised_words(question))))
    out: dict[str, str] = {}
    for word in analyzer.kept_words(question, lang):
        for key in word_keys([word]):
            if key not in names:
                continue
            terms = analyzer.terms(word, lang)
            if word in capitalised or not any(doc_freq(t) for t in terms):
                out[key] = word
    return out
