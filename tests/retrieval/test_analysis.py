import pytest

from retrieval.analysis import AnalysisSettings, Analyzer, normalise, words


def test_normalise_unifies_apostrophes_case_and_yo():
    assert normalise("М’ЯСО Ёлка ＡＢＣ") == "м'ясо елка abc"


def test_words_keep_apostrophes_inside_ukrainian_words():
    assert words("Дев’ятнадцятого століття, м'ясо") == ["дев'ятнадцятого", "століття", "м'ясо"]


def test_english_terms_are_stemmed_and_stop_words_dropped():
    terms = Analyzer().terms("Is Belarus ready to send peacekeepers to Ukraine?", "en")
    assert terms == ["belarus", "readi", "send", "peacekeep", "ukrain"]


def test_ukrainian_inflected_forms_share_one_lemma():
    a = Analyzer()
    assert a.terms("миротворців", "uk") == a.terms("миротворець", "uk") == ["миротворець"]
    assert a.terms("Україні", "uk") == a.terms("Україна", "uk")


def test_russian_inflected_forms_share_one_stem():
    a = Analyzer()
    assert a.terms("миротворцев", "ru") == a.terms("миротворцы", "ru")


def test_ukrainian_stop_words_are_dropped_in_any_form():
    assert Analyzer().terms("Що це була за новина?", "uk") == []


def test_latin_words_inside_cyrillic_text_use_the_english_stemmer():
    assert "missil" in Analyzer().terms("ракети Oreshnik missiles", "uk")


def test_without_morphology_terms_are_exact_forms():
    a = Analyzer(AnalysisSettings(morphology=False))
    assert a.terms("Миротворців Peacekeepers", "uk") == ["миротворців", "peacekeepers"]


def test_memo_returns_the_same_terms_on_repeat_calls():
    a = Analyzer()
    first = a.terms("Terezy May's Brexit plans", "en")
    assert a.terms("Terezy May's Brexit plans", "en") == first


TRICKY = [
    "",
    "Is Belarus ready to send peacekeepers to Ukraine?",
    "Дев’ятнадцятого століття, м'ясо та М’ЯСО",
    "no-break\u00a0space, em\u2003space\ttab\nnewline",
    "diaeresis \u00a8 alone, x\u00a8y, combining e\u0301 and \u0301x",
    "ＡＢＣ fullwidth ﬁ ligature ２０２５ Ёлка ёж",
    "snake_case under_score 'quoted' it's don't",
    "ракети Oreshnik missiles Київ Москва",
    "Σίσυφος ΣΊΣΥΦΟΣ İstanbul straße",
]


def test_terms_equal_the_terms_of_the_whole_texts_words():
    for lang in ("en", "uk", "ru"):
        a = Analyzer()
        for _ in range(2):  # first misses, then memo hits
            for text in TRICKY:
                expected = a.terms_of_words(words(text), lang)
                assert a.terms(text, lang) == expected, (lang, text)
                assert a.joined_terms(text, lang) == " ".join(expected)


def test_a_ukrainian_word_of_letters_without_a_unicode_name_is_kept_as_it_is():
    # pymorphy3 asks each letter's Unicode name; Python has none for some code points
    # (this Tangut ideograph), and it raised ValueError for the whole question or build.
    odd = chr(0x1759F) * 2
    assert Analyzer().terms(f"коли {odd} потяг", "uk") == [odd, "потяг"]


def test_may_start_never_rules_out_a_term_a_word_has():
    """Every raw token of the bundled sample corpus, read as each language: its terms'
    first two letters are accepted, so skipping the rest never drops a match."""
    import gzip
    import json

    from corpus import SAMPLE_DIR

    tokens: set[str] = set()
    for path in SAMPLE_DIR.rglob("*.jsonl.gz"):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                tokens.update(f"{row.get('title', '')} {row.get('text', '')}".split())
    assert len(tokens) > 5_000
    analyzer = Analyzer()
    checked = 0
    for lang in ("en", "uk", "ru"):
        for token in tokens:
            for term in analyzer.terms(token, lang):
                assert analyzer.may_start(token, lang, frozenset({term[:2]})), (token, term)
                checked += 1
    assert checked > 10_000
    # And it does rule words out: English and Russian words of other starts.
    assert not analyzer.may_start("Parliament", "en", frozenset({"ba", "uk"}))
    assert not analyzer.may_start("парламента", "ru", frozenset({"ба"}))
    assert not analyzer.may_start("парламенту", "uk", frozenset({"ба"}))
    # A Ukrainian lemma keeps the first letter only; short words and the dictionary's
    # exceptions are always read.
    assert analyzer.may_start("дітьми", "uk", frozenset({"ди"}))  # "дитина"
    assert analyzer.may_start("нього", "uk", frozenset({"ба"}))  # short: "він"
    assert analyzer.may_start("вівсами", "uk", frozenset({"ов"}))  # "овес", listed
    assert analyzer.may_start("vying", "en", frozenset({"vi"}))  # "vie"


@pytest.mark.parametrize("prefix", ["ігр", "шл", "вівс", "ув'", "ді", "пар", "ко", "зах"])
def test_every_ukrainian_dictionary_form_keeps_its_first_letter_or_is_listed(prefix):
    """pymorphy3's known forms under a few prefixes (those of the listed exceptions and
    common ones): a term beginning with another letter is in `uk_other_starts`, which
    `benchmarks/uk_other_starts.py` wrote from the whole dictionary."""
    import pymorphy3

    from retrieval.analysis import uk_other_starts, words

    listed = uk_other_starts()
    assert "ігри" in listed
    assert len(listed) > 100
    analyzer = Analyzer()
    seen = 0
    for word, *_ in pymorphy3.MorphAnalyzer(lang="uk").dictionary.iter_known_words(prefix):
        for form in words(word):
            for term in analyzer.terms_of_words([form], "uk"):
                seen += 1
                assert term[:1] == form[:1] or form in listed, (form, term)
    assert seen > 50
