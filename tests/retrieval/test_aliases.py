from retrieval.aliases import alias_terms, expand
from retrieval.analysis import Analyzer


def test_a_questions_everyday_word_brings_its_formal_names():
    analyzer = Analyzer()
    table = alias_terms(analyzer)
    terms = dict.fromkeys(analyzer.terms("прививка от ковида в питере", "ru"), 1)
    found = expand(terms, "ru", table)
    assert {analyzer.terms("коронавирус", "ru")[0], analyzer.terms("петербург", "ru")[0]} <= set(
        found
    )
    # Each alias says which of the question's terms it stands for.
    assert found[analyzer.terms("петербург", "ru")[0]] == analyzer.terms("питере", "ru")[0]


def test_aliases_stay_within_the_questions_language():
    analyzer = Analyzer()
    table = alias_terms(analyzer)
    terms = dict.fromkeys(analyzer.terms("covid vaccine", "en"), 1)
    assert all(t.isascii() for t in expand(terms, "en", table))


def test_a_word_without_other_names_brings_none():
    analyzer = Analyzer()
    terms = dict.fromkeys(analyzer.terms("budget deficit", "en"), 1)
    assert expand(terms, "en", alias_terms(analyzer)) == {}


def test_an_everyday_word_brings_the_formal_name_but_not_back():
    analyzer = Analyzer()
    table = alias_terms(analyzer)
    usa = analyzer.terms("сша", "ru")[0]
    states = analyzer.terms("штаты", "ru")[0]
    assert usa in expand({states: 1}, "ru", table)
    # "США" is precise: it does not also search every article about some "штат".
    assert states not in expand({usa: 1}, "ru", table)


def test_a_compound_the_press_spells_out_counts_for_its_head_word():
    # "Еврокомиссия" in the question, "Европейской комиссией" in the sentence that answers
    # it; "госдеп" for "Госдепартамент". One way: "комиссия" does not bring "Еврокомиссия".
    analyzer = Analyzer()
    table = alias_terms(analyzer)
    for lang, everyday, formal in (
        ("ru", "еврокомиссия", "комиссией"),
        ("uk", "єврокомісія", "комісії"),
        ("ru", "госдепа", "госдепартамента"),
        ("uk", "держдепу", "держдепартаменту"),
    ):
        said = analyzer.terms(everyday, lang)[0]
        written = analyzer.terms(formal, lang)[0]
        assert written in expand({said: 1}, lang, table)
        assert said not in expand({written: 1}, lang, table)
