"""Token buckets per user and per chat, with a once-per-window over-limit notice."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float
    notified_at: float = -1e18


class RateGate:
    """Allow `rate` questions per `per` seconds with bursts of `burst`, per key.

    `check` says whether a question may go ahead and whether the asker should now be
    told they are over the limit (at most once per window). Idle buckets are evicted
    after `ttl` seconds so memory stays bounded.
    """

    def __init__(
        self,
        *,
        rate: float,
        per: float,
        burst: int,
        ttl: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.per = per
        self.burst = burst
        self.ttl = ttl
        self._clock = clock
        self._buckets: dict[int, _Bucket] = {}
        self._last_sweep = clock()

    def check(self, key: int) -> tuple[bool, bool]:
        """Return (allowed, notify): take a token if there is one."""
        now = self._clock()
        self._sweep(now)
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(float(self.burst), now)
        refill = (now - bucket.updated) * self.rate / self.per
        bucket.tokens = min(float(self.burst), bucket.tokens + refill)
        bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return True, False
        notify = now - bucket.notified_at >= self.per
        if notify:
            bucket.notified_at = now
        return False, notify

    def retry_after(self, key: int) -> float:
        """Return seconds until the next token for `key`."""
        bucket = self._buckets.get(key)
        if bucket is None or bucket.tokens >= 1.0:
            return 0.0
        return (1.0 - bucket.tokens) * self.per / self.rate

    def __len__(self) -> int:
        return len(self._buckets)

    def _sweep(self, now: float) -> None:
        if now - self._last_sweep < 60.0:
            return
        self._last_sweep = now
        stale = [k for k, b in self._buckets.items() if now - b.updated > self.ttl]
        for key in stale:
            del self._buckets[key]
