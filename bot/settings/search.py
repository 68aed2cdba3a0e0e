"""Search settings: how passages are ranked and when the answer is "not covered"."""

from __future__ import annotations

from pydantic import BaseModel, Field

from retrieval.options import SearchOptions

# `retrieval.options.SearchOptions` holds the defaults (retrieval cannot import this layer).
_SEARCH = SearchOptions()


def _default_threshold() -> float:
    from retrieval.refusal import load_model

    return load_model().threshold


class SearchSettings(BaseModel):
    """The "not covered" threshold and the ranking knobs."""

    answer_threshold: float = Field(
        default_factory=lambda: _default_threshold(),
        ge=0,
        le=1,
        alias="NEWSDESK_ANSWER_THRESHOLD",
        description='probability (0–1) the "not covered" model must give to answer instead '
        "of saying the articles don't cover it",
        json_schema_extra={"shown_default": "the fitted model's (`{value}`)"},
    )
    title_boost: float = Field(
        default=_SEARCH.title_boost,
        ge=0,
        alias="NEWSDESK_TITLE_BOOST",
        description="weight of a headline match relative to a body match",
    )
    gram_boost: float = Field(
        default=_SEARCH.gram_boost,
        ge=0,
        alias="NEWSDESK_GRAM_BOOST",
        description="weight of the 3-grams of a question's Latin-script and numeric words "
        "when they re-score the best matches; `0` turns them off",
    )
    typos: bool = Field(
        default=_SEARCH.typos,
        alias="NEWSDESK_TYPOS",
        description="read typing slips as what was meant: a question word no article holds "
        "as the word of the best passages one typo away (`parliment` → `parliament`), and a "
        "question typed in the wrong keyboard layout (`rjkb` → `коли`), and Ukrainian or "
        "Russian typed in Latin letters (`kto ubil` → `кто убил`); `false` turns it off",
    )
    recency_weight: float = Field(
        default=_SEARCH.recency_weight,
        ge=0,
        alias="NEWSDESK_RECENCY_WEIGHT",
        description="mild recency prior: score × (1 + weight × 0.5^(age_days / half_life))",
    )
    recency_half_life_days: float = Field(
        default=_SEARCH.recency_half_life_days,
        gt=0,
        alias="NEWSDESK_RECENCY_HALF_LIFE_DAYS",
        description="half-life of that prior",
    )
    per_article: int = Field(
        default=_SEARCH.per_article,
        ge=1,
        alias="NEWSDESK_PASSAGES_PER_ARTICLE",
        description="at most this many passages of one article among an answer's "
        "candidates (an answer often sits further into the article than its best passage)",
    )

    def search_options(self) -> SearchOptions:
        """Return the ranking knobs."""
        return SearchOptions(
            title_boost=self.title_boost,
            gram_boost=self.gram_boost,
            typos=self.typos,
            recency_weight=self.recency_weight,
            recency_half_life_days=self.recency_half_life_days,
            per_article=self.per_article,
        )
