"""Make requirements.lock from pyproject.toml, and tell when the two disagree.

    python3 tools/lockfile.py compile --uv PATH [--upgrade]   what `make lock` runs
    python3 tools/lockfile.py check                           what every install runs first
    python3 tools/lockfile.py entry pip                       one package's pin and hashes

The lock pins every package that `make demo` and `make test` install, by version and hash:
the runtime dependencies, the `dev` extra, the build backend (`[build-system] requires`,
since the project itself is installed with `--no-build-isolation`) and pip itself, resolved
for CPython 3.11 on x86_64 Linux. Its header carries a digest of pyproject.toml's dependency
lists as they were; `check` recomputes it, so a dependency added, removed or re-ranged without
`make lock` stops the install with a message saying so, before anything is installed.

Standard library only: `check` runs with the system Python, before `.venv` exists.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
LOCK = ROOT / "requirements.lock"

DIGEST_LABEL = "pyproject-sha256"
_DIGEST_LINE = re.compile(rf"^# {DIGEST_LABEL}: ([0-9a-f]{{64}})$", re.MULTILINE)

# What the lock is for; `make lock` resolves for exactly this, wherever it runs.
PYTHON_VERSION = "3.11"
PYTHON_PLATFORM = "x86_64-manylinux_2_28"
# The installer is pinned too: `make` upgrades the venv's own pip to this before the rest
# (the pip that ships with Python varies by patch release, and old ones mishandle extras).
INSTALLER = "pip"
# Packages that must never come in: torch is gigabytes, and nothing here needs it.
FORBIDDEN = ("torch",)


class LockError(Exception):
    """The lock could not be made; the message says why."""


def dependency_spec(pyproject: dict[str, Any]) -> dict[str, Any]:
    """The parts of pyproject.toml that decide what the lock holds."""
    project = pyproject.get("project", {})
    return {
        "requires-python": project.get("requires-python"),
        "dependencies": project.get("dependencies", []),
        "optional-dependencies": project.get("optional-dependencies", {}),
        "build-system": pyproject.get("build-system", {}).get("requires", []),
    }


def spec_digest(pyproject: dict[str, Any]) -> str:
    """A digest of the dependency lists: comments, spacing and other tables don't change it."""
    canonical = json.dumps(dependency_spec(pyproject), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def read_pyproject(path: Path = PYPROJECT) -> dict[str, Any]:
    with path.open("rb") as file:
        return tomllib.load(file)


def check(pyproject: Path = PYPROJECT, lock: Path = LOCK) -> str | None:
    """Return why the lock doesn't match pyproject.toml, or None when it does."""
    remedy = (
        f"\nRun `make lock` (it asks the package index for the new resolution) and commit "
        f"{lock.name} together with {pyproject.name}."
    )
    try:
        text = lock.read_text(encoding="utf-8")
    except FileNotFoundError:
        return f"{lock.name} is missing.{remedy}"
    found = _DIGEST_LINE.search(text)
    if found is None:
        return f"{lock.name} has no '# {DIGEST_LABEL}:' line: not made by `make lock`.{remedy}"
    if found.group(1) != spec_digest(read_pyproject(pyproject)):
        return (
            f"{lock.name} is out of date: the dependencies in {pyproject.name} changed since "
            f"it was made,\nso installing from it would not give what {pyproject.name} asks "
            f"for.{remedy}"
        )
    return None


def entry(name: str, lock: Path = LOCK) -> str | None:
    """One package's lines of the lock (pin, hashes, `# via`): a requirements file itself."""
    text = lock.read_text(encoding="utf-8")
    found = re.search(rf"^{re.escape(name)}==.*?(?=^\S|\Z)", text, re.MULTILINE | re.DOTALL)
    return None if found is None else found.group()


def uv_command(uv: str, output: Path, *, upgrade: bool) -> list[str]:
    """The resolver call; build requirements and the installer come on standard input."""
    command = [uv, "pip", "compile", "pyproject.toml", "-", "--extra", "dev"]
    command += ["--generate-hashes", "--only-binary", ":all:"]
    command += ["--python-version", PYTHON_VERSION, "--python-platform", PYTHON_PLATFORM]
    command += ["--no-config", "--no-header", "--quiet", "--output-file", str(output)]
    if upgrade:
        command.append("--upgrade")
    return command


def header(uv_version: str, digest: str) -> str:
    return "\n".join(
        [
            "# Every package `make demo` and `make test` install, pinned by version and hash:",
            "# the runtime dependencies and the `dev` extra of pyproject.toml, setuptools (its",
            "# [build-system] requires; the project installs with --no-build-isolation) and pip.",
            f"# Resolved by {uv_version} for CPython {PYTHON_VERSION} on {PYTHON_PLATFORM}, "
            "wheels only.",
            "# Made by `make lock` (keeps the other pins) or `make lock-upgrade` (all newest);",
            "# don't edit it by hand: change pyproject.toml, then run one of them.",
            f"# {DIGEST_LABEL}: {digest}",
            "",
            "",
        ]
    )


def compile_lock(uv: str, *, upgrade: bool, lock: Path = LOCK) -> None:
    """Resolve pyproject.toml into the lock; the current pins are kept unless `upgrade`."""
    pyproject = read_pyproject()
    extra_inputs = "\n".join([*dependency_spec(pyproject)["build-system"], INSTALLER]) + "\n"
    version = subprocess.run([uv, "--version"], check=True, capture_output=True, text=True)
    uv_version = " ".join(version.stdout.split()[:2])  # "uv 0.13.9", without the build's platform
    scratch = lock.with_name(lock.name + ".tmp")
    if lock.exists():  # uv prefers the pins already in its output file
        scratch.write_bytes(lock.read_bytes())
    try:
        subprocess.run(
            uv_command(uv, scratch.relative_to(ROOT), upgrade=upgrade),
            input=extra_inputs,
            text=True,
            check=True,
            cwd=ROOT,
        )
        for name in FORBIDDEN:
            if (lines := entry(name, scratch)) is not None:
                why = "\n".join(line for line in lines.splitlines() if "#" in line)
                raise LockError(f"the resolution pulls in {name}, which must stay out:\n{why}")
        body = scratch.read_text(encoding="utf-8")
        scratch.write_text(header(uv_version, spec_digest(pyproject)) + body, encoding="utf-8")
        os.replace(scratch, lock)
    finally:
        scratch.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("compile", help="resolve pyproject.toml into requirements.lock")
    make.add_argument("--uv", required=True, help="the uv executable")
    make.add_argument("--upgrade", action="store_true", help="newest allowed, not current pins")
    commands.add_parser("check", help="exit 1 if requirements.lock doesn't match pyproject.toml")
    extract = commands.add_parser("entry", help="print one package's pin and hashes")
    extract.add_argument("name")
    args = parser.parse_args(argv)
    if args.command == "compile":
        try:
            compile_lock(args.uv, upgrade=args.upgrade)
        except (LockError, subprocess.CalledProcessError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        return 0
    if args.command == "entry":
        lines = entry(args.name)
        if lines is None:
            print(f"error: {LOCK.name} has no {args.name}", file=sys.stderr)
            return 1
        print(lines, end="")
        return 0
    problem = check()
    if problem is not None:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
