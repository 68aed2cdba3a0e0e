from datetime import date

import pytest

from bot.render import answer_html
from retrieval.layout import retyped, slipped, unmixed
from retrieval.options import SearchOptions
from retrieval.service import NewsService

TODAY = date(2025, 11, 26)


KNOWN = {"en": {"metro", "kyiv", "extension"}, "uk": {"потяг", "відня", "квитки"}, "ru": set()}


def knows(word: str, lang: str) -> bool:
    return word in KNOWN.get(lang, set())


def test_the_keys_of_the_ukrainian_layout_typed_in_qwerty_read_as_ukrainian():
    typed = slipped("коли потяг до Відня", "uk")
    assert typed == "rjkb gjnzu lj Dslyz"
    assert retyped(typed, knows, "en") == ("коли потяг до Відня", "uk")


def test_english_typed_in_a_cyrillic_layout_reads_as_english():
    typed = slipped("the metro extension in Kyiv", "en")
    assert retyped(typed, knows, "ru") == ("the metro extension in Kyiv", "en")


def test_a_question_that_reads_as_typed_is_left_alone():
    assert retyped("the metro extension in Kyiv", knows, "en") is None
    # Gibberish either way, and one word alone, are not re-keyed.
    assert retyped("qzx vbnq", knows, "en") is None
    assert retyped(slipped("потяг", "uk"), knows, "en") is None


def test_words_known_as_typed_stay_among_the_slipped_ones():
    typed = slipped("коли потяг до", "uk") + " Kyiv"
    assert retyped(typed, knows, "en") == ("коли потяг до Kyiv", "uk")


@pytest.fixture
def service(built_index):
    return NewsService(built_index)


def test_a_question_typed_in_the_wrong_layout_gets_the_answer(service):
    question = "Скільки коштуватимуть квитки на потяг до Відня?"
    typed = slipped(question, "uk")
    assert typed.isascii()
    answer = service.ask(typed, today=TODAY)
    assert answer.found
    assert answer.lang == "uk"
    assert answer.question == question
    assert answer.retyped_from == typed
    assert any("трьох тисяч гривень" in s.text for s in answer.snippets)
    assert f"«{question}»" in answer_html(answer)
    # As typed right, nothing is said about the layout.
    right = service.ask(question, today=TODAY)
    assert right.retyped_from is None
    assert "розкладці" not in answer_html(right)


def test_english_typed_in_the_russian_layout_gets_the_answer(service):
    typed = slipped("How long is the new metro extension in Kyiv?", "en")
    answer = service.ask(typed, today=TODAY)
    assert answer.found
    assert answer.lang == "en"
    assert any("4.2 kilometres" in s.text for s in answer.snippets)


def test_reading_slips_can_be_turned_off(built_index):
    service = NewsService(built_index, options=SearchOptions(typos=False))
    typed = slipped("Скільки коштуватимуть квитки на потяг до Відня?", "uk")
    assert service.ask(typed, today=TODAY).retyped_from is None


def test_words_typed_in_both_alphabets_are_read_in_one():
    # A Latin "i" for the Ukrainian "і": the words look right and match nothing.
    assert unmixed("скiльки пасажирiв постраждало вiд страйку") == (
        "скільки пасажирів постраждало від страйку"
    )
    assert unmixed("Трамп i Клінтон у Киïві") == "Трамп і Клінтон у Київі"
    # A word goes to the script most of its letters are in.
    assert unmixed("СOVID-19 у CША") == "COVID-19 у США"
    # Words of one script stay, and so does a mixed word with no look-alike to swap.
    assert unmixed("iPhone у Києві") == "iPhone у Києві"
    assert unmixed("the I in Kyiv") == "the I in Kyiv"
    assert unmixed("доклад WG I о климате") == "доклад WG I о климате"  # a Roman numeral
    assert unmixed("Medиа") == "Medиа"


def test_a_question_typed_with_latin_i_gets_the_same_answer(service):
    question = "Скільки коштуватимуть квитки на потяг до Відня?"
    typed = question.replace("і", "i")
    assert typed != question
    answer = service.ask(typed, today=TODAY)
    right = service.ask(question, today=TODAY)
    assert answer.found
    assert answer.lang == "uk"
    assert answer.question == question  # read as written right, and said back so
    assert [s.text for s in answer.snippets] == [s.text for s in right.snippets]
    assert any("трьох тисяч гривень" in s.text for s in answer.snippets)


CYRILLIC = {
    "uk": {"скільки", "пасажирів", "постраждало", "від", "страйку", "новій"},
    "ru": {"новый", "закон"},
}


def knows_cyrillic(word: str, lang: str) -> bool:
    return word in CYRILLIC.get(lang, set())


def test_ukrainian_typed_with_the_russian_layout_on_reads_as_ukrainian():
    # і, є, ї are ы, э, ъ on the Russian layout; the other letters are the same keys.
    typed = "скыльки пасажирыв постраждало выд страйку"
    assert retyped(typed, knows_cyrillic, "ru") == (
        "скільки пасажирів постраждало від страйку",
        "uk",
    )


def test_a_russian_word_that_swapped_is_ukrainian_stays_russian():
    # "новый" with і for ы is the Ukrainian "новій", but it is a Russian word as typed.
    assert retyped("новый закон", knows_cyrillic, "ru") is None


def test_ukrainian_typed_on_the_russian_layout_gets_the_answer(service):
    question = "Скільки коштуватимуть квитки на потяг до Відня?"
    typed = question.translate(str.maketrans("іїє", "ыъэ"))
    answer = service.ask(typed, today=TODAY)
    assert answer.found
    assert answer.lang == "uk"
    assert answer.question == question
    assert answer.retyped_from == typed
    assert any("трьох тисяч гривень" in s.text for s in answer.snippets)


def test_russian_typed_on_the_ukrainian_layout_gets_the_answer(service):
    question = "Сколько зрителей было на джазовом фестивале?"
    typed = question.replace("ы", "і")
    answer = service.ask(typed, today=TODAY)
    assert answer.found
    assert answer.lang == "ru"
    assert answer.question == question
    assert any("около двадцати тысяч" in s.text for s in answer.snippets)
