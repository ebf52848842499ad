"""The optional profile a newcomer may give, and whether content meant for someone fits them.

Values are what the database and the content's `for:` conditions hold: renaming a member is
free, changing a value needs a migration (and a content edit).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import IntEnum, StrEnum


class Situation(StrEnum):
    TEMPORARY_PROTECTION = "temporary-protection"
    REFUGEE = "refugee"  # refugee or asylum seeker
    WORK = "work"
    STUDY = "study"
    FAMILY = "family"  # family reunification
    OTHER = "other"
    UNDISCLOSED = "undisclosed"  # prefer not to say


class Children(StrEnum):
    YES = "yes"
    NO = "no"
    UNDISCLOSED = "undisclosed"


class AgeBand(StrEnum):
    """Children's ages, as the city's services split them."""

    UNDER_3 = "0-2"
    PRESCHOOL = "3-6"
    SCHOOL = "7-15"
    TEEN = "16-17"


# What content may name in `for:` and announcements may target ("prefer not to say" is no one).
SITUATIONS = tuple(s for s in Situation if s is not Situation.UNDISCLOSED)
AGE_BANDS = tuple(AgeBand)


# The interests the profile asks about are subscriptions (`domain.audiences`), not kept twice:
# to these topics of the content, and to events for leisure.
INTEREST_TOPICS = ("work", "language", "children", "health", "housing")


class Fit(IntEnum):
    """How an entry meant for some people fits one person."""

    NOT_FOR_THEM = -1
    UNKNOWN = 0  # meant for everyone, or the person did not say what it depends on
    FITS = 1


def _known(value: str | None) -> bool:
    return value is not None and value != "undisclosed"


@dataclass(frozen=True)
class PersonProfile:
    situation: str | None = None
    children: str | None = None
    ages: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return _known(self.situation) or _known(self.children)

    def fits(self, situations: Collection[str], ages: Collection[str]) -> Fit:
        """Each condition given must hold; one the person answered otherwise rules it out."""
        verdicts = []
        if situations and _known(self.situation):
            verdicts.append(self.situation in situations)
        if ages and self.children == Children.NO:
            verdicts.append(False)
        elif ages and self.children == Children.YES and self.ages:
            verdicts.append(bool(set(self.ages) & set(ages)))
        if not verdicts:
            return Fit.UNKNOWN
        if not all(verdicts):
            return Fit.NOT_FOR_THEM
        # Fits only if every condition was answered: half-known is not a fit.
        answered = (not situations or _known(self.situation)) and (not ages or bool(self.ages))
        return Fit.FITS if answered else Fit.UNKNOWN


def applies(
    profile: PersonProfile | None, situations: Collection[str], ages: Collection[str]
) -> bool:
    """Whether something meant for these people is shown to this person: unless they said
    something that rules it out, it is."""
    fit = profile.fits(situations, ages) if profile else Fit.UNKNOWN
    return fit is not Fit.NOT_FOR_THEM


class StepState(StrEnum):
    """A checklist step someone marked; a step without a mark is open."""

    DONE = "done"
    SKIPPED = "skipped"


def join_ages(ages: Collection[str]) -> str | None:
    """Stored as one text, in band order."""
    return ",".join(a for a in AGE_BANDS if a in ages) or None


def split_ages(stored: str | None) -> tuple[str, ...]:
    return tuple(a for a in (stored or "").split(",") if a in AGE_BANDS)
