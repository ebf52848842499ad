"""The gettext catalogs without aiogram: for commands that word a file, not a message.

`catalogs.py` builds aiogram's I18n from the same compiled catalogs.
"""

from __future__ import annotations

import gettext
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from welcomebot.config import LANGUAGES
from welcomebot.errors import OperatorError

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"


class CatalogError(OperatorError):
    pass


def compile_catalog(po_path: Path) -> gettext.GNUTranslations:
    try:
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=po_path.parent.parent.name, abort_invalid=True)
    except OSError as error:
        raise CatalogError(
            f"translation catalog {po_path}: cannot read: {error.strerror}"
        ) from None
    except Exception as error:  # Babel raises plain errors with the line in the message
        raise CatalogError(f"translation catalog {po_path}: {error}") from None
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def translations(lang: str, path: Path = LOCALES_DIR) -> gettext.GNUTranslations:
    """The catalog of `lang` (one of LANGUAGES, else English), compiled."""
    lang = lang if lang in LANGUAGES else "en"
    return compile_catalog(path / lang / "LC_MESSAGES" / f"{DOMAIN}.po")
