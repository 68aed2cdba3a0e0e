"""Synthetic mixed en/uk/ru news corpora and questions, resampled from the shared data sets.

Usage: .venv/bin/python -m benchmarks.synth --passages 100000 [--seed 7] [--out FILE]

Articles are made of real sentences drawn at random (with replacement) from real news in
/work/shared/datasets: en from bbc-news-2225 + wikinews en, uk from bruk-press-uk + BSNLP
uk, ru from BSNLP ru + wikinews ru. About a third of the articles per language; each has
3-12 paragraphs of 1-4 sentences, a real title of its language and a random date in
2024-2025. Output is JSON lines, gzip-compressed, in the layout `corpus.readers` loads.

The number of articles is chosen so the index ends up near the wanted passage count: the
generator first chunks a small sample with `retrieval.chunking` to measure passages per
article, then writes `ceil(passages / ratio)` articles. Files are cached under
`benchmarks/.cache/` by size, seed and generator version.

Questions (`make_questions`) come from the same sentences and titles: the first 6-10 words
of a sentence or a whole title, some with a question lead ("What about ...", "Що відомо
про ...", "Что известно о ...") and a tenth with a month phrase that the date parser turns
into a filter ("in May 2025", "у травні 2025 року", "в мае 2025 года").
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from retrieval.sentences import split_paragraphs, split_sentences

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_DATASETS = ROOT.parent / "shared" / "datasets"
CACHE = Path(__file__).resolve().parent / ".cache"
GENERATOR_VERSION = 1
LANGS = ("en", "uk", "ru")
# (file under the datasets folder, language kept from it)
SOURCES: dict[str, tuple[str, ...]] = {
    "en": ("bbc-news-2225/articles.en.jsonl.gz", "wikinews/wikinews_en.jsonl.gz"),
    "uk": ("bruk-press-uk/articles.uk.jsonl.gz", "bsnlp2021-slavic-news/articles.uk-ru.jsonl.gz"),
    "ru": ("bsnlp2021-slavic-news/articles.uk-ru.jsonl.gz", "wikinews/wikinews_ru.jsonl.gz"),
}
FIRST_DAY = date(2024, 1, 1)
DAYS = (date(2025, 12, 31) - FIRST_DAY).days + 1
CALIBRATION_ARTICLES = 1500

_LEADS = {
    "en": ("What about", "What is known about", "Tell me about"),
    "uk": ("Що відомо про", "Що з", "Розкажіть про"),
    "ru": ("Что известно о", "Что с", "Расскажите о"),
}
_MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "uk": [
        "січні",
        "лютому",
        "березні",
        "квітні",
        "травні",
        "червні",
        "липні",
        "серпні",
        "вересні",
        "жовтні",
        "листопаді",
        "грудні",
    ],
    "ru": [
        "январе",
        "феврале",
        "марте",
        "апреле",
        "мае",
        "июне",
        "июле",
        "августе",
        "сентябре",
        "октябре",
        "ноябре",
        "декабре",
    ],
}


class DatasetsMissing(RuntimeError):
    """The shared data sets are not where they should be."""


@dataclass(frozen=True, slots=True)
class Pool:
    """Real sentences and titles of one language."""

    sentences: list[str]
    titles: list[str]


def load_pools(datasets: Path = DEFAULT_DATASETS) -> dict[str, Pool]:
    """Read the sentences and titles of each language from the shared data sets.

    Raises:
        DatasetsMissing: a data set file is missing or holds nothing for its language.
    """
    missing = [
        str(datasets / name)
        for names in SOURCES.values()
        for name in names
        if not (datasets / name).is_file()
    ]
    if missing:
        msg = f"shared data sets not found: {', '.join(sorted(set(missing)))}"
        raise DatasetsMissing(msg)
    pools: dict[str, Pool] = {}
    for lang, names in SOURCES.items():
        sentences: list[str] = []
        titles: list[str] = []
        for name in names:
            with gzip.open(datasets / name, "rt", encoding="utf-8") as lines:
                for line in lines:
                    record = json.loads(line)
                    if record.get("lang", lang) != lang:
                        continue
                    title = " ".join(str(record.get("title") or "").split())
                    if 3 <= len(title.split()) <= 20:
                        titles.append(title)
                    for paragraph in split_paragraphs(str(record.get("text") or "")):
                        for sentence in split_sentences(paragraph):
                            if 5 <= len(sentence.split()) <= 60:
                                sentences.append(" ".join(sentence.split()))
        if not sentences or not titles:
            msg = f"no {lang} sentences or titles found in {', '.join(names)}"
            raise DatasetsMissing(msg)
        pools[lang] = Pool(sentences, titles)
    return pools


def make_article(i: int, rng: random.Random, pools: dict[str, Pool]) -> dict[str, object]:
    """Return one synthetic article record (JSON-ready)."""
    lang = LANGS[rng.randrange(3)]
    pool = pools[lang]
    paragraphs = [
        " ".join(rng.choice(pool.sentences) for _ in range(rng.randint(1, 4)))
        for _ in range(rng.randint(3, 12))
    ]
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    return {
        "id": f"synth-{i:07d}",
        "lang": lang,
        "title": rng.choice(pool.titles),
        "date": day.isoformat(),
        "url": f"https://synth.example/{lang}/{i:07d}",
        "source": "synth",
        "text": "\n\n".join(paragraphs),
    }


def passages_per_article(pools: dict[str, Pool], seed: int) -> float:
    """Chunk a sample of generated articles and return the mean passages per article."""
    from corpus.article import Article
    from retrieval.budget import load_encoding
    from retrieval.chunking import chunk_article

    encoding = load_encoding()
    rng = random.Random(f"calibrate-{seed}")
    total = 0
    for i in range(CALIBRATION_ARTICLES):
        rec = make_article(i, rng, pools)
        article = Article(
            id=str(rec["id"]),
            title=str(rec["title"]),
            url=None,
            published=None,
            lang=str(rec["lang"]),
            source=None,
            text=str(rec["text"]),
        )
        total += len(chunk_article(article, encoding=encoding))
    return total / CALIBRATION_ARTICLES


def corpus_path(passages: int, seed: int) -> Path:
    """Return the cache path of the corpus for a passage target and seed."""
    return CACHE / f"synth-v{GENERATOR_VERSION}-p{passages}-s{seed}.jsonl.gz"


def ensure_corpus(
    passages: int,
    *,
    seed: int = 7,
    datasets: Path = DEFAULT_DATASETS,
    out: Path | None = None,
    pools: dict[str, Pool] | None = None,
    log: bool = True,
) -> tuple[Path, dict[str, object]]:
    """Return the path of a corpus of about `passages` passages, generating it if needed.

    The metadata (articles, measured ratio, seconds) sits beside it as `<file>.meta.json`.
    """
    path = out or corpus_path(passages, seed)
    meta_path = path.with_name(path.name + ".meta.json")
    if path.is_file() and meta_path.is_file():
        return path, json.loads(meta_path.read_text("utf-8"))
    started = time.perf_counter()
    pools = pools or load_pools(datasets)
    ratio = passages_per_article(pools, seed)
    articles = math.ceil(passages / ratio)
    if log:
        print(
            f"synth: {passages:,} passages ≈ {articles:,} articles "
            f"({ratio:.2f} passages/article measured) -> {path}",
            file=sys.stderr,
            flush=True,
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    rng = random.Random(f"corpus-{seed}")
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=1) as f:
        for i in range(articles):
            f.write(json.dumps(make_article(i, rng, pools), ensure_ascii=False) + "\n")
    tmp.replace(path)
    meta: dict[str, object] = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "target_passages": passages,
        "articles": articles,
        "passages_per_article": round(ratio, 4),
        "bytes": path.stat().st_size,
        "seconds": round(time.perf_counter() - started, 2),
    }
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
    return path, meta


def make_questions(pools: dict[str, Pool], n: int, *, seed: int = 11) -> list[dict[str, str]]:
    """Return `n` question-like strings, a third per language, deterministic for a seed."""
    rng = random.Random(f"questions-{seed}")
    out: list[dict[str, str]] = []
    for i in range(n):
        lang = LANGS[i % 3]
        pool = pools[lang]
        if rng.random() < 0.25:
            core = rng.choice(pool.titles)
        else:
            words = rng.choice(pool.sentences).split()
            core = " ".join(words[: rng.randint(6, 10)])
        core = core.rstrip(" .,;:!?…\"'»”")
        roll = rng.random()
        if roll < 0.3:
            lead = rng.choice(_LEADS[lang])
            core = f"{lead} {core[:1].lower()}{core[1:]}"
        if rng.random() < 0.1:
            core += " " + _month_phrase(lang, rng)
        out.append({"lang": lang, "text": core + "?"})
    return out


def _month_phrase(lang: str, rng: random.Random) -> str:
    month = rng.randrange(12)
    year = rng.choice((2024, 2025))
    name = _MONTHS[lang][month]
    if lang == "en":
        return f"in {name} {year}"
    if lang == "uk":
        return f"у {name} {year} року"
    return f"в {name} {year} года"


def main() -> None:
    """Generate (or find in the cache) one corpus and print where it is."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, required=True, help="passages wanted")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--out", type=Path, help="output file (default: the cache)")
    parser.add_argument("--questions", type=int, default=0, help="also print N questions")
    args = parser.parse_args()
    try:
        pools = load_pools(args.datasets)
    except DatasetsMissing as exc:
        sys.exit(f"synth: {exc}")
    path, meta = ensure_corpus(
        args.passages, seed=args.seed, datasets=args.datasets, out=args.out, pools=pools
    )
    print(path)
    print(json.dumps(meta, indent=2))
    for q in make_questions(pools, args.questions):
        print(f"{q['lang']}  {q['text']}")


if __name__ == "__main__":
    main()
