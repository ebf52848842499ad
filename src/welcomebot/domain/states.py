"""The states a stored row goes through. Their values are what the database holds, so renaming
a member is free but changing a value needs a migration."""

from __future__ import annotations

from enum import StrEnum


class DeliveryState(StrEnum):
    """An outbox row: pending (to send, at `due`), claimed (by one worker), sending (if the
    process dies here the outcome is unknown), then sent, failed (gave up), blocked (the person
    blocked the bot) or unknown."""

    PENDING = "pending"
    CLAIMED = "claimed"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"
    UNKNOWN = "unknown"


class BroadcastState(StrEnum):
    """scheduled (waits for its time), queued (in the outbox), done (reported), cancelled,
    missed (its time passed while no worker ran, beyond the grace period)."""

    SCHEDULED = "scheduled"
    QUEUED = "queued"
    DONE = "done"
    CANCELLED = "cancelled"
    MISSED = "missed"


class EventState(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"
