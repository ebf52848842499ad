"""Who an announcement is for: a filter over interest, language, role, district, and the
optional profile's situation and children's age bands."""

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
    # Only people who gave their situation, or have children in one of these age bands.
    situations: tuple[str, ...] = ()
    ages: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "interest": self.interest,
            "languages": list(self.languages),
            "roles": list(self.roles),
            "districts": list(self.districts),
            "situations": list(self.situations),
            "ages": list(self.ages),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Audience:
        return cls(
            interest=str(data.get("interest", NEWS)),
            languages=tuple(data.get("languages", ())),
            roles=tuple(data.get("roles", ())),
            districts=tuple(data.get("districts", ())),
            situations=tuple(data.get("situations", ())),
            ages=tuple(data.get("ages", ())),
        )

    def admits(
        self,
        language: str,
        role: str,
        district: str | None,
        situation: str | None = None,
        ages: tuple[str, ...] = (),
    ) -> bool:
        """Whether a person fits, whatever they subscribed to (for browsing events)."""
        return (
            (not self.languages or language in self.languages)
            and (not self.roles or role in self.roles)
            and (not self.districts or district in self.districts)
            and (not self.situations or situation in self.situations)
            and (not self.ages or bool(set(ages) & set(self.ages)))
        )


@dataclass(frozen=True)
class Recipient:
    telegram_id: int
    language: str
    timezone: str | None = None
