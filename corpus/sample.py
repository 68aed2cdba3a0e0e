"""Where the bundled sample corpus lives (shipped inside the package)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["SAMPLE_DIR"]

SAMPLE_DIR: Path = Path(__file__).resolve().parent / "sample"
"""Folder of sample articles: the seed page, Wikinews en/ru and BRUK uk (see its notices)."""
