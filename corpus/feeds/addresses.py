"""Decide which IP addresses a feed fetch may connect to (all checks by `ipaddress`).

A fetch may reach public unicast addresses only. Refused: loopback, private (RFC 1918,
unique-local fc00::/7), link-local (169.254/16, fe80::/10), multicast, unspecified
(0.0.0.0, ::), reserved and other non-global ranges (100.64/10 shared, 192.0.0/24,
documentation, benchmarking, 240/4, broadcast, site-local fec0::/10, Teredo, …), and the
cloud metadata endpoints, some of which are public addresses (Azure's 168.63.129.16).

IPv6 forms that carry an IPv4 address are judged by it: IPv4-mapped (::ffff:127.0.0.1,
the kernel connects to the IPv4 address), NAT64 (64:ff9b::/96, the gateway forwards to
it) and 6to4 (2002::/16). An address in an allowed network (tests, intranet feeds) is
accepted, except a metadata endpoint, which is refused whatever the allow-list says.
"""

from __future__ import annotations

from collections.abc import Iterable
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network
from typing import TypeAlias

__all__ = ["IPAddress", "IPNetwork", "parse_networks", "refusal"]

IPAddress: TypeAlias = IPv4Address | IPv6Address
IPNetwork: TypeAlias = IPv4Network | IPv6Network

_METADATA = frozenset(
    ip_address(text)
    for text in (
        "169.254.169.254",  # AWS, GCP, Azure, DigitalOcean, OpenStack instance metadata
        "169.254.170.2",  # AWS ECS task metadata and credentials
        "fd00:ec2::254",  # AWS instance metadata over IPv6
        "100.100.100.200",  # Alibaba Cloud
        "168.63.129.16",  # Azure WireServer: a public address, so named here
        "192.0.0.192",  # Oracle Cloud (classic)
    )
)
_SHARED = ip_network("100.64.0.0/10")  # carrier-grade NAT; `is_private` misses it
_NAT64 = ip_network("64:ff9b::/96")


def refusal(address: str | IPAddress, *, allowed: Iterable[IPNetwork] = ()) -> str | None:
    """Return why a fetch may not connect to `address` (one short phrase), or None if it may.

    Raises:
        ValueError: `address` is not an IP address.
    """
    given = ip_address(address) if isinstance(address, str) else address
    target = _unwrap(given)
    embedded = _embedded_ipv4(target)
    reason = _reason(target, allowed)
    if reason is None and embedded is not None:
        target, reason = embedded, _reason(embedded, allowed)
    if reason is None:
        return None
    if target == given:
        return f"{given} is {reason}"
    return f"{given} reaches {target}, {reason}"


def parse_networks(text: str) -> tuple[IPNetwork, ...]:
    """Return the networks of a comma-separated list of CIDRs or single addresses.

    Raises:
        ValueError: a part is not a network ("10.0.0.0/8", "127.0.0.1", "fd00::/8").
    """
    networks = []
    for part in text.split(","):
        if part.strip():
            # strict=False: "10.1.2.3/8" means the network around it, as operators write it.
            networks.append(ip_network(part.strip(), strict=False))
    return tuple(networks)


def _unwrap(ip: IPAddress) -> IPAddress:
    """Return the IPv4 address an IPv4-mapped IPv6 address stands for (else `ip`)."""
    if isinstance(ip, IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _embedded_ipv4(ip: IPAddress) -> IPv4Address | None:
    """Return the IPv4 address a NAT64 or 6to4 address reaches, or None."""
    if not isinstance(ip, IPv6Address):
        return None
    if ip in _NAT64:
        return IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.sixtofour


def _reason(ip: IPAddress, allowed: Iterable[IPNetwork]) -> str | None:
    """Return what kind of refused address `ip` is ("a loopback address", …), or None."""
    if ip in _METADATA:
        return "a cloud metadata address"
    if any(ip.version == net.version and ip in net for net in allowed):
        return None
    if ip in _NAT64:
        return None  # judged by the IPv4 address it carries
    checks = (
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_private, "a private address"),
        (isinstance(ip, IPv4Address) and ip in _SHARED, "a shared (carrier-grade NAT) address"),
        (ip.is_reserved, "a reserved address"),
        (isinstance(ip, IPv6Address) and ip.is_site_local, "a site-local address"),
        (not ip.is_global, "not a global address"),
    )
    return next((kind for hit, kind in checks if hit), None)
