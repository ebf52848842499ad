"""Which language a message is in, from its letters alone."""

from __future__ import annotations

from welcomebot.matching.text import UKRAINIAN_ONLY, is_cyrillic, is_latin, tokenize

MIN_LETTERS = 3  # below this the text says too little, and the user's choice decides


def detect_language(text: str, preferred: str) -> str:
    """'uk' or 'en' when the text shows it, else `preferred`.

    Any Ukrainian-only letter settles it; otherwise the script with more letters wins.
    """
    tokens = tokenize(text)
    cyrillic = sum(len(t) for t in tokens if is_cyrillic(t))
    latin = sum(len(t) for t in tokens if is_latin(t))
    if cyrillic + latin < MIN_LETTERS:
        return preferred
    if any(ch in UKRAINIAN_ONLY for t in tokens for ch in t) or cyrillic > latin:
        return "uk"
    if latin > cyrillic:
        return "en"
    return preferred
