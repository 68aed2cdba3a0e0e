"""A model that writes links, addresses and mentions gets none of them into Telegram.

The real Application polls the fake Bot API; the model is the fake OpenAI-compatible
server, answering every question and writing every digest summary with phishing bait.
"""

from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.deps import DigestOptions
from bot.digest_commands import DigestDefaults
from bot.store import SQLiteStore
from corpus.article import Article
from retrieval.index import build_index
from tests.bot.e2e import GROUP, USER, assistant, running_bot, sent, wait_sent
from tests.fakes.llm_api import FakeLLM, Json
from tests.fakes.telegram_api import FakeTelegramAPI

BAIT = (
    "Verify your account at secure-login.example.com/verify or t.me/phish_support, "
    "write to help@phish.example, ask @phish_support, open tg://resolve?domain=phish_support "
    "or www.phish.example."
)
PROSE = (
    f"Trams cross the Podilskyi bridge; fares rose 3.5% in the U.S. style, e.g. here. {BAIT} [1]"
)
FORBIDDEN = ("secure-login", "t.me", "phish", "tg:", "www.", "@")
KYIV = ZoneInfo("Europe/Kyiv")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")

    def handle_data(self, data):
        self.text.append(data)


def shown(markup: str) -> tuple[str, list[str]]:
    """Return the text Telegram shows for `markup`, and the links we put in it."""
    parser = _Links()
    parser.feed(markup)
    return "".join(parser.text), parser.hrefs


def reply(body: Json) -> str:
    system: str = body["messages"][0]["content"]
    if system.startswith("Translate"):
        return "{}"
    return PROSE


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    today = datetime.now(KYIV).date()
    articles = [
        Article(
            id=f"bridge-{n}",
            title=title,
            url=f"https://herald.example/bridge-{n}",
            published=today - timedelta(days=n),
            lang="en",
            source="Kyiv Herald",
            text=text,
        )
        for n, (title, text) in enumerate(
            [
                (
                    "Kyiv reopens the Podilskyi bridge to trams",
                    "Trams crossed the Podilskyi bridge in Kyiv for the first time today, the "
                    "city transport department said. Two routes will use the bridge.",
                ),
                (
                    "Podilskyi bridge tram tests finish in Kyiv",
                    "Test runs of trams on the Podilskyi bridge in Kyiv finished, the transport "
                    "department said, clearing the way for passenger service.",
                ),
            ]
        )
    ]
    build_index(articles, data_dir=tmp_path / "data", workers=1)
    return tmp_path / "data"


async def test_answers_and_group_digests_carry_no_model_written_link(data_dir, tmp_path) -> None:
    with FakeLLM(responder=reply) as llm, FakeTelegramAPI(username="test_bot") as api:
        model = assistant(
            data_dir, LLM_BASE_URL=llm.base_url, LLM_MODEL="fake", LLM_DEADLINE_SECONDS="5"
        )
        store = SQLiteStore(tmp_path / "state.sqlite3")
        digests = DigestOptions(defaults=DigestDefaults(tz="Europe/Kyiv", lang="en"))
        try:
            async with running_bot(api, data_dir, assistant=model, store=store, digests=digests):
                api.push_update(
                    api.text_message(USER, "When did trams cross the Podilskyi bridge?")
                )
                await wait_sent(api, 1)
                api.push_update(api.text_message(GROUP, "/digest@test_bot", user_id=USER + 1))
                await wait_sent(api, 2)
        finally:
            store.close()
    messages = sent(api) + sent(api, "editMessageText")
    answer = [m for m in messages if m["chat_id"] == USER][-1]["text"]
    digest = next(m for m in sent(api) if m["chat_id"] == GROUP)["text"]
    assert "Written by a language model" in answer  # the model's text was used...
    assert "language model" in digest  # ...in the digest too
    for markup in [m["text"] for m in messages]:
        text, hrefs = shown(markup)
        for bait in FORBIDDEN:
            assert bait not in text, (bait, text)
        assert all(h.startswith("https://herald.example/") for h in hrefs), hrefs
    text, _ = shown(answer)
    assert "fares rose 3.5% in the U.S. style, e.g. here." in text
