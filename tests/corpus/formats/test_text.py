from pathlib import Path

from corpus.formats.base import RawRecord
from corpus.formats.text import parse_page_text, read_txt
from corpus.readers import load_corpus
from tests.corpus.helpers import write_file

SEED = Path(__file__).resolve().parents[3] / "corpus/sample/seed/000_7686891f7ac3aa0d.txt"
SEED_TITLE = "Belarus declares readiness for 'peacekeeping mission' in Ukraine"


def test_seed_page_drops_switcher_title_repeat_and_caption():
    title, text = parse_page_text(SEED.read_text(encoding="utf-8"))
    paragraphs = text.split("\n\n")
    assert title == SEED_TITLE
    assert paragraphs[0].startswith("Belarus claims it is ready to deploy")
    assert paragraphs[-1] == (
        'He also warned that Belarus would "launch a strike" '
        'if the situation "develops unfavorably."'
    )
    assert "Belarus supports Russia’s war in Ukraine" in paragraphs
    assert not any("Illustrative photo" in p or p == "ua en ru" for p in paragraphs)
    assert len(paragraphs) == 12


def test_seed_page_loads_as_one_english_article_with_its_file_name_as_id():
    [article], report = load_corpus([SEED])
    assert (article.id, article.title, article.lang) == ("000_7686891f7ac3aa0d", SEED_TITLE, "en")
    assert article.url is None
    assert article.published is None
    assert report.problems == []


def test_plain_text_takes_the_first_line_as_title_and_the_rest_as_body(tmp_path):
    path = write_file(
        tmp_path / "plain.txt", "Council approves budget\nFirst paragraph.\n\nSecond one.\n"
    )
    [record] = read_txt(path, "plain")
    assert record == RawRecord(
        {"title": "Council approves budget", "text": "First paragraph.\n\nSecond one."},
        None,
        "plain",
    )


def test_ukrainian_page_furniture_is_dropped_too():
    raw = (
        "УКР | ENG | РУС\n\n"
        "Рада ухвалила бюджет\n\n"
        "Рада ухвалила бюджет Ілюстративне фото: сесійна зала (УНІАН)\n\n"
        "Фото: Getty Images\n\n"
        "Депутати ухвалили бюджет у другому читанні.\n\n"
        "Рада ухвалила бюджет\n"
    )
    assert parse_page_text(raw) == (
        "Рада ухвалила бюджет",
        "Депутати ухвалили бюджет у другому читанні.",
    )


def test_a_first_line_too_long_for_a_title_stays_in_the_body():
    sentence = "The council met on Tuesday and approved the budget after a long debate. "
    raw = sentence * 4 + "\n\nSecond paragraph."
    title, text = parse_page_text(raw)
    assert title == sentence.strip()
    assert text.startswith(sentence.strip())
    assert text.endswith("Second paragraph.")


def test_hard_wrapped_paragraphs_are_joined():
    raw = (
        "A title\n\n"
        "The council met on Tuesday evening to discuss the budget for the\n"
        "coming year, and after a long debate about roads and schools it\n"
        "approved the plan.\n"
    )
    assert parse_page_text(raw)[1] == (
        "The council met on Tuesday evening to discuss the budget for the coming year, "
        "and after a long debate about roads and schools it approved the plan."
    )


def test_an_empty_text_file_is_an_empty_text_problem(tmp_path):
    path = write_file(tmp_path / "empty.txt", "\ufeff\n  \n")
    _, report = load_corpus([path], allow_empty=True)
    assert [(p.line, p.reason) for p in report.problems] == [(None, "empty text")]


def test_a_title_only_text_file_is_an_empty_text_problem(tmp_path):
    path = write_file(tmp_path / "title.txt", "Just a title\n")
    _, report = load_corpus([path], allow_empty=True)
    assert [p.reason for p in report.problems] == ["empty text"]
