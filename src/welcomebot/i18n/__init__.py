"""Translations: gettext catalogs compiled with Babel.

The catalogs are aiogram's I18n, and aiogram takes seconds to import: they load when first
named, so `welcomebot.i18n.dates` (which commands without aiogram use) does not pull them in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from welcomebot.i18n.catalogs import LOCALES_DIR, CatalogError, Translator

__all__ = ["LOCALES_DIR", "CatalogError", "Translator"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from welcomebot.i18n import catalogs

        return getattr(catalogs, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
