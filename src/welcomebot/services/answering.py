"""Answer a newcomer's message from curated content, or say honestly that we do not know."""

from __future__ import annotations

from dataclasses import dataclass, field

from welcomebot.batching import Batch
from welcomebot.content.models import ContentPack, Entry, FaqEntry, Rumour, Topic
from welcomebot.matching.matcher import Match, Matcher, Outcome
from welcomebot.matching.small_talk import SmallTalk, small_talk
from welcomebot.storage.unanswered import UnansweredLog


@dataclass(frozen=True)
class Reply:
    outcome: Outcome | SmallTalk
    lang: str
    entry: Entry | None = None
    suggestions: list[Entry] = field(default_factory=list)


class AnsweringService:
    def __init__(
        self, pack: ContentPack, matcher: Matcher, unanswered: UnansweredLog, max_chars: int = 1000
    ) -> None:
        self.pack = pack
        self.matcher = matcher
        self.unanswered = unanswered
        self.max_chars = max_chars
        # Newcomers get FAQ answers, and the rumours meant for them ("is it true that ...?"),
        # whichever fits better: one ranking over both.
        self.for_newcomers = matcher.mask(_for_newcomers)
        self._match: Batch[tuple[str, str], Match] = Batch(self._match_together)

    async def ask(self, text: str, preferred_lang: str) -> Reply:
        """Match a question; keep what we could not answer for staff (the only database
        work: an answered question costs none)."""
        text = text[: self.max_chars]
        said = small_talk(text)
        if said is not None:
            return Reply(said.kind, said.lang or preferred_lang)
        match = await self._match((text, preferred_lang))
        best = match.best
        if match.outcome is Outcome.ANSWER and best is not None:
            return Reply(Outcome.ANSWER, match.lang, entry=best.entry)
        if match.outcome is Outcome.SUGGEST:
            options = [c.entry for c in match.candidates[: self.matcher.config.suggestions]]
            return Reply(Outcome.SUGGEST, match.lang, suggestions=options)
        await self.unanswered.add(
            text,
            match.lang,
            best.entry.id if best else None,
            round(best.score, 4) if best else None,
        )
        return Reply(Outcome.ABSTAIN, match.lang)

    async def _match_together(self, questions: list[tuple[str, str]]) -> list[Match]:
        """Questions that arrive together are ranked in one pass (see `batching`)."""
        texts, langs = zip(*questions, strict=True)
        return self.matcher.match_many(texts, langs, mask=self.for_newcomers)

    def entry(self, entry_id: str) -> Entry | None:
        return self.pack.by_id.get(entry_id)

    def topics(self) -> list[Topic]:
        return self.pack.topics

    def topic(self, topic_id: str) -> Topic | None:
        return self.pack.topic(topic_id)

    def for_newcomer(self, entry_id: str) -> Entry | None:
        """An entry a newcomer may open: an FAQ answer or a rumour meant for newcomers."""
        entry = self.entry(entry_id)
        return entry if entry is not None and _for_newcomers(entry) else None


def _for_newcomers(entry: Entry) -> bool:
    return isinstance(entry, FaqEntry) or (
        isinstance(entry, Rumour) and entry.audience == "newcomers"
    )
