"""A small cache whose entries expire, holding at most a fixed number (least recent go first)."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ExpiringCache(Generic[K, V]):
    """Remember values for `ttl` seconds, at most `limit` of them."""

    def __init__(
        self, *, limit: int, ttl: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.ttl = ttl
        self._clock = clock
        self._items: OrderedDict[K, tuple[float, V]] = OrderedDict()

    def get(self, key: K) -> V | None:
        """Return the value for `key` if it has not expired, else None."""
        item = self._items.get(key)
        if item is None:
            return None
        if item[0] <= self._clock():
            del self._items[key]
            return None
        self._items.move_to_end(key)
        return item[1]

    def put(self, key: K, value: V) -> None:
        """Remember `value`, forgetting the least recently used entry beyond the limit."""
        self._items[key] = (self._clock() + self.ttl, value)
        self._items.move_to_end(key)
        while len(self._items) > self.limit:
            self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)
