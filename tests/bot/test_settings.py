"""Settings are the one source of every default and the datasets folder is one of them."""

from dataclasses import replace
from typing import Any

from bot.deps import BotConfig, DigestOptions
from bot.settings import Settings
from corpus.limits import DEFAULT_LIMITS, FeedLimits, FetchPolicy
from retrieval.evaluation import find_datasets
from retrieval.options import GroundedSettings, LLMConfig, SearchOptions
from retrieval.recipe import BuildRecipe


def test_records_built_from_the_settings_default_to_the_same_values():
    settings = Settings()
    needed: dict[str, Any] = {"admin_ids": frozenset()}
    assert replace(settings.bot_config(), **needed) == BotConfig(**needed)
    assert settings.digest_options() == DigestOptions()
    assert settings.search_options() == SearchOptions()
    assert settings.grounded_settings() == GroundedSettings()
    assert settings.llm_max_concurrency == LLMConfig(base_url="", model="").max_concurrency
    assert settings.feed_limits() == FeedLimits()
    assert settings.feed_policy() == FetchPolicy()
    assert settings.read_limits() == DEFAULT_LIMITS
    recipe = BuildRecipe(corpus_paths=())
    assert (recipe.engine, recipe.morphology) == (settings.engine, settings.morphology)


def test_the_datasets_folder_is_a_setting_read_from_dot_env_too(tmp_path, monkeypatch):
    assert Settings().datasets_dir is None
    datasets = tmp_path / "datasets"
    datasets.mkdir()
    (datasets / "README.md").write_text("the shared datasets\n", "utf-8")
    (tmp_path / ".env").write_text(f"NEWSDESK_DATASETS={datasets}\n", "utf-8")
    monkeypatch.chdir(tmp_path)

    settings = Settings()

    assert settings.datasets_dir == datasets
    assert find_datasets(settings.datasets_dir) == datasets


def test_an_empty_datasets_setting_means_the_default_folder(monkeypatch):
    monkeypatch.setenv("NEWSDESK_DATASETS", " ")
    assert Settings().datasets_dir is None
