"""Answer a newcomer's message from curated content, or say honestly that we do not know."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import NamedTuple

import numpy as np

from welcomebot.batching import Batch
from welcomebot.content.models import ContentPack, Entry, FaqEntry, Rumour, Topic
from welcomebot.domain.profile import PersonProfile
from welcomebot.domain.usage import Count
from welcomebot.matching.danger import NO_DANGER, Danger
from welcomebot.matching.matcher import Candidate, Match, Matcher, Outcome
from welcomebot.matching.small_talk import Said, SmallTalk, small_talk
from welcomebot.services.urgent import UrgentEntries
from welcomebot.services.usage import Usage
from welcomebot.storage.unanswered import UnansweredLog

# The fewest words other than function words ("the", "is") that state a claim: a rumour is
# never the answer to fewer.
CLAIM_WORDS = 2
GAP = " … "  # where a long message's middle was left out
# A danger is looked for in this many times the characters matched: a message from Telegram
# (4096 at most) is read whole for it, wherever in a long story it is said.
DANGER_READ = 5


def readable(text: str, limit: int) -> str:
    """A message longer than `limit`: its start and its end, where a story's question most
    often is ("... so my question is: how do I get a doctor?")."""
    if len(text) <= limit:
        return text
    tail = (limit - len(GAP)) // 2
    return text[: limit - len(GAP) - tail] + GAP + text[-tail:]


class Question(NamedTuple):
    text: str
    lang: str
    profile: PersonProfile | None


def fit(profile: PersonProfile, entry: Entry) -> int:
    return int(profile.fits(entry.meant_for.situation, entry.meant_for.children))


@dataclass(frozen=True)
class Reply:
    outcome: Outcome | SmallTalk
    lang: str
    entry: Entry | None = None
    suggestions: list[Entry] = field(default_factory=list)
    urgent: bool = False  # someone may be in danger: the emergency numbers come first
    emergency_note: bool = False  # an ordinary answer that also gets the emergency numbers
    candidates: list[Candidate] = field(default_factory=list)
    asked: int | None = None  # the kept question a suggestion's buttons belong to

    @property
    def shown(self) -> list[Entry]:
        """The entries the person sees, in order: the answer, then any buttons."""
        return [self.entry, *self.suggestions] if self.entry is not None else self.suggestions


class Responder:
    """The decision a person meets, the same in the bot and in `welcomebot eval`: danger
    first, then small talk (`matching/small_talk.py`), then the matcher's answer, suggestions
    or abstention."""

    def __init__(self, matcher: Matcher, urgent: UrgentEntries | None = None) -> None:
        self.matcher = matcher
        self.urgent = urgent

    def read(self, text: str) -> tuple[Danger, Said | None]:
        """What is decided before matching: a danger, or a message that is only small talk
        (never when it signals a danger)."""
        danger = self.urgent.detect(text) if self.urgent is not None else NO_DANGER
        return danger, None if danger else small_talk(text)

    def decide(self, match: Match, danger: Danger = NO_DANGER) -> Reply:
        best, lang = match.best, match.lang
        urgent = self.urgent.override(danger, match) if self.urgent is not None else None
        if urgent is not None and not urgent.sure and urgent.entry is not None:
            offered = [urgent.entry, *(c.entry for c in match.offered(len(match.candidates)))]
            options = list(dict.fromkeys(offered))[: self.matcher.config.suggestions]
            return Reply(
                Outcome.SUGGEST,
                lang,
                suggestions=options,
                emergency_note=True,
                candidates=match.candidates,
            )
        if urgent is not None:
            outcome = Outcome.ANSWER if urgent.entry is not None else Outcome.ABSTAIN
            others = list(urgent.others)
            return Reply(outcome, lang, urgent.entry, others, True, candidates=match.candidates)
        if match.outcome is Outcome.ANSWER and best is not None:
            note = bool(danger) or (isinstance(best.entry, FaqEntry) and best.entry.urgent)
            return Reply(
                Outcome.ANSWER, lang, best.entry, emergency_note=note, candidates=match.candidates
            )
        if match.outcome is Outcome.SUGGEST:
            options = [c.entry for c in match.offered(self.matcher.config.suggestions)]
            return Reply(Outcome.SUGGEST, lang, suggestions=options, candidates=match.candidates)
        return Reply(Outcome.ABSTAIN, lang, candidates=match.candidates)


class AnsweringService:
    def __init__(
        self,
        pack: ContentPack,
        matcher: Matcher,
        unanswered: UnansweredLog,
        max_chars: int = 1000,
        urgent: UrgentEntries | None = None,
        usage: Usage | None = None,
    ) -> None:
        self.pack = pack
        self.usage = usage
        self.matcher = matcher
        self.unanswered = unanswered
        self.max_chars = max_chars
        self.responder = Responder(matcher, urgent)
        # Newcomers get FAQ answers, and the rumours meant for them ("is it true that ...?"),
        # whichever fits better: one ranking over both.
        self.for_newcomers = matcher.mask(_for_newcomers)
        self._match: Batch[Question, Match] = Batch(self._match_together)
        self._fits: dict[PersonProfile, np.ndarray] = {}

    async def ask(
        self,
        text: str,
        preferred_lang: str,
        profile: PersonProfile | None = None,
        captioned: bool = False,
    ) -> Reply:
        """Match a question; keep what we could not answer surely, without the person, for
        staff and for the buttons offered to name (the only database work: an answered
        question costs none; counting it is in memory). A message from someone in danger is
        never kept: it is answered, and it is theirs. With a profile, an entry meant for
        people like the writer ranks above an equal one meant for others. `captioned`: the
        words under a photo or a document, which ask about it ("what is this?"), never small
        talk."""
        danger, said = self.responder.read(text[: self.max_chars * DANGER_READ])
        text = readable(text, self.max_chars)
        if said is not None and not captioned:
            return Reply(said.kind, said.lang or preferred_lang)
        question = Question(text, preferred_lang, profile or None)
        reply = self.responder.decide(await self._match(question), danger)
        self._count(reply)
        if reply.urgent or reply.emergency_note:  # a danger: answered, and never kept
            return reply
        if reply.outcome is Outcome.ABSTAIN and not any(c.isalpha() for c in text):
            return reply  # "12345", "#1", "😡": nothing for staff to write content about
        if reply.outcome is Outcome.ABSTAIN or (
            reply.outcome is Outcome.SUGGEST and reply.suggestions
        ):
            # Not sure: kept for staff, and for the buttons to tell which one was picked.
            best = reply.candidates[0] if reply.candidates else None
            shown = " ".join(e.id for e in reply.suggestions) or None
            asked = await self.unanswered.add(
                text,
                reply.lang,
                best.entry.id if best else None,
                round(best.score, 4) if best else None,
                shown,
            )
            return replace(reply, asked=asked)
        return reply

    def _count(self, reply: Reply) -> None:
        if self.usage is None:
            return
        if reply.outcome is Outcome.ANSWER and reply.entry is not None:
            self.usage.count(Count.ANSWERED, reply.entry.group, reply.lang)
        elif reply.outcome is Outcome.SUGGEST:
            self.usage.count(Count.SUGGESTED, None, reply.lang)
        else:
            self.usage.count(Count.UNANSWERED, None, reply.lang)

    async def _match_together(self, questions: list[Question]) -> list[Match]:
        """Questions that arrive together are ranked in one pass (see `batching`)."""
        texts, langs, profiles = zip(*questions, strict=True)
        fits = [self._fit(profile) for profile in profiles]
        matches = self.matcher.match_many(texts, langs, mask=self.for_newcomers, fits=fits)
        return [self._searched(text, match) for text, match in zip(texts, matches, strict=True)]

    def _searched(self, text: str, match: Match) -> Match:
        """A rumour answers a claim ("is it true that the police deport ...?"). One word
        besides function words ("поліція", "the papers") states none: it is a search, and the
        rumour stays a button beside the questions on it."""
        best = match.best
        if (
            match.outcome is Outcome.ANSWER
            and best is not None
            and isinstance(best.entry, Rumour)
            and len(set(self.matcher.analyzer.read(text).term_words)) < CLAIM_WORDS
        ):
            return replace(match, outcome=Outcome.SUGGEST)
        return match

    def _fit(self, profile: PersonProfile | None) -> np.ndarray | None:
        """Built once per distinct profile: there are few (situation x children's ages)."""
        if profile is None:
            return None
        if profile not in self._fits:
            self._fits[profile] = self.matcher.fit_of(lambda entry: fit(profile, entry))
        return self._fits[profile]

    def topic_entries(self, topic: Topic, profile: PersonProfile | None) -> list[FaqEntry]:
        """A topic's questions, those meant for people like this person first (nothing hidden)."""
        if not profile:
            return list(topic.entries)
        return sorted(topic.entries, key=lambda entry: -fit(profile, entry))

    async def match(self, text: str, lang: str) -> Match:
        """The matcher's ranking alone, kept for no one (staff looking for an entry)."""
        return await self._match(Question(readable(text, self.max_chars), lang, None))

    def urgent(self, text: str) -> bool:
        """Does the message signal a danger (for a message to staff, never matched)?"""
        danger, _ = self.responder.read(text[: self.max_chars * DANGER_READ])
        return bool(danger)

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
