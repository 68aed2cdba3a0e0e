"""Character 3-grams: question grams, build-time statistics and the re-scoring of matches."""

import itertools
import math
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from corpus.article import Article
from retrieval.analysis import AnalysisSettings, Analyzer, words
from retrieval.engines import Filters
from retrieval.grams import (
    FILE,
    SAMPLE_EVERY,
    GramSample,
    GramStats,
    distinct_grams,
    in_tail,
    passage_words,
    question_grams,
    wants_sample,
)
from retrieval.index import build_index, open_index
from retrieval.search import Searcher, SearchOptions

TODAY = date(2025, 11, 26)

# The word query prefers "rally": it has "visit" and "kharkiv" in far fewer words. Only
# the 3-grams see that "Zelenskyy" in "zel-visit" is the "Zelensky" the question asks about
# (their stems differ, so the terms do not match).
_DAY = date(2025, 11, 20)
_ARTICLES = [
    Article(
        "zel-visit",
        "President in the east",
        None,
        _DAY,
        "en",
        None,
        "Volodymyr Zelenskyy made a visit to Kharkiv on Thursday to meet soldiers, "
        "doctors and city officials about the winter and the repairs of the power grid.",
    ),
    Article(
        "rally",
        "Football weekend",
        None,
        _DAY,
        "en",
        None,
        "Fans plan a visit to Kharkiv for the match.",
    ),
    Article(
        "uk-bees",
        "Пасічники Полтавщини",
        None,
        _DAY,
        "uk",
        None,
        "Пасічники зібрали рекордний урожай меду цього року, кажуть у громаді.",
    ),
]


@pytest.fixture(scope="module")
def grams_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("grams")
    build_index(_ARTICLES, data_dir=folder / "data", workers=1)
    return folder / "data"


def _first(data_dir: Path, question: str, boost: float, *, typos: bool = False) -> str:
    # Typos are not read here unless asked: these tests are about the grams alone.
    options = SearchOptions(gram_boost=boost, typos=typos)
    searcher = Searcher(open_index(data_dir), options=options)
    return searcher.search(question, today=TODAY).hits[0].passage.article_id


def test_question_grams_are_the_padded_trigrams_of_kept_latin_and_numeric_words():
    analyzer = Analyzer()
    grams = question_grams("Did the Oct4 gene change in 2019? Так, Зеленський.", analyzer, "en")
    # "Did"/"the"/"in" are stop words; Cyrillic words give no grams.
    oct4_gene = [" oc", "oct", "ct4", "t4 ", " ge", "gen", "ene", "ne "]
    change_2019 = [" ch", "cha", "han", "ang", "nge", "ge ", " 20", "201", "019", "19 "]
    assert grams == oct4_gene + change_2019
    assert question_grams("Чи відвідав Зеленський Харків?", analyzer, "uk") == []


def test_passage_words_keep_exactly_the_words_that_give_terms():
    analyzer = Analyzer()
    text = "The ministry's report: Київ і Харків — 3 cities, a new plan. Ёлка и всё."
    for lang in ("en", "uk", "ru"):
        expected = [f for f in words(text) if analyzer.keeps(f, lang)]
        assert passage_words("", text, lang, analyzer).split() == expected
    everything = Analyzer(AnalysisSettings(stop_words=False))
    assert passage_words("", "the plan", "en", everything) == "the plan"
    assert passage_words("Title here", "the plan", "en", analyzer) == "title plan"


def test_distinct_grams_skip_cyrillic_words_and_never_span_two_words():
    assert distinct_grams("ab cd харків") == {" ab", "ab ", " cd", "cd "}


def test_a_sample_saves_head_counts_as_they_are_and_tail_counts_scaled(tmp_path):
    sample = GramSample()
    sample.add(["oct4 gene", "oct4"], tail=False)
    sample.add(["gene"], tail=True)
    sample.save(tmp_path, passages=2 + SAMPLE_EVERY)
    stats = GramStats.load(tmp_path)
    assert stats is not None
    n = 2 + SAMPLE_EVERY
    assert stats.passages == n
    assert stats.avg_len == pytest.approx((8 + 4 + 4 * SAMPLE_EVERY) / n)

    def bm25_idf(df: float) -> float:
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    assert stats.idf("oct") == pytest.approx(bm25_idf(2))
    assert stats.idf("gen") == pytest.approx(bm25_idf(1 + SAMPLE_EVERY))
    assert stats.idf("zzz") == pytest.approx(bm25_idf(0))


def test_the_first_batches_are_counted_in_full_and_later_ones_sampled():
    sampled = [n for n in range(2000) if wants_sample(n)]
    head = [n for n in sampled if not in_tail(n)]
    assert head == list(range(len(head)))
    assert len(head) >= 64
    tail = [n for n in sampled if in_tail(n)]
    assert all(b - a == SAMPLE_EVERY for a, b in itertools.pairwise(tail))


def test_a_build_writes_exact_gram_counts_for_a_small_corpus(grams_index):
    version = open_index(grams_index)
    stats = GramStats.load(version.path)
    assert stats is not None
    analyzer = Analyzer(version.analysis)
    records = version.engine.scan(Filters(), limit=100)
    joined = [passage_words(r.title, r.text, r.lang, analyzer) for r in records]
    df = Counter(g for text in joined for g in distinct_grams(text))
    assert stats.passages == len(records)
    for gram in (" ze", "zel", "kha", "it ", " 20"):
        n = len(records)
        assert stats.idf(gram) == pytest.approx(
            math.log(1 + (n - df[gram] + 0.5) / (df[gram] + 0.5))
        )


def test_grams_find_the_spelling_the_stemmer_does_not_join(grams_index):
    question = "Did Zelensky visit Kharkiv?"
    assert _first(grams_index, question, boost=0.0) == "rally"
    assert _first(grams_index, question, boost=0.2) == "zel-visit"
    # Reading "Zelensky" as the found passages' "Zelenskyy" (retrieval.spelling) joins them
    # too, without the grams.
    assert _first(grams_index, question, boost=0.0, typos=True) == "zel-visit"


def test_the_reference_engine_re_scores_alike(tmp_path):
    build_index(_ARTICLES, data_dir=tmp_path / "data", engine="rank-bm25", workers=1)
    assert _first(tmp_path / "data", "Did Zelensky visit Kharkiv?", boost=0.2) == "zel-visit"


def test_a_cyrillic_question_is_ranked_by_its_terms_alone(grams_index):
    searcher = Searcher(open_index(grams_index))
    question = "Скільки меду зібрали пасічники?"
    assert searcher.analyse(question, today=TODAY).grams == []
    assert searcher.search(question, today=TODAY).hits[0].passage.article_id == "uk-bees"


def test_a_version_built_before_grams_still_serves_on_terms(grams_index, tmp_path):
    copy = tmp_path / "old"
    shutil.copytree(grams_index, copy)
    (open_index(copy).path / FILE).unlink()
    searcher = Searcher(open_index(copy))
    assert searcher.gram_stats is None
    assert searcher.analyse("Did Zelensky visit Kharkiv?", today=TODAY).grams == []
    assert _first(copy, "Did Zelensky visit Kharkiv?", boost=0.2) == "rally"


@pytest.mark.parametrize("content", [b"", b"not gzip", b"\x1f\x8b\x08\x00broken"])
def test_a_damaged_gram_file_turns_the_grams_off_and_the_version_still_serves(
    grams_index, tmp_path, caplog, content
):
    copy = tmp_path / "damaged"
    shutil.copytree(grams_index, copy)
    (open_index(copy).path / FILE).write_bytes(content)
    searcher = Searcher(open_index(copy))
    assert searcher.gram_stats is None
    assert "3-grams are off" in caplog.text
    assert _first(copy, "Did Zelensky visit Kharkiv?", boost=0.2) == "rally"
