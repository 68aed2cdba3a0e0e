from corpus.article import Article
from retrieval.chunking import MAX_TOKENS, chunk_article, encoding


def _article(text: str) -> Article:
    return Article("a", "Title", None, None, "en", None, text)


def test_passages_stay_within_the_token_budget_and_keep_all_sentences():
    paragraph = " ".join(f"Sentence number {i} talks about the grain corridor." for i in range(12))
    text = "\n\n".join([paragraph] * 6)
    passages = chunk_article(_article(text))
    assert len(passages) > 3
    enc = encoding()
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
    passages = chunk_article(_article(text))
    assert sum(p.tokens >= 100 for p in passages) >= len(passages) - 1


def test_a_sentence_longer_than_the_budget_is_cut_at_words():
    text = " ".join(["word"] * 900) + "."
    passages = chunk_article(_article(text))
    assert len(passages) >= 4
    assert all(p.tokens <= MAX_TOKENS + 1 for p in passages)


def test_a_short_article_is_one_passage():
    passages = chunk_article(_article("Only one short sentence here."))
    assert [p.text for p in passages] == ["Only one short sentence here."]
    assert passages[0].ordinal == 0


def test_empty_text_gives_no_passages():
    assert chunk_article(_article("")) == []


def test_the_token_counter_loads_with_every_connection_refused(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys\n"
        "def deny(event, args):\n"
        "    if event.startswith('socket.') and event != 'socket.__new__':\n"
        "        raise OSError('network is off in this test: ' + event)\n"
        "sys.addaudithook(deny)\n"
        "from retrieval.chunking import encoding\n"
        "print(len(encoding().encode_ordinary('Миротворці peacekeepers')))\n"
    )
    env = {"TIKTOKEN_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 2
    # The empty cache dir proves no earlier download is being reused.
