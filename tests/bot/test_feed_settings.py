"""The feed settings: safe defaults, read from the environment, bad values named."""

import pytest
from pydantic import ValidationError

from bot.settings import Settings
from corpus.limits import FeedLimits, FetchPolicy


def test_by_default_feeds_reach_public_addresses_on_ports_80_and_443_only():
    settings = Settings()

    assert settings.feed_policy() == FetchPolicy(
        ports=frozenset({80, 443}), allowed_networks=(), max_redirects=5
    )
    assert settings.feed_limits() == FeedLimits()


def test_feed_limits_and_networks_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("NEWSDESK_FEED_ALLOW_NETWORKS", "127.0.0.1/32, fd00:1::/64")
    monkeypatch.setenv("NEWSDESK_FEED_PORTS", "443, 8443")
    monkeypatch.setenv("NEWSDESK_FEED_MAX_MB", "0.5")
    monkeypatch.setenv("NEWSDESK_FEED_POLL_DEADLINE_SECONDS", "30")
    settings = Settings()

    policy, limits = settings.feed_policy(), settings.feed_limits()

    assert [str(n) for n in policy.allowed_networks] == ["127.0.0.1/32", "fd00:1::/64"]
    assert policy.ports == {443, 8443}
    assert limits.max_feed_bytes == 512 * 1024
    assert limits.poll_seconds == 30.0


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("NEWSDESK_FEED_ALLOW_NETWORKS", "10.0.0.0/8,intranet", "must be comma-separated CIDRs"),
        ("NEWSDESK_FEED_PORTS", "80,http", "must be comma-separated port numbers"),
        ("NEWSDESK_FEED_PORTS", "70000", "must be comma-separated port numbers"),
        ("NEWSDESK_FEED_PORTS", "", "must be comma-separated port numbers"),
    ],
)
def test_a_bad_network_or_port_setting_is_named(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)

    with pytest.raises(ValidationError, match=message):
        Settings()
