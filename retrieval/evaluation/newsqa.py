"""The natural-question check (`newsdesk eval --only newsqa`): shared/datasets/newsqa-dev.

240 questions typed the way people type them (80 each in en, uk, ru; 48 unanswerable) over
the shared news corpora. The set is split once, by article and with a fixed seed, into a
*tune* half (the only one looked at while tuning) and a *check* half (reported, never
tuned on). Each question is asked through the product's answer path, and the report gives
Hit@1 / Hit@5 (any listed article counts), the gold answer inside the quoted snippets and
inside a highlight, and refusals, per half, language and question kind
(`retrieval.evaluation.report` renders it, each target marked).
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus.article import LANGS

SPLIT_SEED = 20261206
HALVES = ("tune", "check")
# The corpora the questions were written over, relative to shared/datasets.
CORPUS_FILES = (
    "bbc-news-2225/articles.en.jsonl.gz",
    "wikinews/wikinews_en.jsonl.gz",
    "wikinews/wikinews_ru.jsonl.gz",
    "bsnlp2021-slavic-news/articles.uk-ru.jsonl.gz",
    "bruk-press-uk/articles.uk.jsonl.gz",
)
# Kinds whose answer is a short fact a highlight should mark.
HIGHLIGHT_KINDS = frozenset({"who", "how-many", "when", "where"})
# Targets (issue "Answers that answer"), per half and language.
TARGETS = {
    "hit@1": 0.88,
    "hit@5": 0.95,
    "answer_in_snippets": 0.80,
    "answer_in_highlight_short": 0.60,
    "answerable_lost": 0.03,
}
# Unanswerable kinds whose every question must be refused.
SURE_REFUSALS = ("unanswerable-off-topic", "unanswerable-after-corpus")
_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "’": "'", "‘": "'"})


@dataclass(frozen=True, slots=True)
class NewsQuestion:
    """One question of the set."""

    qid: str
    lang: str
    question: str
    article_ids: tuple[str, ...]
    answer: str
    kind: str
    answerable: bool


def load_questions(path: Path, datasets: Path | None = None) -> list[NewsQuestion]:
    """Read a questions.jsonl file (the dev set's format).

    A question may give its answer as `"answer_at": [article_id, start, end]`, character
    offsets into that article's text in the shared corpora, instead of the text itself:
    the project's own written questions (`benchmarks/data/`) keep the publishers' words
    out of the repository and read them from `datasets` here.
    """
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    wanted = {r["answer_at"][0] for r in records if r.get("answer_at")}
    texts = _article_texts(datasets, wanted) if wanted else {}
    out = []
    for q in records:
        answer = q.get("answer") or ""
        if not answer and q.get("answer_at"):
            article, start, end = q["answer_at"]
            if article not in texts:
                raise ValueError(f"{path}: {q['qid']}'s article {article} is not in {datasets}")
            answer = texts[article][start:end]
        out.append(
            NewsQuestion(
                qid=q["qid"],
                lang=q["lang"],
                question=q["question"],
                article_ids=tuple(q.get("article_ids") or ()),
                answer=answer,
                kind=q["kind"],
                answerable=bool(q["answerable"]),
            )
        )
    return out


def _article_texts(datasets: Path | None, ids: set[str]) -> dict[str, str]:
    """Return the text of each article of `ids` found in the news corpora."""
    import gzip

    if datasets is None:
        raise ValueError("answers given by offsets need the shared datasets")
    found: dict[str, str] = {}
    for name in CORPUS_FILES:
        with gzip.open(datasets / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                if record["id"] in ids:
                    found[record["id"]] = record["text"]
    return found


def split_halves(questions: Sequence[NewsQuestion], seed: int = SPLIT_SEED) -> dict[str, str]:
    """Return each question's half ("tune" or "check"), split by article with a fixed seed.

    Answerable questions that share an article stay in one half; groups are dealt in a
    seeded order to whichever half of their language has fewer questions so far.
    Unanswerable ones are halved per language and kind.
    """
    rng = random.Random(seed)
    half: dict[str, str] = {}
    for lang in LANGS:
        mine = [q for q in questions if q.lang == lang]
        groups = _article_groups([q for q in mine if q.answerable])
        rng.shuffle(groups)
        count = {h: 0 for h in HALVES}
        for group in groups:
            target = min(HALVES, key=lambda h: (count[h], HALVES.index(h)))
            for q in group:
                half[q.qid] = target
            count[target] += len(group)
        by_kind: dict[str, list[NewsQuestion]] = defaultdict(list)
        for q in mine:
            if not q.answerable:
                by_kind[q.kind].append(q)
        for kind in sorted(by_kind):
            members = sorted(by_kind[kind], key=lambda q: q.qid)
            rng.shuffle(members)
            for i, q in enumerate(members):
                half[q.qid] = HALVES[i % 2]
    return half


def _article_groups(questions: list[NewsQuestion]) -> list[list[NewsQuestion]]:
    """Group questions that share any listed article (connected components)."""
    parent = list(range(len(questions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, q in enumerate(questions):
        for aid in q.article_ids:
            if aid in owner:
                parent[find(i)] = find(owner[aid])
            else:
                owner[aid] = i
    groups: dict[int, list[NewsQuestion]] = defaultdict(list)
    for i, q in enumerate(questions):
        groups[find(i)].append(q)
    return sorted(groups.values(), key=lambda g: min(q.qid for q in g))


def fold(text: str) -> str:
    """Return text case-folded, with one kind of quote and single spaces (for matching)."""
    return " ".join(text.translate(_QUOTES).casefold().split())


def answer_spans(text: str, answer: str) -> list[tuple[int, int]]:
    """Return where `answer` occurs in `text`, case-folded, as (start, end) offsets of `text`."""
    gold = fold(answer).strip(" .,")
    if not gold:
        return []
    # Fold character by character so offsets map back to the original text.
    chars: list[str] = []
    where: list[int] = []
    previous_space = True
    for i, ch in enumerate(text.translate(_QUOTES)):
        if ch.isspace():
            if previous_space:
                continue
            ch, previous_space = " ", True
        else:
            previous_space = False
        for c in ch.casefold():
            chars.append(c)
            where.append(i)
    folded = "".join(chars)
    spans = []
    start = folded.find(gold)
    while start >= 0:
        end = start + len(gold)
        spans.append((where[start], where[end - 1] + 1))
        start = folded.find(gold, start + 1)
    return spans


def _longest(gold_chars: int) -> int:
    """Return how long a highlight may be and still mark a gold answer of this length."""
    return max(gold_chars * 3 // 2, gold_chars + 12)


def highlight_hits(
    text: str, highlights: Iterable[tuple[int, int]], answer: str
) -> tuple[bool, bool]:
    """Return (a highlight marks the answer, a highlight marks something else).

    A highlight marks the answer when it overlaps an occurrence of the gold answer and is
    not much longer than it (a whole sentence in bold marks nothing).
    """
    spans = answer_spans(text, answer)
    good = bad = False
    for start, end in highlights:
        right = any(
            start < g_end and g_start < end and end - start <= _longest(g_end - g_start)
            for g_start, g_end in spans
        )
        good |= right
        bad |= not right
    return good, bad


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the answer path did with one question."""

    question: NewsQuestion
    half: str
    ranked: tuple[str, ...]  # article ids, best first: the first quote's article, then search
    found: bool
    answer_in_snippets: bool
    answer_in_highlight: bool
    wrong_highlight: bool
    cross_language: bool
    confidence: float
    signals: tuple[float, ...] = ()  # the refusal model's inputs (`retrieval.refusal`)
    ruled_out: bool = False  # refused by a rule whatever the model says
    searched: tuple[str, ...] = ()  # article ids as `newsdesk search` ranks them

    @property
    def hit1(self) -> bool:
        """Return whether the first article is one the question lists."""
        return bool(self.ranked) and self.ranked[0] in self.question.article_ids

    @property
    def search_hit1(self) -> bool:
        """Return whether search alone ranks a listed article first."""
        return bool(self.searched) and self.searched[0] in self.question.article_ids

    @property
    def hit5(self) -> bool:
        """Return whether one of the first five articles is listed."""
        return bool(set(self.ranked[:5]) & set(self.question.article_ids))


AnswerFn = Callable[[NewsQuestion], tuple[Any, list[str]]]


def judge(
    question: NewsQuestion,
    half: str,
    answer: Any,
    ranked: list[str],
    searched: Sequence[str] = (),
) -> Outcome:
    """Score one answer (`retrieval.answer.Answer`) against the question's gold data."""
    in_snippets = in_highlight = wrong = False
    if answer.found and question.answerable:
        for snippet in answer.snippets:
            in_snippets |= bool(answer_spans(snippet.text, question.answer))
            good, bad = highlight_hits(snippet.text, snippet.highlights, question.answer)
            in_highlight |= good
            wrong |= bad
    elif answer.found:
        wrong = any(s.highlights for s in answer.snippets)
    return Outcome(
        question=question,
        half=half,
        ranked=tuple(ranked),
        searched=tuple(searched),
        found=bool(answer.found),
        answer_in_snippets=in_snippets,
        answer_in_highlight=in_highlight,
        wrong_highlight=wrong,
        cross_language=bool(answer.found and answer.sources)
        and all(s.lang != question.lang for s in answer.sources),
        confidence=float(answer.confidence),
        signals=tuple(answer.signals.values()),
        ruled_out=answer.refusal_rule is not None,
    )


def summarise(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """Return the figures of a group of outcomes."""
    answerable = [o for o in outcomes if o.question.answerable]
    unanswerable = [o for o in outcomes if not o.question.answerable]
    short = [o for o in answerable if o.question.kind in HIGHLIGHT_KINDS]
    found = [o for o in outcomes if o.found]
    n = len(answerable) or 1

    def share(items: Sequence[Outcome], test: Callable[[Outcome], bool]) -> float:
        return round(sum(map(test, items)) / len(items), 4) if items else 0.0

    return {
        "questions": len(outcomes),
        "answerable": len(answerable),
        "hit@1": round(sum(o.hit1 for o in answerable) / n, 4),
        "hit@5": round(sum(o.hit5 for o in answerable) / n, 4),
        "search_hit@1": round(sum(o.search_hit1 for o in answerable) / n, 4),
        "answer_in_snippets": round(sum(o.answer_in_snippets for o in answerable) / n, 4),
        "answer_in_highlight_short": share(short, lambda o: o.answer_in_highlight),
        "short_questions": len(short),
        "wrong_highlights": share(found, lambda o: o.wrong_highlight),
        "answerable_lost": round(sum(not o.found for o in answerable) / n, 4),
        "unanswerable": len(unanswerable),
        "unanswerable_refused": sum(not o.found for o in unanswerable),
        "refused_by_kind": {
            kind: f"{sum(not o.found for o in group)}/{len(group)}"
            for kind, group in sorted(_by(unanswerable, lambda o: o.question.kind).items())
        },
        "cross_language_answers": sum(o.cross_language for o in outcomes),
    }


def _by(items: Iterable[Outcome], key: Callable[[Outcome], str]) -> dict[str, list[Outcome]]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return groups


def report(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """Return figures per half and language, per half and kind, and per half overall."""
    out: dict[str, Any] = {}
    for half, group in sorted(_by(outcomes, lambda o: o.half).items()):
        entry: dict[str, Any] = {"all": summarise(group)}
        for lang, mine in sorted(_by(group, lambda o: o.question.lang).items()):
            entry[lang] = summarise(mine)
        kinds = _by([o for o in group if o.question.answerable], lambda o: o.question.kind)
        entry["kinds"] = {
            kind: {
                "questions": len(mine),
                "hit@1": summarise(mine)["hit@1"],
                "answer_in_snippets": summarise(mine)["answer_in_snippets"],
                "answer_in_highlight": round(
                    sum(o.answer_in_highlight for o in mine) / len(mine), 4
                ),
            }
            for kind, mine in sorted(kinds.items())
        }
        out[half] = entry
    return out


def run_newsqa(
    datasets: Path,
    *,
    engine: str,
    log: Callable[[str], None],
    questions_path: Path | None = None,
    halves: Sequence[str] = HALVES,
) -> tuple[dict[str, Any], list[Outcome]]:
    """Index the news corpora, ask every question of the chosen halves, and report.

    With `questions_path` (another file of the same format), every question is in one
    half called "all".
    """
    import tempfile
    from datetime import date

    from retrieval.index import build_index
    from retrieval.service import NewsService

    own = questions_path is None
    path = questions_path or datasets / "newsqa-dev" / "questions.jsonl"
    questions = load_questions(path, datasets)
    halves_of = (
        split_halves(questions) if own else dict.fromkeys((q.qid for q in questions), "all")
    )
    chosen = [q for q in questions if halves_of[q.qid] in halves or not own]
    today = date(2026, 12, 1)
    with tempfile.TemporaryDirectory(prefix="newsdesk-newsqa-") as tmp:
        build_index([datasets / name for name in CORPUS_FILES], data_dir=Path(tmp), engine=engine)
        service = NewsService(Path(tmp))
        outcomes = []
        for q in chosen:
            answer = service.ask(q.question, today=today)
            searched = [r.id for r in service.search_articles(q.question, k=5, today=today)]
            ranked = searched
            if answer.found:
                # What the reader sees first: the article of the first quote.
                ranked = list(dict.fromkeys([answer.sources[0].id, *searched]))[:5]
            outcomes.append(judge(q, halves_of[q.qid], answer, ranked, searched))
    asked = sorted({o.half for o in outcomes})
    log(f"newsqa: {len(outcomes)} questions ({', '.join(asked)} half)")
    return report(outcomes), outcomes
