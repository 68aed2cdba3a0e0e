"""Turn text into index terms, the same way for articles and for questions.

Steps: Unicode NFKC, casefold, apostrophe variants unified, words split out, stop words
dropped, then per-language normalisation: Snowball (PyStemmer) for English and Russian,
the pymorphy3 lemmatiser for Ukrainian (Snowball has no Ukrainian stemmer), each memoised
per word form. A word's script picks its normaliser: Latin words are English, Cyrillic
words follow the text's language (a Cyrillic word inside an English text is Ukrainian
when it has і ї є ґ, else Russian).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from corpus.article import LANGS

ANALYSIS_VERSION = 1
_DATA = Path(__file__).resolve().parent / "data"

# Apostrophes people and publishers use inside Ukrainian words (and English contractions);
# NFKC already folds the fullwidth one. Chained str.replace is ~10x faster than translate.
_APOSTROPHES = ("’", "ʼ", "‘", "`", "´", "ʹ", "′")
# Letters and digits, with an apostrophe allowed between letters (м'ясо, don't).
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_LATIN = re.compile(r"[a-z]")
_PLAIN = re.compile(r"[A-Za-zА-ЯЁЇІЄҐа-яёїієґ]+")
_UK_LETTERS = frozenset("іїєґ")
# Word forms (and raw tokens) whose terms are remembered per language before the memo
# starts over. Building meets millions of forms and the memos pay for themselves there;
# serving meets a question's few words, and a memo as large would only grow (random
# questions: ~170 bytes an entry, 100,000 questions +250 MB), so a searcher keeps less.
BUILD_MEMO_LIMIT = 2_000_000
BUILD_TOKEN_MEMO_LIMIT = 500_000
SERVING_MEMO_LIMIT = 20_000
SERVING_TOKEN_MEMO_LIMIT = 20_000
_MISSING: Any = object()
# pymorphy3 predicts an unknown word's lemma from its last five letters at most: a word
# this long keeps its first letter. The dictionary's exceptions are listed in this file.
_UK_KEEPS_FIRST = 6
UK_OTHER_STARTS_FILE = _DATA / "uk-other-starts.txt"


@cache
def uk_other_starts() -> frozenset[str]:
    """Return the Ukrainian forms whose lemma begins with another letter ("ігри": "гра")."""
    lines = UK_OTHER_STARTS_FILE.read_text("utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


@cache
def stop_words(lang: str) -> frozenset[str]:
    """Return the stop-word list of a language (en, uk, ru)."""
    raw = (_DATA / f"stopwords.{lang}.txt").read_text("utf-8")
    words: set[str] = set()
    for line in raw.splitlines():
        if not line.startswith("#"):
            words.update(w.casefold() for w in line.split())
    return frozenset(words)


def normalise(text: str) -> str:
    """Return `text` in the form every term is cut from (NFKC, casefolded, ё→е, one apostrophe)."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    for mark in _APOSTROPHES:
        if mark in text:
            text = text.replace(mark, "'")
    return text


def words(text: str) -> list[str]:
    """Split normalised text into word forms (apostrophes kept inside words)."""
    return _WORD.findall(normalise(text))


@dataclass(frozen=True, slots=True)
class AnalysisSettings:
    """What decides the terms; stored in every index manifest."""

    morphology: bool = True
    stop_words: bool = True
    # How Ukrainian words are normalised: "pymorphy3" lemmas (default, measured best) or
    # "snowball-russian" stems (the Russian Snowball rules applied to Ukrainian).
    ukrainian: str = "pymorphy3"
    # Whether every passage's body terms start with its article's title terms, so a
    # passage is searched together with the headline that says what it is about
    # (SciFact train nDCG@10 0.6819 → 0.6922). Indexes built before this setting existed
    # did not do it, hence False when a stored manifest lacks the key.
    title_in_body: bool = True
    # Whether passage bodies also hold the marked keys of their names
    # (`retrieval.namekeys`), which cross-language search matches. Indexes built before
    # this setting existed have none, hence False when a stored manifest lacks the key.
    name_keys: bool = True
    version: int = ANALYSIS_VERSION

    def as_dict(self) -> dict[str, Any]:
        """Return the settings as plain JSON values."""
        return {
            "morphology": self.morphology,
            "stop_words": self.stop_words,
            "ukrainian": self.ukrainian,
            "title_in_body": self.title_in_body,
            "name_keys": self.name_keys,
            "version": self.version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AnalysisSettings:
        """Rebuild settings stored by `as_dict` (in an index manifest)."""
        return cls(
            morphology=bool(data["morphology"]),
            stop_words=bool(data["stop_words"]),
            ukrainian=str(data.get("ukrainian", "pymorphy3")),
            title_in_body=bool(data.get("title_in_body", False)),
            name_keys=bool(data.get("name_keys", False)),
        )


class _TokenTerms(dict[str, str]):
    """The joined terms ("" for none) of whitespace-separated raw tokens in one language.

    Found on first use. Joined strings rather than tuples: a text's terms are then one
    `" ".join(filter(None, ...))` at C speed, with no iterator per token.
    """

    def __init__(self, analyzer: Analyzer, lang: str, limit: int) -> None:
        super().__init__()
        self._analyzer = analyzer
        self._lang = lang
        self._limit = limit

    def __missing__(self, token: str) -> str:
        if len(self) >= self._limit:
            self.clear()
        # Plain Latin or Cyrillic letters are their own normal form, lowercased.
        forms = [token.lower().replace("ё", "е")] if _PLAIN.fullmatch(token) else words(token)
        terms = self[token] = " ".join(self._analyzer.terms_of_words(forms, self._lang))
        return terms


class Analyzer:
    """Produce index terms for text in en, uk or ru; cheap to call, memoised per word form."""

    def __init__(
        self,
        settings: AnalysisSettings | None = None,
        *,
        memo_limit: int = BUILD_MEMO_LIMIT,
        token_memo_limit: int = BUILD_TOKEN_MEMO_LIMIT,
    ) -> None:
        self.settings = settings or AnalysisSettings()
        self._memo: dict[str, dict[str, str | None]] = {lang: {} for lang in LANGS}
        self._memo_limit = memo_limit
        self._normalisers: dict[str, Callable[[str], str]] = {}
        self._stops = {lang: stop_words(lang) for lang in LANGS}
        self._text_stops: dict[str, frozenset[str]] = {}
        # Words never span whitespace, and normalising (NFKC, casefold, apostrophes) never
        # joins or splits across it, so a text's terms are its raw tokens' terms in order;
        # tokens repeat far more than texts do, so they are memoised too.
        self._token_terms = {lang: _TokenTerms(self, lang, token_memo_limit) for lang in LANGS}

    def memo_entries(self) -> int:
        """Return how many word forms and raw tokens are remembered (all languages)."""
        forms = sum(len(memo) for memo in self._memo.values())
        return forms + sum(len(memo) for memo in self._token_terms.values())

    def terms(self, text: str, lang: str) -> list[str]:
        """Return the terms of `text` in order, repeats kept (they are term frequencies)."""
        return self.joined_terms(text, lang).split()

    def joined_terms(self, text: str, lang: str) -> str:
        """Return `" ".join(self.terms(text, lang))` (as engines index it)."""
        return self.joined_terms_of_tokens(text.split(), lang)

    def joined_terms_of_tokens(self, tokens: Iterable[str], lang: str) -> str:
        """Return the joined terms of a text already split at whitespace."""
        return " ".join(filter(None, map(self._token_terms[lang].__getitem__, tokens)))

    def token_terms(self, lang: str) -> dict[str, str]:
        """Return the memo of raw tokens' joined terms in `lang` ("" for none); look up only."""
        return self._token_terms[lang]

    def may_start(self, token: str, lang: str, starts: frozenset[str]) -> bool:
        """Return False only when no term of a raw token can begin with one of `starts`
        (terms cut to two letters), told without analysing it: analysing a new word takes
        20 µs, most of answering on a large index.

        The stemmers only cut or change endings: a stem begins with its word's first two
        letters, or is one letter its word begins with ("ей" is "е"); English changes the
        second letter only of words like "dying" and "vying" ("die", "vie"). Checked on
        the 244,930 raw tokens of the shared news corpora, read as each language.

        A Ukrainian lemma keeps its word's first letter only: "дітей" is "дитина". So a
        Ukrainian word may start a term when its first letter begins one of `starts`, or
        it is shorter than six letters, or pymorphy3's dictionary lemmatises it to
        another first letter (`uk_other_starts`: 134 of its 3.66 million forms).
        """
        latin = token.isascii() and token.isalpha()
        if not latin and _PLAIN.fullmatch(token) is None:
            return any(self._form_may_start(form, lang, starts) for form in words(token))
        # Plain Latin or Cyrillic letters are their own normal form, lowercased. (The
        # checks of `_form_may_start` inline: most tokens of a sentence come this way.)
        form = token.lower().replace("ё", "е")
        if form[:2] in starts or form[:1] in starts or form.endswith("ying"):
            return True
        # A Latin word is English in any text, and a Russian text's others are Russian
        # (`word_language`): neither is Ukrainian.
        return not latin and lang != "ru" and self._ukrainian_may_start(form, lang, starts)

    def _form_may_start(self, form: str, lang: str, starts: frozenset[str]) -> bool:
        """Return `may_start` of one normalised word form."""
        if form[:2] in starts or form[:1] in starts or form.endswith("ying"):
            return True
        return self._ukrainian_may_start(form, lang, starts)

    def _ukrainian_may_start(self, form: str, lang: str, starts: frozenset[str]) -> bool:
        """Return whether a form starting with none of `starts` may yet give a term that
        does, being a Ukrainian word that pymorphy3 lemmatises (`may_start`)."""
        return (
            self.settings.morphology
            and self.settings.ukrainian == "pymorphy3"
            and word_language(form, lang) == "uk"
            and (
                len(form) < _UK_KEEPS_FIRST
                or form[:1] in _first_letters(starts)
                or form in uk_other_starts()
            )
        )

    def kept_words(self, text: str, lang: str) -> list[str]:
        """Return the word forms of `text` that `keeps` keeps, in order (C-speed filtering)."""
        stops = self._text_stops.get(lang)
        if stops is None:
            stops = self._text_stops[lang] = self._stops_of_text(lang)
        return [w for w in words(text) if w not in stops and (len(w) > 1 or w.isdigit())]

    def _stops_of_text(self, lang: str) -> frozenset[str]:
        """Return every form `keeps` drops as a stop word in a text of `lang`, as one set."""
        if not self.settings.stop_words:
            return frozenset()
        forms = self._stops["en"] | self._stops["uk"] | self._stops["ru"]
        return frozenset(f for f in forms if f in self._stops[word_language(f, lang)])

    def keeps(self, form: str, lang: str) -> bool:
        """Return whether a normalised word form gives a term (not a stop word or one letter)."""
        if len(form) == 1 and not form.isdigit():
            return False
        return not (self.settings.stop_words and form in self._stops[word_language(form, lang)])

    def function_word(self, form: str, lang: str) -> bool:
        """Return whether a normalised word form is a stop word or a form of one ("кого"
        of "хто", "якому" of "який"), which the index holds no term for."""
        # `_term` gives no term for exactly these (and single letters): read its memo.
        return (
            self.settings.stop_words
            and (len(form) > 1 or form.isdigit())
            and not self.terms_of_words([form], lang)
        )

    def terms_of_words(self, forms: Iterable[str], lang: str) -> list[str]:
        """Return the terms of already split, normalised word forms."""
        memo = self._memo[lang]
        get = memo.get
        looked = [get(form, _MISSING) for form in forms]
        if _MISSING in looked:
            forms = forms if isinstance(forms, list) else list(forms)
            if len(memo) >= self._memo_limit:
                memo.clear()
            for i, term in enumerate(looked):
                if term is _MISSING:
                    form = forms[i]
                    term = memo[form] = self._term(form, word_language(form, lang))
                    looked[i] = term
        return [t for t in looked if t is not None]

    def _term(self, form: str, lang: str) -> str | None:
        stops = self._stops[lang]
        if self.settings.stop_words and form in stops:
            return None
        if len(form) == 1 and not form.isdigit():
            return None
        if not self.settings.morphology:
            return form
        term = self._normaliser(lang)(form)
        if self.settings.stop_words and term in stops:
            return None
        return term

    def _normaliser(self, lang: str) -> Callable[[str], str]:
        fn = self._normalisers.get(lang)
        if fn is None:
            fn = _make_normaliser(lang, ukrainian=self.settings.ukrainian)
            self._normalisers[lang] = fn
        return fn


@lru_cache(maxsize=64)
def _first_letters(starts: frozenset[str]) -> frozenset[str]:
    """Return the first letters of a question's term starts (the last questions' kept)."""
    return frozenset(start[:1] for start in starts)


def word_language(form: str, lang: str) -> str:
    """Return the language whose rules analyse a word form (from its script and the text's)."""
    if _LATIN.match(form) or form[0].isdigit():
        return "en"
    if lang != "en":
        return lang
    return "uk" if any(ch in _UK_LETTERS for ch in form) else "ru"


def _make_normaliser(lang: str, *, ukrainian: str) -> Callable[[str], str]:
    if lang == "uk" and ukrainian == "pymorphy3":
        import pymorphy3

        morph = pymorphy3.MorphAnalyzer(lang="uk")

        def lemma(form: str) -> str:
            try:
                parses = morph.parse(form)
            except ValueError:
                # pymorphy3 asks `unicodedata.name` of each letter, and a code point newer
                # than Python's Unicode tables has none ("𗖟𗖟" raised ValueError).
                return form
            return str(parses[0].normal_form) if parses else form

        return lemma
    import Stemmer

    stemmer = Stemmer.Stemmer("english" if lang == "en" else "russian")  # uk: measured option
    stem: Callable[[str], str] = stemmer.stemWord
    return stem
