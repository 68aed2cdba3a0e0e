"""What an `LLMClient` is told (`LLMConfig`) and what one call gives back (`Completion`)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class LLMConfig:
    """Where the model lives and how patient to be with it."""

    base_url: str  # e.g. "http://localhost:11434/v1"; "" = disabled
    model: str
    api_key: str | None = field(default=None, repr=False)  # sent as a Bearer token only if set
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    write_timeout: float = 10.0
    pool_timeout: float = 5.0
    deadline: float = 45.0  # overall, covering retries and backoff
    max_retries: int = 2
    breaker_failures: int = 5
    breaker_cooldown: float = 60.0
    auth_cooldown: float = 3600.0  # after 401/402/403 or quota errors
    max_concurrency: int = 4
    temperature: float = 0.2
    backoff_base: float = 0.5  # first retry waits about this long, doubling up to 8 s

    def __post_init__(self) -> None:
        if self.deadline <= 0 or self.max_retries < 0 or self.max_concurrency < 1:
            msg = "LLMConfig needs deadline > 0, max_retries >= 0 and max_concurrency >= 1"
            raise ValueError(msg)
        if self.breaker_failures < 1 or self.backoff_base < 0:
            msg = "LLMConfig needs breaker_failures >= 1 and backoff_base >= 0"
            raise ValueError(msg)

    @property
    def enabled(self) -> bool:
        return bool(self.base_url.strip())

    @property
    def chat_url(self) -> str:
        return f"{self.base_url.strip().rstrip('/')}/chat/completions"


@dataclass(frozen=True, slots=True)
class Completion:
    text: str
    finish_reason: str | None
    prompt_tokens: int | None  # from "usage" when the server sends it
    completion_tokens: int | None
    seconds: float
