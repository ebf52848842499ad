"""Button payloads. Every handler re-checks them: a client can send any callback data."""

from aiogram.filters.callback_data import CallbackData


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


class ContextChoice(CallbackData, prefix="ctx"):
    field: str
    option: int  # -1: skip


class BarometerPeriod(CallbackData, prefix="bar"):
    weeks: int
