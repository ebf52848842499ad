"""Anti-rumour reports: match what an agent heard, file it anonymously, add its context."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from functools import cached_property

from welcomebot.content.models import ContentPack, Rumour
from welcomebot.domain.times import iso_week
from welcomebot.matching.matcher import Matcher, Outcome
from welcomebot.matching.text import tokenize
from welcomebot.matching.threats import ThreatDetector
from welcomebot.services.roster import Roster
from welcomebot.storage.models import RumourReport, utcnow
from welcomebot.storage.repositories import RumourReportRepository

# Where a rumour was heard; the labels are translated in the Telegram layer.
PLACES = ("street", "transport", "work", "school", "online", "family", "other")
CONTEXT_FIELDS = ("place", "district", "target")
# How long an agent may say their report is not the rumour it was matched to.
CORRECTABLE = timedelta(days=7)


@dataclass(frozen=True)
class Heard:
    """What the matcher made of a report: a sure rumour, candidates to choose from, or none."""

    lang: str
    rumour: Rumour | None = None
    score: float = 0.0
    candidates: list[Rumour] = field(default_factory=list)


# A report tells what someone said in words: "😡" or "12345" names no rumour, and filed it
# would show among the emerging ones for staff.
REPORT_WORDS = 2


def tells_something(text: str) -> bool:
    """At least `REPORT_WORDS` words with letters in them."""
    return sum(any(ch.isalpha() for ch in token) for token in tokenize(text)) >= REPORT_WORDS


class RumourReporting:
    def __init__(
        self,
        pack: ContentPack,
        matcher: Matcher,
        secret: bytes,
        zone: tzinfo,
        max_chars: int = 1000,
    ) -> None:
        """`zone`: the city's, whose weeks the reports are counted in (`barometer.Period`)."""
        self.pack = pack
        self.matcher = matcher
        self.secret = secret
        self.zone = zone
        self.max_chars = max_chars

    @cached_property
    def _threats(self) -> ThreatDetector:  # only where reports are filed: not the barometer's
        return ThreatDetector(self.matcher.analyzer)

    def threatens(self, text: str) -> bool:
        """What was heard is a threat of violence: the police should hear of it too."""
        return self._threats.threatens(text[: self.max_chars])

    def rumour(self, rumour_id: str) -> Rumour | None:
        entry = self.pack.by_id.get(rumour_id)
        return entry if isinstance(entry, Rumour) else None

    def match(self, text: str, preferred_lang: str) -> Heard:
        match = self.matcher.match(text[: self.max_chars], preferred_lang, kinds=("rumour",))
        best = match.best
        if match.outcome is Outcome.ANSWER and best is not None:
            return Heard(match.lang, best.entry, best.score)  # type: ignore[arg-type]
        if match.outcome is Outcome.SUGGEST:
            options = [c.entry for c in match.offered(self.matcher.config.suggestions)]
            return Heard(match.lang, None, best.score if best else 0.0, options)  # type: ignore[arg-type]
        return Heard(match.lang, None, best.score if best else 0.0)

    def known_rumour(self, text: str, lang: str) -> str | None:
        """The rumour a report's text is sure to be, by the content of the day."""
        heard = self.match(text, lang)
        return heard.rumour.id if heard.rumour is not None else None

    def agent_key(
        self, telegram_id: int, rumour_id: str | None, week: str, text: str | None = None
    ) -> str:
        """The same agent, rumour and week give the same key; nothing else can be read from it.
        A report of no known rumour is keyed by its words too: an agent's new claims in a week
        are different rumours, and count apart even once their texts are cleared."""
        claim = "" if rumour_id else " ".join((text or "").casefold().split())
        message = f"{telegram_id}:{rumour_id or '-'}:{week}".encode()
        if claim:
            message += b":" + claim.encode()
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    async def file(
        self,
        reports: RumourReportRepository,
        telegram_id: int,
        text: str,
        heard: Heard,
        rumour_id: str | None = None,
        now: datetime | None = None,
        roster: Roster | None = None,
    ) -> RumourReport:
        """Store a report; `rumour_id` is the agent's own choice among candidates, if any.
        The roster, if given, counts the day of it for the agent, apart from the report."""
        moment = now or utcnow()
        if roster is not None:
            await roster.reported(telegram_id, moment)
        week = iso_week(moment.astimezone(self.zone))
        chosen = rumour_id if rumour_id is not None else (heard.rumour.id if heard.rumour else None)
        return await reports.add(
            RumourReport(
                rumour_id=chosen,
                score=round(heard.score, 4),
                text=text[: self.max_chars],
                lang=heard.lang,
                week=week,
                agent_key=self.agent_key(telegram_id, chosen, week, text[: self.max_chars]),
                created=moment,
            )
        )

    def filed_by(self, telegram_id: int, report: RumourReport) -> bool:
        """Whether this agent filed the report: its key, made again, is the same."""
        return hmac.compare_digest(
            report.agent_key, self.agent_key(telegram_id, report.rumour_id, report.week)
        )

    async def not_this_rumour(
        self, reports: RumourReportRepository, telegram_id: int, report_id: int
    ) -> RumourReport | None:
        """The agent's own report, matched to the wrong rumour, becomes a new one (counted
        and clustered as such); None if it is not theirs, has no rumour, or is older than
        `CORRECTABLE` (its week may be on a council's page by then, its text cleared)."""
        report = await reports.get(report_id)
        if (
            report is None
            or report.rumour_id is None
            or not report.text
            or utcnow() - report.created > CORRECTABLE
            or not self.filed_by(telegram_id, report)
        ):
            return None
        report.not_rumour, report.rumour_id = report.rumour_id, None
        report.agent_key = self.agent_key(telegram_id, None, report.week, report.text)
        return await reports.add(report)

    async def add_context(
        self, reports: RumourReportRepository, report_id: int, name: str, value: str
    ) -> bool:
        if name not in CONTEXT_FIELDS:
            return False
        report = await reports.get(report_id)
        if report is None:
            return False
        setattr(report, name, value[:80])
        await reports.add(report)
        return True
