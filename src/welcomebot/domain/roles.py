"""Who may do what: newcomers (everyone), anti-rumour agents (by invite), staff (by setting)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    NEWCOMER = "newcomer"
    AGENT = "agent"
    STAFF = "staff"
