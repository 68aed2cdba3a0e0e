"""Answer from another language's articles when the question's own have nothing, no model.

The site publishes in three languages and people ask in their own. When the answer in
the question's language is "not covered", the question's words are reduced to name keys
(`retrieval.namekeys`: "Білорусь", "Беларусь" and "Belarus" all become `blrs`) and,
with its numbers, searched in the other languages' passages, whose bodies carry the
keys of their names. An article answers only when it holds enough of the question's
known names and every one of its numbers; the reply quotes it, labelled with its
language, and the sentences quoted are those holding the most of those keys.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from corpus.article import LANGS
from retrieval import refusal
from retrieval.answer import MAX_SNIPPETS, Answer, compose_keyed
from retrieval.dates import DateRange
from retrieval.engines import Filters
from retrieval.kinds import question_kind
from retrieval.namekeys import names_of, word_keys
from retrieval.search import Hit, Searcher

# A passage is quoted across languages when it holds at least `MIN_NAMES` of the
# question's names, at least `MIN_SHARE` of them, and every number of the question.
MIN_NAMES = 2
MIN_SHARE = 0.6
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
    Білорусь відправити миротворців в Україну?")."""
    if not answer.found or answer.mode != "extractive" or not answer.sources:
        return False
    if answer.confidence >= DOUBTFUL or not searcher.index.analysis.name_keys:
        return False
    names = question_names(answer.question, answer.lang, searcher, found_texts(answer))
    if len(names) < MIN_NAMES:
        return False
    analyzer = searcher.analyzer
    texts = [s.text for s in answer.snippets] + [answer.sources[0].title]
    said = set(word_keys(w for text in texts for w in analyzer.kept_words(text, answer.lang)))
    return sum(key in said for key in names) / len(names) < MIN_SHARE


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
    if len(names) < MIN_NAMES:
        return None
    hits = search_other_languages(question, lang, searcher)
    if not hits:
        return None
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
        min_keys=MIN_NAMES,
        numbers=numbers,
        max_snippets=max_snippets,
    )
    return answer if answer.found else None
