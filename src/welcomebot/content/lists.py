"""The city's districts and the groups rumours target, named in the reader's language.

centre.yaml names them in each language; without its lists, WELCOMEBOT_DISTRICTS and
WELCOMEBOT_TARGET_GROUPS name them, the same in every language. What is stored (a person's
district, a report's district and target, an audience's districts) is the English name: the
value stored before the lists were translated, so older rows and exports stay as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from welcomebot.config import LANGUAGES, Settings
from welcomebot.content.loader import Centre, ListItem
from welcomebot.content.models import pick


def _from_settings(names: Sequence[str]) -> tuple[ListItem, ...]:
    return tuple(ListItem(key=name, name=dict.fromkeys(LANGUAGES, name)) for name in names)


def stored(item: ListItem) -> str:
    """The value kept in the database for `item`: its English name."""
    return pick(item.name, "en")


@dataclass(frozen=True)
class CityList:
    items: tuple[ListItem, ...]

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def values(self) -> tuple[str, ...]:
        """What is stored for each item, in the list's order."""
        return tuple(stored(item) for item in self.items)

    def names(self, lang: str) -> list[str]:
        return [pick(item.name, lang) for item in self.items]

    def name(self, value: str, lang: str) -> str:
        """A stored value in `lang`; a value no longer listed, as it was stored."""
        for item in self.items:
            if stored(item) == value:
                return pick(item.name, lang)
        return value

    def find(self, text: str) -> str | None:
        """The stored value that `text` (a key, or a name in any language) means."""
        wanted = text.strip().casefold()
        for item in self.items:
            if wanted in {item.key.casefold(), *(n.casefold() for n in item.name.values())}:
                return stored(item)
        return None


@dataclass(frozen=True)
class CityLists:
    districts: CityList
    target_groups: CityList

    @classmethod
    def of(cls, centre: Centre | None, settings: Settings) -> CityLists:
        districts = centre.districts if centre is not None else ()
        groups = centre.target_groups if centre is not None else ()
        return cls(
            districts=CityList(districts or _from_settings(settings.districts)),
            target_groups=CityList(groups or _from_settings(settings.target_groups)),
        )
