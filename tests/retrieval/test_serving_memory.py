"""A serving searcher remembers a bounded number of word forms, however many it meets."""

import random

import pytest

from retrieval.analysis import SERVING_MEMO_LIMIT, SERVING_TOKEN_MEMO_LIMIT, Analyzer
from retrieval.service import NewsService

ALPHABETS = {
    "en": "abcdefghijklmnopqrstuvwxyz",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
}


def random_questions(n: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        letters = list(ALPHABETS.values())[i % 3]
        words = (
            "".join(rng.choice(letters) for _ in range(rng.randint(4, 10))) for _ in range(10)
        )
        out.append(" ".join(words) + "?")
    return out


@pytest.mark.slow
def test_random_questions_keep_the_word_memos_bounded(built_index) -> None:
    service = NewsService(built_index)
    for question in random_questions(9_000):  # 30,000 new forms per language
        service.ask(question)
    ceiling = 3 * (SERVING_MEMO_LIMIT + SERVING_TOKEN_MEMO_LIMIT)
    assert 0 < service.searcher.analyzer.memo_entries() <= ceiling


def test_building_keeps_its_large_memos() -> None:
    analyzer = Analyzer()
    forms = [f"word{i}" for i in range(SERVING_MEMO_LIMIT + 10)]
    analyzer.terms_of_words(forms, "en")
    assert analyzer.memo_entries() == SERVING_MEMO_LIMIT + 10
