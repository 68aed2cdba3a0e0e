"""How well one sentence answers a question: its words, and an answer of the asked kind.

A sentence is read once: which of the question's terms it holds (idf-weighted) and, for
a question that asks for a kind of answer (`retrieval.kinds`), the spans of that kind
that are new to the question, with how close each lies to the question's words. The
closest new span is the sentence's candidate answer; `answer.py` weighs both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval import measures
from retrieval.analysis import Analyzer
from retrieval.asked import asked_noun_beside, counted, counts_no_money, named_types
from retrieval.kinds import Kind
from retrieval.namekeys import KEY_LENGTH, KEY_MARK, skeleton
from retrieval.names import named_as_place, names_a_person
from retrieval.spans import Span, after_locative, find_spans, names_a_sum, says_a_number

_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
# A candidate answer this many words from the question's words counts half.
_HALF_DISTANCE = 4.0
# The question's words this many words either side of a span count as near it.
_NEAR = 3
# Kinds whose answer is a short fact a highlight can mark.
SHORT_FACT_KINDS = frozenset(
    {Kind.PERSON, Kind.NAME, Kind.AMOUNT, Kind.MONEY, Kind.DATE, Kind.PLACE}
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A span of the asked kind that is new to the question, with what its value weighs."""

    span: Span
    value: float  # new share × shape × the factors below, over 1 + distance / 4
    new: float  # share of its terms the question does not say
    shape: float  # how much it looks like an answer of its kind (`measures.shape`)
    distance: int  # words between it and the nearest question word (0 when touching)
    typed: float  # 1, or `asked.TYPED_BEFORE` / `TYPED_AFTER`: the asked noun beside it
    counted: bool  # an amount of what the question counts (True when it counts nothing)
    start: bool  # it starts the sentence
    near: float  # idf share of the question's terms within a few words of it
    # The question says what it counts ("how many pilots", "what share") and this is it.
    unit: bool = False
    quoted: bool = False  # in quotation marks: a title, a brand, an event («Поліський килим»)
    placed: bool = False  # after a locative word ("in the United Kingdom", "в Турции")
    # A percentage when the question counts something else ("45%" for "how many people").
    share: bool = False


@dataclass(frozen=True, slots=True)
class Reading:
    """What one sentence holds for one question."""

    matched: frozenset[str]  # the question's terms it contains
    lexical: float  # their idf weight, as a share of the question's
    answer: Span | None  # the best new span of the asked kind, if any
    evidence: float  # 0..1: an answer of the asked kind close to the question's words
    # A short fact of the asked kind in a sentence that holds none of the question's words
    # ("She replaces Daniel Akerson" after "GM named Mary Barra"): its shape, else 0.
    loose: float = 0.0
    # Every new span of the asked kind, best value first (for the highlight).
    candidates: tuple[Candidate, ...] = ()
    other_year: bool = False  # it names years, none of them the asked one
    # The question's terms it holds only in another form (`Reader._related`), counted in
    # `lexical` and near its candidates, not in `matched`.
    related: frozenset[str] = frozenset()


class Reader:
    """Reads sentences for one question: its terms, their weights and the asked kind."""

    def __init__(
        self,
        analyzer: Analyzer,
        weights: dict[str, float],
        kind: Kind,
        question_terms: frozenset[str] | None = None,
        *,
        keys: bool = False,
        question: str = "",
        lang: str = "en",
        years: frozenset[str] = frozenset(),
        aliases: dict[str, str] | None = None,
    ) -> None:
        self.analyzer = analyzer
        # Another name of a question's term counts as the term ("коронавирус" for "ковид").
        self.aliases = aliases or {}
        # With `keys`, a sentence in another language matches the question by its names'
        # keys and its numbers (`retrieval.namekeys`) instead of by terms.
        self.keys = keys
        self.weights = weights
        # The years of the question's calendar date: a sentence naming only other years
        # tells of another time ("41 percent in 2019" asked about 2023).
        self.years = years
        self.total = sum(weights.values()) or 1.0
        self.kind = kind
        # Words of the question said back are no answer ("who did Mary Barra succeed?").
        self.question_terms = question_terms if question_terms is not None else frozenset(weights)
        # What an amount should count ("how many *pilots*", "what *percentage*").
        units = counted(question, lang, analyzer, kind) if kind in _AMOUNTS else None
        self.units = units
        # It counts things ("how many hot dogs"): a duration is no count of them.
        self._things = bool(kind is Kind.AMOUNT and units and not units & measures.MEASURES)
        # ... nor a sum of money: "how many a320s" is no "9.9 billion yuan".
        self._no_sums = self._things and counts_no_money(question)
        # What a name should be ("which *airline*", "в якому *музеї*", "какой *суд*"): no
        # word said back, and a name that is one, or stands beside one, is the answer.
        self.types = named_types(question, lang, analyzer) if kind in _NAMES else frozenset()
        if self.types:
            self.question_terms = self.question_terms - self.types
        # "In what year": a date's year is the answer, not its day ("25 февраля 2010 года").
        self.year_only = kind is Kind.DATE and measures.asks_year(question)
        # "What date", "какого числа": a date without its day ("in June", "Sunday", "в 1957
        # году") does not answer.
        self.day_only = kind is Kind.DATE and measures.asks_day(question)
        # The question's short words that may be a name's initials ("gm": General Motors);
        # only its terms: "who" is no "World Health Organization".
        self._acronyms = frozenset(
            w
            for w in _WORD.findall(question.casefold())
            if 2 <= len(w) <= 5 and w.isalpha() and w in weights
        )
        self._relatives: dict[str, str | None] = {}
        # What each sentence read holds (`read`), by its text and language.
        self._readings: dict[tuple[str, str], Reading] = {}
        # What each word of a sentence is to the question, by language (`_look_up`).
        self._seen: dict[str, dict[str, tuple[bool, tuple[str, ...], float]]] = {}
        # The question's terms by how they start (`_related`), longest cut first.
        self._starts: dict[int, dict[str, str]] = {}
        # How the question's terms (and the words its aliases stand for) begin.
        self._initials = frozenset(t[:2] for t in (*weights, *self.aliases))
        self._heads = frozenset(q[:_RELATED_MIN] for q in weights if len(q) >= _RELATED_MIN)
        for q in sorted(weights, key=len, reverse=True):
            if len(q) >= _RELATED_MIN:
                cut = max(_RELATED_MIN, len(q) - _RELATED_SLACK)
                self._starts.setdefault(cut, {}).setdefault(q[:cut], q)

    def read(self, text: str, lang: str) -> Reading:
        """Return what `text` holds for the question.

        Remembered: a story's copies, and the headline read with each of its passages,
        say the same sentences again (a quarter of those read for a question).
        """
        reading = self._readings.get((text, lang))
        if reading is None:
            reading = self._readings[text, lang] = self._read(text, lang)
        return reading

    def _read(self, text: str, lang: str) -> Reading:
        weights = self.weights
        positions: list[int] = []
        hits: list[float] = []  # the idf weight of the question's terms at each position
        matched: set[str] = set()
        related: set[str] = set()
        memo = self._seen.get(lang)
        if memo is None:
            memo = self._seen[lang] = {}
        get = memo.get
        tokens = self.analyzer.token_terms(lang)
        for i, word in enumerate(_WORD.findall(text)):
            seen = get(word)
            if seen is None:
                seen = memo[word] = self._look_up(word, lang, tokens)
            if seen is _NOTHING:  # most words: looked at no further
                continue
            exact, terms, weight = seen
            (matched if exact else related).update(terms)
            positions.append(i)
            hits.append(weight)
        related -= matched
        lexical = sum(weights[t] for t in matched | related) / self.total
        answer: Span | None = None
        evidence = 0.0
        loose = 0.0
        found_spans: tuple[Candidate, ...] = ()
        other_year = False
        if self.kind is not Kind.OTHER and self.kind is not Kind.YESNO and (matched or related):
            found_spans = self._candidates(text, lang, positions, hits)
            if found_spans:
                answer, evidence = found_spans[0].span, found_spans[0].value
            if self.years and (said := set(_YEAR.findall(text))) and not said & self.years:
                evidence *= _OTHER_YEAR
                other_year = True
        elif self.kind in SHORT_FACT_KINDS and not self.keys:
            found_spans = self._candidates(text, lang, positions, hits)
            if found_spans:
                answer, loose = found_spans[0].span, found_spans[0].value
        return Reading(
            frozenset(matched),
            lexical,
            answer,
            evidence,
            loose,
            found_spans,
            other_year,
            frozenset(related),
        )

    def _look_up(
        self, word: str, lang: str, tokens: dict[str, str]
    ) -> tuple[bool, tuple[str, ...], float]:
        """Return what one word of a sentence is to the question: the question's terms it
        holds (True) or only another form of (False), none for neither, and their weight.

        `tokens` is the analyzer's memo of raw tokens in `lang` (`Analyzer.token_terms`).
        """
        weights = self.weights
        if self.keys:
            hit = [t for t in self._key_terms(word) if t in weights]
        else:
            terms = tokens.get(word)
            if terms is None:
                if not self.analyzer.may_start(word, lang, self._initials):
                    return _NOTHING  # no term of it can be the question's
                terms = tokens[word]
            if not terms:
                return _NOTHING
            if terms in weights:
                return True, (terms,), weights[terms]
            parts = terms.split() if " " in terms else (terms,)
            hit = [t for t in parts if t in weights]
            if not hit and self.aliases:
                hit = [
                    self.aliases[t]
                    for t in parts
                    if t in self.aliases and self.aliases[t] in weights
                ]
            if not hit and lang in _INFLECTED:
                # Another form of a question's word: it counts for choosing the sentence,
                # not as the word itself (the refusal model's signals).
                near = [q for t in parts if (q := self._related(t)) is not None]
                if near:
                    return False, tuple(near), sum(weights[t] for t in near)
                return _NOTHING
        if not hit:
            return _NOTHING
        return True, tuple(hit), sum(weights[t] for t in hit)

    def _related(self, term: str) -> str | None:
        """Return the question's term that `term` is likely another form of, if any: the
        stemmer cuts a noun and its verb apart ("перехватов" / "перехватывает":
        "перехват" / "перехватыва"). Measured on XQuAD ru, the tune half and the written
        news questions unchanged: answer in a highlight 0.353 → 0.364, in snippets 0.865
        → 0.868."""
        if term[:_RELATED_MIN] not in self._heads:
            return None  # no question term starts like it (nor is it long enough)
        memo = self._relatives
        if term in memo:
            return memo[term]
        found = None
        if len(term) >= _RELATED_MIN:
            for cut, starts in self._starts.items():
                q = starts.get(term[:cut])
                if q is not None and q != term:
                    found = q
                    break
        memo[term] = found
        return found

    def _counts(self, text: str, span: Span, lang: str) -> bool:
        """Return whether an amount of `text` (or the word after it, or before it for an
        age) is of what the question counts."""
        piece, after = text[span.start : span.end], text[span.end : span.end + 30]
        units = self.units
        if not units:
            return True
        if measures.PERCENT_SIGN.search(piece):
            # "96%" answers "what share"; "45% of people" is no count of people.
            return "%" in units
        if "age" in units:
            return measures.names_an_age(piece, after, text[max(0, span.start - 20) : span.start])
        if "time" in units and measures.TIME_UNIT.search(piece):
            return True
        if "score" in units and measures.SCORE_FORM.fullmatch(piece.strip()):
            return True
        if "length" in units and measures.LENGTH_UNIT.search(f"{piece} {after[:12]}"):
            return True  # "how long is the line": "4.2 kilometres"
        words = self.analyzer.terms(piece, lang) + self.analyzer.terms(after, lang)[:1]
        return any(t in units for t in words)

    @staticmethod
    def _key_terms(word: str) -> list[str]:
        if word.isdigit():
            return [word]
        if not word[:1].isupper():
            return []
        key = skeleton(word)[:KEY_LENGTH]
        return [KEY_MARK + key] if len(key) >= 2 else []

    def _candidates(
        self,
        text: str,
        lang: str,
        positions: list[int],
        weights: list[float],
    ) -> tuple[Candidate, ...]:
        words = [m.span() for m in _WORD.finditer(text)]  # offsets of the words `positions` count
        found: list[Candidate] = []
        for span in find_spans(text, self.kind):
            inside = [i for i, (s, e) in enumerate(words) if s >= span.start and e <= span.end]
            if self.kind in _NAMES and len(inside) > 1:
                span, inside = self._trim_said(text, lang, span, words, inside)
            if self.year_only and (year := _YEAR.search(text, span.start, span.end)):
                span = Span(year.start(), year.end(), span.kind)
                inside = [i for i, (s, e) in enumerate(words) if s >= span.start and e <= span.end]
            if self.day_only and not measures.names_a_day(text, span.start, span.end):
                continue
            if (
                self.units
                and "%" in self.units
                and not measures.is_share(text, span.start, span.end)
            ):
                continue  # asked a share: "125 рейсов" is a count
            if self._things and measures.TIME_UNIT.search(text, span.start, span.end):
                continue  # counting things: "10 минут" is no count of hot dogs
            if self._no_sums and names_a_sum(text[span.start : span.end]):
                continue  # counting planes: a price is no count of them
            if self.kind is Kind.PLACE and names_a_person(text[span.start : span.end]):
                continue  # asked where: "Олега Скрипки" is a person
            if self.kind is Kind.PERSON and named_as_place(text, span.start):
                continue  # asked who: "в городе Вильямсбург" is a place
            new = self._new(text[span.start : span.end], lang)
            if new <= 0:
                continue
            distance = 0
            near = 0.0
            if inside and positions:
                first, last = inside[0], inside[-1]
                if not any(first <= p <= last for p in positions):
                    distance = min(first - p if p < first else p - last for p in positions) - 1
                near = (
                    sum(
                        w
                        for p, w in zip(positions, weights, strict=True)
                        if first - _NEAR <= p <= last + _NEAR and not first <= p <= last
                    )
                    / self.total
                )
            piece = text[span.start : span.end]
            shape = measures.shape(piece, self.kind)
            value = new * shape
            if new < 1.0 and self.kind in _NAMES:
                value *= _NAMED_IN_QUESTION  # "Андрея Карлова" when asked who killed Karlov
            counted = True
            if self.units is not None:
                counted = self._counts(text, span, lang)
                value *= 1.0 if counted else _UNCOUNTED
            typed = (
                asked_noun_beside(text, lang, words, span.end, inside, self.types, self.analyzer)
                if self.types
                else 1.0
            )
            value *= typed
            start = span.start == _first_word(text)
            if start and " " in piece:
                value *= _SENTENCE_START  # a capital there may only start the sentence
            value /= 1.0 + max(distance, 0) / _HALF_DISTANCE
            unit = counted and bool(self.units)
            quoted = text[span.start - 1 : span.start] in _OPENING and (
                text[span.end : span.end + 1] in _CLOSING
            )
            placed = self.kind is not Kind.PLACE and after_locative(text, span.start)
            share = (
                bool(self.units)
                and not counted
                and measures.PERCENT_SIGN.search(piece) is not None
            )
            found.append(
                Candidate(
                    span,
                    value,
                    new,
                    shape,
                    distance,
                    typed,
                    counted,
                    start,
                    near,
                    unit,
                    quoted,
                    placed,
                    share,
                )
            )
        found.sort(key=lambda c: (-c.value, -c.near))  # equals: the one among more words
        return tuple(c for c in found if c.value > 0)

    def _trim_said(
        self, text: str, lang: str, span: Span, words: list[tuple[int, int]], inside: list[int]
    ) -> tuple[Span, list[int]]:
        """Drop the question's own words from the start of a name, two words staying: "в
        Турции Андрея Карлова" asked "посла убили в турции" answers "Андрея Карлова"."""
        if self.keys:
            return span, inside

        def said(i: int) -> bool:
            terms = self.analyzer.terms(text[words[i][0] : words[i][1]], lang)
            return bool(terms) and all(t in self.question_terms for t in terms)

        while len(inside) > 2 and said(inside[0]):
            inside = inside[1:]
        start, end = words[inside[0]][0], words[inside[-1]][1]
        if (start, end) == (span.start, span.end):
            return span, inside
        return Span(start, end, span.kind), inside

    def _new(self, piece: str, lang: str) -> float:
        """Return the share of a span's terms that the question does not already say."""
        if self.keys:
            terms = [t for w in _WORD.findall(piece) for t in self._key_terms(w)]
        else:
            terms = self.analyzer.terms(piece, lang)
        if not terms:  # digits, or a number word the analyzer drops as a stop word ("два")
            return 1.0 if says_a_number(piece) else 0.0
        terms = [t for t in terms if t not in self.types]  # "Judge" of "Judge Clark"
        if not terms:
            return 0.0
        capitals = [w[0] for w in _WORD.findall(piece) if w[:1].isupper()]
        if len(capitals) >= 2 and "".join(capitals).casefold() in self._acronyms:
            return 0.0  # "General Motors" when the question says "gm"
        return sum(t not in self.question_terms for t in terms) / len(terms)


# What `_look_up` returns for every word of none of the question's terms (this object).
_NOTHING: tuple[bool, tuple[str, ...], float] = (False, (), 0.0)
_OPENING = frozenset("«\"“„'‘")
_CLOSING = frozenset("»\"”“'’")
_AMOUNTS = frozenset({Kind.AMOUNT, Kind.MONEY})
_NAMES = frozenset({Kind.PERSON, Kind.NAME, Kind.PLACE})
_NAMED_IN_QUESTION = 0.4  # a name that holds one of the question's own words
_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d{2}(?!\d)")
_OTHER_YEAR = 0.5  # a sentence about another year than the asked one
_UNCOUNTED = 0.6  # an amount of something else than the question counts
_SENTENCE_START = 0.85
_INFLECTED = frozenset({"uk", "ru"})
# Another form of a question's word in Ukrainian or Russian: a word of at least four
# letters that starts like it, past all but its last letter (and at least four letters).
_RELATED_MIN = 4
_RELATED_SLACK = 1


def _first_word(text: str) -> int:
    return len(text) - len(text.lstrip(" \"'«„“(—–-"))
