"""Button payloads. Every handler re-checks them: a client can send any callback data."""

from aiogram.filters.callback_data import CallbackData

from welcomebot.telegram.parsing import RowId


class LanguageChoice(CallbackData, prefix="lang"):
    code: str


class TopicChoice(CallbackData, prefix="topic"):
    topic: str  # empty: back to the list of topics


class EntryChoice(CallbackData, prefix="entry"):
    id: str


class Feedback(CallbackData, prefix="fb"):
    id: str
    helpful: bool


class ContactChoice(CallbackData, prefix="contact"):
    pass


class ForgetChoice(CallbackData, prefix="forget"):
    confirm: bool


class ReportPick(CallbackData, prefix="rp"):
    rumour: str  # empty: none of these, a new rumour


class ArgumentKindChoice(CallbackData, prefix="arg"):
    rumour: str
    kind: str
    lang: str  # the language of the response it came with: the report flow keeps to one


class ContextChoice(CallbackData, prefix="ctx"):
    field: str
    option: int  # -1: skip


class BarometerPeriod(CallbackData, prefix="bar"):
    weeks: int


class Unsubscribe(CallbackData, prefix="unsub"):
    interest: str


class SubscriptionToggle(CallbackData, prefix="sub"):
    interest: str


class DistrictChoice(CallbackData, prefix="dist"):
    option: int  # -1: no district


class AudienceStep(CallbackData, prefix="aud"):
    field: str  # which filter to change, or "done"


class BroadcastAction(CallbackData, prefix="bc"):
    action: str  # now, later, abort, drop
    id: RowId = 0


class EventAction(CallbackData, prefix="ev"):
    action: (
        str  # join, leave, ics, time, place, places, cancel, cancelled, keep, publish, quiet, abort
    )
    id: RowId = 0
