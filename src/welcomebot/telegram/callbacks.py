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


class SuggestionChoice(CallbackData, prefix="pick"):
    """A suggestion under an unsure reply: the entry, and the kept question it was offered for."""

    id: str
    asked: RowId


class Feedback(CallbackData, prefix="fb"):
    id: str
    helpful: bool


class ContactChoice(CallbackData, prefix="contact"):
    pass


class ForgetChoice(CallbackData, prefix="forget"):
    confirm: bool


class ReportPick(CallbackData, prefix="rp"):
    rumour: str  # empty: none of these, a new rumour


class ReportFix(CallbackData, prefix="rx"):
    """The agent's own report was matched to the wrong rumour: file it as a new one."""

    report: RowId


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


class ReportAside(CallbackData, prefix="ra"):
    """Words typed at a report's context question: another rumour to report, or not."""

    another: bool  # True: report them as another rumour; False: back to the question
    field: ContextField  # the question they were typed at: pressed at another, it is stale
    number: int  # which words of the form's (a later prompt's words replace them)


class BarometerView(CallbackData, prefix="bar"):
    weeks: int  # one of the periods offered; re-checked
    by: Breakdown  # an unknown one fails to unpack: the stale-button reply


class EmergingDraft(CallbackData, prefix="draft"):
    report: RowId  # a report of the cluster to draft a rumour from
    weeks: int  # the weeks /emerging grouped the reports of


class Unsubscribe(CallbackData, prefix="unsub"):
    interest: str


class SubscriptionToggle(CallbackData, prefix="sub"):
    """Turns a subscription over: the buttons shown before `SubscriptionTick`."""

    interest: str


class SubscriptionTick(SubscriptionToggle, prefix="subt"):
    """Subscribed or not, as `on` says: a double tap does it once."""

    on: bool


class DistrictChoice(CallbackData, prefix="dist"):
    option: int  # -1: no district


class AudienceField(StrEnum):
    """Which filter of an announcement's audience a press changes, or DONE."""

    INTEREST = "interest"
    LANGUAGES = "languages"
    ROLES = "roles"
    DISTRICTS = "districts"
    SITUATIONS = "situations"  # the optional profile's: broadcasts only
    AGES = "ages"
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


class TicketAct(StrEnum):
    # The person whose ticket it is.
    ASK = "ask"  # "Ask a person": open (or find, or reopen) their ticket
    SHARE = "share"  # share their Telegram contact with staff
    WRITE = "write"  # their messages go into the ticket again
    LEAVE = "leave"  # ask the bot again; the ticket stays open
    CLOSE = "close"
    REOPEN = "reopen"
    # Staff, on a ticket's card in the staff group.
    STAFF_CLOSE = "sclose"


TICKET_STAFF = frozenset({TicketAct.STAFF_CLOSE})


class TicketAction(CallbackData, prefix="tk"):
    action: TicketAct  # an unknown one fails to unpack: the stale-button reply
    id: RowId = 0  # the ticket; 0 with ASK: the question the person asked last


class ProfileField(StrEnum):
    """A question of the optional profile, or SUMMARY: the profile as it is, to change."""

    SITUATION = "situation"
    CHILDREN = "children"
    AGES = "ages"
    DISTRICT = "district"
    INTERESTS = "interests"
    SUMMARY = "summary"


class ProfileChoice(CallbackData, prefix="pf"):
    field: ProfileField
    option: int = -1  # see telegram/profile_ui.py: ASK, NEXT, UNDISCLOSED, or an option's index
    walk: bool = False  # the first walk: each answer leads to the next question


class ProfileTick(ProfileChoice, prefix="pft"):
    """An answer ticked one by one (ages, interests): ticked or not, as `on` says, so that a
    double tap does it once (a `ProfileChoice` shown before turns it over)."""

    on: bool


class ChecklistAct(StrEnum):
    LIST = "list"
    OPEN = "open"
    DONE = "done"
    SKIP = "skip"
    UNDO = "undo"
    REMIND = "remind"  # weekly reminders on
    QUIET = "quiet"  # and off


class ChecklistAction(CallbackData, prefix="cl"):
    action: ChecklistAct  # an unknown one fails to unpack: the stale-button reply
    step: str = ""


class AgentAct(StrEnum):
    REVOKE = "revoke"
    RESTORE = "restore"


class AgentAction(CallbackData, prefix="ag"):
    """Staff, under /agents: an agent by roster number."""

    action: AgentAct  # an unknown one fails to unpack: the stale-button reply
    number: RowId


class RosterPage(CallbackData, prefix="agp"):
    """Staff, under /agents: another page of the roster (a page out of range shows the
    nearest one)."""

    page: int


class InviteCancel(CallbackData, prefix="inv"):
    """Staff, under /invites: an invite not used yet."""

    code: str


class NameChoice(StrEnum):
    TELEGRAM = "telegram"  # the name Telegram shows, which the agent agrees to show
    SKIP = "skip"  # "Agent <number>"


class AgentNaming(CallbackData, prefix="agname"):
    """A new agent, under the welcome: how the team sees them."""

    choice: NameChoice


class CardRumour(CallbackData, prefix="cr"):
    """Agents and staff, after /card: the rumour a campaign card answers, in `lang`."""

    rumour: str
    lang: str


class CardChoice(CallbackData, prefix="card"):
    """The kind of argument the card carries: the card is drawn."""

    rumour: str
    kind: str
    lang: str


class ShareAct(StrEnum):
    ASK = "ask"  # under the card: asks first
    SEND = "send"
    KEEP = "keep"


class CardShare(CallbackData, prefix="cshare"):
    """Staff, under a card: send it to every agent, each in their language, once confirmed."""

    rumour: str
    kind: str
    act: ShareAct = ShareAct.ASK
