"""The delivery worker run to the end of its queue on a virtual clock."""

from aiogram.methods import SendMessage

from welcomebot.app import Infrastructure
from welcomebot.delivery.outbox import Outbox
from welcomebot.delivery.worker import DeliveryWorker
from welcomebot.storage.models import utcnow
from welcomebot.telegram.dispatcher import build_bot
from welcomebot.telegram.local import LOCAL_TOKEN, LocalSession
from welcomebot.telegram.sender import TelegramSender
from welcomebot.telegram.timing import pictures_for

from .clock import FakeClock


async def drain(worker: DeliveryWorker, clock: FakeClock, rounds: int = 200) -> dict[str, int]:
    """Runs the worker until nothing is pending or in flight; its counts by status."""
    for _ in range(rounds):
        if not await worker.run_once():
            await clock.sleep(1)  # the idle wait, in virtual time
        async with worker.sessions() as session:
            counts = await Outbox(session).counts()
        if counts["pending"] + counts["claimed"] + counts["sending"] == 0:
            return counts
    raise AssertionError(f"the queue did not drain: {counts}")


class Outbound:
    """The delivery worker on a virtual clock, sending through its own recording Bot."""

    def __init__(self, app: Infrastructure) -> None:
        self.session = LocalSession()
        self.bot = build_bot(LOCAL_TOKEN, app.settings.telegram_api_url, self.session)
        self.clock = FakeClock()
        self.clock.start = utcnow()
        self.worker = DeliveryWorker(
            app.sessions, TelegramSender(self.bot, pictures_for(app)), self.clock
        )

    async def deliver(self) -> dict[int, SendMessage]:
        start = len(self.session.requests)
        await drain(self.worker, self.clock)
        return {r.chat_id: r for r in self.session.requests[start:] if isinstance(r, SendMessage)}
