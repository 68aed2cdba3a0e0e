"""The circuit breaker in front of one model endpoint: stop calling a server that keeps failing."""

from __future__ import annotations

import logging
import time

from retrieval.llm.errors import LLMError

logger = logging.getLogger(__name__)


class Breaker:
    """Consecutive failures open it; after the cool-down one probe call decides."""

    def __init__(self, failures: int, cooldown: float) -> None:
        self._threshold = failures
        self._cooldown = cooldown
        self._failures = 0
        self._open_until: float | None = None
        self._probing = False

    @property
    def state(self) -> str:
        if self._open_until is None:
            return "closed"
        if self._probing or time.monotonic() >= self._open_until:
            return "half-open"
        return "open"

    def admit(self) -> bool:
        """Let a call through, returning whether it is the half-open probe; else raise."""
        if self._open_until is None:
            return False
        wait = self._open_until - time.monotonic()
        if wait > 0 or self._probing:
            reason = "a probe call is in flight" if wait <= 0 else f"retry in {wait:.0f} s"
            msg = f"circuit breaker open, {reason}"
            raise LLMError("circuit_open", msg, retry_after=max(wait, 0.0))
        self._probing = True
        return True

    def success(self) -> None:
        if self._open_until is not None:
            logger.info("LLM circuit breaker closed")
        self._failures, self._open_until, self._probing = 0, None, False

    def failure(self, probe: bool) -> None:
        self._failures += 1
        if probe or self._open_until is not None or self._failures >= self._threshold:
            self.trip(self._cooldown)

    def trip(self, cooldown: float) -> None:
        logger.warning("LLM circuit breaker open for %.0f s", cooldown)
        self._open_until, self._probing = time.monotonic() + cooldown, False

    def abandon(self, probe: bool) -> None:
        """Forget a call that ended without a verdict (cancelled, or closed early)."""
        if probe:
            self._probing = False
