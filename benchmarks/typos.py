"""Typing slips: how much of the answer survives one mistyped word, or the wrong keyboard
layout, or Latin letters for Cyrillic, with and without reading them as what was meant
(`retrieval.spelling`, `retrieval.layout`, `retrieval.translit`).

Usage: .venv/bin/python -m benchmarks.typos [--datasets DIR] [--seeds 3] [--held-out] [-v]

Asks the seen questions: the newsqa-dev tune half and `benchmarks/data/written-a.jsonl`.
`--held-out` asks `benchmarks/data/written-b.jsonl` instead, a held-out set: run it only to
report, never to choose (each run is a read of it, listed in docs/quality.md); `-v` is
refused with it. Each question is asked as written, then once per seed
with one typo: a content word of five or more letters (not a stop word) loses, doubles,
swaps with its neighbour, or changes one letter (not the first; a changed letter is another
of the same script). Then once more typed with the other keyboard layout on: a Ukrainian or
Russian question's keys as QWERTY gives them, an English one's as the Russian layout does.
Then the Ukrainian questions with "і" and "ї" typed with the Latin keys ("скiльки":
`retrieval.layout.unmixed`), and typed with the Russian layout on ("скыльки"), and the
Russian ones with the Ukrainian layout on ("біло": the two layouts differ in three letter
keys). Then the Ukrainian and Russian questions written in Latin letters, by a passport's
rules and as in a chat (`in_latin`; read by `retrieval.translit`). Then every question
asked as a request ("do you know …", "підкажіть, будь ласка,
…", "подскажите, пожалуйста, …": `retrieval.asking.unwrapped`).
Reports Hit@1, the gold answer inside the quoted snippets, answerable
questions lost to "not covered" and unanswerable ones refused (the seeds' questions pooled),
and the median time of a typo'd question's whole ask either way. The news corpora are
indexed once (seconds).
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path
from statistics import median

from retrieval.analysis import stop_words
from retrieval.evaluation import find_datasets
from retrieval.evaluation.newsqa import (
    CORPUS_FILES,
    NewsQuestion,
    fold,
    load_questions,
    split_halves,
)
from retrieval.index import build_index
from retrieval.layout import slipped
from retrieval.options import SearchOptions
from retrieval.service import NewsService

DATA = Path(__file__).resolve().parent / "data"
TODAY = date(2026, 12, 1)
_TIMES: dict[int, list[float]] = {}  # per service: each ask's milliseconds
_WORD = re.compile(r"[^\W\d_]{5,}")
_LATIN = "abcdefghijklmnopqrstuvwxyz"
_CYRILLIC = "абвгдежзийклмнопрстуфхцчшщьыэюяіїєґ"


def with_typo(question: str, rng: random.Random) -> str:
    """Return `question` with one typo in one of its content words (unchanged if none)."""
    stops = stop_words("en") | stop_words("uk") | stop_words("ru")
    found = [m for m in _WORD.finditer(question) if m.group().casefold() not in stops]
    if not found:
        return question
    m = rng.choice(found)
    word = m.group()
    i = rng.randrange(1, len(word))
    how = rng.choice(["drop", "double", "swap", "change"])
    if how == "drop":
        typo = word[:i] + word[i + 1 :]
    elif how == "double":
        typo = word[:i] + word[i] + word[i:]
    elif how == "swap" and i + 1 < len(word):
        typo = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    else:
        letters = _LATIN if word[i].casefold() in _LATIN else _CYRILLIC
        typo = word[:i] + rng.choice(letters.replace(word[i].casefold(), "")) + word[i + 1 :]
    return question[: m.start()] + typo + question[m.end() :]


def latin_i(question: str, lang: str = "uk") -> str:
    """Return a Ukrainian question with "і" and "ї" typed as the Latin "i" and "ï"."""
    return question.translate(str.maketrans("іїІЇ", "iïIÏ"))


_OTHER_CYRILLIC = {
    "uk": str.maketrans("іїєІЇЄ", "ыъэЫЪЭ"),  # the Russian layout's keys for і, ї, є
    "ru": str.maketrans("ыъэЫЪЭ", "іїєІЇЄ"),
}


def other_cyrillic(question: str, lang: str) -> str:
    """Return a Ukrainian or Russian question typed with the other Cyrillic layout on."""
    return question.translate(_OTHER_CYRILLIC[lang])


# Ukrainian and Russian in Latin letters, two ways people write them: by the rules of a
# passport or a road sign, and as in a chat (a soft sign dropped, "h" for "х", "c" for "ц").
_IN_LATIN = {
    ("uk", "passport"): {
        **dict(zip("абвгґдезиійклмнопрстуф", "abvhgdezyiyklmnoprstuf", strict=True)),
        "є": "ie", "ж": "zh", "ї": "i", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
        "щ": "shch", "ю": "iu", "я": "ia", "ь": "", "'": "", "’": "",
    },
    ("uk", "chat"): {
        **dict(zip("абвгґдезиійклмнопрстуф", "abvhgdezyijklmnoprstuf", strict=True)),
        "є": "je", "ж": "zh", "ї": "ji", "х": "h", "ц": "c", "ч": "ch", "ш": "sh",
        "щ": "sch", "ю": "ju", "я": "ja", "ь": "", "'": "", "’": "",
    },
    ("ru", "passport"): {
        **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziiklmnoprstufye", strict=True)),
        "ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
        "ъ": "ie", "ь": "", "ю": "iu", "я": "ia",
    },
    ("ru", "chat"): {
        **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdezijklmnoprstufie", strict=True)),
        "ё": "e", "ж": "zh", "х": "h", "ц": "c", "ч": "ch", "ш": "sh", "щ": "sch",
        "ъ": "", "ь": "", "ю": "ju", "я": "ja",
    },
}  # fmt: skip


def in_latin(question: str, lang: str, way: str) -> str:
    """Return a Ukrainian or Russian question written in Latin letters, `way` "passport"
    or "chat" (lowercase: people typing so rarely capitalise)."""
    table = str.maketrans({k: v.replace("\0", "") for k, v in _IN_LATIN[lang, way].items()})
    return question.lower().translate(table)


_REQUESTS = {
    "en": "do you know {}",
    "uk": "підкажіть, будь ласка, {}",
    "ru": "подскажите, пожалуйста, {}",
}


def as_request(question: NewsQuestion) -> str:
    """Return a question as people put it to a bot: inside a request."""
    return _REQUESTS[question.lang].format(question.question)


def _questions(datasets: Path, *, held_out: bool) -> list[NewsQuestion]:
    if held_out:
        return load_questions(DATA / "written-b.jsonl", datasets)
    dev = load_questions(datasets / "newsqa-dev" / "questions.jsonl")
    halves = split_halves(dev)
    seen = [q for q in dev if halves[q.qid] == "tune"]
    return seen + load_questions(DATA / "written-a.jsonl", datasets)


def _ask(service: NewsService, asked: list[tuple[NewsQuestion, str]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for q, text in asked:
        answer = service.ask(text, today=TODAY)
        _TIMES.setdefault(id(service), []).append(answer.timings_ms["total"])
        if not q.answerable:
            counts["unanswerable"] += 1
            counts["refused"] += not answer.found
            continue
        counts["answerable"] += 1
        counts["lost"] += not answer.found
        counts["hit1"] += bool(answer.sources) and answer.sources[0].id in q.article_ids
        gold = fold(q.answer)
        counts["in_snippets"] += any(gold in fold(s.text) for s in answer.snippets)
        counts["read"] += bool(answer.spelling) or answer.retyped_from is not None
    return counts


def _row(name: str, c: Counter[str]) -> str:
    n = max(c["answerable"], 1)
    return (
        f"| {name} | {c['hit1'] / n:.3f} | {c['in_snippets'] / n:.3f} | "
        f"{c['lost']}/{c['answerable']} | {c['refused']}/{c['unanswerable']} | {c['read']} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--held-out", action="store_true", help="ask written-b (report only)")
    parser.add_argument("-v", action="store_true", help="print each typo'd question")
    args = parser.parse_args()
    datasets = find_datasets(args.datasets)
    if args.held_out and args.v:
        parser.error("-v would show the held-out questions")
    questions = _questions(datasets, held_out=args.held_out)
    asked = "written-b questions (held out)" if args.held_out else "seen questions"
    clean = [(q, q.question) for q in questions]
    typoed = []
    for seed in range(1, args.seeds + 1):
        rng = random.Random(seed)
        typoed += [(q, with_typo(q.question, rng)) for q in questions]
    if args.v:
        for _, text in typoed:
            print(" ", text)
    with tempfile.TemporaryDirectory(prefix="newsdesk-typos-") as tmp:
        build_index([datasets / name for name in CORPUS_FILES], data_dir=Path(tmp))
        on = NewsService(Path(tmp))
        off = NewsService(Path(tmp), options=SearchOptions(typos=False))
        print(f"{len(questions)} {asked}, {args.seeds} typo'd copies each\n")
        print(
            "| asked | Hit@1 | answer in snippets | answerable lost | unanswerable refused "
            "| slips read |"
        )
        print("|---|---|---|---|---|---|")
        print(_row("as written, slips read", _ask(on, clean)))
        print(_row("as written, slips not read", _ask(off, clean)))
        _TIMES.clear()
        print(_row("one typo, read", _ask(on, typoed)))
        print(_row("one typo, not read", _ask(off, typoed)))
        other = [(q, slipped(q.question, q.lang)) for q in questions]
        print(_row("other layout, read", _ask(on, other)))
        print(_row("other layout, not read", _ask(off, other)))
        for lang, name, typed in (
            ("uk", "uk, Latin i", latin_i),
            ("uk", "uk, Russian layout", other_cyrillic),
            ("ru", "ru, Ukrainian layout", other_cyrillic),
        ):
            mine = [(q, typed(q.question, q.lang)) for q in questions if q.lang == lang]
            print(_row(f"{name}, read", _ask(on, mine)))
            print(_row(f"{name}, not read", _ask(off, mine)))
        for lang in ("uk", "ru"):
            for way in ("passport", "chat"):
                mine = [(q, in_latin(q.question, lang, way)) for q in questions if q.lang == lang]
                print(_row(f"{lang}, Latin letters ({way}), read", _ask(on, mine)))
                print(_row(f"{lang}, Latin letters ({way}), not read", _ask(off, mine)))
        for lang in ("uk", "ru"):
            print(
                _row(
                    f"{lang}, as written",
                    _ask(on, [(q, q.question) for q in questions if q.lang == lang]),
                )
            )
        print(_row("asked as a request", _ask(on, [(q, as_request(q)) for q in questions])))
        read, unread = (
            median(_TIMES[id(on)][: len(typoed)]),
            median(_TIMES[id(off)][: len(typoed)]),
        )
        print(
            f"\nthe typo'd questions' whole ask, median: {read:.2f} ms reading typos, "
            f"{unread:.2f} ms not ({read / unread:.2f}×; {len(questions) * args.seeds} each, "
            "one run, this corpus of ~31,000 passages)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
