"""The written question sets (`benchmarks/data/written-*.jsonl`) and the tools that made them."""

import json
from pathlib import Path

import pytest

from benchmarks.written_questions import check, draw, find, listed
from retrieval.evaluation.newsqa import load_questions

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"


@pytest.mark.parametrize("name", ["written-a", "written-b", "written-c", "written-d", "written-e"])
def test_every_stored_set_is_well_formed(datasets, name):
    path = DATA / f"{name}.jsonl"
    assert check(datasets, path) == []
    questions = load_questions(path, datasets)
    answerable = [q for q in questions if q.answerable]
    # Offsets only: the answers come from the shared corpora, 1 to 8 words each.
    assert all(1 <= len(q.answer.split()) <= 8 for q in answerable)
    assert all("answer" not in json.loads(line) for line in path.read_text("utf-8").splitlines())


def test_a_broken_line_is_told(datasets, tmp_path):
    good = json.loads((DATA / "written-c.jsonl").read_text("utf-8").splitlines()[0])
    article, start, _end = good["answer_at"]
    lines = [
        {**good, "qid": "wc-en-001", "answer_at": [article, start, start + 4000]},
        {**good, "qid": "wc-en-002", "kind": "whom"},
        {**good, "qid": "wc-xx-003"},
        {**good, "qid": "wc-en-004", "question": good["question"].upper()},
        {**good, "qid": "wc-en-005", "question": "q5", "answer": "not the text"},
    ]
    path = tmp_path / "broken.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    problems = "\n".join(check(datasets, path))
    assert "line 1: the answer has" in problems
    assert "line 2: kind whom" in problems
    assert "line 3: qid wc-xx-003" in problems
    assert "line 4: the same question twice" in problems
    assert "line 5: text[" in problems
    assert f"{article}: 5 questions (two at most)" in problems


def test_a_draw_leaves_out_every_listed_article(datasets, tmp_path):
    draw(datasets, tmp_path, seed=1, n=5)
    used = listed(datasets)
    for lang in ("en", "uk", "ru"):
        lines = (tmp_path / f"pool-{lang}.jsonl").read_text("utf-8").splitlines()
        pool = [json.loads(line) for line in lines]
        assert len(pool) == 5
        assert not {a["id"] for a in pool} & used
        assert all(len(a["text"]) >= 400 for a in pool)


def test_find_shows_each_matching_article_once(datasets):
    lines = find(datasets, "uk", "Ryanair", 3)
    assert len(lines) == 3
    assert len({line.split(" | ")[0] for line in lines}) == 3
    assert all("Ryanair" in line for line in lines)
