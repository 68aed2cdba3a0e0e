"""Which addresses a feed fetch may connect to: IPv4, IPv6 and the IPv6 forms of IPv4."""

import pytest

from corpus.feeds.addresses import parse_networks, refusal


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "127.0.0.1 is a loopback address"),
        ("127.10.20.30", "127.10.20.30 is a loopback address"),
        ("::1", "::1 is a loopback address"),
        ("0.0.0.0", "0.0.0.0 is an unspecified address"),
        ("::", ":: is an unspecified address"),
        ("10.0.0.1", "10.0.0.1 is a private address"),
        ("172.16.5.4", "172.16.5.4 is a private address"),
        ("192.168.1.1", "192.168.1.1 is a private address"),
        ("fd12:3456::1", "fd12:3456::1 is a private address"),  # unique-local fc00::/7
        ("169.254.1.1", "169.254.1.1 is a link-local address"),
        ("fe80::1", "fe80::1 is a link-local address"),
        ("224.0.0.1", "224.0.0.1 is a multicast address"),
        ("239.255.255.250", "239.255.255.250 is a multicast address"),
        ("ff02::1", "ff02::1 is a multicast address"),
        ("100.64.0.1", "100.64.0.1 is a shared (carrier-grade NAT) address"),
        ("255.255.255.255", "255.255.255.255 is a private address"),  # broadcast
        ("240.0.0.1", "240.0.0.1 is a private address"),  # reserved class E
        ("0.1.2.3", "0.1.2.3 is a private address"),  # "this network"
        ("192.0.2.10", "192.0.2.10 is a private address"),  # documentation
        ("fec0::1", "fec0::1 is a site-local address"),
        ("::7f00:1", "::7f00:1 is a reserved address"),  # IPv4-compatible (deprecated)
    ],
)
def test_internal_addresses_are_refused_with_their_kind(address, reason):
    assert refusal(address) == reason


@pytest.mark.parametrize(
    "address",
    [
        "169.254.169.254",  # AWS, GCP, Azure instance metadata
        "169.254.170.2",  # AWS ECS task credentials
        "fd00:ec2::254",  # AWS metadata over IPv6
        "100.100.100.200",  # Alibaba Cloud
        "168.63.129.16",  # Azure WireServer: a public address
    ],
)
def test_cloud_metadata_endpoints_are_refused(address):
    assert refusal(address) == f"{address} is a cloud metadata address"


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("::ffff:127.0.0.1", "::ffff:7f00:1 reaches 127.0.0.1, a loopback address"),
        ("::ffff:10.1.2.3", "::ffff:a01:203 reaches 10.1.2.3, a private address"),
        (
            "::ffff:169.254.169.254",
            "::ffff:a9fe:a9fe reaches 169.254.169.254, a cloud metadata address",
        ),
        ("64:ff9b::7f00:1", "64:ff9b::7f00:1 reaches 127.0.0.1, a loopback address"),  # NAT64
        (
            "64:ff9b::a9fe:a9fe",
            "64:ff9b::a9fe:a9fe reaches 169.254.169.254, a cloud metadata address",
        ),
        ("2002:7f00:1::", "2002:7f00:1:: reaches 127.0.0.1, a loopback address"),  # 6to4
        ("2002:c0a8:101::1", "2002:c0a8:101::1 reaches 192.168.1.1, a private address"),
    ],
)
def test_ipv6_forms_of_internal_ipv4_addresses_are_refused(address, reason):
    assert refusal(address) == reason


@pytest.mark.parametrize(
    "address",
    [
        "93.184.215.14",
        "8.8.8.8",
        "2606:4700:4700::1111",
        "::ffff:93.184.215.14",  # IPv4-mapped public address
        "64:ff9b::5db8:d70e",  # NAT64 of a public address: what DNS64 gives IPv6-only hosts
        "2002:5db8:d70e::1",  # 6to4 of a public address
    ],
)
def test_public_addresses_are_allowed(address):
    assert refusal(address) is None


def test_an_allowed_network_admits_internal_addresses_in_it_only():
    allowed = parse_networks("127.0.0.1/32, 10.20.0.0/16, fd00:abcd::/32")

    assert refusal("127.0.0.1", allowed=allowed) is None
    assert refusal("::ffff:127.0.0.1", allowed=allowed) is None  # the same IPv4 address
    assert refusal("10.20.30.40", allowed=allowed) is None
    assert refusal("fd00:abcd::5", allowed=allowed) is None
    assert refusal("127.0.0.2", allowed=allowed) == "127.0.0.2 is a loopback address"
    assert refusal("10.21.0.1", allowed=allowed) == "10.21.0.1 is a private address"
    assert refusal("::1", allowed=allowed) == "::1 is a loopback address"


def test_metadata_endpoints_stay_refused_whatever_the_allow_list_says():
    allowed = parse_networks("169.254.0.0/16, fd00::/8, 0.0.0.0/0")

    assert refusal("169.254.169.254", allowed=allowed) == (
        "169.254.169.254 is a cloud metadata address"
    )
    assert refusal("fd00:ec2::254", allowed=allowed) == "fd00:ec2::254 is a cloud metadata address"
    assert refusal("169.254.1.1", allowed=allowed) is None


def test_parse_networks_reads_cidrs_and_single_addresses():
    assert [str(n) for n in parse_networks(" 127.0.0.0/8,,10.1.2.3, ::1 ,10.9.8.7/24")] == [
        "127.0.0.0/8",
        "10.1.2.3/32",
        "::1/128",
        "10.9.8.0/24",
    ]
    assert parse_networks("") == ()


@pytest.mark.parametrize("text", ["10.0.0.0/33", "intranet", "127.0.0.1:8080"])
def test_parse_networks_rejects_what_is_not_a_network(text):
    with pytest.raises(ValueError, match=r"does not appear to be|is not a valid|Expected"):
        parse_networks(text)


def test_a_host_name_is_not_an_address():
    with pytest.raises(ValueError, match="does not appear to be an IPv4 or IPv6 address"):
        refusal("localhost")
