"""aiogram's I18n, fed from `.po` files that Babel compiles in memory on load.

Compiling on load means a stale or forgotten `.mo` can never show old text, and a missing
catalog stops the bot with its path instead of silently falling back to English.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from aiogram.utils.i18n import I18n

from welcomebot.config import LANGUAGES
from welcomebot.i18n.plain import DOMAIN, LOCALES_DIR, CatalogError, compile_catalog

__all__ = ["DOMAIN", "LOCALES_DIR", "CatalogError", "Translator", "compile_catalog"]


class Translator(I18n):
    """The bot's I18n: every language in `languages` must have its catalog."""

    def __init__(
        self,
        path: Path = LOCALES_DIR,
        default_locale: str = "en",
        languages: Iterable[str] = LANGUAGES,
    ) -> None:
        self.languages = tuple(languages)
        super().__init__(path=path, default_locale=default_locale, domain=DOMAIN)

    @contextmanager
    def context(self) -> Iterator[I18n]:
        # aiogram keeps one context variable per class; `gettext` reads I18n's, so set that one.
        token = I18n.set_current(self)
        try:
            yield self
        finally:
            I18n.reset_current(token)

    @contextmanager
    def speaking(self, lang: str) -> Iterator[I18n]:
        """gettext in `lang` outside a handler: in jobs that word messages for many people."""
        with self.context(), self.use_locale(lang if lang in self.languages else "en"):
            yield self

    def find_locales(self) -> dict[str, gettext.GNUTranslations]:
        found = {}
        for lang in self.languages:
            po_path = self.path / lang / "LC_MESSAGES" / f"{self.domain}.po"
            if not po_path.exists():
                raise CatalogError(
                    f"translation catalog {po_path} is missing: create it with "
                    f"`pybabel init -i locales/messages.pot -d {self.path} -l {lang}`"
                )
            found[lang] = compile_catalog(po_path)
        return found
