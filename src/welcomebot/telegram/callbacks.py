"""Button payloads. Every handler re-checks them: a client can send any callback data."""

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from welcomebot.domain.barometer import Breakdown
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


class ContextField(StrEnum):
    """What an agent adds to a report, in the order asked."""

    PLACE = "place"
    DISTRICT = "district"
    TARGET = "target"


class ContextChoice(CallbackData, prefix="ctx"):
    field: ContextField
    option: int  # -1: skip


class BarometerView(CallbackData, prefix="bar"):
    weeks: int  # one of the periods offered; re-checked
    by: Breakdown  # an unknown one fails to unpack: the stale-button reply


class EmergingDraft(CallbackData, prefix="draft"):
    report: RowId  # a report of the cluster to draft a rumour from


class Unsubscribe(CallbackData, prefix="unsub"):
    interest: str


class SubscriptionToggle(CallbackData, prefix="sub"):
    interest: str


class DistrictChoice(CallbackData, prefix="dist"):
    option: int  # -1: no district


class AudienceField(StrEnum):
    """Which filter of an announcement's audience a press changes, or DONE."""

    INTEREST = "interest"
    LANGUAGES = "languages"
    ROLES = "roles"
    DISTRICTS = "districts"
    DONE = "done"


class AudienceStep(CallbackData, prefix="aud"):
    field: AudienceField


class BroadcastAct(StrEnum):
    SEND_NOW = "now"
    SEND_LATER = "later"
    ABORT = "abort"  # the new broadcast is not sent
    CANCEL = "drop"  # a scheduled broadcast, from /scheduled


# The buttons under a new broadcast's preview.
BROADCAST_CONFIRM = frozenset({BroadcastAct.SEND_NOW, BroadcastAct.SEND_LATER, BroadcastAct.ABORT})


class BroadcastAction(CallbackData, prefix="bc"):
    action: BroadcastAct  # an unknown one fails to unpack: the stale-button reply
    id: RowId = 0


class EventAct(StrEnum):
    # Anyone the event is meant for, or who signed up.
    JOIN = "join"
    LEAVE = "leave"
    CALENDAR = "ics"
    # Staff, on an event that has not started.
    MOVE = "time"
    RELOCATE = "place"
    RESIZE = "places"
    CANCEL = "cancel"  # asks first
    CANCEL_CONFIRMED = "cancelled"
    KEEP = "keep"
    # Staff, under a new event's preview.
    PUBLISH = "publish"
    PUBLISH_QUIETLY = "quiet"
    ABORT = "abort"


EVENT_EVERYONE = frozenset({EventAct.JOIN, EventAct.LEAVE, EventAct.CALENDAR})
EVENT_STAFF = frozenset(
    {
        EventAct.MOVE,
        EventAct.RELOCATE,
        EventAct.RESIZE,
        EventAct.CANCEL,
        EventAct.CANCEL_CONFIRMED,
        EventAct.KEEP,
    }
)
EVENT_CREATION = frozenset({EventAct.PUBLISH, EventAct.PUBLISH_QUIETLY, EventAct.ABORT})


class EventAction(CallbackData, prefix="ev"):
    action: EventAct  # an unknown one fails to unpack: the stale-button reply
    id: RowId = 0
