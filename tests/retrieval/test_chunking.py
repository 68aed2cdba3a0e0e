from corpus.article import Article
from retrieval.budget import load_encoding
from retrieval.chunking import MAX_TOKENS, Passage, chunk_article

ENCODING = load_encoding()


def _article(text: str) -> Article:
    return Article("a", "Title", None, None, "en", None, text)


def chunk(article: Article) -> list[Passage]:
    return chunk_article(article, encoding=ENCODING)


def test_passages_stay_within_the_token_budget_and_keep_all_sentences():
    paragraph = " ".join(f"Sentence number {i} talks about the grain corridor." for i in range(12))
    text = "\n\n".join([paragraph] * 6)
    passages = chunk(_article(text))
    assert len(passages) > 3
    enc = ENCODING
    for p in passages:
        assert p.tokens <= MAX_TOKENS
        assert len(enc.encode_ordinary(p.text)) <= MAX_TOKENS + 5  # joins add spaces
    joined = " ".join(p.text for p in passages)
    for i in range(12):
        assert f"Sentence number {i} talks" in joined


def test_most_passages_reach_the_minimum_size():
    text = "\n\n".join(
        " ".join(f"Paragraph {j} sentence {i} has several ordinary words." for i in range(4))
        for j in range(30)
    )
    passages = chunk(_article(text))
    assert sum(p.tokens >= 100 for p in passages) >= len(passages) - 1


def test_a_sentence_longer_than_the_budget_is_cut_at_words():
    text = " ".join(["word"] * 900) + "."
    passages = chunk(_article(text))
    assert len(passages) >= 4
    assert all(p.tokens <= MAX_TOKENS + 1 for p in passages)


def test_a_short_article_is_one_passage():
    passages = chunk(_article("Only one short sentence here."))
    assert [p.text for p in passages] == ["Only one short sentence here."]
    assert passages[0].ordinal == 0


def test_empty_text_gives_no_passages():
    assert chunk(_article("")) == []


def test_the_token_counter_loads_with_every_connection_refused(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys\n"
        "def deny(event, args):\n"
        "    if event.startswith('socket.') and event != 'socket.__new__':\n"
        "        raise OSError('network is off in this test: ' + event)\n"
        "sys.addaudithook(deny)\n"
        "from retrieval.budget import load_encoding\n"
        "print(len(load_encoding().encode_ordinary('Миротворці peacekeepers')))\n"
    )
    env = {"TIKTOKEN_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 2
    # The empty cache dir proves no earlier download is being reused.


TRICKY_TEXTS = [
    "",
    " ",
    "word",
    " leading space",
    "trailing space ",
    "two  spaces inside",
    "tab\tinside and\t after",
    "tab before \t space",
    "newline\nin text",
    "space before \nnewline",
    "no-break\u00a0space and\u00a0 more",
    "em\u2003space \u2003here",
    "numbers 1234567 and 12,345.67 or 2025-11-25",
    "contractions don't we'll they've I'm it's",
    "quotes «Київ» „Москва“ 'single' \"double\" (brackets) [x]",
    "Миротворці peacekeepers — тире – dash ... ellipsis…",
    "CJK 中文字符 mixed with words",
    "combining e\u0301 and \u0301 alone, diaeresis \u00a8 too",
    "emoji 👍 and symbols © ® ™ ½",
    "end of sentence.  Next one!",
    "\r\nwindows\r\nline ends",
    "punctuation run ?!... then word",
]


def test_the_token_counter_matches_whole_text_encoding():
    from retrieval.chunking import TokenCounter

    enc = ENCODING
    counter = TokenCounter(enc)
    for _ in range(2):  # first misses, then memo hits
        for text in TRICKY_TEXTS:
            assert counter.count(text) == len(enc.encode_ordinary(text)), repr(text)
            for word in text.split():
                assert counter.spaced_word(word) == len(enc.encode_ordinary(" " + word))


def test_the_token_counter_matches_on_random_text():
    import random

    from retrieval.chunking import TokenCounter

    enc = ENCODING
    counter = TokenCounter(enc)
    rng = random.Random(5)
    pieces = ["the", "The", "don't", "Київ", "123456", "U.S.", "'s", "—", "...", "x\u0301"]
    pieces += ["中文", "ﬁ", "２０２５", "\u00a8", "(", ")", ",", "."]
    gaps = [" ", " ", " ", "  ", "\t", "", "\n", " \n", "\u00a0", ". ", " \u00a0"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) + rng.choice(gaps) for _ in range(rng.randint(0, 9)))
        assert counter.count(text) == len(enc.encode_ordinary(text)), repr(text)
        assert counter.count_split(text) == (len(enc.encode_ordinary(text)), text.split())


def test_passages_keep_their_texts_whitespace_tokens():
    sentence = "Sentence {} about the\u00a0grain  corridor, U.S. side."
    paragraph = " ".join(sentence.format(i) for i in range(9))
    text = "\n\n".join([paragraph, "Short heading", paragraph + " " + "word " * 260, paragraph])
    passages = chunk(_article(text))
    assert len(passages) > 3
    for p in passages:
        assert p.words == p.text.split()


def test_python_whitespace_covers_the_pre_tokenisers_whitespace():
    # The counter's safety checks use Python's idea of whitespace (and that printable
    # text has no whitespace but " "); they must hold for every character the
    # pre-tokeniser's \s matches (Unicode White_Space).
    import regex  # tiktoken's own dependency

    space = regex.compile(r"\s")
    white_space = {*range(0x09, 0x0E), 0x20, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B)}
    white_space |= {0x2028, 0x2029, 0x202F, 0x205F, 0x3000}  # Unicode 15 White_Space
    for code in range(0x110000):
        char = chr(code)
        if code in white_space or space.match(char):
            assert char.isspace(), hex(code)
            assert char == " " or not char.isprintable(), hex(code)


# Paragraph texts: clean ones (the per-paragraph fast path) and ones that are not.
SENTENCE_TEXTS = [
    # Clean: printable, single-spaced paragraphs (the fast path).
    "Belarus says it is ready. Kyiv's answer came on Monday! Was it 12.5% or 13%? Yes.\n\n"
    "Mr. Smith met Dr. Jones at 10 a.m. «Це правда», — сказав О. Зеленський. Далі було ще.",
    "Президент заявил: «Мы готовы». Затем т.е. позже он уехал. 2025 год стал рекордным…",
    "中文 text ﬁ ２０２５ x\u0301 — (quoted) “U.S.” side. Another one follows here.",
    # Not clean: double spaces, tabs, no-break spaces, a lone line break in a paragraph.
    "Two  spaces here. A\ttab there.\u00a0No-break space. Line\nbreak inside. End.",
    "  Leading spaces. Trailing too.  \n\nSecond paragraph.   Three spaces before this.",
]


def test_every_sentence_count_is_exact_on_clean_and_raw_paragraphs():
    # Clean paragraphs take a per-paragraph fast path; the rest go through count_split.
    from retrieval.chunking import _sentences

    enc = ENCODING
    for text in SENTENCE_TEXTS:
        sentences = _sentences(text, enc, MAX_TOKENS)
        assert sentences
        for s in sentences:
            assert s.tokens == len(enc.encode_ordinary(s.text)), repr(s.text)
            assert s.words == s.text.split()
