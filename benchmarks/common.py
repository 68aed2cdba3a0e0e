"""Helpers shared by the benchmark scripts: percentiles, progress lines, git state, writes."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def pct(values: list[float], q: float) -> float:
    """Return the q-th percentile (linear interpolation, like numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def log(msg: str) -> None:
    """Print a progress line to stderr."""
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def git_state() -> dict[str, Any]:
    """Return the commit and which files differ from it."""

    def git(*a: str) -> str:
        done = subprocess.run(
            ["git", *a], cwd=ROOT, capture_output=True, text=True, check=False, timeout=30
        )
        return done.stdout.rstrip("\n")

    # Porcelain lines are "XY path"; the status letters may start with a space.
    dirty = [line[3:] for line in git("status", "--porcelain").splitlines()]
    return {"commit": git("rev-parse", "--short", "HEAD"), "modified": dirty}


def write_atomic(path: Path, text: str) -> None:
    """Write a file through a temporary name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, "utf-8")
    tmp.replace(path)


def environment(packages: tuple[str, ...], git: dict[str, Any]) -> dict[str, Any]:
    """Return what the figures depend on: Python, machine, package versions, git state."""
    import importlib.metadata as md
    import os
    import platform

    versions: dict[str, str | None] = {}
    for pkg in packages:
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            versions[pkg] = None
    return {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "packages": versions,
        "git": git,
    }
