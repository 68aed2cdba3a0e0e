"""Language model settings: the optional OpenAI-compatible endpoint and its budgets."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator

from corpus.urls import is_web_url
from retrieval.options import GroundedSettings, LLMConfig

# `retrieval.options` holds the defaults (retrieval cannot import this layer).
_GROUNDED = GroundedSettings()
_LLM = LLMConfig(base_url="", model="")
_MODEL = "Optional language model (any OpenAI-compatible /v1/chat/completions endpoint)"


class LanguageModelSettings(BaseModel):
    """The endpoint, model and key, the budgets of one answer, and what the model writes."""

    llm_base_url: str = Field(
        default="",
        alias="LLM_BASE_URL",
        description="OpenAI-compatible endpoint, e.g. `http://localhost:11434/v1` (see "
        "Language model)",
        json_schema_extra={"shown_default": "— (quotes only)", "section": _MODEL},
    )
    llm_model: str = Field(
        default="", alias="LLM_MODEL", description="model name, required with `LLM_BASE_URL`"
    )
    llm_api_key: SecretStr | None = Field(
        default=None,
        alias="LLM_API_KEY",
        description="sent as a Bearer token only when set; never logged",
    )
    llm_deadline_seconds: float = Field(
        default=_GROUNDED.deadline,
        gt=0,
        le=120,
        alias="LLM_DEADLINE_SECONDS",
        description="after this the user gets the quoted answer instead",
    )
    llm_context_tokens: int = Field(
        default=_GROUNDED.context_tokens,
        ge=200,
        alias="LLM_CONTEXT_TOKENS",
        description="passage tokens in a prompt (tiktoken)",
    )
    llm_max_tokens: int = Field(
        default=_GROUNDED.max_tokens,
        ge=16,
        alias="LLM_MAX_TOKENS",
        description="the reply's `max_tokens`",
    )
    llm_max_concurrency: int = Field(
        default=_LLM.max_concurrency,
        ge=1,
        le=64,
        alias="LLM_MAX_CONCURRENCY",
        description="model calls at once",
    )
    llm_cross_language: bool = Field(
        default=True,
        alias="LLM_CROSS_LANGUAGE",
        description="also search the question translated into the other two languages",
    )
    llm_digest_summaries: bool = Field(
        default=True,
        alias="LLM_DIGEST_SUMMARIES",
        description="the model writes each digest story's summary (lead sentences otherwise)",
    )

    @field_validator("llm_base_url")
    @classmethod
    def _llm_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not is_web_url(value):
            msg = (
                "LLM_BASE_URL must be an http(s) URL such as http://localhost:11434/v1, "
                f"not {value!r}"
            )
            raise ValueError(msg)
        return value

    @model_validator(mode="after")
    def _llm_model_given(self) -> Self:
        if self.llm_base_url and not self.llm_model.strip():
            msg = "LLM_MODEL is required when LLM_BASE_URL is set (e.g. llama3.1 or gpt-4o-mini)"
            raise ValueError(msg)
        return self

    def llm_config(self) -> LLMConfig | None:
        """Return the language model's settings, or None when none is configured."""
        if not self.llm_base_url:
            return None
        key = self.llm_api_key.get_secret_value() if self.llm_api_key else None
        return LLMConfig(
            base_url=self.llm_base_url,
            model=self.llm_model.strip(),
            api_key=key or None,
            max_concurrency=self.llm_max_concurrency,
        )

    def grounded_settings(self) -> GroundedSettings:
        """Return the budgets for grounded answers."""
        return GroundedSettings(
            context_tokens=self.llm_context_tokens,
            max_tokens=self.llm_max_tokens,
            deadline=self.llm_deadline_seconds,
        )
