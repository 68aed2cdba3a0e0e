"""One bounded GET for `corpus.feeds.poll`: a wall-clock deadline, a size cap, short errors.

httpx's timeouts bound each network operation, so a server that sends a byte now and then
never trips them; `fetch` bounds the whole request (redirects, headers and body) by wall
clock instead, and stops reading once the body passes `max_bytes` (decoded bytes, so a
compressed body cannot grow past it either). Whatever goes wrong becomes a `FetchError`
whose message is one short line for a feed's `last_error` or an entry's problem.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from corpus.feeds.safe_fetch import FetchRefused

__all__ = ["FetchError", "Fetched", "fetch", "short"]

_RETRY_AFTER_STATUSES = (429, 503)
_MAX_ERROR_CHARS = 200


class FetchError(Exception):
    """A fetch that failed; the message is one short line for `last_error` or a problem."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        retry_after: str | None = None,
        refused: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after  # the raw Retry-After header of a 429/503
        self.refused = refused  # the fetch policy refused it: trying again cannot help


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response that came back whole: 2xx or 304."""

    status: int
    headers: httpx.Headers
    url: str
    content: bytes


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    headers: Mapping[str, str],
    max_bytes: int,
    seconds: float,
) -> Fetched:
    """GET `url` (redirects followed) within `seconds`; raise `FetchError` unless 2xx or 304."""
    try:
        async with asyncio.timeout(seconds):
            return await _get(client, url, headers=headers, max_bytes=max_bytes)
    except TimeoutError as exc:
        raise FetchError(f"timed out (took over {seconds:g} s)") from exc
    except FetchRefused as exc:
        raise FetchError(short(str(exc)), refused=True) from exc
    except httpx.TimeoutException as exc:
        raise FetchError("timed out") from exc
    except httpx.TooManyRedirects as exc:
        raise FetchError("too many redirects") from exc
    except httpx.RequestError as exc:
        raise FetchError(short(f"{type(exc).__name__}: {exc}")) from exc
    except httpx.InvalidURL as exc:
        raise FetchError(short(f"invalid URL: {exc}")) from exc


async def _get(
    client: httpx.AsyncClient, url: str, *, headers: Mapping[str, str], max_bytes: int
) -> Fetched:
    async with client.stream("GET", url, headers=headers) as response:
        status = response.status_code
        if status >= httpx.codes.BAD_REQUEST:
            retry_after = None
            if status in _RETRY_AFTER_STATUSES:
                retry_after = response.headers.get("Retry-After")
            raise FetchError(f"HTTP {status}", status=status, retry_after=retry_after)
        if status != httpx.codes.NOT_MODIFIED and not 200 <= status < 300:
            raise FetchError(f"unexpected HTTP {status}", status=status)
        too_large = FetchError(f"response larger than {_size(max_bytes)}", status=status)
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise too_large  # refused before reading a byte of it
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise too_large
            chunks.append(chunk)
        return Fetched(status, response.headers, str(response.url), b"".join(chunks))


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):g} MB"
    return f"{count:,} bytes"


def short(text: str) -> str:
    """Return `text` on one line of at most 200 characters."""
    line = " ".join(text.split())
    return line if len(line) <= _MAX_ERROR_CHARS else line[: _MAX_ERROR_CHARS - 1] + "…"
