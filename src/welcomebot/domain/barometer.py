"""How the barometer breaks reports down."""

from enum import StrEnum


class Breakdown(StrEnum):
    RUMOUR = "rumour"  # the most reported rumours, the others together, and new ones
    DISTRICT = "district"
    TARGET = "target"  # the group a rumour is about
