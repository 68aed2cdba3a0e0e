"""The daily digest: the last 24 hours of articles, clustered into stories, ranked.

Transport-agnostic: `compose_digest` returns a `Digest` that `bot/render.py` turns into
Telegram HTML and the CLI into plain text. No LLM is involved.

How it works:
- Window: the 24 hours before the digest is composed, in the subscriber's time zone.
  An article with an exact publication time (feeds give one) is placed by it; one dated
  only by day counts as published at noon of its date in that zone. Either way
  consecutive daily digests tile time and each article appears in exactly one of them.
- Clustering: two articles tell the same story when their headline + lead share enough
  weighted terms (same language: analysed terms, cosine ≥ `TERM_LINK`), or enough
  weighted names and numbers (any language: capitalised words reduced to a
  transliterated consonant skeleton, so "Zelensky", "Зеленський" and "Зеленский" all
  become `zlnsk`; cosine ≥ `NAME_LINK` with at least two shared keys). Linked articles
  are joined (union–find over links), which also merges near-duplicates.
- Ranking: by coverage (articles and distinct outlets), then recency.
- Each story is shown once: one headline, the first one or two sentences of its lead
  (news leads summarise the story), and links to every article covering it. The
  headline comes from an article in the subscriber's language when the story has one.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from retrieval.engines import Filters, PassageRecord
from retrieval.namekeys import name_keys
from retrieval.sentences import split_paragraphs, split_sentences

if TYPE_CHECKING:
    from retrieval.analysis import Analyzer
    from retrieval.index import IndexVersion

WINDOW = timedelta(hours=24)
TERM_LINK = 0.40
NAME_LINK = 0.40  # measured on BSNLP uk+ru: benchmarks/digest_clustering.py
MIN_SHARED_NAMES = 2
MAX_STORIES = 8
SUMMARY_CHARS = 260
_SCAN_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class DigestLink:
    """One article covering a story."""

    article_id: str
    title: str
    url: str | None
    published: date | None
    lang: str
    outlet: str | None


@dataclass(frozen=True, slots=True)
class Story:
    """One story: a headline, a short extractive summary, and every article covering it."""

    headline: str
    summary: str
    lang: str
    links: list[DigestLink]  # the headline's article first
    outlets: int
    leads: tuple[str, ...] = ()  # each link's lead text, for a model to summarise
    written_by_model: bool = False  # the summary cites the links as [1], [2], ...

    @property
    def coverage(self) -> int:
        """Return how many articles cover the story."""
        return len(self.links)


@dataclass(frozen=True, slots=True)
class Digest:
    """The stories of the 24 hours before `composed_at`."""

    day: date  # the local date the digest is for
    lang: str  # the subscriber's language
    tz: str
    composed_at: datetime
    window_start: datetime
    article_count: int
    stories: list[Story] = field(default_factory=list)
    more_stories: int = 0  # stories left out to keep the digest short


@dataclass(slots=True)
class DigestArticle:
    """An article as the digest sees it: metadata and its lead (first two passages)."""

    id: str
    title: str
    url: str | None
    published: date | None
    lang: str
    outlet: str | None
    lead: list[tuple[int, str]]  # (ordinal, passage text)
    moment: datetime | None = None  # exact publication time, when the source gave one
    terms: Counter[str] = field(default_factory=Counter)
    names: set[str] = field(default_factory=set)

    @property
    def lead_text(self) -> str:
        return "\n\n".join(text for _, text in sorted(self.lead))


def noon(day: date, tz: ZoneInfo) -> datetime:
    """Return when an article dated `day` counts as published, in zone `tz`."""
    return datetime.combine(day, time(12), tzinfo=tz)


def _when(article: DigestArticle, zone: ZoneInfo) -> datetime:
    """Return when an article was published: its exact moment, else noon of its date."""
    if article.moment is not None:
        return article.moment
    assert article.published is not None  # `_articles` keeps dated ones only
    return noon(article.published, zone)


def compose_digest(
    version: IndexVersion,
    analyzer: Analyzer,
    *,
    at: datetime,
    tz: str,
    lang: str,
    max_stories: int = MAX_STORIES,
) -> Digest:
    """Return the digest a subscriber in zone `tz` reading `lang` gets at moment `at`."""
    zone = ZoneInfo(tz)
    local = at.astimezone(zone)
    start = local - WINDOW
    day = timedelta(days=1)
    span = Filters(date_from=start.date() - day, date_to=local.date() + day)
    records = version.engine.scan(span, limit=_SCAN_LIMIT)
    articles = [a for a in _articles(records) if start < _when(a, zone) <= local]
    stories = cluster_stories(articles, analyzer, lang=lang)
    return Digest(
        day=local.date(),
        lang=lang,
        tz=tz,
        composed_at=local,
        window_start=start,
        article_count=len(articles),
        stories=stories[:max_stories],
        more_stories=max(0, len(stories) - max_stories),
    )


def period_stories(
    version: IndexVersion, analyzer: Analyzer, *, start: date, end: date, lang: str
) -> list[Story]:
    """Return the stories of the articles published from `start` to `end` (inclusive),
    ranked as a digest ranks them: what "що було вчора?" or "what happened last week" asks."""
    records = version.engine.scan(Filters(date_from=start, date_to=end), limit=_SCAN_LIMIT)
    return cluster_stories(_articles(records), analyzer, lang=lang)


def _articles(records: Sequence[PassageRecord]) -> list[DigestArticle]:
    """Group passages into articles, keeping the first two passages as the lead."""
    by_id: dict[str, DigestArticle] = {}
    for r in records:
        article = by_id.get(r.article_id)
        if article is None:
            article = by_id[r.article_id] = DigestArticle(
                r.article_id, r.title, r.url, r.published, r.lang, r.source, [], r.published_at
            )
        if r.ordinal < 2 and r.precision == "day" and r.published is not None:
            article.lead.append((r.ordinal, r.text))  # "2017" is no day to put in a digest
    return [a for a in by_id.values() if a.lead]


def cluster_stories(
    articles: Sequence[DigestArticle], analyzer: Analyzer, *, lang: str
) -> list[Story]:
    """Join articles that tell the same story and rank the stories."""
    if not articles:
        return []
    parent = list(range(len(articles)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in story_links(articles, analyzer):
        parent[find(j)] = find(i)
    groups: dict[int, list[DigestArticle]] = {}
    for i, a in enumerate(articles):
        groups.setdefault(find(i), []).append(a)
    stories = [_story(group, lang) for group in groups.values()]
    return sorted(stories, key=_rank, reverse=True)


def story_links(articles: Sequence[DigestArticle], analyzer: Analyzer) -> list[tuple[int, int]]:
    """Return the pairs (i < j) of articles that tell the same story."""
    for a in articles:
        a.terms = Counter(analyzer.terms(a.title, a.lang) * 2)
        a.terms.update(analyzer.terms(a.lead_text, a.lang))
        a.names = name_keys(f"{a.title}\n{a.lead_text}")
    term_idf = _idf([set(a.terms) for a in articles])
    name_idf = _idf([a.names for a in articles])
    term_vecs = [_weights(a.terms, term_idf) for a in articles]
    name_vecs = [_weights(Counter(a.names), name_idf) for a in articles]
    links = []
    for i in range(len(articles)):
        for j in range(i + 1, len(articles)):
            if _linked(articles[i], articles[j], term_vecs, name_vecs, i, j):
                links.append((i, j))
    return links


def _linked(
    a: DigestArticle,
    b: DigestArticle,
    term_vecs: list[dict[str, float]],
    name_vecs: list[dict[str, float]],
    i: int,
    j: int,
) -> bool:
    if a.lang == b.lang and _cosine(term_vecs[i], term_vecs[j]) >= TERM_LINK:
        return True
    shared = a.names & b.names
    return len(shared) >= MIN_SHARED_NAMES and _cosine(name_vecs[i], name_vecs[j]) >= NAME_LINK


def _idf(sets: Sequence[set[str]]) -> dict[str, float]:
    df: Counter[str] = Counter()
    for s in sets:
        df.update(s)
    n = len(sets)
    return {k: math.log(1 + n / d) for k, d in df.items()}


def _weights(counts: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    return {k: (1 + math.log(c)) * idf[k] for k, c in counts.items() if k in idf}


def _cosine(u: dict[str, float], v: dict[str, float]) -> float:
    if len(u) > len(v):
        u, v = v, u
    dot = sum(w * v[k] for k, w in u.items() if k in v)
    if dot == 0:
        return 0.0
    nu = math.sqrt(sum(w * w for w in u.values()))
    nv = math.sqrt(sum(w * w for w in v.values()))
    return dot / (nu * nv)


def _story(group: list[DigestArticle], lang: str) -> Story:
    """Pick the headline article (subscriber's language, then newest, then longest lead)."""

    def preference(a: DigestArticle) -> tuple[bool, date, int]:
        return (a.lang == lang, a.published or date.min, len(a.lead_text))

    ordered = sorted(group, key=preference, reverse=True)
    head = ordered[0]
    unique = _unique_links(ordered)
    links = [DigestLink(a.id, a.title, a.url, a.published, a.lang, a.outlet) for a in unique]
    outlets = len({a.outlet or a.url or a.id for a in group})
    summary = lead_summary(head.lead_text, head.title)
    leads = tuple(a.lead_text for a in unique)
    return Story(head.title, summary, head.lang, links, outlets, leads)


def _unique_links(articles: list[DigestArticle]) -> list[DigestArticle]:
    seen: set[str] = set()
    out: list[DigestArticle] = []
    for a in articles:
        key = a.url or a.id
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def lead_summary(text: str, title: str, limit: int = SUMMARY_CHARS) -> str:
    """Return the first one or two sentences of a lead, within `limit` characters."""
    title_key = _bare(title)
    chosen: list[str] = []
    for paragraph in split_paragraphs(text):
        for sentence in split_sentences(paragraph):
            clean = " ".join(sentence.split())
            if _bare(clean) == title_key or len(clean) < 25:
                continue  # a repeated headline, a dateline or a caption
            if chosen and len(" ".join([*chosen, clean])) > limit:
                return " ".join(chosen)
            chosen.append(clean)
            if len(chosen) == 2:
                return " ".join(chosen)
        if chosen:
            break
    summary = " ".join(chosen)
    if len(summary) > limit:
        cut = summary[: limit - 1].rsplit(" ", 1)[0]
        summary = cut.rstrip(",;:—-") + "…"
    return summary


def _bare(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


def _rank(story: Story) -> tuple[float, date]:
    latest = max((link.published for link in story.links if link.published), default=date.min)
    return (story.coverage + 0.5 * story.outlets, latest)
