import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus.clean import (
    _NEEDS_WORK,
    clean_line,
    clean_text,
    drop_page_furniture,
    is_caption,
    is_language_switcher,
    title_from_text,
    unwrap_blocks,
)

SEED_CAPTION = (
    "Belarus declares readiness for 'peacekeeping mission' in Ukraine Illustrative photo: "
    'Belarus declares readiness for a "peacekeeping mission" in Ukraine (Getty Images)'
)


def test_clean_text_strips_bom_zero_width_and_control_characters():
    raw = "\ufeffPeace\u200b talks\u200e resume\x00 to\u00adday\x07"
    assert clean_text(raw) == "Peace talks resume today"


def test_clean_text_separates_paragraphs_by_exactly_one_blank_line():
    raw = "First line.\r\nSecond line.\r\n\r\n\r\n   \n\nThird.\rFourth.\u2029Fifth."
    assert clean_text(raw) == "First line.\n\nSecond line.\n\nThird.\n\nFourth.\n\nFifth."


def test_clean_text_collapses_spaces_tabs_and_no_break_spaces_inside_a_paragraph():
    assert clean_text("  a\t\tb \u00a0 c\u2009d  ") == "a b c d"


def test_windows_1252_bytes_read_as_latin_1_become_their_punctuation():
    assert clean_text("Brexit \x97 again, it\x92s \x85") == "Brexit — again, it’s …"


def test_clean_text_of_only_whitespace_and_invisibles_is_empty():
    assert clean_text(" \n\ufeff\u200b\n\t ") == ""


@given(st.text(max_size=300))
def test_clean_text_is_idempotent_and_never_leaves_empty_paragraphs(text):
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert "" not in cleaned.split("\n\n") or cleaned == ""
    assert "\n\n\n" not in cleaned
    assert "  " not in cleaned


def test_clean_line_puts_everything_on_one_line():
    assert clean_line(" Breaking:\n  news\t today ") == "Breaking: news today"


def test_unwrap_blocks_joins_hard_wrapped_prose_but_keeps_lists_and_short_lines():
    wrapped = (
        "The council met on Tuesday evening to discuss the budget for the\n"
        "coming year, and after a long debate about roads and schools it\n"
        "approved the plan.\n"
        "\n"
        "- first item that is long enough to look like a wrapped line of text\n"
        "- second item that is long enough to look like a wrapped line of text\n"
        "- third\n"
        "\n"
        "Short line\nAnother short line\nThird"
    )
    assert unwrap_blocks(wrapped).split("\n\n") == [
        "The council met on Tuesday evening to discuss the budget for the coming year, "
        "and after a long debate about roads and schools it approved the plan.",
        "- first item that is long enough to look like a wrapped line of text\n"
        "- second item that is long enough to look like a wrapped line of text\n- third",
        "Short line\nAnother short line\nThird",
    ]


def test_title_from_text_takes_the_first_sentence():
    text = "The council approved the budget on Tuesday. Roads come first.\n\nMore."
    assert title_from_text(text) == "The council approved the budget on Tuesday."


def test_title_from_text_skips_a_too_short_first_sentence():
    assert title_from_text("Dr. Smith said the vote was close. Then left.") == (
        "Dr. Smith said the vote was close."
    )


def test_title_from_text_cuts_a_long_sentence_at_a_word_boundary():
    title = title_from_text("word " * 60)
    assert title.endswith("…")
    assert len(title) <= 101
    assert title.removesuffix("…").split(" ") == ["word"] * 20


@pytest.mark.parametrize("line", ["ua en ru", "UA EN RU", "укр eng рус", "UA | EN | RU", "EN/UA"])
def test_language_switcher_lines_are_recognised(line):
    assert is_language_switcher(line)


@pytest.mark.parametrize("line", ["EN", "Ukraine en route", "ru ua war news", "Ua En Ru Wins"])
def test_ordinary_lines_are_not_language_switchers(line):
    assert not is_language_switcher(line)


@pytest.mark.parametrize(
    "line",
    [
        SEED_CAPTION,
        "Фото: УНІАН",
        "Ілюстративне фото (Getty Images)",
        "Иллюстративное фото: митинг в Киеве (РИА Новости)",
        "Photo: protesters in Kyiv (Reuters)",
    ],
)
def test_photo_captions_are_recognised(line):
    assert is_caption(line, "Belarus declares readiness for 'peacekeeping mission' in Ukraine")


@pytest.mark.parametrize(
    "line",
    [
        "The photo was taken in 2019, the agency said.",
        "He showed a photo: it was blurred, and the crowd laughed at the joke he told about it "
        "for a long time afterwards.",
        "Belarus supports Russia’s war in Ukraine",
    ],
)
def test_ordinary_lines_are_not_captions(line):
    assert not is_caption(line, "Belarus declares readiness")


def test_drop_page_furniture_removes_switcher_title_repeats_and_captions():
    title = "Belarus declares readiness for 'peacekeeping mission' in Ukraine"
    paragraphs = ["UA EN RU", title, SEED_CAPTION, "Body one.", title.upper(), "Body two."]
    assert drop_page_furniture(paragraphs, title) == ["Body one.", "Body two."]


def test_each_line_separator_alone_still_splits_paragraphs():
    for separator in ("\u2028", "\u2029", "\x0b", "\x0c", "\r"):
        assert clean_text(f"One.{separator}Two.") == "One.\n\nTwo.", repr(separator)


def test_every_character_normalisation_changes_is_unprintable():
    # normalize_chars skips text whose lines are printable; that is only right while
    # no character it would change counts as printable.
    changed = [code for code in range(0x110000) if _NEEDS_WORK.match(chr(code))]
    assert len(changed) > 200  # controls, C1, format characters, odd spaces, tags
    assert [hex(code) for code in changed if chr(code).isprintable()] == []


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_normalisation_fast_path_agrees_with_the_full_rules(text):
    from corpus.clean import _CHAR_TABLE, _NEWLINES

    assert clean_text(text) == clean_text(_NEWLINES.sub("\n", text).translate(_CHAR_TABLE))
