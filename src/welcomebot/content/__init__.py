"""Curated content: the typed models, the YAML loader and the staff-facing checks."""

from welcomebot.content.loader import ContentError, load_content
from welcomebot.content.models import (
    ARGUMENT_KINDS,
    Argument,
    ContentPack,
    Entry,
    FaqEntry,
    Problem,
    Rumour,
    RumourCategory,
    Topic,
)

__all__ = [
    "ARGUMENT_KINDS",
    "Argument",
    "ContentError",
    "ContentPack",
    "Entry",
    "FaqEntry",
    "Problem",
    "Rumour",
    "RumourCategory",
    "Topic",
    "load_content",
]
