"""What a send can end in, as the delivery worker understands it (no Telegram types here)."""


class DeliveryError(Exception):
    pass


class RetryAfter(DeliveryError):
    """The whole sender must pause (Telegram's 429)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


class Blocked(DeliveryError):
    """This user cannot be reached any more (blocked the bot, deactivated: 403)."""


class Transient(DeliveryError):
    """Worth retrying later (5xx, network)."""


class Permanent(DeliveryError):
    """Retrying cannot help (400: bad request)."""
