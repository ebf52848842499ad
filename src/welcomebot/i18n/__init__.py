"""Translations: gettext catalogs compiled with Babel."""

from welcomebot.i18n.catalogs import LOCALES_DIR, CatalogError, Translator

__all__ = ["LOCALES_DIR", "CatalogError", "Translator"]
