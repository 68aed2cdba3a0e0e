"""How well the digest's same-story links hold on real news (BSNLP 2021, uk + ru).

BSNLP groups articles by news topic (an event or entity: Asia Bibi's acquittal, Brexit,
Nord Stream 2, Ryanair flight 4978, ...). A topic is broader than a story, so a link
between two articles of one topic may or may not be a true "same story"; a link
between two topics is certainly wrong. The script mixes articles of every topic into
pseudo-days of `--day` articles (a busy outlet's day), runs the digest's link function
(`retrieval.digest.story_links`, exactly what the bot uses) inside each, and reports:

- precision: the share of links that join articles of the same topic (higher is
  better; 1 - precision is the rate of certainly wrong merges);
- links per same-topic pair, within a language and across uk/ru (a recall proxy:
  a topic holds many stories, so this is far below 1 even when the method is right);
- stories per pseudo-day, the biggest story, and the worst story's topic purity (the
  share of its articles from its main topic: below 1 means a story mixed topics);
- the same figures for a sweep of the two thresholds.

Run: .venv/bin/python -m benchmarks.digest_clustering [--day 100] [--seed 1]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections import Counter

import retrieval.digest as digest_module
from benchmarks.common import ROOT, log
from retrieval.analysis import Analyzer
from retrieval.digest import DigestArticle, cluster_stories, story_links

DATA = ROOT.parent / "shared" / "datasets" / "bsnlp2021-slavic-news" / "articles.uk-ru.jsonl.gz"


def load() -> list[tuple[str, DigestArticle]]:
    out = []
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            paragraphs = [p for p in r["text"].split("\n") if p.strip()]
            lead = "\n\n".join(paragraphs[:4])[:1500]
            article = DigestArticle(
                r["id"], r["title"] or "", r.get("url"), None, r["lang"], None, [(0, lead)]
            )
            out.append((r["topic"], article))
    return out


def measure(days: list[list[tuple[str, DigestArticle]]], analyzer: Analyzer) -> dict[str, float]:
    links = same = cross_links = cross_same = 0
    pairs_same_topic = pairs_same_topic_cross = 0
    stories = biggest = 0
    purity = 1.0
    for day in days:
        articles = [a for _, a in day]
        topics = [t for t, _ in day]
        topic_of = {a.id: t for t, a in day}
        for story in cluster_stories(articles, analyzer, lang="uk"):
            stories += 1
            biggest = max(biggest, story.coverage)
            counts = Counter(topic_of[link.article_id] for link in story.links)
            purity = min(purity, counts.most_common(1)[0][1] / story.coverage)
        for i in range(len(day)):
            for j in range(i + 1, len(day)):
                if topics[i] == topics[j]:
                    pairs_same_topic += 1
                    pairs_same_topic_cross += articles[i].lang != articles[j].lang
        for i, j in story_links(articles, analyzer):
            links += 1
            ok = topics[i] == topics[j]
            same += ok
            if articles[i].lang != articles[j].lang:
                cross_links += 1
                cross_same += ok
    return {
        "stories_per_day": stories / len(days),
        "biggest_story": biggest,
        "worst_purity": purity,
        "links": links,
        "precision": same / links if links else float("nan"),
        "cross_links": cross_links,
        "cross_precision": cross_same / cross_links if cross_links else float("nan"),
        "same_topic_pairs_linked": same / pairs_same_topic if pairs_same_topic else 0.0,
        "cross_same_topic_pairs_linked": (
            cross_same / pairs_same_topic_cross if pairs_same_topic_cross else 0.0
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--day", type=int, default=100, help="articles per pseudo-day")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not DATA.is_file():
        sys.exit(f"{DATA} is missing (../shared/datasets beside the checkout)")
    items = load()
    random.Random(args.seed).shuffle(items)
    days = [items[i : i + args.day] for i in range(0, len(items), args.day)]
    analyzer = Analyzer()
    log(f"{len(items)} articles in {len(days)} pseudo-days of {args.day}")
    rows = []
    default = (digest_module.TERM_LINK, digest_module.NAME_LINK)
    for term_link, name_link in [
        default,
        (0.4, 0.3),
        (0.4, 0.35),
        (0.4, 0.45),
        (0.3, 0.4),
        (9, 0.4),
    ]:
        digest_module.TERM_LINK, digest_module.NAME_LINK = term_link, name_link
        started = time.perf_counter()
        m = measure(days, analyzer)
        m["seconds_per_day"] = (time.perf_counter() - started) / len(days)
        rows.append((term_link, name_link, m))
    digest_module.TERM_LINK, digest_module.NAME_LINK = default
    print(f"BSNLP uk+ru: {len(items)} articles, pseudo-days of {args.day}, seed {args.seed}\n")
    print(
        "| TERM_LINK | NAME_LINK | links | precision | uk↔ru links | uk↔ru precision "
        "| same-topic pairs linked | uk↔ru same-topic pairs linked | stories/day "
        "| biggest story | worst topic purity | s per day |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for term_link, name_link, m in rows:
        mark = " (default)" if (term_link, name_link) == default else ""
        term = "off" if term_link > 1 else f"{term_link}"
        print(
            f"| {term}{mark} | {name_link} | {m['links']} | {m['precision']:.3f} "
            f"| {m['cross_links']} | {m['cross_precision']:.3f} "
            f"| {m['same_topic_pairs_linked']:.3f} | {m['cross_same_topic_pairs_linked']:.3f} "
            f"| {m['stories_per_day']:.1f} | {m['biggest_story']} | {m['worst_purity']:.2f} "
            f"| {m['seconds_per_day']:.2f} |"
        )


if __name__ == "__main__":
    main()
