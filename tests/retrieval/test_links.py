"""Model text loses everything Telegram would link, and keeps ordinary prose as written."""

import pytest

from retrieval.links import strip_links

LINKS = [
    "https://secure-login.example.com/verify",
    "http://evil.example",
    "HTTPS://EVIL.EXAMPLE/x?y=1",
    "secure-login.example.com/verify",
    "secure-login.example.com",
    "Example.COM",
    "www.evil.example",
    "t.me/phish_support",
    "t.me/+AbCdEf",
    "telegram.me/phish",
    "T.ME/phish",
    "tg://resolve?domain=phish_support",
    "tg:resolve?domain=phish",
    "tonsite://evil.ton",
    "ftp://files.example.org/a.zip",
    "mailto:help@phish.example",
    "help@phish.example",
    "first.last+tag@mail.example.co.uk",
    "@phish_support",
    "@PhishBot",
    "/start",
    "/reload@newsdesk_bot",
    "192.168.10.1",
    "10.0.0.1:8080/admin",
    "evil.example:8443/login",
    "пример.укр/вхід",
    "президент.рф",
    "xn--e1afmkfd.xn--p1ai/path",
    "bit.ly/3abcd",
]

KEPT = [
    "Prices rose 3.5% in the U.S., e.g. bread and milk. [1]",
    "The U.K. and the E.U. agreed, i.e. the deal stands. [2]",
    "Inflation hit 12.4% in 2023; GDP fell 1.5bn (0.3%). [1][2]",
    "J.K. Rowling and J.K.Rowling met at 10 a.m. in м.Київ. [1]",
    "The speed limit is 50 km/h, open 24/7, and/or by appointment. [3]",
    "Ціни зросли на 3,5% у м. Києві, т.д. і т.п. [1]",
    "Цены выросли на 3.5% (т.е. заметно), см. рис. 2. [1]",
    "Version 2.0 ships on 1.12.2026 for Ph.D. students. [1]",
    "He said: «Ask me anything» — and left... [1]",
    "Shares of A.P. Moller-Maersk rose 2.1%. [4]",
]


@pytest.mark.parametrize("link", LINKS)
def test_every_kind_of_link_is_removed_and_the_sentence_kept(link) -> None:
    text = f"Prices rose 3.5% in the U.S., e.g. bread; see {link}. Details [1]"
    out = strip_links(text)
    assert link not in out
    assert out == "Prices rose 3.5% in the U.S., e.g. bread; see. Details [1]"


@pytest.mark.parametrize("link", LINKS)
def test_links_go_at_the_start_in_brackets_and_before_citations(link) -> None:
    for text in (f"{link} is fake [1]", f"(visit {link}) now [1]", f"Go to {link}[1]"):
        out = strip_links(text)
        assert link not in out
        assert "[1]" in out


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_prose_is_left_exactly_as_written(text) -> None:
    assert strip_links(text) == text
