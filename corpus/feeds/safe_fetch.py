"""An httpx client that fetches only public http(s) URLs, checked where it connects.

Feed entries name links chosen by whoever writes the feed, so a fetch must not become a
way to read the bot's own network (SSRF). `GuardedClient` enforces a `FetchPolicy` on
every request it sends, redirect hops included (httpx follows them, each one a new
request through the same transport):

- before sending: the scheme is http or https and the port is one of the policy's;
- at connect time: the host is resolved once, every address it resolves to must pass
  `corpus.feeds.addresses.refusal` (any refused address refuses the host), and the socket is
  opened to a validated address. The request keeps its Host header and TLS keeps the
  host name for SNI and certificate checks, so there is no window in which a second DNS
  answer (DNS rebinding) could send the connection elsewhere.

Proxies from the environment are ignored: through a proxy the check would be made on the
proxy's address, not on the page's.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Sequence,
)
from contextlib import contextmanager
from ipaddress import ip_address
from typing import TypeAlias

import httpcore
import httpx

from corpus.feeds.addresses import refusal
from corpus.limits import DEFAULT_PORTS, FetchPolicy

__all__ = [
    "DEFAULT_PORTS",
    "FetchPolicy",
    "FetchRefused",
    "GuardedClient",
    "Resolver",
    "system_resolver",
]

_SCHEMES = {"http": 80, "https": 443}

# Resolves a host name and port to IP address strings, in the order to try them.
Resolver: TypeAlias = Callable[[str, int], Awaitable[Sequence[str]]]


class FetchRefused(httpx.ConnectError):
    """The policy refused a URL or an address; the message says which and why."""


class GuardedClient(httpx.AsyncClient):
    """An `httpx.AsyncClient` whose every request and connection obeys a `FetchPolicy`."""

    def __init__(
        self,
        policy: FetchPolicy,
        *,
        timeout: httpx.Timeout,
        headers: dict[str, str] | None = None,
        ssl_context: ssl.SSLContext | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        transport = _GuardedTransport(
            policy,
            ssl_context=ssl_context or httpx.create_ssl_context(),
            resolver=resolver or system_resolver,
        )
        super().__init__(
            transport=transport,
            timeout=timeout,
            headers=headers,
            follow_redirects=True,
            max_redirects=policy.max_redirects,
            trust_env=False,
        )


async def system_resolver(host: str, port: int) -> Sequence[str]:
    """Return the addresses the system resolver gives for `host` (getaddrinfo)."""
    infos = await asyncio.get_running_loop().getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolve, validate, then connect to the validated address itself."""

    def __init__(self, policy: FetchPolicy, resolver: Resolver) -> None:
        self._policy = policy
        self._resolver = resolver
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface names it)
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._addresses(host, port, timeout)
        error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc  # try the host's next address, as a resolver-driven connect would
        assert error is not None  # _addresses never returns an empty list
        raise error

    async def _addresses(self, host: str, port: int, seconds: float | None) -> list[str]:
        """Return the validated addresses of `host`; raise `FetchRefused` if any is refused."""
        if _is_ip(host):
            addresses: Sequence[str] = [host]
        else:
            try:
                async with asyncio.timeout(seconds):
                    addresses = await self._resolver(host, port)
            except TimeoutError as exc:
                raise httpcore.ConnectTimeout(f"resolving {host} timed out") from exc
            except OSError as exc:
                raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
            if not addresses:
                raise httpcore.ConnectError(f"cannot resolve {host}: no addresses")
        for address in addresses:
            reason = refusal(address, allowed=self._policy.allowed_networks)
            if reason is not None:
                where = reason if address == host else f"{host} ({reason})"
                raise FetchRefused(f"refused: {where}")
        return list(addresses)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface names it)
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise FetchRefused("refused: Unix sockets")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def _is_ip(host: str) -> bool:
    try:
        ip_address(host)
    except ValueError:
        return False
    return True


class _GuardedTransport(httpx.AsyncBaseTransport):
    """httpx's transport over an httpcore pool with the guarded network backend."""

    def __init__(
        self, policy: FetchPolicy, *, ssl_context: ssl.SSLContext, resolver: Resolver
    ) -> None:
        self._policy = policy
        limits = httpx.Limits()  # httpx's own defaults
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_GuardedBackend(policy, resolver),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._check_url(request.url)
        assert isinstance(request.stream, httpx.AsyncByteStream)
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _httpx_errors():
            response = await self._pool.handle_async_request(core)
        assert isinstance(response.stream, AsyncIterable)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_Body(response.stream),
            extensions=response.extensions,
        )

    def _check_url(self, url: httpx.URL) -> None:
        default = _SCHEMES.get(url.scheme)
        if default is None:
            raise FetchRefused(f"refused: the scheme {url.scheme!r} (http and https only)")
        port = url.port or default
        if port not in self._policy.ports:
            allowed = ", ".join(str(p) for p in sorted(self._policy.ports))
            raise FetchRefused(f"refused: port {port} (allowed: {allowed})")

    async def aclose(self) -> None:
        await self._pool.aclose()


class _Body(httpx.AsyncByteStream):
    """A response body whose httpcore errors surface as httpx errors."""

    def __init__(self, stream: AsyncIterable[bytes]) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _httpx_errors():
            async for chunk in self._stream:
                yield chunk

    async def aclose(self) -> None:
        closer = getattr(self._stream, "aclose", None)
        if closer is not None:
            await closer()


# Most specific first: the first match decides.
_ERRORS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
)


@contextmanager
def _httpx_errors() -> Iterator[None]:
    """Re-raise httpcore's errors as the httpx errors callers catch (as httpx's own does)."""
    try:
        yield
    except FetchRefused:
        raise
    except Exception as exc:
        for core, mapped in _ERRORS:
            if isinstance(exc, core):
                raise mapped(str(exc)) from exc
        raise
