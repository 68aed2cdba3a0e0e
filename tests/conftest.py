"""Shared fixtures: a clean environment, no network beyond loopback, a small built index."""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
SHARED = TESTS.parent.parent / "shared"
DATASETS = SHARED / "datasets"

_CLEARED_PREFIXES = ("TELEGRAM_", "LLM_", "NEWSDESK_")
_PROXIES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


def _loopback_only(event: str, args: tuple[Any, ...]) -> None:
    """Refuse any socket connection that leaves the machine."""
    if event not in ("socket.connect", "socket.sendto"):
        return
    address = args[1]
    if not isinstance(address, tuple):
        return  # Unix sockets
    host = address[0]
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        if host == "localhost":
            return
    raise ConnectionRefusedError(f"tests may not reach {host}: loopback only")


sys.addaudithook(_loopback_only)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith(_CLEARED_PREFIXES) or name in _PROXIES:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "*")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)  # no stray .env is read


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a data dir holding an index of tests/data (built once per session)."""
    from retrieval.index import build_index

    data_dir = tmp_path_factory.mktemp("data")
    build_index([DATA / "articles.jsonl"], data_dir=data_dir, workers=1)
    return data_dir


@pytest.fixture
def datasets() -> Path:
    """Return shared/datasets (its parent is shared/), or skip when it is not beside the checkout.

    The one way a test asks for the shared data: every such test takes this fixture.
    """
    if not (DATASETS / "README.md").is_file():
        pytest.skip("shared/datasets is not beside this checkout")
    return DATASETS
