"""Decide whether the articles answer a question: a small logistic model over plain signals.

The signals (`FEATURES`) are read off the search result and its sentences: how much of
the question's idf weight the best passage and the best sentence hold, whether its
words, numbers and years appear at all, whether it asks about a time after the article,
whether a sentence carries an answer of the asked kind (and, for amounts and dates, whether
none does), and how far ahead the first article is. Each signal's weight
has the sign one would expect; signals that only fitted noise were dropped.
The coefficients live in `retrieval/data/refusal.json`, written by
`benchmarks/fit_refusal.py` from labelled questions (XQuAD answerable vs off-topic, and
the tune half of the news questions); the model is a dot product and a sigmoid.
"""

from __future__ import annotations

import calendar
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from retrieval.dates import mentions_month
from retrieval.kinds import Kind
from retrieval.quotes import share
from retrieval.tense import asks_future, asks_now

if TYPE_CHECKING:
    from retrieval.dates import DateRange
    from retrieval.engines import PassageRecord
    from retrieval.quotes import Sentence
    from retrieval.search import Hit, Searcher

FEATURES = (
    "coverage",  # idf share of the question's terms in the best passage (with headline)
    "coverage_first",  # the same for the first-ranked passage
    "unknown",  # idf share of the question's terms that no passage holds at all
    "numbers_missing",  # 1 when a number or year of the question is in none of the top passages
    "year_missing_first",  # 1 when a year of the question is not the first article's, nor in it
    "after_article",  # 1 when the question's year or date is later than the first article's
    "after_corpus",  # 1 when a year of the question is later than the newest article's
    "amount_missing",  # 1 when it asks for an amount, a sum or a date and no sentence has one
    "best_sentence",  # idf share of the question's terms in the best single sentence
    "kind_evidence",  # an answer of the asked kind near the question's words (0 if none asked)
    "margin",  # (first - second article score) / first
    "terms",  # number of distinct question terms, capped at 8, / 8
)
_DATA = Path(__file__).resolve().parent / "data" / "refusal.json"
_DIGITS = re.compile(r"\d+")
_SAID_OTHERWISE = re.compile(
    r"\b\d+(?:st|nd|rd|th)\b|\b\d0['’]?s\b|(?<!\d)\d0-(?:е|х|і|ті|х|их)(?!\w)"
    r"|\b\d+(?:-?(?:го|й|ий|ый|ом|е|і|ї))?\s+"
    r"(?:century|centuries|век\w*|столітт\w*|ст\.)",
    re.IGNORECASE,
)
# A date written in figures ("10.08", "24.02.2022"): the articles name its month in words.
_NUMERIC_DATE = re.compile(
    r"(?<![\d.])(\d{1,2})\.(?:0[1-9]|1[0-2])(?:\.((?:19|20)\d\d))?(?![.,]?\d)"
)
_YEAR_SPAN = re.compile(r"(?<!\d)(1\d|20)\d{2}\s*[–—-]\s*(\d{2})(?!\d)")  # "1620–21"
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_REPORTED_AFTER = timedelta(days=7)
# A question about now is not answered from candidates all older than this.
_STALE_AFTER = timedelta(days=365)
_TOP = 3
# Amounts, sums and dates are the answers spans find most surely; their absence counts.
_COUNTED = frozenset({Kind.AMOUNT, Kind.MONEY, Kind.DATE})
_SOME_EVIDENCE = 0.3


@dataclass(frozen=True, slots=True)
class RefusalModel:
    """Logistic regression coefficients and the probability needed to answer."""

    coefficients: tuple[float, ...]
    intercept: float
    threshold: float

    def probability(self, features: Sequence[float]) -> float:
        """Return the probability that the articles answer, for `FEATURES` values."""
        z = self.intercept + sum(c * f for c, f in zip(self.coefficients, features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


@cache
def load_model(path: Path = _DATA) -> RefusalModel:
    """Read the fitted model (coefficients in `FEATURES` order)."""
    data = json.loads(path.read_text("utf-8"))
    names = tuple(data["features"])
    if names != FEATURES:
        msg = f"{path} has features {names}, this program computes {FEATURES}"
        raise ValueError(msg)
    return RefusalModel(
        coefficients=tuple(float(c) for c in data["coefficients"]),
        intercept=float(data["intercept"]),
        threshold=float(data["threshold"]),
    )


def features(
    *,
    question: str,
    lang: str,
    weights: dict[str, float],
    hits: Sequence[Hit],
    coverages: Sequence[float],
    best_sentence: float,
    evidence: float,
    kind: Kind,
    searcher: Searcher,
    date_range: DateRange | None = None,
    aliases: dict[str, str] | None = None,
) -> tuple[float, ...]:
    """Return the `FEATURES` values for a question and what the search found.

    A term the corpus lacks is known when one of its `aliases` is in it ("ковид" when the
    articles say "коронавирус").
    """
    total = sum(weights.values()) or 1.0
    texts: list[str] = []
    for hit in hits[:_TOP]:
        rec = hit.passage
        texts.append(f"{rec.title} {rec.text}")
        if rec.published is not None:
            texts.append(str(rec.published.year))
    engine = searcher.index.engine
    named = {term for alias, term in (aliases or {}).items() if engine.doc_freq(alias) > 0}
    unknown = sum(w for t, w in weights.items() if t not in named and engine.doc_freq(t) == 0)
    numbers = question_numbers(question)
    seen = {n for text in texts for n in numbers_in(text)}
    first_id = hits[0].passage.article_id if hits else None
    first = [h.passage for h in hits if h.passage.article_id == first_id]
    seen_first = {
        n for rec in first for n in numbers_in(f"{rec.title} {rec.text} {rec.published or ''}")
    }
    scores = _article_scores(hits)
    margin = (scores[0] - scores[1]) / scores[0] if len(scores) > 1 and scores[0] > 0 else 1.0
    asked = kind not in (Kind.OTHER, Kind.YESNO)
    return (
        max(coverages, default=0.0),
        coverages[0] if coverages else 0.0,
        unknown / total,
        1.0 if numbers - seen else 0.0,
        1.0 if {n for n in numbers - seen_first if _YEAR.fullmatch(n)} else 0.0,
        1.0 if first and _after(question, date_range, first[0]) else 0.0,
        1.0 if _after_corpus(question, searcher.index.manifest.get("newest_published")) else 0.0,
        1.0 if kind in _COUNTED and evidence < _SOME_EVIDENCE else 0.0,
        best_sentence,
        evidence if asked else 0.0,
        margin if hits else 0.0,
        min(len(weights), 8) / 8,
    )


def _article_scores(hits: Sequence[Hit]) -> list[float]:
    best: dict[str, float] = {}
    for hit in hits:
        aid = hit.passage.article_id
        best[aid] = max(best.get(aid, 0.0), hit.score)
    return sorted(best.values(), reverse=True)


def _after_corpus(question: str, newest: str | None) -> bool:
    """Return whether the question names a year later than the newest article's."""
    if not newest:
        return False
    return any(int(y) > int(newest[:4]) for y in _YEAR.findall(question))


def _after(question: str, date_range: DateRange | None, record: PassageRecord) -> bool:
    """Return whether the question asks about a time after the article was published.

    Compared at the article date's precision: an article dated only by its year is not
    "before" a question about October of that year.
    """
    published = record.published
    if published is None:
        return False
    years = [int(y) for y in _YEAR.findall(question)]
    if any(y > published.year for y in years):
        return True
    # Only a date with its year counts: "in December" means the nearest past December,
    # counted from today, which says nothing about an article from years ago.
    if date_range is None or not _names_its_year(date_range):
        return False
    start = date_range.start
    if record.precision == "year":
        return start.year > published.year
    if record.precision == "month":
        return (start.year, start.month) > (published.year, published.month)
    return start > published


def _names_its_year(date_range: DateRange) -> bool:
    """Return whether a question's date is a calendar one that says its year."""
    return not date_range.relative and _YEAR.search(date_range.phrase) is not None


def reported_first(question: str, date_range: DateRange | None, hits: list[Hit]) -> list[Hit]:
    """Return `hits` with the dated articles that could report the question's calendar
    date first, in their order, then the others (earlier or undated), when the first
    is not one.

    Asked what happened "у вересні 2018", a preview from August that names 12 September
    matches as well as the September report, but cannot tell what happened: answering
    from it, or calling the question after its article, would be wrong while the report
    is among the hits. A question about a plan ("will", "буде") keeps its order.
    """
    if date_range is None or date_range.relative or not hits or asks_future(question):
        return hits
    # Only a dated article is known to report it: an undated one keeps its place.
    reporting = [
        hit.passage.published is not None and not _after(question, date_range, hit.passage)
        for hit in hits
    ]
    if reporting[0] or not any(reporting):
        return hits
    return [h for h, r in zip(hits, reporting, strict=True) if r] + [
        h for h, r in zip(hits, reporting, strict=True) if not r
    ]


def predates(question: str, date_range: DateRange | None, hits: Sequence[Hit]) -> int | None:
    """Return the asked year when every candidate article was published before the
    question's year or date, and the question is not about a plan, if so.

    An article cannot report what happened after it was written: asked who won the 2024
    election, passages from 2020 that mention 2024 tell of a campaign, not a result.
    """
    years: list[str] = _YEAR.findall(question)
    if not hits or not years or asks_future(question):
        return None
    if any(not _after(question, date_range, hit.passage) for hit in hits):
        return None
    return int(max(years))


def stale(
    question: str, hits: Sequence[Hit], today: date | None, searcher: Searcher | None = None
) -> tuple[date, str] | None:
    """Return the newest candidate article's date and how it is known, when a question
    asks how things are now ("is it still", "сколько стоит сейчас", "tomorrow") and every
    candidate is over a year old.

    A price or a plan from years ago is no answer to "now"; a fresh article is. How the
    date is known: "newest", a publication date; "named", an undated article is as new
    as the latest year it names (its own passage, else, with `searcher`, its first
    passages: the BBC's undated articles of 2004 name 2004 and earlier); "collection",
    an undated article that names no year is no newer than the newest dated article of
    its collection (the index's `newest_published`). Without that bound such articles
    are left out, and the rule holds back when more than half are so.
    """
    if today is None or not hits or not asks_now(question):
        return None
    bound = collection_newest(searcher)
    dates: list[tuple[date, str] | None] = []
    articles: dict[str, date | None] = {}  # an article's first passages, read once
    for hit in hits:
        rec = hit.passage
        if rec.published is not None:
            dates.append((rec.published, "newest"))
            continue
        said = _latest_year_said([rec], today)
        if said is None and searcher is not None:
            if rec.article_id not in articles:
                first = searcher.passages_of(rec.article_id, limit=_ARTICLE_PASSAGES)
                articles[rec.article_id] = _latest_year_said(first, today)
            said = articles[rec.article_id]
        if said is not None:
            dates.append((said, "named"))
        else:
            dates.append(None if bound is None else (bound, "collection"))
    known = [d for d in dates if d is not None]
    if len(known) * 2 < len(dates):
        return None  # too few of them can be dated
    newest = max(known, key=lambda d: d[0])
    if today - newest[0] <= _STALE_AFTER:
        return None
    return newest


def collection_newest(searcher: Searcher | None) -> date | None:
    """Return the publication date of the newest dated article indexed, if any."""
    if searcher is None:
        return None
    newest = searcher.index.manifest.get("newest_published")
    try:
        return date.fromisoformat(str(newest)[:10]) if newest else None
    except ValueError:
        return None


_ARTICLE_PASSAGES = 12  # an undated article's passages read for the years it names


def _latest_year_said(records: Sequence[PassageRecord], today: date) -> date | None:
    """Return the last day of the latest year the passages name (up to this year), or
    None when they name none: an article that speaks of 2004 at the latest is no news of
    today."""
    years = [
        int(y)
        for rec in records
        for y in _YEAR.findall(f"{rec.title} {rec.text}")
        if int(y) <= today.year
    ]
    return date(max(years), 12, 31) if years else None


def question_numbers(question: str) -> set[str]:
    """Return the numbers a question writes in figures, a date's month aside ("10.08" is
    the 10th of August, which the articles write "10 серпня")."""
    return numbers_in(_NUMERIC_DATE.sub(_day_and_year, question))


def years_in(text: str) -> set[str]:
    """Return the years a text writes ("в 2023", "2018-го")."""
    return set(_YEAR.findall(text))


def numbers_in(text: str) -> set[str]:
    """Return the numbers `text` writes in figures, leading zeros dropped: "September 04,
    2008" has the 4 of "on september 4 2008"."""
    return {digits.lstrip("0") or "0" for digits in _DIGITS.findall(text)}


def _day_and_year(match: re.Match[str]) -> str:
    return f"{match.group(1)} {match.group(2) or ''}"


def missing_number(question: str, hits: Sequence[Hit]) -> str | None:
    """Return a number or year of the question that no candidate passage has, if any.

    An article's own year counts as present, and so does the end of a span of years
    ("1620–21" has 1621). A question about "2024" answered from passages that never say
    2024 would be about something else, whatever the model says. Ordinals, decades and
    centuries are left to the model: the articles write them in words or Roman numerals
    ("the 15th century": "the fifteenth"; "the 70's", "80-х": "the 1970s", "1980-х";
    "15 век": "XV век").
    """
    numbers = question_numbers(_SAID_OTHERWISE.sub(" ", question))
    if not numbers:
        return None
    seen: set[str] = set()
    for hit in hits:
        rec = hit.passage
        text = f"{rec.title} {rec.text}"
        seen.update(numbers_in(text))
        seen.update(m.group(1) + m.group(2) for m in _YEAR_SPAN.finditer(text))
        if rec.published is not None:
            seen.add(str(rec.published.year))
    missing = sorted(numbers - seen)
    return missing[0] if missing else None


# The article says the figure was not given: "financial details were not disclosed", "for
# an undisclosed sum", "сумма не разглашается", "о жертвах не сообщается".
_UNDISCLOSED = re.compile(
    r"\b(?:not|never)\s+(?:been\s+|be\s+)?(?:disclosed|revealed|made\s+public)\b|\bundisclosed\b"
    r"|\b(?:did|does|do|would|will)\s+not\s+(?:disclose|reveal)\b"
    r"|\bdeclined\s+to\s+(?:say|disclose|reveal|give)\b"
    r"|(?<!\w)не\s+(?:розголош|розкрива|розкрил|повідомля|повідомил|уточню|уточнил|разглаша"
    r"|раскрыва|раскрыл|сообща|сообщил|уточня)\w*",
    re.IGNORECASE,
)
_UNDISCLOSED_SHARE = 0.8  # of the best sentence's share of the question


def undisclosed(kind: Kind, sentences: Sequence[Sentence], weights: dict[str, float]) -> bool:
    """Return whether a question asks for an amount or a sum that the sentences answering
    it best say was not given ("how much did Microsoft pay for Sybari": "... it would
    buy Sybari Software. Terms of the acquisition were not disclosed.").

    The saying counts in a sentence holding nearly as much of the question as the best
    one, or just before or after such a sentence, and only when those sentences name no
    sum or amount: a deal's other undisclosed terms do not hide the price it names.
    """
    if kind not in (Kind.AMOUNT, Kind.MONEY) or not sentences:
        return False
    held = {s.key: share(s.matched, weights) for s in sentences}
    best = max(held.values())
    if best <= 0:
        return False
    answering = {key for key, value in held.items() if value >= _UNDISCLOSED_SHARE * best}
    if any(s.reading.answer is not None for s in sentences if s.key in answering):
        return False  # "... for $50m. Other terms were not disclosed."
    return any(
        _UNDISCLOSED.search(s.text) is not None
        and any((s.hit_rank, s.index + step) in answering for step in (-1, 0, 1))
        for s in sentences
    )


def no_sum_quoted(kind: Kind, quoted: Sequence[Sentence]) -> bool:
    """Return whether a question asks for a sum and not one sentence chosen to answer it
    names one ("скільки коштує участь у програмі": the article tells of the programme,
    not its price). The quotes are the sentences that hold most of the question: a sum
    elsewhere in the article is about something else."""
    if kind is not Kind.MONEY or not quoted:
        return False
    return not any(
        c.span.kind is Kind.MONEY for sentence in quoted for c in sentence.reading.candidates
    )


def missing_month(date_range: DateRange | None, hits: Sequence[Hit]) -> str | None:
    """Return a question's month of a named year ("в декабре 2018" → "December 2018") that
    no candidate passage is from or mentions, if so.

    Articles about a July strike answer no question about a December one. An article
    from the week after the month may report on it without naming it ("last week").
    """
    if date_range is None or not _names_its_year(date_range):
        return None
    start, end = date_range.start, date_range.end
    whole_month = start.day == 1 and end.month == start.month and end.year == start.year
    if not whole_month or (end + timedelta(days=1)).month == start.month:
        return None
    for hit in hits:
        rec = hit.passage
        if rec.published is not None and start <= rec.published <= end + _REPORTED_AFTER:
            return None
        if mentions_month(f"{rec.title} {rec.text}", start.month):
            return None
    return f"{calendar.month_name[start.month]} {start.year}"
