"""welcomebot: answers newcomers from curated content, in Telegram and in a local console."""

__version__ = "0.1.0"
