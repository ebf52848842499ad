"""Staff actions are written to the audit log, in the same transaction as the action."""

from datetime import timedelta

from welcomebot.storage.models import AuditEntry, Invite, utcnow
from welcomebot.telegram.callbacks import AudienceStep, BroadcastAction, EventAction

from .fakes.chats import AGENT_ID, STAFF_ID, broadcast_now, make_agent, person, rows
from .fakes.clock import local

STAFF_ONLY = "Sorry, this is only for the centre's staff."


async def logged(app):
    return [(e.actor, e.action, e.target, e.person, e.detail) for e in await rows(app, AuditEntry)]


async def test_staff_actions_through_the_dispatcher_are_in_the_audit_log(staffed):
    staff = await person(staffed, STAFF_ID, "en")
    await make_agent(staffed)
    [refusal] = await staff.say("/revoke 12345")  # not an agent: nothing was done
    assert refusal.text == "12345 is not an anti-rumour agent."
    await staff.say(f"/revoke {AGENT_ID}")

    await broadcast_now(staff, "News", "Новини")
    await staff.say("/broadcast")
    await staff.say("Later news")
    await staff.say("-")
    await staff.press(AudienceStep(field="done").pack())
    await staff.press(BroadcastAction(action="later").pack())
    await staff.say("2099-01-01 09:00")
    for _ in range(2):  # the second press cancels nothing
        await staff.press(BroadcastAction(action="drop", id=2).pack())

    starts = local(utcnow() + timedelta(days=3)).replace(second=0, microsecond=0)
    await staff.say("/newevent")
    for answer in ("Job fair", "-", starts.strftime("%Y-%m-%d %H:%M"), "-", "5"):
        await staff.say(answer)
    for answer in ("City Hall", "-", "-", "-"):
        await staff.say(answer)
    await staff.press(AudienceStep(field="done").pack())
    await staff.press(EventAction(action="quiet").pack())
    await staff.press(EventAction(action="place", id=1).pack())
    await staff.say("Town Hall")
    await staff.say("-")
    await staff.press(EventAction(action="time", id=1).pack())
    await staff.say((starts + timedelta(days=1)).strftime("%Y-%m-%d %H:%M"))
    await staff.press(EventAction(action="places", id=1).pack())
    await staff.say("10")
    for _ in range(2):  # the second press finds it cancelled already
        await staff.press(EventAction(action="cancelled", id=1).pack())

    [invite] = await rows(staffed, Invite)
    assert await logged(staffed) == [
        # Enough of the code to tell it apart, too little to use it.
        (STAFF_ID, "invite created", f"invite {invite.code[:6]}…", None, None),
        (STAFF_ID, "agent revoked", f"agent {AGENT_ID}", AGENT_ID, None),
        (STAFF_ID, "broadcast created", "broadcast #1", None, None),
        (STAFF_ID, "broadcast scheduled", "broadcast #2", None, None),
        (STAFF_ID, "broadcast cancelled", "broadcast #2", None, None),
        (STAFF_ID, "event created", "event #1", None, "not announced"),
        (STAFF_ID, "event changed", "event #1", None, "place"),
        (STAFF_ID, "event changed", "event #1", None, "start"),
        (STAFF_ID, "event changed", "event #1", None, "places"),
        (STAFF_ID, "event cancelled", "event #1", None, None),
    ]


async def test_a_refused_staff_command_writes_nothing(staffed):
    newcomer = await person(staffed, 11, "en")
    for command in ("/invite", f"/revoke {AGENT_ID}"):
        [refusal] = await newcomer.say(command)
        assert refusal.text == STAFF_ONLY
    [alert] = await newcomer.press(BroadcastAction(action="drop", id=1).pack())
    assert alert.text == STAFF_ONLY
    assert await rows(staffed, AuditEntry) == []
