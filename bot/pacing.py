"""Pacing of digest fan-out below Telegram's limits.

At most `overall_rate` messages a second in total, one a second per private chat, and one
every three seconds per group (20/min).
"""

from __future__ import annotations

import asyncio
import time

from aiolimiter import AsyncLimiter

_PRIVATE_SPACING = 1.0
_GROUP_SPACING = 3.0


class Pacer:
    """Spaces sends: an overall rate, and a minimum gap per chat (private 1 s, group 3 s)."""

    def __init__(
        self,
        overall_rate: float = 25.0,
        *,
        private_spacing: float = _PRIVATE_SPACING,
        group_spacing: float = _GROUP_SPACING,
    ) -> None:
        # Capacity one: a steady stream, never a burst of a whole second's worth at once.
        self._overall = AsyncLimiter(1, 1.0 / max(overall_rate, 1.0))
        self._private_spacing = private_spacing
        self._group_spacing = group_spacing
        self._next_at: dict[int, float] = {}
        self._chat_locks: dict[int, asyncio.Lock] = {}

    async def wait(self, chat_id: int, chat_type: str) -> None:
        """Return when a message to `chat_id` may be sent."""
        lock = self._chat_locks.setdefault(chat_id, asyncio.Lock())
        async with lock:
            private = chat_type == "private"
            spacing = self._private_spacing if private else self._group_spacing
            delay = self._next_at.get(chat_id, 0.0) - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            await self._overall.acquire()
            self._next_at[chat_id] = time.monotonic() + spacing
