"""The install can't drift: what the code imports is declared, and the lock holds it all.

`make` refuses to install from a lock made from other dependency lists (tools/lockfile.py
`check`); these tests check the rest: every third-party import names a declared package,
the lock pins the whole closure of pyproject.toml's requirements within their ranges, and
the environment the tests run in is the lock, version for version.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

from tools import lockfile

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = lockfile.read_pyproject(ROOT / "pyproject.toml")
SPEC = lockfile.dependency_spec(PYPROJECT)
RUNTIME = [Requirement(line) for line in SPEC["dependencies"]]
DEV = [Requirement(line) for line in SPEC["optional-dependencies"]["dev"]]
BUILD = [Requirement(line) for line in SPEC["build-system"]]


def _pins(text: str) -> dict[NormalizedName, Version]:
    found = re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", text, flags=re.MULTILINE)
    return {canonicalize_name(name): Version(version) for name, version in found}


PINS = _pins(lockfile.LOCK.read_text(encoding="utf-8"))


def _first_line(problem: str | None) -> str | None:
    return problem.splitlines()[0] if problem else problem


def _ours(module: str) -> bool:
    """A package at the top of the checkout (benchmarks and tests are packages too)."""
    return (ROOT / module).is_dir()


def _third_party_imports(folder: str) -> Iterator[tuple[str, Path]]:
    """(top-level module, file) for each import of something neither stdlib nor ours."""
    for path in sorted((ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for top in {name.partition(".")[0] for name in names}:
                if top not in sys.stdlib_module_names and not _ours(top):
                    yield top, path


def _undeclared(folders: list[str], declared: list[Requirement]) -> list[str]:
    names = {canonicalize_name(requirement.name) for requirement in declared}
    owners = importlib.metadata.packages_distributions()
    problems = []
    for folder in folders:
        for module, path in _third_party_imports(folder):
            distributions = {canonicalize_name(d) for d in owners.get(module, [])}
            if not distributions & names:
                where = path.relative_to(ROOT)
                problems.append(f"{where} imports {module} ({sorted(distributions) or '?'})")
    return sorted(set(problems))


def test_the_packages_import_only_their_declared_dependencies() -> None:
    assert _undeclared(["bot", "retrieval", "corpus"], RUNTIME) == []


def test_tests_and_benchmarks_import_only_declared_dependencies() -> None:
    assert _undeclared(["tests", "benchmarks"], RUNTIME + DEV) == []


def test_the_lock_tool_needs_only_the_standard_library() -> None:
    # It runs with the system Python before .venv exists.
    assert list(_third_party_imports("tools")) == []


def test_the_lock_was_made_from_these_dependency_lists() -> None:
    assert lockfile.check() is None


def test_the_lock_pins_every_requirement_and_theirs_within_range() -> None:
    problems = []
    pending = [(requirement, "pyproject.toml") for requirement in RUNTIME + DEV + BUILD]
    seen: set[tuple[str, frozenset[str]]] = set()
    while pending:
        requirement, wanted_by = pending.pop()
        name = canonicalize_name(requirement.name)
        pinned = PINS.get(name)
        if pinned is None:
            problems.append(f"{requirement} ({wanted_by}) is not in the lock")
            continue
        if not requirement.specifier.contains(pinned, prereleases=True):
            problems.append(f"{requirement} ({wanted_by}) but the lock has {pinned}")
        key = (name, frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        for line in importlib.metadata.requires(name) or []:
            nested = Requirement(line)
            extras = requirement.extras or {""}
            if nested.marker is None or any(nested.marker.evaluate({"extra": e}) for e in extras):
                pending.append((nested, f"{name}{sorted(requirement.extras) or ''}"))
    assert problems == []


def test_the_environment_is_the_lock() -> None:
    installed = {
        canonicalize_name(dist.metadata["Name"]): Version(dist.version)
        for dist in importlib.metadata.distributions()
    }
    different = {
        name: (pinned, installed.get(name))
        for name, pinned in PINS.items()
        if installed.get(name) != pinned
    }
    assert different == {}


def test_torch_stays_out() -> None:
    assert "torch" not in PINS


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    pyproject, lock = tmp_path / "pyproject.toml", tmp_path / "requirements.lock"
    pyproject.write_bytes((ROOT / "pyproject.toml").read_bytes())
    lock.write_bytes(lockfile.LOCK.read_bytes())
    return pyproject, lock


def test_a_dependency_changed_without_make_lock_is_refused(project: tuple[Path, Path]) -> None:
    pyproject, lock = project
    assert lockfile.check(pyproject, lock) is None
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.replace('"tqdm>=4.66"', '"tqdm>=4.67"'), encoding="utf-8")
    problem = lockfile.check(pyproject, lock)
    assert problem is not None
    assert "requirements.lock is out of date" in problem
    assert "Run `make lock`" in problem


def test_comments_and_other_settings_leave_the_lock_valid(project: tuple[Path, Path]) -> None:
    pyproject, lock = project
    text = pyproject.read_text(encoding="utf-8")
    text = text.replace("line-length = 99", "line-length = 100  # wider")
    pyproject.write_text(text.replace('"tqdm>=4.66",', '"tqdm>=4.66",  # progress'), "utf-8")
    assert lockfile.check(pyproject, lock) is None


def test_a_lock_not_made_by_make_lock_is_refused(project: tuple[Path, Path]) -> None:
    pyproject, lock = project
    lock.write_text(re.sub(r"^# pyproject-sha256.*\n", "", lock.read_text("utf-8"), flags=re.M))
    assert _first_line(lockfile.check(pyproject, lock)) == (
        "requirements.lock has no '# pyproject-sha256:' line: not made by `make lock`."
    )
    lock.unlink()
    assert _first_line(lockfile.check(pyproject, lock)) == "requirements.lock is missing."


def test_the_installer_is_pinned() -> None:
    entry = lockfile.entry("pip")
    assert entry is not None
    assert entry.startswith(f"pip=={importlib.metadata.version('pip')} \\\n    --hash=sha256:")
