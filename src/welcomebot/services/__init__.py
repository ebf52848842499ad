"""The Telegram-free core: what to answer, whom to remember, what to forget."""
