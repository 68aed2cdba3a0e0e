from bot.ratelimit import RateGate


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_burst_is_allowed_then_questions_are_held_back():
    clock = Clock()
    gate = RateGate(rate=5, per=60, burst=3, clock=clock)
    assert [gate.check(1)[0] for _ in range(5)] == [True, True, True, False, False]


def test_the_over_limit_notice_comes_once_per_window():
    clock = Clock()
    gate = RateGate(rate=5, per=60, burst=1, clock=clock)
    gate.check(1)
    notices = [gate.check(1)[1] for _ in range(10)]
    assert notices == [True] + [False] * 9
    clock.now += 61
    gate.check(1)  # refilled token
    assert gate.check(1) == (False, True)


def test_tokens_refill_at_the_configured_rate():
    clock = Clock()
    gate = RateGate(rate=6, per=60, burst=1, clock=clock)
    assert gate.check(7)[0]
    assert not gate.check(7)[0]
    assert 9.0 < gate.retry_after(7) <= 10.0
    clock.now += 10
    assert gate.check(7)[0]


def test_keys_are_independent():
    gate = RateGate(rate=1, per=60, burst=1, clock=Clock())
    assert gate.check(1)[0]
    assert gate.check(2)[0]
    assert not gate.check(1)[0]


def test_idle_buckets_are_evicted():
    clock = Clock()
    gate = RateGate(rate=1, per=60, burst=1, ttl=300, clock=clock)
    for key in range(100):
        gate.check(key)
    assert len(gate) == 100
    clock.now += 400
    gate.check(1000)
    assert len(gate) == 1
