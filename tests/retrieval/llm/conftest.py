"""Fixtures of the LLM client tests: the fake OpenAI-compatible server and a client of it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from retrieval.llm import LLMClient
from tests.fakes.llm_api import FakeLLM
from tests.retrieval.llm.helpers import make_config


@pytest.fixture
def llm() -> Iterator[FakeLLM]:
    with FakeLLM() as fake:
        yield fake


@pytest.fixture
async def client(llm: FakeLLM) -> AsyncIterator[LLMClient]:
    async with LLMClient(make_config(llm)) as client:
        yield client
