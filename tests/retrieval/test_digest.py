"""The digest's content: the 24-hour window, same-story clustering across languages, ranking."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from retrieval.digest import lead_summary
from retrieval.index import build_index
from retrieval.namekeys import name_keys, skeleton
from retrieval.service import NewsService
from tests.conftest import DATA

NEWS = DATA / "digest" / "news.jsonl"
KYIV = ZoneInfo("Europe/Kyiv")
METRO = {"metro-en-herald", "metro-en-daily", "metro-uk", "metro-ru"}
GRAIN = {"grain-port-news", "grain-agri-wire"}
SINGLES = {"lviv-theatre", "kharkiv-power", "chernihiv-library"}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> NewsService:
    data_dir = tmp_path_factory.mktemp("digest")
    build_index([NEWS], data_dir=data_dir, workers=1)
    return NewsService(data_dir)


def at(day: date, hour: int = 8) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=KYIV)


def ids(story) -> set[str]:
    return {link.article_id for link in story.links}


def test_the_morning_digest_covers_yesterday_once_per_story(service: NewsService) -> None:
    digest = service.digest(at=at(date(2026, 11, 25)), tz="Europe/Kyiv", lang="uk")
    assert digest.day == date(2026, 11, 25)
    assert digest.article_count == 9
    groups = [ids(s) for s in digest.stories]
    # The same story in en (two outlets), uk and ru is one item; so is the grain duplicate.
    assert groups[0] == METRO
    assert groups[1] == GRAIN
    assert sorted(map(sorted, groups[2:])) == sorted([[x] for x in SINGLES])
    every = [link.article_id for s in digest.stories for link in s.links]
    assert len(every) == len(set(every)) == 9  # each article shown once
    # Outside the window: Monday's, Wednesday's (after 08:00) and a year-only date.
    assert not {"monday-old", "wednesday-new", "year-only"} & set(every)


def test_the_headline_is_in_the_readers_language_when_the_story_has_it(
    service: NewsService,
) -> None:
    moment = at(date(2026, 11, 25))
    uk = service.digest(at=moment, tz="Europe/Kyiv", lang="uk").stories[0]
    ru = service.digest(at=moment, tz="Europe/Kyiv", lang="ru").stories[0]
    en = service.digest(at=moment, tz="Europe/Kyiv", lang="en").stories[0]
    assert (uk.lang, uk.headline) == ("uk", "У Києві відкрили станцію метро Лук'янівська-2")
    assert (ru.lang, ru.headline) == ("ru", "В Киеве открыли станцию метро Лукьяновская-2")
    assert en.lang == "en"
    assert en.links[0].article_id in {"metro-en-herald", "metro-en-daily"}
    # The other coverage is kept as links, not repeated as items.
    assert ids(uk) == ids(ru) == ids(en) == METRO


def test_summaries_are_the_first_sentences_of_the_lead(service: NewsService) -> None:
    digest = service.digest(at=at(date(2026, 11, 25)), tz="Europe/Kyiv", lang="uk")
    metro = digest.stories[0]
    assert metro.summary.startswith("Київський міський голова Віталій Кличко у вівторок")
    for story in digest.stories:
        assert 25 <= len(story.summary) <= 260
        assert story.summary != story.headline


def test_consecutive_daily_digests_tile_time(service: NewsService) -> None:
    """An article dated by day counts at noon local time: it lands in exactly one digest."""
    for hour in (8, 13, 23):
        seen: list[str] = []
        for offset in range(5):
            day = date(2026, 11, 22) + timedelta(days=offset)
            digest = service.digest(at=at(day, hour), tz="Europe/Kyiv", lang="en")
            seen += [link.article_id for s in digest.stories for link in s.links]
        assert len(seen) == len(set(seen)) == 11, hour


def test_the_window_follows_the_readers_time_zone(service: NewsService) -> None:
    # At 15:00 UTC on Monday it is 17:00 in Kyiv (Monday noon has passed there) and
    # 10:00 in New York (Monday noon is still to come there).
    moment = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    kyiv = service.digest(at=moment, tz="Europe/Kyiv", lang="en")
    new_york = service.digest(at=moment, tz="America/New_York", lang="en")
    assert kyiv.day == new_york.day == date(2026, 11, 23)
    assert {link.article_id for s in kyiv.stories for link in s.links} == {"monday-old"}
    assert new_york.stories == []


def test_a_day_without_articles_is_an_empty_digest(service: NewsService) -> None:
    digest = service.digest(at=at(date(2030, 1, 1)), tz="Europe/Kyiv", lang="en")
    assert digest.stories == []
    assert digest.article_count == 0


def test_max_stories_leaves_out_the_least_covered(service: NewsService) -> None:
    digest = service.digest(at=at(date(2026, 11, 25)), tz="UTC", lang="en", max_stories=2)
    assert [ids(s) for s in digest.stories] == [METRO, GRAIN]
    assert digest.more_stories == 3


def test_feed_articles_appended_live_appear_in_the_next_digest(tmp_path: Path) -> None:
    from corpus.article import Article

    build_index([NEWS], data_dir=tmp_path, workers=1)
    service = NewsService(tmp_path)
    before = service.digest(at=at(date(2026, 11, 25)), tz="Europe/Kyiv", lang="en")
    fresh = Article(
        id="metro-en-third",
        title="Lukianivska-2 opens: Kyiv metro gains 2.3 km",
        url="https://third.example/metro",
        published=date(2026, 11, 24),
        lang="en",
        source="Third Outlet",
        text=(
            "Mayor Vitali Klitschko cut the ribbon at Lukianivska-2 in Kyiv on Tuesday. "
            "The 2.3 km line cost 12 billion hryvnias."
        ),
    )
    saved: list[str] = []
    service.ingest([fresh], save=lambda articles: saved.extend(a.id for a in articles))
    after = service.digest(at=at(date(2026, 11, 25)), tz="Europe/Kyiv", lang="en")
    assert saved == ["metro-en-third"]
    assert after.article_count == before.article_count + 1
    assert ids(after.stories[0]) == METRO | {"metro-en-third"}


@pytest.mark.parametrize(
    "forms",
    [
        ("Zelensky", "Зеленський", "Зеленский"),
        ("Kyiv", "Київ", "Киев"),
        ("Kharkiv", "Харків", "Харьков"),
        ("Belarus", "Білорусь", "Беларусь"),
        ("Lukianivska", "Лук'янівська", "Лукьяновская"),
    ],
)
def test_names_meet_across_alphabets(forms: tuple[str, ...]) -> None:
    assert len({skeleton(f) for f in forms}) == 1, [skeleton(f) for f in forms]


def test_name_keys_skip_stop_words_and_keep_numbers() -> None:
    keys = name_keys("The mayor of Kyiv said 12 stations. Він сказав, що 2,3 км готові.")
    assert "kv" in keys
    assert {"#12", "#2.3"} <= keys
    assert skeleton("The") not in keys
    assert skeleton("Він") not in keys


def test_lead_summary_skips_a_repeated_headline_and_stops_at_two_sentences() -> None:
    text = (
        "Snow closes roads\n\nHeavy snow closed several mountain roads on Wednesday. "
        "Drivers were asked to wait. Resorts stayed open."
    )
    assert lead_summary(text, "Snow closes roads") == (
        "Heavy snow closed several mountain roads on Wednesday. Drivers were asked to wait."
    )
    long = "word " * 100 + "end."
    assert len(lead_summary(long, "t")) <= 260


def test_exact_publication_times_place_articles_in_the_window(tmp_path: Path) -> None:
    import json

    rows = [
        # 07:30 in Kyiv on Wednesday: in Wednesday's 08:00 digest (noon would miss it).
        {"id": "early", "title": "Night train from Lviv arrives on time", "lang": "en",
         "published": "2026-11-25T05:30:00Z",
         "text": "The first night train from Lviv reached Kyiv on time this morning."},
        # 06:00 in Kyiv on Tuesday: before Tuesday 08:00, so in Tuesday's digest only.
        {"id": "dawn", "title": "Bakery chain opens at dawn in Odesa", "lang": "en",
         "published": "Tue, 24 Nov 2026 04:00:00 +0000",
         "text": "A bakery chain opened three shops in Odesa at dawn on Tuesday."},
    ]  # fmt: skip
    corpus = tmp_path / "timed.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    build_index([corpus], data_dir=tmp_path / "data", workers=1)
    service = NewsService(tmp_path / "data")
    wednesday = service.digest(at=at(date(2026, 11, 25)), tz="Europe/Kyiv", lang="en")
    tuesday = service.digest(at=at(date(2026, 11, 24)), tz="Europe/Kyiv", lang="en")
    assert [ids(s) for s in wednesday.stories] == [{"early"}]
    assert [ids(s) for s in tuesday.stories] == [{"dawn"}]


def test_stored_passages_keep_the_moment_and_old_ones_still_load() -> None:
    from retrieval.engines import PassageRecord

    old = b'["a",0,"text","Title",null,"2026-11-24","day","en",null]'  # before the moment
    record = PassageRecord.from_json(old)
    assert record.published == date(2026, 11, 24)
    assert record.published_at is None
    assert record.to_json() == old  # no moment, same bytes as before
    moment = datetime(2026, 11, 24, 4, 0, tzinfo=ZoneInfo("UTC"))
    timed = PassageRecord("a", 0, "t", "T", None, date(2026, 11, 24), "day", "en", None, moment)
    assert PassageRecord.from_json(timed.to_json()) == timed
