"""The plain option records retrieval takes: ranking, grounded answers, the model client.

`bot.settings.Settings` builds them from the environment and reads its defaults from
here, so each default is written once; this module imports nothing else, so reading them
costs a command nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["GroundedSettings", "LLMConfig", "SearchOptions"]


@dataclass(frozen=True, slots=True)
class SearchOptions:
    """Ranking knobs (settings pass plain values down to here)."""

    title_boost: float = 0.2
    recency_weight: float = 0.1
    recency_half_life_days: float = 30.0
    per_article: int = 4
    # The question's character 3-grams re-score the word-matched passages at this weight
    # (retrieval.grams; 0 turns it off). SciFact train nDCG@10 0.6999 → 0.708, chosen there.
    gram_boost: float = 0.2
    # Typing slips are read as what was meant: a question word no passage holds, one typo
    # from a word of the best passages (retrieval.spelling), and a question typed in the
    # wrong keyboard layout (retrieval.layout).
    typos: bool = True


@dataclass(frozen=True, slots=True)
class GroundedSettings:
    """Budgets and limits for LLM answers."""

    context_tokens: int = 3000  # passages in the prompt, counted with tiktoken
    max_tokens: int = 400  # the model's reply
    max_chars: int = 1500  # the reply shown, at most
    passages: int = 6  # top passages offered to the model
    deadline: float = 8.0  # seconds until the extractive answer is used instead


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
