"""Fixtures for corpus tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus.helpers import SHARED


@pytest.fixture
def shared_dir() -> Path:
    """Return /work/shared, or skip when the shared data sets are not on this machine."""
    if not (SHARED / "datasets").is_dir():
        pytest.skip(f"shared data sets not found at {SHARED}")
    return SHARED
