from retrieval.sentences import split_paragraphs, split_sentences


def test_sentences_split_after_terminal_punctuation():
    assert split_sentences("One thing. Another thing! A third? Yes.") == [
        "One thing.",
        "Another thing!",
        "A third?",
        "Yes.",
    ]


def test_abbreviations_and_initials_do_not_end_sentences():
    text = "Mr. Smith met Dr. Jones in the U.S. capital. A. Lukashenko said so."
    assert split_sentences(text) == [
        "Mr. Smith met Dr. Jones in the U.S. capital.",
        "A. Lukashenko said so.",
    ]


def test_joined_initials_do_not_end_sentences():
    text = "В.И. Ленин выступил на съезде. J.R.R. Tolkien wrote it. Потом."
    assert split_sentences(text) == [
        "В.И. Ленин выступил на съезде.",
        "J.R.R. Tolkien wrote it.",
        "Потом.",
    ]


def test_closing_quotes_stay_with_their_sentence():
    text = '"We are ready," he said. "It does not depend on us." Then he left.'
    assert split_sentences(text) == [
        '"We are ready," he said.',
        '"It does not depend on us."',
        "Then he left.",
    ]


def test_cyrillic_sentences_split():
    assert split_sentences("Це перше речення. Це друге, т.д. і т.п. Третє!") == [
        "Це перше речення.",
        "Це друге, т.д. і т.п. Третє!",
    ]


def test_paragraphs_split_on_blank_lines():
    assert split_paragraphs("a\n\n\nb\n \nc") == ["a", "b", "c"]
