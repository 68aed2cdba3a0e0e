import gzip
import json
from datetime import date

import pytest

from corpus.errors import CorpusPathMissing, EmptyCorpus
from corpus.limits import ReadLimits
from corpus.readers import LoadReport, Problem, iter_articles, iter_keyed_articles, load_corpus
from tests.corpus.helpers import jsonl, write_file

BODY = "The council approved the budget on Tuesday. Roads and schools come first."


def record(n, **fields):
    return {"id": f"a{n}", "title": f"Story {n}", "text": f"{BODY} Item {n}.", **fields}


def test_a_missing_path_raises_before_anything_is_read(tmp_path):
    write_file(tmp_path / "ok.jsonl", jsonl([record(1)]))
    report = LoadReport()
    with pytest.raises(CorpusPathMissing, match="nowhere"):
        iter_articles([tmp_path / "ok.jsonl", tmp_path / "nowhere"], report)
    assert report.files_read == 0


def test_load_corpus_raises_for_a_missing_path(tmp_path):
    with pytest.raises(CorpusPathMissing):
        load_corpus([tmp_path / "missing.jsonl"])


def test_folders_are_walked_recursively_in_sorted_order_skipping_notices_and_hidden_files(
    tmp_path,
):
    for name in [
        "b.txt",
        "a/z.md",
        "a/c.jsonl",
        "sources.txt",
        ".hidden.txt",
        ".git/inside.txt",
        "README.md",
        "readme.txt",
        "LICENSE-CC-BY-SA-4.0.txt",
        "Licence.md",
        "SOURCE.md",
        "CREDITS.md",
        "NOTICE",
        "notice.txt",
        "qrels/test.tsv",
        "data.csv",
    ]:
        content = f"Title {name}\n\n{BODY}"
        if name.endswith(".jsonl"):
            content = jsonl([{"title": name, "text": BODY}])
        write_file(tmp_path / name, content)
    articles, report = load_corpus([tmp_path])
    assert [article.id for article in articles] == ["a/c#1", "a/z", "b", "sources"]
    assert report.files_read == 4
    assert report.problems == []


def test_an_unknown_format_named_explicitly_is_a_problem(tmp_path):
    path = write_file(tmp_path / "table.csv", "a,b\n1,2\n")
    articles, report = load_corpus([path], allow_empty=True)
    assert articles == []
    [problem] = report.problems
    assert problem.file == str(path)
    assert problem.line is None
    assert "unsupported file type" in problem.reason


def test_a_malformed_json_line_is_reported_with_file_and_line_and_the_rest_loads(tmp_path):
    lines = jsonl([record(1)]) + '{"id": "a2", "text": \n' + "\n" + jsonl([record(3)]) + "[1, 2]\n"
    path = write_file(tmp_path / "news.jsonl", lines)
    articles, report = load_corpus([path])
    assert [article.id for article in articles] == ["a1", "a3"]
    assert [(p.file, p.line) for p in report.problems] == [(str(path), 2), (str(path), 5)]
    assert report.problems[0].reason.startswith("invalid JSON")
    assert report.problems[1].reason == "not a JSON object"
    assert str(report.problems[0]).startswith(f"{path}:2: invalid JSON")


def test_a_record_with_empty_text_is_a_problem(tmp_path):
    path = write_file(
        tmp_path / "news.jsonl", jsonl([record(1), {"id": "x", "title": "T", "text": " "}])
    )
    articles, report = load_corpus([path])
    assert [article.id for article in articles] == ["a1"]
    assert report.problems == [Problem(str(path), 2, "empty text")]


def test_exact_duplicates_are_dropped_and_counted(tmp_path):
    first = write_file(
        tmp_path / "one.jsonl", jsonl([record(1), record(2), {**record(1), "id": "copy"}])
    )
    second = write_file(
        tmp_path / "two.jsonl", jsonl([{**record(2), "id": "other", "url": "https://x.org"}])
    )
    articles, report = load_corpus([first, second])
    assert [article.id for article in articles] == ["a1", "a2"]
    assert report.duplicates == 2
    assert report.articles == 2


def test_keyed_articles_are_the_articles_with_their_content_keys(tmp_path):
    records = [record(1), record(2), {**record(1), "id": "copy"}, {**record(3), "id": "a1"}]
    path = write_file(tmp_path / "k.jsonl", jsonl(records))
    keyed = list(iter_keyed_articles([path], LoadReport()))
    assert [article for article, _ in keyed] == list(iter_articles([path], LoadReport()))
    assert [key for _, key in keyed] == [article.content_key() for article, _ in keyed]
    assert [article.id for article, _ in keyed] == ["a1", "a2", "a1~2"]


def test_a_reused_id_with_different_content_gets_a_numbered_suffix(tmp_path):
    records = [record(1), {**record(2), "id": "a1"}, {**record(3), "id": "a1"}, record(4)]
    articles, report = load_corpus([write_file(tmp_path / "n.jsonl", jsonl(records))])
    assert [article.id for article in articles] == ["a1", "a1~2", "a1~3", "a4"]
    assert report.duplicates == 0


def test_a_suffix_never_collides_with_an_id_already_taken(tmp_path):
    records = [record(1), {**record(2), "id": "a1~2"}, {**record(3), "id": "a1"}]
    articles, _ = load_corpus([write_file(tmp_path / "n.jsonl", jsonl(records))])
    assert [article.id for article in articles] == ["a1", "a1~2", "a1~3"]


def test_ids_fall_back_to_the_path_relative_to_the_folder_without_extensions(tmp_path):
    write_file(tmp_path / "corpus/world/page.txt.gz", f"Title\n\n{BODY}")
    write_file(tmp_path / "corpus/world/notes.md", f"# Notes\n\n{BODY}")
    write_file(tmp_path / "corpus/feed.jsonl", jsonl([{"text": BODY}, {"text": BODY + " Again."}]))
    articles, _ = load_corpus([tmp_path / "corpus"])
    assert [article.id for article in articles] == [
        "feed#1",
        "feed#2",
        "world/notes",
        "world/page",
    ]


def test_a_file_given_directly_takes_its_name_without_extensions_as_id(tmp_path):
    path = write_file(tmp_path / "deep/dir/2024-05-01.story.txt.gz", f"Title\n\n{BODY}")
    [article], _ = load_corpus([path])
    assert article.id == "2024-05-01.story"


def test_the_url_gives_the_id_when_no_id_is_given(tmp_path):
    path = write_file(
        tmp_path / "n.jsonl", jsonl([{"url": "https://example.com/a", "text": BODY}])
    )
    [article], _ = load_corpus([path])
    assert article.id.startswith("url-")
    assert article.source == "example.com"


@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_every_format_loads_plain_and_gzipped(tmp_path, suffix):
    write_file(tmp_path / f"a.txt{suffix}", f"Text title\n\n{BODY}")
    write_file(tmp_path / f"b.md{suffix}", f"---\ntitle: Markdown title\n---\n{BODY}")
    write_file(tmp_path / f"c.markdown{suffix}", f"# Heading title\n\n{BODY}")
    write_file(tmp_path / f"d.json{suffix}", json.dumps(record("json")))
    write_file(tmp_path / f"e.jsonl{suffix}", jsonl([record("jsonl")]))
    write_file(tmp_path / f"f.ndjson{suffix}", jsonl([record("ndjson")]))
    write_file(tmp_path / f"g.html{suffix}", html_page("Html title"))
    write_file(tmp_path / f"h.htm{suffix}", html_page("Htm title"))
    articles, report = load_corpus([tmp_path])
    assert report.problems == []
    assert [article.title for article in articles] == [
        "Text title",
        "Markdown title",
        "Heading title",
        "Story json",
        "Story jsonl",
        "Story ndjson",
        "Html title",
        "Htm title",
    ]
    assert report.files_read == 8


def html_page(title):
    paragraphs = "".join(
        f"<p>{BODY} This is paragraph number {n} of the story, with more words.</p>"
        for n in range(4)
    )
    return (
        f"<html lang='en'><head><title>{title}</title></head><body><nav>Home | World</nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article><footer>Contact us</footer></body></html>"
    )


def test_records_in_other_languages_are_counted_not_loaded_or_reported(tmp_path):
    records = [
        record(1, lang="en"),
        record(2, lang="bg"),
        record(3, lang="pl"),
        record(4, lang="bg"),
    ]
    articles, report = load_corpus([write_file(tmp_path / "n.jsonl", jsonl(records))])
    assert [article.id for article in articles] == ["a1"]
    assert report.skipped_languages == {"bg": 2, "pl": 1}
    assert report.problems == []


def test_a_truncated_gzip_file_is_a_problem_and_loading_goes_on(tmp_path):
    data = gzip.compress(jsonl(record(n) for n in range(200)).encode())
    broken = tmp_path / "a_broken.jsonl.gz"
    broken.write_bytes(data[: len(data) // 2])
    write_file(tmp_path / "b_fine.jsonl", jsonl([record("fine")]))
    articles, report = load_corpus([tmp_path])
    assert articles[-1].id == "afine"
    [problem] = report.problems
    assert problem.file == str(broken)
    assert "cannot read" in problem.reason


def test_a_text_file_that_is_not_utf8_is_a_problem(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Title\n\nCaf\u00e9 society".encode("latin-1"))
    _, report = load_corpus([path], allow_empty=True)
    [problem] = report.problems
    assert (problem.file, problem.line) == (str(path), 3)
    assert "not valid UTF-8" in problem.reason


def test_articles_stream_one_file_at_a_time(tmp_path):
    write_file(tmp_path / "a.jsonl", jsonl([record(1), record(2)]))
    write_file(tmp_path / "b.jsonl", jsonl([record(3)]))
    report = LoadReport()
    stream = iter_articles([tmp_path], report)
    assert report.files_read == 0
    assert next(stream).id == "a1"
    assert (report.files_read, report.articles) == (1, 1)
    assert [article.id for article in stream] == ["a2", "a3"]
    assert (report.files_read, report.articles) == (2, 3)


def test_a_single_path_string_is_accepted(tmp_path):
    path = write_file(tmp_path / "n.jsonl", jsonl([record(1)]))
    articles, _ = load_corpus(str(path))
    assert len(articles) == 1


def test_a_load_with_no_articles_raises_empty_corpus_with_the_report(tmp_path):
    path = write_file(tmp_path / "n.jsonl", jsonl([{"id": "x", "text": ""}]))
    with pytest.raises(EmptyCorpus, match="no articles loaded") as caught:
        load_corpus([path])
    assert caught.value.report is not None
    assert caught.value.report.problems == [Problem(str(path), 1, "empty text")]
    assert load_corpus([tmp_path / "n.jsonl"], allow_empty=True)[0] == []


def test_dates_and_metadata_survive_the_whole_load(tmp_path):
    fields = {
        "headline": "Budget approved",
        "body": BODY,
        "pubDate": "2024-05-01T09:30:00+03:00",
        "link": "https://www.town.example/budget",
        "language": "EN",
    }
    [article], _ = load_corpus([write_file(tmp_path / "n.json", json.dumps([fields]))])
    assert article.title == "Budget approved"
    assert article.published == date(2024, 5, 1)
    assert article.source == "town.example"
    assert article.lang == "en"


def test_a_symlink_loop_in_a_folder_is_walked_once(tmp_path):
    write_file(tmp_path / "news/a.jsonl", jsonl([record(1)]))
    (tmp_path / "news/loop").symlink_to(tmp_path / "news", target_is_directory=True)
    articles, report = load_corpus([tmp_path / "news"])
    assert [article.id for article in articles] == ["a1"]
    assert report.files_read == 1


def test_a_deeply_nested_json_line_is_one_bad_record_and_the_rest_of_the_file_loads(tmp_path):
    nested = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    lines = [json.dumps(record(1)), nested, json.dumps(record(3))]
    path = write_file(tmp_path / "n.jsonl", "\n".join(lines) + "\n")
    articles, report = load_corpus([path])
    assert [a.id for a in articles] == ["a1", "a3"]
    assert report.problems == [Problem(str(path), 2, "invalid JSON: nested too deeply")]


def test_a_deeply_nested_json_file_is_one_problem(tmp_path):
    path = write_file(tmp_path / "deep.json", "[" * 100_000 + "]" * 100_000)
    write_file(tmp_path / "ok.json", json.dumps(record(1)))
    articles, report = load_corpus([tmp_path])
    assert [a.id for a in articles] == ["a1"]
    assert report.problems == [Problem(str(path), None, "invalid JSON: nested too deeply")]


LIMITS = ReadLimits(max_file_bytes=4096, max_record_bytes=1024)


@pytest.mark.parametrize("name", ["n.jsonl", "n.jsonl.gz"])
@pytest.mark.parametrize("long_at", [1, 2, 3])
def test_a_json_line_over_the_record_limit_is_skipped_and_the_rest_loads(tmp_path, name, long_at):
    lines = [json.dumps(record(n)) for n in (1, 2, 3)]
    lines[long_at - 1] = json.dumps(record(long_at, text=BODY + " x" * 600))  # 1.3 KiB
    path = write_file(tmp_path / name, "\n".join(lines))  # the last line has no newline
    articles, report = load_corpus([path], limits=LIMITS)
    assert [a.id for a in articles] == [f"a{n}" for n in (1, 2, 3) if n != long_at]
    assert report.problems == [Problem(str(path), long_at, "longer than the 1 KiB limit")]


def test_a_json_lines_file_stops_at_the_file_limit_and_says_from_which_line(tmp_path):
    path = write_file(tmp_path / "n.jsonl.gz", jsonl(record(n) for n in range(1, 100)))
    articles, report = load_corpus([path], limits=LIMITS)
    kept = len(articles)
    assert 10 < kept < 99
    assert [a.id for a in articles] == [f"a{n}" for n in range(1, kept + 1)]
    [problem] = report.problems
    assert problem.line == kept + 1
    assert problem.reason == (
        f"larger than the 4 KiB limit for one file once decompressed; "
        f"skipped from line {kept + 1} on"
    )


@pytest.mark.parametrize("name", ["big.txt", "big.txt.gz", "big.md.gz", "big.json", "big.html"])
def test_a_whole_file_record_over_the_limit_is_skipped_unread(tmp_path, name):
    big = write_file(tmp_path / name, "Title\n\n" + BODY * 40)
    write_file(tmp_path / "small.txt", f"Small\n\n{BODY}")
    articles, report = load_corpus([tmp_path], limits=LIMITS)
    assert [a.id for a in articles] == ["small"]
    assert report.problems == [
        Problem(str(big), None, "larger than the 1 KiB limit for one record; skipped")
    ]


def test_a_record_with_a_malformed_url_loads_without_it_and_the_load_says_so(tmp_path):
    path = write_file(tmp_path / "n.jsonl", jsonl([record(1), record(2, url="http://[bad")]))
    articles, report = load_corpus([path])
    assert [(a.id, a.url) for a in articles] == [("a1", None), ("a2", None)]
    assert report.problems == [
        Problem(
            str(path), 2, "bad URL 'http://[bad' dropped (Invalid IPv6 URL); the article is kept"
        )
    ]


def test_lone_surrogate_escapes_are_replaced_and_reported_and_the_rest_loads(tmp_path):
    lines = [
        json.dumps(record(1)),
        '{"id": "a2\\ud800", "title": "Story \\udfff", "text": "' + BODY + ' \\udbff\\u0041"}',
        '{"text": ["' + BODY + '", "Half \\udc00 a pair."], "lang": "en"}',
        json.dumps(record(4)),
    ]
    path = write_file(tmp_path / "news.jsonl", "\n".join(lines) + "\n")
    articles, report = load_corpus([path])
    assert [article.id for article in articles] == ["a1", "a2\ufffd", "news#3", "a4"]
    assert articles[1].title == "Story \ufffd"
    assert articles[1].text.endswith(" \ufffdA")
    assert articles[2].text.endswith("Half \ufffd a pair.")
    for article in articles:
        json.dumps(article.text, ensure_ascii=False).encode("utf-8")
    assert [(p.file, p.line) for p in report.problems] == [(str(path), 2), (str(path), 3)]
    assert report.problems[0].reason == (
        "lone surrogates (not Unicode) in id, text, title replaced with U+FFFD"
    )


def test_a_file_with_no_records_at_all_is_named_and_the_rest_loads(tmp_path):
    empty = {
        "empty.jsonl": "",
        "blank.jsonl": "\n  \n\n",
        "empty.jsonl.gz": "",
        "list.json": "[]",
        "squad.json": json.dumps({"data": [{"title": "T", "paragraphs": []}]}),
    }
    for name, content in empty.items():
        write_file(tmp_path / name, content)
    write_file(tmp_path / "news.jsonl", jsonl([record(1)]))
    articles, report = load_corpus([tmp_path])
    assert [article.id for article in articles] == ["a1"]
    assert sorted((p.file, p.line, p.reason) for p in report.problems) == sorted(
        (str(tmp_path / name), None, "no records in the file") for name in empty
    )
