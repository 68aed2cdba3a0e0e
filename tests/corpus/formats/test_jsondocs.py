import json

from corpus.formats.base import BadRecord, RawRecord
from corpus.formats.jsondocs import read_json, read_jsonl
from corpus.readers import load_corpus
from tests.corpus.helpers import write_file

BODY = "The council approved the budget on Tuesday after a long debate."

SQUAD = {
    "version": "1.1",
    "data": [
        {
            "title": "Super_Bowl_50",
            "paragraphs": [
                {"context": "The Panthers defense gave up just 308 points.", "qas": []},
                {"context": "Peyton Manning became the first quarterback to win.", "qas": []},
            ],
        },
        {
            "title": "Warsaw",
            "paragraphs": [{"context": "Warsaw is the capital of Poland.", "qas": []}],
        },
    ],
}


def test_squad_layout_gives_one_article_per_paragraph_with_title_and_index_ids(tmp_path):
    articles, report = load_corpus([write_file(tmp_path / "xquad.en.json", json.dumps(SQUAD))])
    assert report.problems == []
    assert [(a.id, a.title, a.lang) for a in articles] == [
        ("Super_Bowl_50#0", "Super Bowl 50", "en"),
        ("Super_Bowl_50#1", "Super Bowl 50", "en"),
        ("Warsaw#0", "Warsaw", "en"),
    ]
    assert articles[2].text == "Warsaw is the capital of Poland."


def test_a_squad_paragraph_that_is_not_an_object_is_a_bad_record(tmp_path):
    data = {"data": [{"title": "T", "paragraphs": ["oops", {"context": BODY}]}]}
    items = list(read_json(write_file(tmp_path / "s.json", json.dumps(data)), "s"))
    assert items[0] == BadRecord(None, "T#0: not a JSON object")
    assert len(items) == 2


def test_a_json_object_is_one_article_and_a_list_is_many(tmp_path):
    write_file(tmp_path / "one.json", json.dumps({"title": "One", "text": BODY}))
    write_file(
        tmp_path / "many.json", json.dumps([{"text": BODY + " A."}, 5, {"text": BODY + " B."}])
    )
    articles, report = load_corpus([tmp_path])
    assert [a.id for a in articles] == ["many#0", "many#2", "one"]
    assert [(p.line, p.reason) for p in report.problems] == [(None, "item 1: not a JSON object")]


def test_an_item_problem_names_the_item(tmp_path):
    path = write_file(tmp_path / "many.json", json.dumps([{"text": ""}]))
    _, report = load_corpus([path], allow_empty=True)
    assert [p.reason for p in report.problems] == ["item 0: empty text"]


def test_invalid_json_file_is_one_problem_with_its_line(tmp_path):
    path = write_file(tmp_path / "bad.json", '[\n  {"text": "a"},\n  {"text": }\n]')
    _, report = load_corpus([path], allow_empty=True)
    [problem] = report.problems
    assert (problem.file, problem.line) == (str(path), 3)
    assert problem.reason.startswith("invalid JSON")


def test_json_top_level_scalar_is_a_problem(tmp_path):
    _, report = load_corpus([write_file(tmp_path / "n.json", "42")], allow_empty=True)
    assert [p.reason for p in report.problems] == ["top level is neither an object nor a list"]


def test_jsonl_skips_blank_lines_and_tolerates_a_bom_and_crlf(tmp_path):
    path = write_file(tmp_path / "n.jsonl", '\ufeff{"text": "One."}\r\n\r\n{"text": "Two."}\r\n')
    records = list(read_jsonl(path, "n"))
    assert all(isinstance(r, RawRecord) for r in records)
    assert [(r.line, r.fallback_id) for r in records if isinstance(r, RawRecord)] == [
        (1, "n#1"),
        (3, "n#3"),
    ]


def test_a_jsonl_line_that_is_not_utf8_is_a_bad_record(tmp_path):
    path = tmp_path / "n.jsonl"
    path.write_bytes(b'{"text": "caf\xe9"}\n{"text": "fine"}\n')
    records = list(read_jsonl(path, "n"))
    assert records[0] == BadRecord(1, "not valid UTF-8 (column 14)")
    assert records[1].line == 2
