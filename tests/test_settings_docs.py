"""`.env.example` and the README's configuration table are what `Settings` says."""

import shutil

import pytest

from bot.settings import Settings
from tools import settings_docs


@pytest.mark.parametrize("path", sorted(settings_docs.expected()), ids=lambda p: p.name)
def test_the_settings_docs_are_generated_from_settings(path):
    written = path.read_text("utf-8")
    assert written == settings_docs.expected()[path], (
        f"{path.name} differs from bot/settings/: run `make docs`"
    )


def test_every_setting_has_a_variable_and_a_description():
    for name, field in Settings.model_fields.items():
        assert field.alias, name
        assert field.description, name


def test_check_names_a_stale_file_and_a_run_writes_it(tmp_path, capsys):
    shutil.copy(settings_docs.ROOT / "README.md", tmp_path / "README.md")
    stale = tmp_path / ".env.example"
    stale.write_text("NEWSDESK_ENGINE=tantivy\n", "utf-8")

    assert settings_docs.main(["--check", "--root", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert out == ".env.example is out of date with bot/settings/: run make docs\n"
    assert stale.read_text("utf-8") == "NEWSDESK_ENGINE=tantivy\n"

    assert settings_docs.main(["--root", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "wrote .env.example\n"
    assert settings_docs.main(["--check", "--root", str(tmp_path)]) == 0
    assert stale.read_text("utf-8") == settings_docs.env_example()
