"""The portfolio check: a rule about how a service is described, not a read. A service should
read as something a customer buys (named in the customer's words, offered to a segment, with a
value proposition, in a market); each finding says how to fix it."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Service

TECHNICAL_WORDS = (
    "server",
    "servers",
    "administration",
    "admin",
    "infrastructure",
    "database",
    "databases",
    "dba",
    "network",
    "networking",
    "storage",
    "san",
    "nas",
    "patching",
    "patch",
    "backup",
    "backups",
    "middleware",
    "vm",
    "vms",
    "virtualisation",
    "virtualization",
    "firewall",
    "lan",
    "wan",
    "dns",
    "dhcp",
    "active directory",
    "ldap",
    "datacenter",
    "data centre",
    "data center",
    "mainframe",
    "operations",
    "ops",
    "monitoring",
    "ci/cd",
)


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    fix: str


def check_service(service: Service, *, segment_count: int | None = None) -> list[Finding]:
    """Warnings when a service reads as an internal technical function rather than something
    a customer buys, each with how to fix it."""
    findings: list[Finding] = []
    segments_known = segment_count if segment_count is not None else len(service.segments.all())
    words = service.name.lower().replace("-", " ").split()
    technical = [word for word in TECHNICAL_WORDS if (" " in word and word in service.name.lower()) or word in words]
    if technical:
        findings.append(
            Finding(
                "technical-name",
                f"The name speaks IT's language (“{technical[0]}”).",
                "Name it after what the customer gets, e.g. “Always-available shared files” rather than "
                "“File server administration”.",
            )
        )
    if not segments_known:
        findings.append(
            Finding(
                "no-segment",
                "It is offered to no customer segment.",
                "Say which segments it serves; if none would buy it, it is internal work that belongs inside "
                "another service.",
            )
        )
    if not service.value_proposition.strip():
        findings.append(
            Finding(
                "no-value-proposition",
                "It has no value proposition.",
                "Write one sentence in the customer's words: what they gain from it.",
            )
        )
    if service.market_id is None:
        findings.append(
            Finding(
                "no-market",
                "It belongs to no market.",
                "Place it in the market whose customers would otherwise buy it elsewhere.",
            )
        )
    return findings
