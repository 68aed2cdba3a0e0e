"""What `/stats` says: a short public view, and the details for admins in private chats.

Anyone may see how many articles the bot knows and how many questions it answered. The
index version, the model's name and use, and each feed's health are for the bot's
administrators, and only in a private chat, where no one else reads along. Feed URLs
are shown without their user, password or query string (see `bot.redact`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.i18n import duration, t

if TYPE_CHECKING:
    from retrieval.assistant import AssistantStats


@dataclass(slots=True)
class Stats:
    """Counters shown by /stats."""

    started: float = field(default_factory=time.time)
    answered: int = 0


def public_stats(state: AssistantStats, stats: Stats, lang: str) -> str:
    """Return the view anyone may see: articles per language and questions answered."""
    m = state.manifest
    langs = ", ".join(f"{k} {v}" for k, v in sorted(m.languages.items()))
    return t("stats_public", lang, articles=m.article_count, langs=langs, answered=stats.answered)


def detailed_stats(
    state: AssistantStats,
    stats: Stats,
    lang: str,
    *,
    feed_status: Callable[[], list[str]] | None,
) -> str:
    """Return the admins' view: index version and age, uptime, the model, every feed."""
    m = state.manifest
    built = datetime.fromisoformat(m.built_at)
    langs = ", ".join(f"{k} {v}" for k, v in sorted(m.languages.items()))
    text = t(
        "stats",
        lang,
        articles=m.article_count,
        langs=langs,
        passages=m.passage_count,
        version=state.version,
        engine=m.engine,
        age=duration((datetime.now(UTC) - built).total_seconds()),
        uptime=duration(time.time() - stats.started),
        answered=stats.answered,
    )
    model = state.model
    if model is not None:
        cut = model.cut_prompts
        text += "\n\n" + t(
            "stats_llm",
            lang,
            model=model.model,
            state=model.state,
            calls=model.calls,
            failures=model.failures,
            tokens=model.tokens,
            digest=model.digest_tokens,
            cut=t("stats_llm_cut", lang, n=cut) if cut else "",
        )
    lines = feed_status() if feed_status is not None else []
    if lines:
        text += "\n\n" + t("stats_feeds", lang) + "\n" + "\n".join(f"• {x}" for x in lines)
    return text
