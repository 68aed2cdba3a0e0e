"""The README stays true: its commands exist and its configuration table is complete."""

import re
from pathlib import Path

from bot.cli import _parser
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _code_lines() -> list[str]:
    blocks = re.findall(r"```(?:sh|bash)?\n(.*?)```", README, flags=re.S)
    inline = re.findall(r"`((?:make|newsdesk|\.venv/bin/newsdesk) [^`]*)`", README)
    lines = [line.split("#")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines + inline if line]


def test_every_make_target_in_the_readme_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.M))
    used = {line.split()[1] for line in _code_lines() if line.startswith("make ")}
    assert {"demo", "test"} <= used
    assert used <= targets


def test_every_newsdesk_command_in_the_readme_exists():
    parser = _parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    commands = set(sub.choices or ())
    used = {
        line.split()[1]
        for line in _code_lines()
        if line.split()[0] in ("newsdesk", ".venv/bin/newsdesk")
    }
    assert used
    assert used <= commands


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
    assert "make test" in README


def test_every_setting_is_in_env_example_and_the_readme_table():
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", example, flags=re.M))
    aliases = {f.alias for f in Settings.model_fields.values() if f.alias}
    assert aliases <= documented
    for name in documented:
        assert f"`{name}`" in README, name
