"""What the usage counts count, and where a confirmed pair came from. Their values are what the
database holds."""

from __future__ import annotations

from enum import StrEnum

STATS_WEEKS = 4  # the weeks /stats and `welcomebot stats` show when not told


class Count(StrEnum):
    """A question is counted once as answered, suggested or unanswered (by the topic of the
    entry it got, if any); a suggestion picked is counted again as picked, by that entry's
    topic. Votes, tickets and the weekly active people are counted as they happen."""

    ANSWERED = "answered"
    SUGGESTED = "suggested"
    UNANSWERED = "unanswered"
    PICKED = "picked"
    HELPFUL = "helpful"
    NOT_HELPFUL = "not_helpful"
    TICKET_OPENED = "ticket_opened"
    TICKET_REOPENED = "ticket_reopened"  # by the person, within the reopening period
    TICKET_ANSWERED = "ticket_answered"
    TICKET_CLOSED = "ticket_closed"
    ACTIVE = "active"  # distinct people in a week, stored on the week's Monday


class PairSource(StrEnum):
    PICK = "pick"  # a suggestion the person picked for their message
    TICKET = "ticket"  # staff answered a ticket with the entry
