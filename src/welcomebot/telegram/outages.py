"""When the database cannot be reached, the person is asked to try again shortly.

Nothing needs restarting when it is back: the engine opens connections as they are needed
and checks a server's pooled ones before use (`storage/database.py`), so the next update
simply works.
"""

from __future__ import annotations

import logging

from aiogram.types import ErrorEvent
from aiogram.utils.i18n import gettext as _
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from welcomebot.telegram.texts import notify

log = logging.getLogger(__name__)

# Connection refused or lost, a file that cannot be opened, a lock never released, or no
# pooled connection free in time: a passing state of the database, not a bug in a handler.
DATABASE_DOWN = (OperationalError, InterfaceError, PoolTimeoutError)


async def database_down(event: ErrorEvent) -> None:
    # One line, not a traceback per update: an outage would bury everything else in the log.
    reason = str(event.exception).splitlines()[0]
    log.warning("update %s: the database cannot be reached: %s", event.update.update_id, reason)
    asked = event.update.message or event.update.callback_query
    if asked is not None:
        await notify(
            asked,
            _(
                "Sorry, a technical problem keeps me from doing this right now. Please try "
                "again in a few minutes."
            ),
        )
