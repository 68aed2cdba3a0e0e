"""Write `.env.example` and the README's configuration table from `bot.settings.Settings`.

`make docs` runs this with the project's `.venv` (unlike `tools/lockfile.py`, it imports
the project); `tests/test_settings_docs.py` fails when either file differs from what it
would write. Each field's alias, default and description are the source, with the extras
`Settings` documents (`examples`, `shown_default`, `section`). `--check` writes nothing
and exits 1 when a file is out of date.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
BEGIN = "<!-- settings table: generated from bot/settings/ by `make docs`; edit there -->"
END = "<!-- end of the settings table -->"
_HEADER = """\
# Newsdesk settings. Copy to .env (read from the working directory) or set in the
# environment. Every variable is optional for `newsdesk ask` / `chat` / `index`.
# Generated from bot/settings/ by `make docs`: change the descriptions there.
"""
_WIDTH = 99


@dataclass(frozen=True, slots=True)
class _Variable:
    """What the docs say about one setting."""

    name: str  # the environment variable
    description: str
    value: str  # the default as written in the environment
    example: str  # the value `.env.example` shows
    shown_default: str  # the README table's default column
    section: str | None  # a group of variables in `.env.example` starts here


def _variables() -> list[_Variable]:
    """Return every setting, in the order of `Settings`."""
    variables = []
    for name, field in Settings.model_fields.items():
        if not field.alias or not field.description:
            msg = f"Settings.{name} needs an alias and a description"
            raise ValueError(msg)
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        shown, section = extra.get("shown_default"), extra.get("section")
        # A computed default (the data dir) is read only where no text stands for it.
        needed = shown is None or "{value}" in str(shown) or not field.examples
        value = _written(field.get_default(call_default_factory=True)) if needed else ""
        if shown is None:
            shown = f"`{value}`" if value else "—"
        variables.append(
            _Variable(
                name=field.alias,
                description=field.description,
                value=value,
                example=str(field.examples[0]) if field.examples else value,
                shown_default=str(shown).replace("{value}", value),
                section=str(section) if section is not None else None,
            )
        )
    return variables


def _written(value: object) -> str:
    """Return a default as it is written in the environment."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def env_example() -> str:
    """Return `.env.example`: every variable with its description and default."""
    lines = [_HEADER]
    for variable in _variables():
        if variable.section is not None:
            lines.append(f"\n# --- {variable.section} ---")
        lines += textwrap.wrap(
            variable.description,
            width=_WIDTH,
            initial_indent="# ",
            subsequent_indent="# ",
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines.append(f"{variable.name}={variable.example}")
    return "\n".join(lines) + "\n"


def readme_table() -> str:
    """Return the README's configuration table, between its markers."""
    rows = [BEGIN, "| variable | default | meaning |", "|---|---|---|"]
    for variable in _variables():
        description = variable.description.replace("|", "\\|")
        rows.append(f"| `{variable.name}` | {variable.shown_default} | {description} |")
    rows.append(END)
    return "\n".join(rows)


def readme(text: str) -> str:
    """Return the README `text` with its configuration table generated anew."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        msg = f"README.md needs the markers {BEGIN!r} and {END!r} around the settings table"
        raise ValueError(msg)
    return text[:start] + readme_table() + text[end + len(END) :]


def expected(root: Path = ROOT) -> dict[Path, str]:
    """Return each generated file of the checkout at `root` and the text it should hold."""
    readme_path = root / "README.md"
    return {
        root / ".env.example": env_example(),
        readme_path: readme(readme_path.read_text("utf-8")),
    }


def main(argv: list[str] | None = None) -> int:
    """Write the files (or, with `--check`, say which are out of date)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout (default: this one)")
    args = parser.parse_args(argv)
    files = expected(args.root)
    stale = [path for path, text in files.items() if path.read_text("utf-8") != text]
    for path in stale:
        if args.check:
            print(f"{path.name} is out of date with bot/settings/: run make docs")
        else:
            path.write_text(files[path], "utf-8")
            print(f"wrote {path.name}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
