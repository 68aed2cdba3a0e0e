import gzip
import json
from collections import Counter

from corpus.readers import load_corpus
from corpus.sample import SAMPLE_DIR

EXPECTED_FILES = {
    "seed/000_7686891f7ac3aa0d.txt",
    "wikinews/wikinews_en.jsonl.gz",
    "wikinews/wikinews_ru.jsonl.gz",
    "wikinews/CREDITS.md",
    "bruk-uk/articles.uk.jsonl.gz",
    "bruk-uk/LICENSE.md",
}


def test_the_sample_loads_more_than_900_articles_in_all_three_languages():
    articles, report = load_corpus([SAMPLE_DIR])
    languages = Counter(article.lang for article in articles)
    assert len(articles) > 900
    assert set(languages) == {"en", "uk", "ru"}
    assert languages == {"ru": 828, "uk": 580, "en": 164}
    assert report.problems == []
    assert report.files_read == 4  # the credits and licence files are skipped


def test_the_sample_holds_only_the_openly_licensed_files_and_their_notices():
    files = {
        path.relative_to(SAMPLE_DIR).as_posix() for path in SAMPLE_DIR.rglob("*") if path.is_file()
    }
    assert files == EXPECTED_FILES


def test_the_users_seed_article_is_in_the_sample():
    articles, _ = load_corpus([SAMPLE_DIR / "seed"])
    [seed] = articles
    assert seed.title == "Belarus declares readiness for 'peacekeeping mission' in Ukraine"


def test_bruk_articles_keep_their_year_precision_and_publication():
    articles, _ = load_corpus([SAMPLE_DIR / "bruk-uk"])
    dated = [a for a in articles if a.published is not None]
    assert len(dated) == len(articles) == 580
    assert {a.published_precision for a in dated} == {"year"}
    assert all(
        a.published is not None and (a.published.month, a.published.day) == (1, 1) for a in dated
    )
    assert all(a.source for a in articles)


def test_wikinews_credits_give_the_attribution_the_licence_requires():
    credits = (SAMPLE_DIR / "wikinews" / "CREDITS.md").read_text(encoding="utf-8")
    for phrase in [
        "Wikinews contributors",
        "https://creativecommons.org/licenses/by/2.5/",
        "reformatted",
        "MEANTIME",
        "CC BY 3.0",
        "GUM",
        "Zeldes",
    ]:
        assert phrase in credits


def test_bruk_licence_names_the_team_and_the_non_commercial_share_alike_terms():
    licence = (SAMPLE_DIR / "bruk-uk" / "LICENSE.md").read_text(encoding="utf-8")
    for phrase in [
        "CC BY-NC-SA 4.0",
        "https://creativecommons.org/licenses/by-nc-sa/4.0/",
        "Starko",
        "Rysin",
    ]:
        assert phrase in licence
    assert "this folder only" in licence


def test_sample_data_files_are_byte_for_byte_copies_of_the_shared_data_sets(datasets):
    pairs = [
        ("wikinews/wikinews_en.jsonl.gz", "datasets/wikinews/wikinews_en.jsonl.gz"),
        ("wikinews/wikinews_ru.jsonl.gz", "datasets/wikinews/wikinews_ru.jsonl.gz"),
        ("bruk-uk/articles.uk.jsonl.gz", "datasets/bruk-press-uk/articles.uk.jsonl.gz"),
        ("seed/000_7686891f7ac3aa0d.txt", "seed/000_7686891f7ac3aa0d.txt"),
    ]
    for sample, shared in pairs:
        assert (SAMPLE_DIR / sample).read_bytes() == (datasets.parent / shared).read_bytes()


def test_sample_records_carry_their_own_language_so_nothing_is_guessed():
    for path in SAMPLE_DIR.rglob("*.jsonl.gz"):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            assert all(json.loads(line)["lang"] in {"en", "uk", "ru"} for line in lines)
