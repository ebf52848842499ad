"""Who an announcement is for: a filter over interest, language, role and district."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from welcomebot.domain.roles import Role

NEWS, EVENTS = "news", "events"
# The interest of what a role gets for its work, whatever it subscribed to (a campaign card
# to the agents): no subscription needed, and no unsubscribe button.
TEAM = ""
DEFAULT_INTERESTS = (NEWS, EVENTS)  # what a newcomer gets until they choose otherwise
ROLES = (Role.NEWCOMER, Role.AGENT)  # whom an audience can name


def topic_interest(topic: str) -> str:
    return f"topic.{topic}"


@dataclass(frozen=True)
class Audience:
    """Empty tuples mean everyone; `interest` is what recipients must have subscribed to."""

    interest: str = NEWS
    languages: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    districts: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "interest": self.interest,
            "languages": list(self.languages),
            "roles": list(self.roles),
            "districts": list(self.districts),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Audience:
        return cls(
            interest=str(data.get("interest", NEWS)),
            languages=tuple(data.get("languages", ())),
            roles=tuple(data.get("roles", ())),
            districts=tuple(data.get("districts", ())),
        )

    def admits(self, language: str, role: str, district: str | None) -> bool:
        """Whether a person fits, whatever they subscribed to (for browsing events)."""
        return (
            (not self.languages or language in self.languages)
            and (not self.roles or role in self.roles)
            and (not self.districts or district in self.districts)
        )


@dataclass(frozen=True)
class Recipient:
    telegram_id: int
    language: str
    timezone: str | None = None
