"""Which language a message is in, from its words."""

from __future__ import annotations

from welcomebot.matching.analyzer import Reading

MIN_LETTERS = 3  # below this the text says too little, and the user's choice decides


def detect_language(reading: Reading, preferred: str) -> str:
    """'uk' or 'en' when the words show it, else the user's choice.

    Someone who types Cyrillic at all reads Ukrainian, even with English words mixed in;
    Latin words that read as Ukrainian count for Ukrainian against the English ones.
    """
    if reading.cyrillic_letters >= MIN_LETTERS:
        return "uk"
    uk, en = reading.translit_letters, reading.english_letters
    if uk + en < MIN_LETTERS or uk == en:
        return preferred
    return "uk" if uk > en else "en"
