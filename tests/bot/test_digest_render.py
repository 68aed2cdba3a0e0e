"""Digest rendering: at most two well-formed messages, escaped text, model-written items."""

from dataclasses import replace
from datetime import date, datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest

from bot.render import MAX_DIGEST_MESSAGES, TELEGRAM_LIMIT, digest_html, digest_messages, utf16_len
from bot.render_text import render_digest
from retrieval.digest import Digest, DigestLink, Story

KYIV = ZoneInfo("Europe/Kyiv")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in {"a", "b", "i"}:
            self.bad.append(tag)
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.bad.append("/" + tag)


def well_formed(markup: str) -> bool:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return not parser.bad and not parser.stack


def story(i: int, *, links: int = 3, long: bool = False) -> Story:
    title = f"Story {i} <b>about</b> R&D & “quotes”" + (
        " with a long headline" * 8 if long else ""
    )
    return Story(
        headline=title,
        summary=f"Summary {i} of the story, one sentence long enough to read. "
        * (3 if long else 1),
        lang="en",
        links=[
            DigestLink(
                f"a{i}-{k}",
                f"Title {k}",
                f"https://outlet{k}.example/{i}?a=1&b=2",
                date(2026, 11, 24),
                ("en", "uk", "ru")[k % 3],
                f"Outlet {k}",
            )
            for k in range(links)
        ],
        outlets=links,
    )


def digest(stories: list[Story], lang: str = "en") -> Digest:
    at = datetime(2026, 11, 25, 8, 0, tzinfo=KYIV)
    return Digest(
        day=at.date(),
        lang=lang,
        tz="Europe/Kyiv",
        composed_at=at,
        window_start=at,
        article_count=sum(s.coverage for s in stories),
        stories=stories,
    )


@pytest.mark.parametrize("count", [1, 8, 30])
def test_a_digest_fits_two_messages_and_stays_well_formed(count: int) -> None:
    d = digest([story(i, links=6, long=True) for i in range(count)])
    parts = digest_messages(d)
    assert 1 <= len(parts) <= MAX_DIGEST_MESSAGES
    for part in parts:
        assert utf16_len(part) <= TELEGRAM_LIMIT
        assert well_formed(part)
    shown = "".join(parts)
    if count == 30:
        assert "more stories" in shown  # the lowest-ranked ones are named, not dropped silently
    assert "<b>about</b>" not in shown  # titles are text, not markup
    assert "&lt;b&gt;about&lt;/b&gt; R&amp;D" in shown
    assert 'href="https://outlet1.example/0?a=1&amp;b=2"' in shown


def test_model_written_items_number_their_links() -> None:
    written = replace(story(1), summary="It happened. [1][2]", written_by_model=True)
    markup = digest_html(digest([written, story(2)]))
    assert "Summaries written by a language model" in markup
    assert "[1] Outlet 0 · 2026-11-24" in markup
    assert "[2] Outlet 1 (uk)</a>" in markup
    assert "[2] Outlet 1 (uk)" not in digest_html(digest([story(2)]))
    text = render_digest(digest([written]))
    assert "[1] Outlet 0 — 2026-11-24 — https://outlet0.example/1?a=1&b=2" in text
    assert "also: [2] Outlet 1 (uk)" in text


def test_an_empty_day_is_one_short_line() -> None:
    parts = digest_messages(digest([], lang="ru"))
    assert parts == [
        "<b>Дайджест новостей, 25 ноября 2026</b>\n"
        "За 24 часа до 08:00 (Europe/Kyiv) новых статей нет."
    ]
