"""Settings from WELCOMEBOT_* environment variables and an optional .env file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from welcomebot.domain.tickets import OfficeHours, parse_days, parse_hours
from welcomebot.errors import OperatorError

Language = Literal["en", "uk"]
LANGUAGES: tuple[Language, ...] = ("en", "uk")
ENV_PREFIX = "WELCOMEBOT_"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"  # also the migrator's


class ConfigError(OperatorError):
    """A setting is missing or invalid; the message names it."""


def zone(name: str) -> ZoneInfo | None:
    """The time zone of this IANA name, or None."""
    try:
        return ZoneInfo(name) if name and "\0" not in name else None
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "Europe" is a folder of zones
        return None


def parse_duration(text: str) -> int:
    """Minutes from "24h", "90m", "2d" or a bare number of minutes."""
    text = text.strip().lower()
    units = {"m": 1, "h": 60, "d": 24 * 60}
    number, unit = (text[:-1], units[text[-1]]) if text[-1:] in units else (text, 1)
    if not number.isdigit() or int(number) == 0:
        raise ValueError(f"{text!r} is not a duration such as 24h, 90m or 2d")
    return int(number) * unit


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", extra="ignore", validate_default=True
    )

    telegram_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    data_dir: Path = Path("data")
    database_url: str = ""
    # With a Redis URL, conversation state, per-user ordering and flood limits live in Redis,
    # so several bot replicas behave as one.
    redis_url: str = ""
    redis_prefix: str = "welcomebot"
    flood_messages: int = Field(default=20, ge=1)  # per user per flood_seconds
    flood_seconds: int = Field(default=60, ge=1)
    # The delivery worker: Telegram allows about 30 messages a second, one a second per chat.
    delivery_rate: float = Field(default=25.0, gt=0, le=30)
    delivery_max_attempts: int = Field(default=5, ge=1)
    # How long a user's language and role are remembered between database reads (0: never).
    user_cache_seconds: int = Field(default=30, ge=0)
    # Webhook mode (`welcomebot run --webhook`): Telegram posts updates to WEBHOOK_URL, and
    # every request must carry WEBHOOK_SECRET in its secret-token header.
    webhook_url: str = ""
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    # Announcements and events: the city's time zone (a user may choose another), reminders
    # before an event ("24h,1h", or minutes), how late a timed job may still run after the
    # worker was down, and how often staff see a broadcast's progress.
    timezone: str = "Europe/Tallinn"
    reminder_offsets: Annotated[tuple[int, ...], NoDecode] = (24 * 60, 60)
    schedule_grace_minutes: int = Field(default=60, ge=1)
    progress_seconds: int = Field(default=5, ge=2)
    content_dir: Path = Path("content")
    # Optional neural reranker (`pip install 'welcomebot[rerank]'`): a local sentence-transformers
    # model folder, and the languages it serves (an English model ranks Ukrainian text worse
    # than the matcher alone, so its messages keep the lexical ranking).
    reranker_model: Path | None = None
    # How the bot decides to answer, offer buttons or say it has no answer: the matcher's
    # hand-set thresholds, with the answers added that a small model fitted for the content is
    # sure of (fitted at the first start with that content, seconds; cached by a hash of the
    # content in DECISION_CACHE, by default ~/.cache/welcomebot), or the thresholds alone.
    # README, "What a person gets"; on the demo content the model adds few answers.
    decision: Literal["fitted", "thresholds"] = "fitted"
    decision_cache: Path | None = None
    reranker_languages: Annotated[tuple[Language, ...], NoDecode] = ("en",)
    default_language: Language = "en"
    staff_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    content_max_age_days: int = Field(default=365, ge=1)
    unanswered_retention_days: int = Field(default=90, ge=1)
    max_message_chars: int = Field(default=1000, ge=50)
    # Anti-rumour reports: the secret of the keyed hash that counts an agent once per rumour
    # per week (never stored with the reports), and how long report texts are kept.
    report_secret: SecretStr | None = None
    report_text_retention_days: int = Field(default=90, ge=1)
    # Sent messages (chat id and text) are kept this long for reports and staff questions.
    outbox_retention_days: int = Field(default=30, ge=1)
    # Staff actions (who, what, on what, when) are kept this long for accountability.
    audit_retention_days: int = Field(default=365, ge=1)
    # The staff group: requests to a person ("Ask a person": a forum gets a topic per request; a
    # plain group, one header message per request that staff reply to) and the weekly digest.
    # None: no handoff and no digest.
    staff_chat_id: int | None = None
    # How long a closed request may be reopened, how long its messages are kept after it closes,
    # and the office hours (ISO weekdays, 1 = Monday, and hours in TIMEZONE) a reply can be
    # expected in.
    ticket_reopen_days: int = Field(default=7, ge=0)
    ticket_retention_days: int = Field(default=30, ge=1)
    # Someone who has blocked the bot this long is erased as /forget would, which they cannot
    # send while it is blocked: language, profile, choices, requests.
    inactive_retention_days: int = Field(default=90, ge=1)
    office_days: str = "1-5"
    office_hours: str = "9:00-17:00"
    # The content loop: "Helpful" / "Not helpful" votes (entry and language, no person) and
    # confirmed pairs (a message and the entry that answered it: a suggestion picked, a ticket
    # answered with an entry; no person) are kept this long.
    feedback_retention_days: int = Field(default=365, ge=1)
    pair_retention_days: int = Field(default=180, ge=1)
    # Statistics are counted in memory and added to the database at most this often.
    stats_flush_seconds: float = Field(default=60.0, gt=0)
    # The weekly digest goes out on this day of the week (mon..sun) at this hour, in the city's
    # time zone.
    digest_weekday: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] = "mon"
    digest_hour: int = Field(default=9, ge=0, le=23)
    # An invite link for a new anti-rumour agent works this many days, once.
    invite_days: int = Field(default=14, ge=1, le=365)
    # The city's districts and the groups a rumour may target, in one language: used only when
    # the content's centre.yaml has no `districts:` / `target_groups:` list (which names each
    # in every language; content/lists.py).
    districts: Annotated[tuple[str, ...], NoDecode] = (
        "Old Town",
        "Harbour",
        "Riverside",
        "North Hill",
    )
    target_groups: Annotated[tuple[str, ...], NoDecode] = (
        "Ukrainians",
        "refugees in general",
        "Roma",
        "Muslims",
        "other",
    )

    @field_validator("staff_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(
                int(part) for part in value.replace(";", ",").split(",") if part.strip()
            )
        return value

    @field_validator("districts", "target_groups", "reranker_languages", mode="before")
    @classmethod
    def _split_names(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("reminder_offsets", mode="before")
    @classmethod
    def _split_offsets(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(parse_duration(part) for part in value.split(",") if part.strip())
        return value

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        if zone(value) is None:
            raise ValueError("must be an IANA time zone name, e.g. Europe/Tallinn")
        return value

    @field_validator("office_days")
    @classmethod
    def _check_days(cls, value: str) -> str:
        parse_days(value)
        return value

    @field_validator("office_hours")
    @classmethod
    def _check_hours(cls, value: str) -> str:
        parse_hours(value)
        return value

    @property
    def office(self) -> OfficeHours:
        start, end = parse_hours(self.office_hours)
        return OfficeHours(parse_days(self.office_days), start, end, self.timezone)

    @field_validator("telegram_api_url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)  # checked when read

    @property
    def sync_database_url(self) -> str:
        """The URL Alembic uses; the default is a SQLite file in DATA_DIR."""
        return self.database_url or f"sqlite:///{self.data_dir / 'welcomebot.db'}"

    @property
    def async_database_url(self) -> str:
        url = self.sync_database_url
        if url.startswith("sqlite:"):
            return "sqlite+aiosqlite:" + url.removeprefix("sqlite:")
        return url  # postgresql+psycopg serves sync and async alike

    def require_webhook(self) -> tuple[str, str]:
        """The public URL and the secret, or an error naming what is missing."""
        secret = self.webhook_secret.get_secret_value() if self.webhook_secret else ""
        if not self.webhook_url.startswith("https://") and not self.webhook_url.startswith(
            "http://"
        ):
            raise ConfigError(
                f"{ENV_PREFIX}WEBHOOK_URL must be the public http(s) URL Telegram posts updates to"
            )
        if not secret or not all(c.isalnum() or c in "_-" for c in secret) or len(secret) > 256:
            raise ConfigError(
                f"{ENV_PREFIX}WEBHOOK_SECRET must be set: 1-256 letters, digits, _ or - "
                "(Telegram sends it back in every request, and others are rejected)"
            )
        return self.webhook_url, secret

    def require_token(self) -> str:
        if self.telegram_token is None or not self.telegram_token.get_secret_value().strip():
            raise ConfigError(
                f"{ENV_PREFIX}TELEGRAM_TOKEN is not set: put the token from @BotFather in the "
                "environment or in .env (to try the bot without Telegram, use `welcomebot chat`)."
            )
        return self.telegram_token.get_secret_value().strip()


def load_settings(**overrides: Any) -> Settings:
    """Read settings, turning a validation error into one line per bad setting."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        lines = []
        for problem in error.errors():
            name = ENV_PREFIX + "_".join(str(part) for part in problem["loc"]).upper()
            lines.append(f"{name}: {problem['msg']}")
        raise ConfigError("invalid configuration: " + "; ".join(lines)) from None
