"""Every shared data set file loads as it is; counts match each SOURCE.md."""

import pytest

from corpus.readers import LoadReport, iter_articles

# (path under /work/shared, articles kept, duplicates, empty-text problems, skipped languages)
EXPECTED = [
    ("datasets/bbc-news-2225/articles.en.jsonl.gz", 2125, 100, 0, 0),
    ("datasets/beir-scifact/corpus.jsonl.gz", 5183, 0, 0, 0),
    ("datasets/bruk-press-uk/articles.uk.jsonl.gz", 580, 0, 0, 0),
    ("datasets/bsnlp2021-slavic-news/articles.uk-ru.jsonl.gz", 1262, 5, 3, 0),
    ("datasets/bsnlp2021-slavic-news/articles.other-slavic.jsonl.gz", 0, 0, 0, 4071),
    ("datasets/wikinews/wikinews_en.jsonl.gz", 163, 0, 0, 0),
    ("datasets/wikinews/wikinews_ru.jsonl.gz", 828, 0, 0, 0),
    ("datasets/xquad/xquad.en.json", 240, 0, 0, 0),
    ("datasets/xquad/xquad.ru.json", 240, 0, 0, 0),
    ("datasets/xquad/xquad-r.en.json", 240, 0, 0, 0),
    ("datasets/xquad/xquad-r.ru.json", 240, 0, 0, 0),
    ("seed", 1, 0, 0, 0),
]


@pytest.mark.parametrize(("name", "kept", "duplicates", "problems", "skipped"), EXPECTED)
def test_shared_data_set_file_loads_with_the_expected_counts(
    datasets, name, kept, duplicates, problems, skipped
):
    report = LoadReport()
    languages = {article.lang for article in iter_articles([datasets.parent / name], report)}
    assert report.articles == kept
    assert report.duplicates == duplicates
    assert [p.reason for p in report.problems] == ["empty text"] * problems
    assert sum(report.skipped_languages.values()) == skipped
    assert languages <= {"en", "uk", "ru"}


def test_the_uk_ru_news_keep_their_given_languages(datasets):
    report = LoadReport()
    path = datasets / "bsnlp2021-slavic-news/articles.uk-ru.jsonl.gz"
    languages = [article.lang for article in iter_articles([path], report)]
    assert (languages.count("uk"), languages.count("ru")) == (407, 855)


def test_the_whole_shared_folder_loads_in_one_pass(datasets):
    report = LoadReport()
    count = sum(1 for _ in iter_articles([datasets.parent], report))
    assert count == report.articles > 10_000
    # queries.jsonl is read too (1,109 SciFact claims), and the qrels .tsv files are skipped.
    assert all(p.reason == "empty text" for p in report.problems)
    assert report.skipped_languages.total() == 4071
