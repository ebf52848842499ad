"""Per-object caches of lookups, left out of a pickle and made anew when it is loaded.

The built matcher is kept on disk between starts (`welcomebot/knowledge_cache.py`); a cache
of bound methods cannot be pickled, and would only carry the build's own words along."""

from __future__ import annotations

from typing import Any, ClassVar


class Memoizing:
    # The attributes `_memoize` sets, each a cache of one of the object's methods.
    CACHES: ClassVar[tuple[str, ...]] = ()

    def _memoize(self) -> None:
        """Set each attribute of `CACHES` to a fresh cache."""
        raise NotImplementedError

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if k not in self.CACHES}

    def __setstate__(self, state: dict[str, Any]) -> None:
        vars(self).update(state)
        self._memoize()
