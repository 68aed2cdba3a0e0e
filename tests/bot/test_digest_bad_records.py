"""One odd record costs its story at most, never the digest of every chat."""

import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bot.delivery import DigestScheduler
from bot.pacing import Pacer
from corpus.article import Article
from retrieval.digest import Story
from retrieval.index import build_index
from retrieval.service import NewsService
from tests.bot.test_digests import GROUP, PRIVATE, Clock, delivered, kyiv, subscribe
from tests.conftest import DATA

MORNING = kyiv(2026, 11, 25, 8, 0)


def news_with_a_bad_link(tmp_path: Path) -> Path:
    """The digest news, with one article's link malformed and no outlet to label it by."""
    records = [
        json.loads(line) for line in (DATA / "digest" / "news.jsonl").read_text().splitlines()
    ]
    for record in records:
        if record["id"] == "metro-en-daily":  # a secondary link of the Lukianivska-2 story
            record["url"] = "http://[bad"
            del record["source"]
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return path


def scheduler(store, compose) -> DigestScheduler:
    fast = Pacer(overall_rate=100, private_spacing=0.0, group_spacing=0.0)
    return DigestScheduler(store, compose, pacer=fast, clock=Clock())


async def test_a_malformed_link_in_the_corpus_still_lets_every_chat_get_the_digest(
    tmp_path, api, bot, store
) -> None:
    data_dir = tmp_path / "data"
    result = build_index([news_with_a_bad_link(tmp_path)], data_dir=data_dir, workers=1)
    service = NewsService(data_dir)

    async def compose(at: datetime, tz: str, lang: str):
        return service.digest(at=at, tz=tz, lang=lang)

    subscribe(store, chat_id=GROUP, lang="uk")
    subscribe(store, chat_id=PRIVATE, lang="en")
    report = await scheduler(store, compose).tick(bot, now=MORNING)
    assert (report.due, report.sent) == (2, 2)
    assert {m["chat_id"] for m in delivered(api)} == {GROUP, PRIVATE}
    texts = {m["chat_id"]: m["text"] for m in delivered(api)}
    assert "Лук'янівська-2" in texts[GROUP]  # in Ukrainian, as the group subscribed
    assert "Lukianivska-2" in texts[PRIVATE]  # in English
    for chat in (GROUP, PRIVATE):
        assert store.delivery(chat, date(2026, 11, 25)).status == "sent"
    [problem] = result.report.problems  # the load named the link it dropped
    assert "bad URL 'http://[bad' dropped" in problem.reason


async def test_an_article_with_a_malformed_link_added_live_is_shown_without_the_link(
    tmp_path, api, bot, store
) -> None:
    # Feed articles reach the index without the corpus loader's URL check.
    data_dir = tmp_path / "data"
    build_index([DATA / "digest" / "news.jsonl"], data_dir=data_dir, workers=1)
    service = NewsService(data_dir)
    odd = Article(
        id="metro-odd",
        title="Lukianivska-2 metro station opens in Kyiv, Klitschko says",
        url="http://[bad",
        published=date(2026, 11, 24),
        lang="en",
        source=None,
        text="Kyiv Mayor Vitali Klitschko opened the Lukianivska-2 metro station on Tuesday. "
        "The 2.3-kilometre extension of the green line cost 12 billion hryvnias.",
    )
    service.ingest([odd], save=lambda articles: None)

    async def compose(at: datetime, tz: str, lang: str):
        return service.digest(at=at, tz=tz, lang=lang)

    subscribe(store, chat_id=GROUP, lang="uk")
    report = await scheduler(store, compose).tick(bot, now=MORNING)
    assert report.sent == 1
    [message] = delivered(api)
    assert "Lukianivska-2 metro station opens in Kyiv, Klitschko says (en)" in message["text"]


async def test_a_story_that_cannot_be_rendered_is_left_out_and_the_rest_is_sent(
    tmp_path, api, bot, store
) -> None:
    data_dir = tmp_path / "data"
    build_index([DATA / "digest" / "news.jsonl"], data_dir=data_dir, workers=1)
    service = NewsService(data_dir)

    async def compose(at: datetime, tz: str, lang: str):
        digest = service.digest(at=at, tz=tz, lang=lang)
        # A composer bug: a story with no article behind it.
        broken = Story("Broken story", "No links at all.", "en", links=[], outlets=0)
        return replace(digest, stories=[broken, *digest.stories])

    subscribe(store, chat_id=GROUP, lang="en")
    subscribe(store, chat_id=PRIVATE, lang="en")
    report = await scheduler(store, compose).tick(bot, now=MORNING)
    assert (report.due, report.sent) == (2, 2)
    for message in delivered(api):
        assert "Broken story" not in message["text"]
        assert "Lukianivska-2" in message["text"]
    assert store.delivery(GROUP, date(2026, 11, 25)).status == "sent"


async def test_a_digest_that_cannot_be_rendered_at_all_is_marked_failed_not_left_sending(
    tmp_path, api, bot, store
) -> None:
    data_dir = tmp_path / "data"
    build_index([DATA / "digest" / "news.jsonl"], data_dir=data_dir, workers=1)
    service = NewsService(data_dir)

    async def compose(at: datetime, tz: str, lang: str):
        digest = service.digest(at=at, tz=tz, lang=lang)
        broken: dict[str, Any] = {"day": None}  # a composer bug no story can make up for
        return replace(digest, **broken)

    subscribe(store, chat_id=GROUP, lang="en")
    report = await scheduler(store, compose).tick(bot, now=MORNING)
    assert report.failed == 1
    row = store.delivery(GROUP, date(2026, 11, 25))
    assert row.status == "failed"
    assert row.error.startswith("render: ")
    assert delivered(api) == []
