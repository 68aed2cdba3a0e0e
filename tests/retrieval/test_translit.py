from datetime import date

import pytest

from bot.render import answer_html
from retrieval.options import SearchOptions
from retrieval.service import NewsService
from retrieval.translit import from_latin

TODAY = date(2025, 11, 26)

# Word forms each language knows, with how many passages hold them (stop words come from
# the real lists).
KNOWN = {
    "en": {"ryanair": 5, "metro": 3, "kyiv": 9, "extension": 2},
    "uk": {
        "скільки": 50,
        "пасажирів": 7,
        "постраждало": 4,
        "страйку": 6,
        "хто": 40,
        "такий": 30,
        "білорус": 1,
        "білорусь": 10,
        "україну": 900,
        "украину": 80,
    },
    "ru": {"убил": 2, "посла": 3, "карлова": 2, "сидит": 4, "самоизоляции": 3, "принц": 5},
}


def knows(word: str, lang: str) -> int:
    return KNOWN[lang].get(word, 0)


def test_ukrainian_in_latin_letters_reads_in_cyrillic_whichever_way_it_is_spelt():
    expected = ("скільки пасажирів постраждало від страйку", "uk")
    # A passport's spelling, a chat's (a soft sign dropped), and with "j" for "й".
    assert from_latin("skilky pasazhyriv postrazhdalo vid straiku", knows, "en") == expected
    assert from_latin("skilki pasazhiriv postrazhdalo vid strajku", knows, "en") == expected


def test_russian_in_latin_letters_reads_as_russian():
    assert from_latin("kto ubil posla karlova", knows, "en") == ("кто убил посла карлова", "ru")
    # "где" is a Russian stop word, "де" a Ukrainian one: the language whose words read is
    # chosen, not the first one tried.
    assert from_latin("gde prints sidit na samoizoliatsii", knows, "en") == (
        "где принц сидит на самоизоляции",
        "ru",
    )


def test_of_two_spellings_about_as_likely_the_commoner_wins():
    # "bilorus" could be "білорус" (a Belarusian, one passage) or "білорусь" with its soft
    # sign unwritten (ten); "ukrainu" is "украину" to a Russian stem, "україну" to most.
    assert from_latin("bilorus ukrainu", knows, "en") == ("білорусь україну", "uk")


def test_a_latin_name_the_articles_hold_stays_as_typed():
    assert from_latin("skilky pasazhyriv ryanair postrazhdalo", knows, "en") == (
        "скільки пасажирів ryanair постраждало",
        "uk",
    )


def test_english_and_cyrillic_questions_are_left_alone():
    assert from_latin("how long is the metro extension in kyiv", knows, "en") is None
    assert from_latin("скільки пасажирів постраждало", knows, "uk") is None
    # Gibberish either way, and one word alone, are not read.
    assert from_latin("qzx vbnq wwq", knows, "en") is None
    assert from_latin("skilky", knows, "en") is None


@pytest.fixture
def service(built_index):
    return NewsService(built_index)


def test_a_question_in_latin_letters_gets_the_answer_and_says_how_it_was_read(service):
    typed = "skilky koshtuvatymut kvytky na potiah do vidnia"
    answer = service.ask(typed, today=TODAY)
    assert answer.found
    assert answer.lang == "uk"
    assert answer.retyped_from == typed
    assert answer.retyped_how == "latin"
    assert answer.question.startswith("скільки коштуватимуть квитки")
    assert any("трьох тисяч гривень" in s.text for s in answer.snippets)
    html = answer_html(answer)
    assert f"Прочитано кирилицею: «{answer.question}»" in html
    assert "розкладці" not in html


def test_russian_in_latin_letters_gets_the_russian_answer(service):
    answer = service.ask("skolko zritelei bylo na dzhazovom festivale", today=TODAY)
    assert answer.found
    assert answer.lang == "ru"
    assert answer.retyped_how == "latin"
    assert any("двадцати тысяч" in s.text for s in answer.snippets)


def test_english_questions_are_not_read_as_latin_letters(service):
    answer = service.ask("How long is the new metro extension in Kyiv?", today=TODAY)
    assert answer.found
    assert answer.retyped_from is None
    assert answer.retyped_how is None


def test_reading_latin_letters_can_be_turned_off(built_index):
    service = NewsService(built_index, options=SearchOptions(typos=False))
    answer = service.ask("skilky koshtuvatymut kvytky na potiah do vidnia", today=TODAY)
    assert answer.retyped_from is None


def test_a_word_met_again_is_spelt_once_per_language():
    asked: list[tuple[str, str]] = []

    def counting(word: str, lang: str) -> int:
        asked.append((word, lang))
        return knows(word, lang)

    question = ("kto ubil posla karlova " * 5).strip()
    assert from_latin(question, counting, "en") == (" ".join(["кто убил посла карлова"] * 5), "ru")
    cyrillic = [(w, lang) for w, lang in asked if lang != "en"]
    assert cyrillic
    assert len(cyrillic) == len(set(cyrillic))


def test_words_past_the_point_where_the_reading_cannot_be_kept_are_not_spelt():
    # Thirteen words no language knows, then seventeen that read: 17 of 30 known is less
    # than the 0.6 a reading needs, and after the thirteenth unknown word that is certain.
    asked: list[str] = []

    def counting(word: str, lang: str) -> int:
        asked.append(word)
        return knows(word, lang)

    gibberish = " ".join(["qzxv", "wqzk", "zxqv", "vqzx", "kqzw", "xzqv", "qvzx"] * 2)[:-5]
    question = f"{gibberish} " + "kto ubil posla karlova " * 4 + "kto"
    assert len(question.split()) == 30
    assert from_latin(question, counting, "en") is None
    assert not {"кто", "убил", "посла", "карлова"} & set(asked)
