"""Which links are shown as links: http(s) only, whatever else a corpus or feed gives."""

import pytest

from corpus.urls import is_web_url


@pytest.mark.parametrize("url", ["http://herald.example/a", "https://herald.example/b?q=1"])
def test_http_and_https_urls_are_web_urls(url):
    assert is_web_url(url)


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "javascript:alert(1)",
        "tg://resolve?domain=x",
        "ftp://herald.example/a",
        "herald.example/a",
        "HTTPS://herald.example/upper-case-scheme",  # as before: renderers linked lower case
        " https://herald.example/leading-space",
    ],
)
def test_anything_else_is_not(url):
    assert not is_web_url(url)
