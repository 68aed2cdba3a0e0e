"""Load test: a morning's digest fans out to 200 chats (half groups) within Telegram's limits.

The measurement is `tests/bot/fanout.py`'s, which `benchmarks/bench_digest.py` repeats.
"""

from pathlib import Path

import pytest

from retrieval.index import build_index
from tests.bot.fanout import check, day_corpus, fan_out


@pytest.mark.slow
async def test_200_chats_get_one_digest_each_within_the_rate_limits(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    build_index(day_corpus(), data_dir=data_dir, workers=1)
    work = tmp_path / "run"
    work.mkdir()
    m = await fan_out(200, data_dir, work, stories=20)
    assert check(m) == []
    assert m["statuses"] == {"sent": 200}
    assert m["parts"] == {2: 200}  # two messages each: per-chat spacing is exercised
    assert m["overall_max_per_second"] <= 30
    assert m["group_max_per_minute"] <= 20
    assert m["private_min_gap"] >= 0.95
    assert m["seconds"] < 120  # bounded: 400 messages at 25/s need 16 s
