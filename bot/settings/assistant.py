"""`open_assistant`: the one place the retrieval facade is built from the settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from bot.settings.environment import Settings
    from retrieval.assistant import Assistant


def open_assistant(
    settings: Settings,
    *,
    corpus: Sequence[Path] | None = None,
    engine: str | None = None,
    morphology: bool | None = None,
    model: bool = True,
) -> Assistant:
    """Return the assistant of the bot, the command line and the tests: the one recipe.

    A build reads the corpus (or the bundled sample) and the feeds' saved articles with
    the configured engine, morphology and workers; `corpus` (read alone), `engine` and
    `morphology` replace those. Without `model` no language model is used.
    """
    from retrieval.assistant import Assistant, BuildRecipe

    recipe = BuildRecipe(
        corpus_paths=tuple(settings.corpus_paths() if corpus is None else corpus),
        engine=engine or settings.engine,
        morphology=settings.morphology if morphology is None else morphology,
        workers=settings.build_workers or None,
        feeds_dir=settings.feeds_dir if corpus is None else None,
    )
    return Assistant.open(
        settings.data_dir,
        recipe=recipe,
        options=settings.search_options(),
        threshold=settings.answer_threshold,
        read_limits=settings.read_limits(),
        llm=settings.llm_config() if model else None,
        grounded=settings.grounded_settings(),
        cross_language=settings.llm_cross_language,
        digest_summaries=settings.llm_digest_summaries,
    )
