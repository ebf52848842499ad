"""What people's use teaches the content: the suggestion someone picked for their message, and
their votes on answers, kept without any user id and counted for the statistics."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from welcomebot.content.models import Entry
from welcomebot.domain.usage import Count, PairSource
from welcomebot.services.usage import Usage
from welcomebot.storage.repositories import FeedbackRepository, UnansweredRepository
from welcomebot.storage.usage import Pair, PairRepository


class ContentLoop:
    def __init__(self, session: AsyncSession, usage: Usage) -> None:
        self.session, self.usage = session, usage

    async def picked(self, asked: int, entry: Entry) -> bool:
        """The person picked `entry` among the buttons offered for kept question `asked`: the
        question was answered after all, and (message → entry) is a confirmed pair. Only the
        first pick of an offered entry counts; False otherwise."""
        question = await UnansweredRepository(self.session).pick(asked, entry.id)
        if question is None:
            return False
        await PairRepository(self.session).add(
            Pair(question.text, question.lang, entry.id, PairSource.PICK.value)
        )
        self.usage.count(Count.PICKED, entry.group, question.lang)
        return True

    async def voted(self, entry: Entry, lang: str, helpful: bool) -> None:
        await FeedbackRepository(self.session).add(entry.id, lang, helpful)
        self.usage.count(Count.HELPFUL if helpful else Count.NOT_HELPFUL, entry.group, lang)
