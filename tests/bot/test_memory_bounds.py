"""What the bot remembers per chat or user is bounded: admin checks and answers' buttons."""

from bot.deps import DigestOptions
from bot.store import SQLiteStore
from tests.bot.e2e import GROUP, running_bot, wait_sent
from tests.fakes.telegram_api import FakeTelegramAPI


async def test_the_group_admin_cache_forgets_the_least_recent_beyond_its_size(
    data_dir, tmp_path
) -> None:
    store = SQLiteStore(tmp_path / "state.sqlite3")
    try:
        with FakeTelegramAPI(username="test_bot") as api:
            options = DigestOptions(admin_cache_size=2)
            async with running_bot(api, data_dir, store=store, digests=options):
                for n, user in enumerate([101, 102, 103, 103, 101], 1):
                    api.push_update(api.text_message(GROUP, "/unsubscribe", user_id=user))
                    await wait_sent(api, n)
                checked = [p["user_id"] for p in api.requests_for("getChatMember")]
    finally:
        store.close()
    # 103 asked twice within five minutes: asked Telegram once; 101 had been pushed out.
    assert checked == [101, 102, 103, 101]


def test_the_expiring_cache_drops_old_and_expired_entries() -> None:
    from bot.expiring import ExpiringCache

    now = [0.0]
    cache: ExpiringCache[int, str] = ExpiringCache(limit=3, ttl=10, clock=lambda: now[0])
    for key in range(5):
        cache.put(key, str(key))
    assert len(cache) == 3
    assert cache.get(0) is None
    assert cache.get(4) == "4"
    now[0] = 11.0
    assert cache.get(4) is None
    assert len(cache) == 2


def test_button_memory_keeps_the_most_recent_answers() -> None:
    from bot.callbacks import AnswerMemory, Asked
    from retrieval.answer import Answer

    memory = AnswerMemory(limit=100)
    asked = [
        Asked(f"q{i}", "en", 0, Answer(f"q{i}", "en", False, [], [], 0.0), 42) for i in range(150)
    ]
    tokens = [memory.remember(a) for a in asked]
    assert len(memory) == 100
    assert memory.recall(tokens[0], 42) is None
    assert memory.recall(tokens[-1], 42) == asked[-1]
