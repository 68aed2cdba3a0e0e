"""The guarded client against real servers on loopback: redirects, ports, names, proxies."""

from collections.abc import Iterator, Sequence

import httpx
import pytest

from corpus.feeds.addresses import parse_networks
from corpus.feeds.safe_fetch import FetchPolicy, FetchRefused, GuardedClient
from tests.fakes.feed_server import FeedServer

TEXT = "text/plain; charset=utf-8"


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        running.serve("/page", "the public page", content_type=TEXT)
        yield running


@pytest.fixture
def internal() -> Iterator[FeedServer]:
    """A server on 127.0.0.2: the stand-in for an internal service."""
    with FeedServer(host="127.0.0.2") as running:
        running.serve("/secret", "the internal page", content_type=TEXT)
        yield running


def client(*ports: int, networks: str = "127.0.0.1/32", **kw) -> GuardedClient:
    policy = FetchPolicy(
        ports=frozenset(ports), allowed_networks=parse_networks(networks), max_redirects=3
    )
    return GuardedClient(policy, timeout=httpx.Timeout(5.0), **kw)


class FakeDNS:
    """Answers for made-up names, in turn (the last answer repeats); counts the questions."""

    def __init__(self, answers: dict[str, list[Sequence[str]]]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    async def __call__(self, host: str, port: int) -> Sequence[str]:
        self.asked.append(host)
        turns = self.answers[host]
        return turns.pop(0) if len(turns) > 1 else turns[0]


async def test_an_allowed_page_is_fetched(server):
    async with client(server.port) as http:
        response = await http.get(f"{server.url}/page")

    assert response.text == "the public page"


async def test_a_redirect_to_an_internal_address_is_refused_before_connecting(server, internal):
    server.redirect("/go", f"{internal.url}/secret")

    async with client(server.port, internal.port) as http:
        with pytest.raises(FetchRefused, match=r"^refused: 127\.0\.0\.2 is a loopback address$"):
            await http.get(f"{server.url}/go")

    assert server.hits["/go"] == 1
    assert internal.hits == {}


async def test_an_internal_address_in_ipv6_clothing_is_refused(server, internal):
    server.redirect("/go", f"http://[::ffff:127.0.0.2]:{internal.port}/secret")

    async with client(server.port, internal.port) as http:
        with pytest.raises(FetchRefused, match=r"reaches 127\.0\.0\.2, a loopback address"):
            await http.get(f"{server.url}/go")

    assert internal.hits == {}


async def test_a_redirect_to_a_port_outside_the_policy_is_refused(server):
    with FeedServer() as other:
        other.serve("/admin", "an admin page", content_type=TEXT)
        server.redirect("/go", f"{other.url}/admin")

        async with client(server.port) as http:
            with pytest.raises(FetchRefused, match=rf"^refused: port {other.port} \(allowed: "):
                await http.get(f"{server.url}/go")

        assert other.hits == {}


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://x/"])
async def test_a_redirect_to_another_scheme_is_refused(server, target):
    server.redirect("/go", target)

    async with client(server.port) as http:
        with pytest.raises(FetchRefused, match=r"^refused: the scheme '\w+' \(http and https"):
            await http.get(f"{server.url}/go")


async def test_redirects_are_capped(server):
    server.redirect("/loop", "/loop")

    async with client(server.port) as http:
        with pytest.raises(httpx.TooManyRedirects):
            await http.get(f"{server.url}/loop")

    assert server.hits["/loop"] == 4  # the request and its 3 allowed redirects


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "LOCALHOST",
        "2130706433",  # 127.0.0.1 as one number: the resolver reads it as an address
        "0x7f.1",
        "127.1",
        "0",  # 0.0.0.0
        "[::1]",
        "[::ffff:127.0.0.1]",
    ],
)
async def test_loopback_in_any_spelling_is_refused_without_an_allow_list(server, host):
    async with client(server.port, networks="") as http:
        with pytest.raises(FetchRefused, match=r"^refused: .*(loopback|unspecified) address\)?$"):
            await http.get(f"http://{host}:{server.port}/page")

    assert server.hits == {}


async def test_a_name_that_resolves_to_an_internal_address_is_refused(server):
    dns = FakeDNS({"intranet.example": [["10.0.0.8"]]})

    async with client(server.port, resolver=dns) as http:
        with pytest.raises(FetchRefused, match=r"intranet\.example \(10\.0\.0\.8 is a private"):
            await http.get(f"http://intranet.example:{server.port}/page")


async def test_a_name_with_any_internal_address_is_refused(server):
    # 127.0.0.1 is allowed here, but a name that also resolves to 10.0.0.8 is not trusted.
    dns = FakeDNS({"mixed.example": [["127.0.0.1", "10.0.0.8"]]})

    async with client(server.port, resolver=dns) as http:
        with pytest.raises(FetchRefused, match=r"10\.0\.0\.8 is a private address"):
            await http.get(f"http://mixed.example:{server.port}/page")

    assert server.hits == {}


async def test_the_connection_goes_to_the_checked_address_under_the_original_name(server):
    # DNS rebinding: the first answer passes the check, every later one points inside.
    dns = FakeDNS({"news.example": [["127.0.0.1"], ["127.0.0.2"]]})

    async with client(server.port, resolver=dns) as http:
        response = await http.get(f"http://news.example:{server.port}/page")

    assert response.text == "the public page"
    assert dns.asked == ["news.example"]  # resolved once; the socket went to that answer
    _, headers = server.requests[-1]
    assert headers["host"] == f"news.example:{server.port}"

    async with client(server.port, resolver=dns) as http:
        with pytest.raises(FetchRefused, match=r"news\.example \(127\.0\.0\.2 is a loopback"):
            await http.get(f"http://news.example:{server.port}/page")


async def test_proxies_from_the_environment_are_not_used(server, monkeypatch):
    with FeedServer() as proxy:
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.setenv("ALL_PROXY", proxy.url)

        async with client(server.port, proxy.port) as http:
            response = await http.get(f"{server.url}/page")

        assert response.text == "the public page"
        assert proxy.requests == []
