"""XQuAD en and ru: answers inside the snippets, the refusal's calibration, across languages.

- paragraph Hit@1/Hit@5, the share of questions whose gold answer is inside the returned
  snippets, and the share lost to the "not covered" threshold; for short-fact questions
  (who, how many, when, where, which), the share whose highlight marks the answer and the
  share whose highlight marks something else;
- the threshold itself is calibrated here (half the articles indexed, their questions
  answerable, the other half's questions off-topic);
- questions searched in the other language's paragraphs alone, without a model.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from corpus.article import Article
from retrieval.answer import Answer, compose_answer
from retrieval.crosslang import search_other_languages
from retrieval.evaluation.newsqa import highlight_hits
from retrieval.evaluation.ranking import TODAY, Log, build_searcher
from retrieval.evidence import SHORT_FACT_KINDS
from retrieval.kinds import question_kind
from retrieval.search import Hit, Query, Searcher, SearchResult


def load_xquad(path: Path) -> list[dict[str, Any]]:
    """Return XQuAD paragraphs: article title, paragraph id, context and questions."""
    data = json.loads(path.read_text("utf-8"))["data"]
    out = []
    for article in data:
        for i, para in enumerate(article["paragraphs"]):
            out.append(
                {
                    "title": article["title"],
                    "id": f"{article['title']}#{i}",
                    "context": para["context"].replace("\ufeff", ""),
                    "qas": [(q["question"], q["answers"][0]["text"]) for q in para["qas"]],
                }
            )
    return out


def paragraph_articles(paras: Iterable[dict[str, Any]], lang: str) -> list[Article]:
    """Return each XQuAD paragraph as an article of its own (id `title#n`)."""
    return [
        Article(
            id=p["id"],
            title=p["title"],
            url=None,
            published=None,
            lang=lang,
            source="xquad",
            text=p["context"],
        )
        for p in paras
    ]


def _contains(snippets: Iterable[str], gold: str) -> bool:
    norm = " ".join(gold.casefold().split()).strip(" .,")
    return any(norm in " ".join(s.casefold().split()) for s in snippets)


def search_result(
    searcher: Searcher, question: str, lang: str, terms: dict[str, int], hits: list[Hit]
) -> SearchResult:
    """Wrap hits found from `terms` as the search result the answer step takes."""
    return SearchResult(Query(question, lang, terms, None), hits)


def eval_xquad(
    datasets: Path,
    *,
    lang: str,
    engine: str,
    limit: int | None,
    log: Log,
) -> dict[str, Any]:
    """Hit@1/Hit@5, answer-in-snippets and "not covered" losses on XQuAD in one language."""
    paras = load_xquad(datasets / "xquad" / f"xquad.{lang}.json")
    built = build_searcher(paragraph_articles(paras, lang), engine=engine)
    searcher = built.searcher
    questions = [(q, a, p["id"]) for p in paras for q, a in p["qas"]]
    if limit:
        random.Random(7).shuffle(questions)
        questions = questions[:limit]
    hit1 = hit5 = inside = inside_found = lost = 0
    short = marked_right = marked_wrong = 0
    for question, gold, pid in questions:
        terms = searcher.query_terms(question, lang)
        grams = searcher.query_grams(question, lang)
        hits = searcher.search_terms(terms, grams=grams, k=8, today=TODAY)
        ranked = list(dict.fromkeys(h.passage.article_id for h in hits))
        hit1 += ranked[:1] == [pid]
        hit5 += pid in ranked[:5]
        result = search_result(searcher, question, lang, terms, hits)
        answer = compose_answer(result, searcher)
        refused = not answer.found
        if refused:
            lost += 1
            answer = compose_answer(result, searcher, threshold=0.0)
        got = _contains((s.text for s in answer.snippets), gold)
        inside += got
        inside_found += got and not refused
        if question_kind(question) in SHORT_FACT_KINDS:
            short += 1
            right = wrong = False
            for snippet in answer.snippets:
                good, bad = highlight_hits(snippet.text, snippet.highlights, gold)
                right |= good
                wrong |= bad
            marked_right += right
            marked_wrong += wrong
    built.tmp.cleanup()
    n = len(questions)
    log(f"xquad {lang}: {n} questions")
    return {
        "questions": n,
        "hit@1": round(hit1 / n, 4),
        "hit@5": round(hit5 / n, 4),
        "answer_in_snippets": round(inside / n, 4),
        "answer_in_snippets_after_threshold": round(inside_found / n, 4),
        "lost_to_threshold": round(lost / n, 4),
        "short_questions": short,
        "answer_in_highlight_short": round(marked_right / max(short, 1), 4),
        "wrong_highlights_short": round(marked_wrong / max(short, 1), 4),
    }


def eval_across(datasets: Path, *, engine: str, log: Log) -> dict[str, Any]:
    """XQuAD questions searched in the other language's paragraphs alone, without a model.

    The paragraphs are parallel (the same ids in en and ru), so a Russian question's
    paragraph is found among the English ones by the name keys and numbers they share
    (`retrieval.crosslang`); and the reverse.
    """
    out: dict[str, Any] = {}
    for asked, indexed in (("ru", "en"), ("en", "ru")):
        built = build_searcher(
            paragraph_articles(load_xquad(datasets / "xquad" / f"xquad.{indexed}.json"), indexed),
            engine=engine,
        )
        hit1 = hit5 = n = 0
        for p in load_xquad(datasets / "xquad" / f"xquad.{asked}.json"):
            for question, _ in p["qas"]:
                hits = search_other_languages(question, asked, built.searcher, k=10)
                ranked = list(dict.fromkeys(h.passage.article_id for h in hits))
                n += 1
                hit1 += ranked[:1] == [p["id"]]
                hit5 += p["id"] in ranked[:5]
        built.tmp.cleanup()
        out[f"{asked}->{indexed}"] = {
            "questions": n,
            "hit@1": round(hit1 / n, 4),
            "hit@5": round(hit5 / n, 4),
        }
    log("xquad across languages: done")
    return out


def calibration_questions(
    datasets: Path, *, engine: str, log: Log
) -> list[tuple[str, bool, Answer]]:
    """Index half of XQuAD's articles and ask every question with the product's decision.

    Questions about indexed articles are answerable, the others off-topic. Returns
    (language, answerable, answer) per question: the refusal model's signals and its
    decision are in the answer.
    """
    out: list[tuple[str, bool, Answer]] = []
    for lang in ("en", "ru"):
        paras = load_xquad(datasets / "xquad" / f"xquad.{lang}.json")
        titles = sorted({p["title"] for p in paras})
        indexed = set(titles[::2])
        built = build_searcher(
            paragraph_articles([p for p in paras if p["title"] in indexed], lang), engine=engine
        )
        searcher = built.searcher
        for p in paras:
            for question, _ in p["qas"]:
                result = searcher.search(question, k=8, lang=lang, today=TODAY)
                out.append((lang, p["title"] in indexed, compose_answer(result, searcher)))
        built.tmp.cleanup()
    log(f"calibration: {len(out)} XQuAD questions, half of them about indexed articles")
    return out


def calibrate_threshold(datasets: Path, *, engine: str, log: Log) -> dict[str, Any]:
    """Report the "not covered" operating point on XQuAD: answerable lost, off-topic refused."""
    asked = calibration_questions(datasets, engine=engine, log=log)
    out: dict[str, Any] = {}
    for lang in ("en", "ru", None):
        mine = [(ok, a) for code, ok, a in asked if lang is None or code == lang]
        pos = [a for ok, a in mine if ok]
        neg = [a for ok, a in mine if not ok]
        out[lang or "all"] = {
            "answerable": len(pos),
            "off_topic": len(neg),
            "answerable_lost": round(sum(not a.found for a in pos) / len(pos), 4),
            "off_topic_refused": round(sum(not a.found for a in neg) / len(neg), 4),
        }
    return out
