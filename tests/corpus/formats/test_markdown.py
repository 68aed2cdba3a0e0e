import time
from datetime import date
from pathlib import Path

from corpus.formats.markdown import markdown_paragraphs
from corpus.readers import load_corpus
from tests.corpus.helpers import write_file

BODY = "The council approved the budget on Tuesday after a long debate."


def test_front_matter_gives_title_date_url_language_source_and_id(tmp_path):
    page = (
        "---\n"
        "headline: Budget approved\n"
        "published: 2024-05-01\n"
        "link: https://www.town.example/budget\n"
        "language: ua\n"
        "outlet: Town News\n"
        "_id: 17\n"
        "tags: [budget, council]\n"
        "---\n"
        "# Budget approved\n\nРада ухвалила бюджет.\n"
    )
    [article], report = load_corpus([write_file(tmp_path / "a.md", page)])
    assert report.problems == []
    assert (article.id, article.title, article.published) == (
        "17",
        "Budget approved",
        date(2024, 5, 1),
    )
    assert (article.url, article.lang, article.source) == (
        "https://www.town.example/budget",
        "uk",
        "Town News",
    )
    assert article.text == "Рада ухвалила бюджет."


def test_the_first_level_one_heading_is_the_title_without_front_matter(tmp_path):
    page = f"Intro line.\n\n# The real title\n\n## A section\n\n{BODY}\n"
    [article], _ = load_corpus([write_file(tmp_path / "news/b.markdown", page)])
    assert article.title == "The real title"
    assert article.text == f"Intro line.\n\nA section\n\n{BODY}"
    assert article.id == "b"


def test_a_heading_different_from_the_front_matter_title_stays_in_the_text():
    heading, paragraphs = markdown_paragraphs("# Other heading\n\nBody.", take_title=False)
    assert (heading, paragraphs) == ("", ["Other heading", "Body."])


def test_markdown_syntax_is_stripped_to_plain_paragraphs():
    markdown = (
        "Setext title\n============\n\n"
        "Some **bold**, *italic*, _under_ and `code` with a [link](https://x.org) and\n"
        "a ![photo](a.jpg) continued line, snake_case kept.\n\n"
        "> A quoted line\n\n"
        "* first item\n"
        "- second [item][ref]\n"
        "1. third item\n\n"
        "---\n\n"
        "[ref]: https://example.com\n\n"
        "```\ncode block line\n```\n"
    )
    title, paragraphs = markdown_paragraphs(markdown)
    assert title == "Setext title"
    assert paragraphs == [
        "Some bold, italic, under and code with a link and a continued line, snake_case kept.",
        "A quoted line",
        "first item",
        "second item",
        "third item",
        "code block line",
    ]


def test_bad_front_matter_is_a_problem_and_other_files_still_load(tmp_path):
    write_file(tmp_path / "a.md", "---\ntitle: [unclosed\n---\nBody.\n")
    write_file(tmp_path / "b.md", f"# Fine\n\n{BODY}\n")
    articles, report = load_corpus([tmp_path])
    assert [article.id for article in articles] == ["b"]
    [problem] = report.problems
    assert problem.file == str(tmp_path / "a.md")
    assert problem.reason.startswith("bad YAML front matter")


def test_front_matter_that_parses_but_cannot_be_read_is_a_problem_and_the_rest_loads(tmp_path):
    bad = {
        "date.md": "---\ndate: 2025-13-45\n---\nBody.\n",  # YAML's own date type: ValueError
        "json.md": '{\n"title": "x",\n}\nBody.\n',  # front matter in JSON, not valid JSON
    }
    for name, page in bad.items():
        write_file(tmp_path / name, page)
    write_file(tmp_path / "fine.md", f"# Fine\n\n{BODY}\n")
    articles, report = load_corpus([tmp_path])
    assert [article.id for article in articles] == ["fine"]
    assert sorted(Path(p.file).name for p in report.problems) == sorted(bad)
    assert all(p.reason.startswith("bad front matter") for p in report.problems)


def test_front_matter_may_name_content_body_or_handler(tmp_path):
    page = f'---\n{{"content": 1.2, "handler": "x", "title": "Budget"}}\n---\n{BODY}\n'
    [article], report = load_corpus([write_file(tmp_path / "a.md", page)])
    assert (article.title, article.text) == ("Budget", BODY)
    assert report.problems == []


def test_a_yaml_alias_bomb_as_the_title_is_no_title_and_costs_nothing(tmp_path):
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefg", "bcdefgh", strict=True):
        levels.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    front = "\n".join([*levels, "title: *h", "headline: *g"])  # 9**8 strings written out
    write_file(tmp_path / "bomb.md", f"---\n{front}\n---\n# Heading\n\n{BODY}\n")
    started = time.perf_counter()
    [article], report = load_corpus([tmp_path / "bomb.md"])
    assert time.perf_counter() - started < 2  # written out: ~9 s and 300 MB
    assert article.title == "Heading"
    assert article.text == BODY
    assert report.problems == []
