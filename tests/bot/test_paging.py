""" "More" is the next page of the same search: the facade's page size, every language.

The real Application polls the fake Bot API. The corpus is tests/data and ferry articles,
more than one page holds, in English (3 articles, or 12) and in Ukrainian (12); the model,
when there is one, is the fake OpenAI-compatible server translating the question.
"""

import json
from pathlib import Path
from typing import Any

from bot.i18n import t
from bot.render import answer_messages
from retrieval.index import build_index
from tests.bot.e2e import USER, assistant, config, running_bot, sent, wait_sent
from tests.conftest import DATA
from tests.fakes.llm_api import FakeLLM, Json

QUESTION = "How often does the Riverton ferry cross the bay?"
TRANSLATIONS = {
    "uk": "Як часто пором у Рівертоні перетинає затоку?",
    "ru": "Как часто паром в Ривертоне пересекает залив?",
}
PROSE = "The Riverton ferry crosses the bay every few minutes on weekdays. [1]"


def english(i: int) -> dict[str, str]:
    return {
        "id": f"ferry-en-{i}",
        "title": f"Riverton ferry adds crossings, harbour notice {i}",
        "url": f"https://example.test/en/ferry-{i}",
        "date": f"2025-11-{i + 10:02d}",
        "lang": "en",
        "source": "Example News",
        "text": f"The Riverton ferry crosses the bay every {10 + i} minutes on weekdays from "
        f"this month, harbour notice {i} said.\n\nTickets for the ferry cost {i + 2} euros, "
        f"and bicycles travel free on crossing number {100 + i}.",
    }


def ukrainian(i: int) -> dict[str, str]:
    return {
        "id": f"ferry-uk-{i}",
        "title": f"Пором у Рівертоні курсуватиме частіше, оголошення {i}",
        "url": f"https://example.test/uk/ferry-{i}",
        "date": f"2025-11-{i + 10:02d}",
        "lang": "uk",
        "source": "Приклад",
        "text": f"Пором у Рівертоні перетинає затоку кожні {20 + i} хвилин у будні, повідомила "
        f"портова служба в оголошенні {i}.\n\nКвиток на пором коштує {i + 5} гривень, а "
        f"велосипеди перевозять безкоштовно на рейсі {200 + i}.",
    }


def build(tmp_path: Path, rows: list[dict[str, str]]) -> tuple[Path, Path]:
    corpus = tmp_path / "ferries.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    build_index([corpus, DATA / "articles.jsonl"], data_dir=tmp_path / "data", workers=1)
    return tmp_path / "data", corpus


def is_translation(body: Json) -> bool:
    system: str = body["messages"][0]["content"]
    return system.startswith("Translate")


def translate_or_answer(body: Json) -> str:
    if is_translation(body):
        return json.dumps(TRANSLATIONS, ensure_ascii=False)
    return PROSE


def translations(llm: FakeLLM) -> int:
    return sum(is_translation(r.body) for r in llm.requests if r.body is not None)


def more_button(reply: dict[str, Any]) -> str:
    keyboard = reply["reply_markup"]["inline_keyboard"]
    buttons: list[str] = [b["callback_data"] for row in keyboard for b in row]
    return next(data for data in buttons if data.startswith("m:"))


def roomy():
    return config(user_rate=1000, user_burst=1000, chat_rate=1000, chat_burst=1000)


async def test_more_shows_the_facades_next_page_until_there_is_none(api, tmp_path) -> None:
    data_dir, corpus = build(tmp_path, [english(i) for i in range(1, 13)])
    bots = assistant(data_dir, NEWSDESK_CORPUS=str(corpus))
    first = await bots.quotes(QUESTION)
    second = await bots.quotes(QUESTION, offset=bots.page_size)
    third = await bots.quotes(QUESTION, offset=2 * bots.page_size)
    assert first.found
    assert second.found
    assert not third.found
    assert {s.id for s in first.sources}.isdisjoint(s.id for s in second.sources)
    async with running_bot(api, data_dir, config=roomy(), assistant=bots):
        api.push_update(api.text_message(USER, QUESTION))
        [reply] = await wait_sent(api, 1)
        assert reply["text"] == answer_messages(first)[0]
        api.push_update(api.callback_query(USER, 1, more_button(reply)))
        [_, page2] = await wait_sent(api, 2)
        assert page2["text"] == answer_messages(second)[0]
        api.push_update(api.callback_query(USER, 1, more_button(page2)))
        [*_, page3] = await wait_sent(api, 3)
    assert page3["text"] == t("no_more", "en")  # the third page is empty
    assert len(sent(api)) == 3


async def test_more_searches_every_language_as_the_first_page_does(api, tmp_path) -> None:
    # Three English articles fill part of one page; the next page is Ukrainian only.
    rows = [english(i) for i in range(1, 4)] + [ukrainian(i) for i in range(1, 13)]
    data_dir, corpus = build(tmp_path, rows)
    with FakeLLM(responder=translate_or_answer) as llm:
        env = {"NEWSDESK_CORPUS": str(corpus), "LLM_BASE_URL": llm.base_url, "LLM_MODEL": "m"}
        bots = assistant(data_dir, **env)
        async with running_bot(api, data_dir, config=roomy(), assistant=bots):
            api.push_update(api.text_message(USER, QUESTION))
            await wait_sent(api, 1)
            # The first page: translated, searched, then the model's answer (edited in).
            [*_, answer] = await wait_sent(api, 1, method="editMessageText")
            assert PROSE in answer["text"]
            assert translations(llm) == 1
            api.push_update(api.callback_query(USER, 1, more_button(answer)))
            [_, page2] = await wait_sent(api, 2)
        assert translations(llm) == 2  # "More" searched the translations too
        twin = assistant(data_dir, **env)
        expected = await twin.quotes(QUESTION, offset=twin.page_size)
        await twin.aclose()
    assert expected.found
    assert {s.lang for s in expected.sources} == {"uk"}
    assert page2["text"] == answer_messages(expected)[0]
    assert "example.test/uk/ferry-" in page2["text"]
