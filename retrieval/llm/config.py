"""What an `LLMClient` is told (`LLMConfig`, kept in `retrieval.options` so that settings
read it without loading httpx) and what one call gives back (`Completion`)."""

from __future__ import annotations

from dataclasses import dataclass

from retrieval.options import LLMConfig

__all__ = ["Completion", "LLMConfig"]


@dataclass(frozen=True, slots=True)
class Completion:
    text: str
    finish_reason: str | None
    prompt_tokens: int | None  # from "usage" when the server sends it
    completion_tokens: int | None
    seconds: float
