"""`LLMError` and the Retry-After reader, without a server."""

from __future__ import annotations

import email.utils
import time

import pytest

from retrieval.llm import LLMError, parse_retry_after


def test_retry_after_reads_seconds_milliseconds_and_http_dates():
    now = time.time()
    date = email.utils.formatdate(now + 12, usegmt=True)
    assert parse_retry_after({"Retry-After": "2.5"}) == 2.5
    assert parse_retry_after({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    assert parse_retry_after({"Retry-After": date}, now=now) == pytest.approx(12, abs=1)
    assert parse_retry_after({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0
    for value in ("soon", "-1", "nan", ""):
        assert parse_retry_after({"Retry-After": value}) is None
    assert parse_retry_after({}) is None


def test_llm_error_refuses_unknown_kinds():
    with pytest.raises(ValueError, match="unknown"):
        LLMError("oops", "x")
