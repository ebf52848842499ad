"""The agents' roster and invite links, through the real Dispatcher: /agents, revoking and
restoring by button, /invite with a label, /invites with cancel buttons, expiry."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from aiogram.methods import AnswerCallbackQuery, DeleteMyCommands, EditMessageText, SetMyCommands
from babel.dates import format_date
from sqlalchemy import update
from sqlmodel import col

from welcomebot.services.roster import Roster
from welcomebot.storage.agents import AgentRepository
from welcomebot.storage.models import Agent, AuditEntry, Invite, User, utcnow
from welcomebot.storage.repositories import UserRepository
from welcomebot.telegram.callbacks import AgentAction, AgentNaming, InviteCancel

from .fakes.chats import (
    AGENT_ID,
    REFUSAL,
    STAFF_ID,
    STALE,
    keyboard,
    make_agent,
    make_chat,
    rows,
    sent,
)
from .test_cli import welcomebot_cli

SECOND_ID = AGENT_ID + 7
INVALID = "This invite link is not valid any more. Ask the centre for a new one."


def city_zone(app) -> ZoneInfo:
    return ZoneInfo(app.settings.timezone)


def link_code(reply) -> str:
    return reply.text.rsplit("start=", 1)[1]


async def join(app, user_id: int, label: str = "", lang: str = "en", first_name: str = "Olena"):
    """Staff make an invite (with a label), the person opens it: the welcome asks a name."""
    [link] = sent(await make_chat(app, user_id=STAFF_ID).say(f"/invite {label}".strip()))
    agent = make_chat(app, user_id=user_id, lang=lang, first_name=first_name)
    [welcome] = sent(await agent.say(f"/start {link_code(link)}"))
    return agent, welcome


def edited(requests) -> EditMessageText:
    [edit] = [r for r in requests if isinstance(r, EditMessageText)]
    return edit


async def test_a_new_agent_chooses_the_name_staff_see_or_stays_numbered(staffed):
    olena, welcome = await join(staffed, AGENT_ID, "Bilbao workshop, March")
    assert welcome.text == (
        "Welcome to the anti-rumour team! Whenever you hear a rumour, send /report.\n\n"
        "How should the centre's team see you in its list of agents? Write a name (it need "
        "not be your real one), or press a button. Without one, you are “Agent 1”."
    )
    # Her Telegram name is offered, never used unless she presses it.
    assert keyboard(welcome) == [
        ("Use my Telegram name: Olena", "agname:telegram"),
        ("Skip", "agname:skip"),
    ]
    [thanks] = sent(await olena.say("Olena <K.>"))
    assert thanks.text == "Thank you: the team sees you as “Olena &lt;K.&gt;”."
    # The name is asked once: what she types next is a question again, not a name.
    await olena.say("where can I learn the language?")
    second, _ = await join(staffed, SECOND_ID)
    [skipped] = sent(await second.press(AgentNaming(choice="skip").pack()))
    assert skipped.text == "Thank you: the team sees you as “Agent 2”."
    [again] = await second.press(AgentNaming(choice="telegram").pack())
    assert isinstance(again, AnswerCallbackQuery) and again.text == STALE
    agents = await rows(staffed, Agent)
    assert [(a.number, a.telegram_id, a.name, a.invite_label, a.revoked) for a in agents] == [
        (1, AGENT_ID, "Olena <K.>", "Bilbao workshop, March", None),
        (2, SECOND_ID, None, None, None),
    ]


async def test_a_long_telegram_name_is_offered_on_a_button_of_readable_length(staffed):
    long = "Оле" * 21  # Telegram allows 64 characters
    olena, welcome = await join(staffed, AGENT_ID, lang="uk", first_name=long)
    [(offer, data), _] = keyboard(welcome)
    assert len(offer) == 60 and offer.endswith("…") and data == "agname:telegram"
    await olena.press(data)
    [agent] = await rows(staffed, Agent)
    assert agent.name == long[:40]  # as long as a name typed may be


async def test_staff_see_the_roster_with_names_dates_reports_and_state(staffed):
    olena, _ = await join(staffed, AGENT_ID, "Bilbao workshop, March")
    await olena.press(AgentNaming(choice="telegram").pack())
    await make_agent(staffed, SECOND_ID)
    for heard in ("Refugees get more benefits than local people.", "Newcomers take our jobs."):
        await olena.say("/report")
        await olena.say(heard)
    # A report older than 30 days no longer counts on the roster.
    async with staffed.sessions() as session:
        old = (utcnow() - timedelta(days=31)).date().isoformat()
        await session.exec(
            update(Agent)
            .where(col(Agent.telegram_id) == SECOND_ID)
            .values(report_days=[old], joined=utcnow() - timedelta(days=40))
        )
        await session.commit()
    [roster] = sent(await make_chat(staffed, user_id=STAFF_ID).say("/agents"))
    today = utcnow().astimezone(city_zone(staffed)).strftime("%b %-d, %Y")
    joined = (utcnow() - timedelta(days=40)).astimezone(city_zone(staffed))
    assert roster.text == (
        "<b>Anti-rumour agents, active: 2</b>\n"
        f"1. <b>Olena</b> · joined {today} · 2 reports in 30 days · active\n"
        "    Invite: Bilbao workshop, March\n"
        f"2. <b>Agent 2</b> · joined {joined.strftime('%b %-d, %Y')} · 0 reports in 30 days "
        "· active"
    )
    assert keyboard(roster) == [
        ("🚫 Revoke Olena", "ag:revoke:1"),
        ("🚫 Revoke Agent 2", "ag:revoke:2"),
    ]


async def test_staff_revoke_and_restore_an_agent_by_button(staffed):
    agent = await make_agent(staffed)
    staff = make_chat(staffed, user_id=STAFF_ID)
    await staff.say("/agents")
    requests = await staff.press(AgentAction(action="revoke", number=1).pack())
    [done] = [r for r in requests if isinstance(r, AnswerCallbackQuery)]
    assert done.text == "Done: Agent 1 is no longer an anti-rumour agent."
    assert {
        (r.scope.chat_id, r.language_code) for r in requests if isinstance(r, DeleteMyCommands)
    } == {
        (AGENT_ID, None),
        (AGENT_ID, "en"),
        (AGENT_ID, "uk"),
    }
    roster = edited(requests)
    assert roster.text.startswith("<b>Anti-rumour agents, active: 0</b>\n1. <b>Agent 1</b> · ")
    assert roster.text.endswith(" · 0 reports in 30 days · revoked")
    assert keyboard(roster) == [("↩️ Restore Agent 1", "ag:restore:1")]
    [user] = await rows(staffed, User)
    [row] = await rows(staffed, Agent)
    assert (user.role, row.revoked is not None) == ("newcomer", True)
    [refusal] = await agent.say("/report")
    assert refusal.text == REFUSAL
    # A second tap on the same button (or another staff member's) changes nothing.
    [stale] = await staff.press(AgentAction(action="revoke", number=1).pack())
    assert stale.text == STALE

    requests = await staff.press(AgentAction(action="restore", number=1).pack())
    [done] = [r for r in requests if isinstance(r, AnswerCallbackQuery)]
    assert done.text == "Done: Agent 1 is an anti-rumour agent again."
    menus = [r for r in requests if isinstance(r, SetMyCommands)]
    assert {r.scope.chat_id for r in menus} == {AGENT_ID}
    assert keyboard(edited(requests)) == [("🚫 Revoke Agent 1", "ag:revoke:1")]
    [prompt] = await agent.say("/report")
    assert prompt.text.startswith("Tell me what you heard")
    [user] = await rows(staffed, User)
    [row] = await rows(staffed, Agent)
    assert (user.role, row.revoked) == ("agent", None)
    # Each change is in the audit log, by number and id, as the other staff actions.
    logged = [(e.actor, e.action, e.target, e.person) for e in await rows(staffed, AuditEntry)]
    assert logged[-2:] == [
        (STAFF_ID, "agent revoked", f"agent 1 ({AGENT_ID})", AGENT_ID),
        (STAFF_ID, "agent restored", f"agent 1 ({AGENT_ID})", AGENT_ID),
    ]
    # An agent number nobody has is a stale button.
    [stale] = await staff.press(AgentAction(action="restore", number=99).pack())
    assert stale.text == STALE


async def test_only_staff_see_the_roster_and_press_its_buttons(staffed):
    agent = await make_agent(staffed)
    for command in ("/agents", "/invites", "/invite Bilbao"):
        [refusal] = await agent.say(command)
        assert refusal.text == "Sorry, this is only for the centre's staff."
    [alert] = await agent.press(AgentAction(action="revoke", number=1).pack())
    assert alert.text == "Sorry, this is only for the centre's staff."
    [invite] = await rows(staffed, Invite)  # make_agent's
    [alert] = await agent.press(InviteCancel(code=invite.code).pack())
    assert alert.text == "Sorry, this is only for the centre's staff."
    [row] = await rows(staffed, Agent)
    assert row.revoked is None


async def test_an_invite_expires_after_the_invite_days(staffed):
    staffed.settings = staffed.settings.model_copy(update={"invite_days": 3})
    [link] = sent(await make_chat(staffed, user_id=STAFF_ID).say("/invite"))
    [invite] = await rows(staffed, Invite)
    assert invite.expires - invite.created == timedelta(days=3)
    until = invite.expires.astimezone(city_zone(staffed)).strftime("%b %-d, %Y")
    assert link.text.startswith(
        f"Single-use invite link for a new anti-rumour agent (it works once, until {until}):\n\n"
    )
    async with staffed.sessions() as session:  # three days later
        await session.exec(update(Invite).values(expires=utcnow() - timedelta(seconds=1)))
        await session.commit()
    [expired] = await make_chat(staffed, user_id=AGENT_ID).say(f"/start {link_code(link)}")
    assert expired.text == INVALID
    assert await rows(staffed, Agent) == []
    [none] = await make_chat(staffed, user_id=STAFF_ID).say("/invites")
    assert none.text == "No invite links are waiting to be used."


async def test_a_label_too_long_is_kept_shortened_and_staff_are_told(staffed):
    staff = make_chat(staffed, user_id=STAFF_ID)
    typed = "Workshop at the central library for volunteers from the northern districts, March"
    assert len(typed) > 80
    [link] = sent(await staff.say(f"/invite {typed}"))
    assert (
        f"):\nLabel: {typed[:80].strip()}\n(The label was shortened to its first 80 " in link.text
    )
    [invite] = await rows(staffed, Invite)
    assert invite.label == typed[:80].strip()
    [fits] = sent(await staff.say(f"/invite {typed[:80]}"))
    assert "shortened" not in fits.text


async def test_a_labelled_invite_is_listed_until_cancelled_by_button(staffed):
    staff = make_chat(staffed, user_id=STAFF_ID)
    [link] = sent(await staff.say("/invite Bilbao workshop, March"))
    assert link.text.startswith("Single-use invite link for a new anti-rumour agent (it works once")
    assert "):\nLabel: Bilbao workshop, March\n\nhttps://t.me/" in link.text
    await staff.say("/invite")
    [listed] = await staff.say("/invites")
    until = (utcnow() + timedelta(days=14)).astimezone(city_zone(staffed)).strftime("%b %-d, %Y")
    assert listed.text == (
        "<b>Invite links not used yet:</b>\n"
        f"1. Bilbao workshop, March · works until {until}\n"
        f"2. no label · works until {until}"
    )
    codes = {i.label: i.code for i in await rows(staffed, Invite)}
    assert keyboard(listed) == [
        ("❌ Cancel 1", f"inv:{codes['Bilbao workshop, March']}"),
        ("❌ Cancel 2", f"inv:{codes[None]}"),
    ]
    requests = await staff.press(InviteCancel(code=codes["Bilbao workshop, March"]).pack())
    [done] = [r for r in requests if isinstance(r, AnswerCallbackQuery)]
    assert done.text == "Cancelled: that link no longer works."
    assert edited(requests).text == (
        f"<b>Invite links not used yet:</b>\n1. no label · works until {until}"
    )
    assert [i.label for i in await rows(staffed, Invite)] == [None]
    [invalid] = await make_chat(staffed, user_id=AGENT_ID).say(f"/start {link_code(link)}")
    assert invalid.text == INVALID
    [stale] = await staff.press(InviteCancel(code=codes["Bilbao workshop, March"]).pack())
    assert stale.text == STALE
    logged = [(e.action, e.detail) for e in await rows(staffed, AuditEntry)]
    assert logged == [
        ("invite created", "Bilbao workshop, March"),
        ("invite created", None),
        ("invite cancelled", None),
    ]


async def test_the_command_line_lists_revokes_restores_and_cancels(staffed, monkeypatch, capsys):
    olena, _ = await join(staffed, AGENT_ID, "Bilbao workshop, March")
    await olena.say("Olena")
    staff = make_chat(staffed, user_id=STAFF_ID)
    await staff.say("/invite Porto, April")
    [porto] = [i for i in await rows(staffed, Invite) if not i.used]
    joined = utcnow().astimezone(city_zone(staffed)).strftime("%Y-%m-%d")
    code, out = await welcomebot_cli(staffed, monkeypatch, capsys, "agents")
    assert (code, out) == (
        0,
        f"   1  Olena                     joined {joined}    0 reports  active"
        "  (invite: Bilbao workshop, March)\n",
    )
    code, out = await welcomebot_cli(staffed, monkeypatch, capsys, "agents", "revoke", "1")
    assert code == 0 and out.startswith("revoked:    1  Olena ") and " revoked  (" in out
    [user] = [u for u in await rows(staffed, User) if u.telegram_id == AGENT_ID]
    assert user.role == "newcomer"
    code, out = await welcomebot_cli(staffed, monkeypatch, capsys, "agents", "revoke", "1")
    assert code == 1 and out.startswith("agent 1 is revoked already:    1  Olena ")
    code, out = await welcomebot_cli(staffed, monkeypatch, capsys, "agents", "revoke", "9")
    assert (code, out) == (1, "no agent 9 to revoke: see `welcomebot agents`\n")
    code, out = await welcomebot_cli(staffed, monkeypatch, capsys, "agents", "restore", "1")
    assert code == 0 and out.startswith("restored:    1  Olena ") and " active  (" in out
    # A blind test's restore of an active agent read "no agent 1 to restore".
    code, out = await welcomebot_cli(staffed, monkeypatch, capsys, "agents", "restore", "1")
    assert code == 1 and out.startswith("agent 1 is active:    1  Olena ")
    [user] = [u for u in await rows(staffed, User) if u.telegram_id == AGENT_ID]
    assert user.role == "agent"

    code, out = await welcomebot_cli(staffed, monkeypatch, capsys, "agents", "invites")
    assert code == 0 and out.startswith(f"{porto.code[:6]}…  until ")
    assert out.endswith("  Porto, April\n")
    code, out = await welcomebot_cli(
        staffed, monkeypatch, capsys, "agents", "cancel", porto.code[:6]
    )
    assert code == 0 and out.startswith(f"cancelled: {porto.code[:6]}…")
    assert [i.code for i in await rows(staffed, Invite)] != [] and porto.code not in {
        i.code for i in await rows(staffed, Invite)
    }
    code, out = await welcomebot_cli(staffed, monkeypatch, capsys, "agents", "invites")
    assert (code, out) == (0, "no invites waiting\n")
    logged = [(e.actor, e.action, e.target) for e in await rows(staffed, AuditEntry)][-3:]
    assert logged == [
        (None, "agent revoked", f"agent 1 ({AGENT_ID})"),
        (None, "agent restored", f"agent 1 ({AGENT_ID})"),
        (None, "invite cancelled", f"invite {porto.code[:6]}…"),
    ]


async def test_retention_keeps_only_the_report_days_the_roster_counts(staffed):
    from welcomebot.services.retention import purge_expired

    await make_agent(staffed)
    today = utcnow().astimezone(city_zone(staffed)).date().isoformat()  # the city's day
    old = (utcnow() - timedelta(days=31)).date().isoformat()
    async with staffed.sessions() as session:
        await session.exec(update(Agent).values(report_days=[old, old, today]))
        await session.commit()
    await purge_expired(staffed.sessions, staffed.settings)
    [agent] = await rows(staffed, Agent)
    assert agent.report_days == [today]


async def test_a_report_counts_on_the_city_s_day(staffed):
    sunday_in_utc = datetime(2026, 12, 6, 22, 30, tzinfo=UTC)  # 00:30 on Monday in Tallinn
    async with staffed.sessions() as session:
        roster = Roster(AgentRepository(session), UserRepository(session), city_zone(staffed))
        await roster.join(AGENT_ID + 500, "en", None, sunday_in_utc)
        await roster.reported(AGENT_ID + 500, sunday_in_utc)
        agent = await AgentRepository(session).of(AGENT_ID + 500)
    assert agent is not None and agent.report_days == ["2026-12-07"]


async def test_a_large_team_is_shown_a_page_at_a_time(staffed):
    """Telegram refuses a message with about a hundred buttons: /agents shows 20 a page."""
    async with staffed.sessions() as session:
        roster = Roster(AgentRepository(session), UserRepository(session), city_zone(staffed))
        for n in range(45):
            await roster.join(AGENT_ID + 100 + n, "en", None, utcnow())
        await session.commit()
    staff = make_chat(staffed, user_id=STAFF_ID)
    [first] = sent(await staff.say("/agents"))
    lines = first.text.splitlines()
    assert lines[0] == "<b>Anti-rumour agents, active: 45 · page 1 of 3</b>"
    assert [line.split(".")[0] for line in lines[1:]] == [str(n) for n in range(1, 21)]
    buttons = keyboard(first)
    assert buttons[:2] == [
        ("🚫 Revoke Agent 1", "ag:revoke:1"),
        ("🚫 Revoke Agent 2", "ag:revoke:2"),
    ]
    assert len(buttons) == 21 and buttons[-1] == ("▶️", "agp:1")

    second = edited(await staff.press("agp:1"))
    assert second.text.splitlines()[0] == "<b>Anti-rumour agents, active: 45 · page 2 of 3</b>"
    assert second.text.splitlines()[1].startswith("21. <b>Agent 21</b>")
    assert keyboard(second)[-2:] == [("◀️", "agp:0"), ("▶️", "agp:2")]
    # A page out of range (a forged button) shows the nearest one.
    last = edited(await staff.press("agp:99"))
    assert last.text.splitlines()[0].endswith("page 3 of 3</b>")
    assert len(last.text.splitlines()) == 1 + 5
    assert keyboard(last)[-1] == ("◀️", "agp:1")
    # After a revoke, the page that shows the agent.
    revoked = edited(await staff.press("ag:revoke:43"))
    assert revoked.text.splitlines()[0] == "<b>Anti-rumour agents, active: 44 · page 3 of 3</b>"
    assert "43. <b>Agent 43</b>" in revoked.text
    [uk] = sent(await make_chat(staffed, user_id=STAFF_ID, lang="uk").say("/agents"))
    assert uk.text.splitlines()[0] == "<b>Агенти протидії чуткам, активних: 44 · сторінка 1 з 3</b>"
    [refused] = [
        r
        for r in await make_chat(staffed, user_id=AGENT_ID + 100).press("agp:1")
        if isinstance(r, AnswerCallbackQuery)
    ]
    assert refused.text == "Sorry, this is only for the centre's staff."


async def test_more_pending_invites_than_telegram_takes_buttons_for_show_the_first(staffed):
    from welcomebot.storage.repositories import InviteRepository

    now = utcnow()
    async with staffed.sessions() as session:
        invites = InviteRepository(session)
        for n in range(105):
            await invites.create(f"code{n:03}", now, now + timedelta(days=1, minutes=n))
        await session.commit()
    *_, listed = sent(await make_chat(staffed, user_id=STAFF_ID).say("/invites"))
    # In parts (the length guard), the buttons under the last.
    assert listed.text.splitlines()[-1].startswith("105. no label · works until ")
    buttons = keyboard(listed)
    assert len(buttons) == 100
    assert buttons[0] == ("❌ Cancel 1", InviteCancel(code="code000").pack())
    assert buttons[-1] == ("❌ Cancel 100", InviteCancel(code="code099").pack())


async def test_retention_deletes_expired_invites_used_or_not_and_keeps_the_rest(staffed):
    from welcomebot.services.retention import purge_expired
    from welcomebot.storage.repositories import InviteRepository

    now = utcnow()
    async with staffed.sessions() as session:
        invites = InviteRepository(session)
        for code, days, used in [("gone", -1, False), ("used-gone", -1, True), ("live", 1, False)]:
            await invites.create(code, now - timedelta(days=14), now + timedelta(days=days))
            if used:
                assert await invites.redeem(code, now - timedelta(days=2)) is not None
        await invites.create("used-live", now, now + timedelta(days=1))
        assert await invites.redeem("used-live", now) is not None
        await session.commit()
    await purge_expired(staffed.sessions, staffed.settings)
    assert sorted(i.code for i in await rows(staffed, Invite)) == ["live", "used-live"]


def test_no_invite_code_begins_with_a_dash(monkeypatch):
    # `welcomebot agents cancel -Ab…` would read the code as an option.
    from welcomebot.services import roles

    drawn = iter(["-AbCdEfGhIjKlMnOp", "_AbCdEfGhIjKlMnOp"])
    monkeypatch.setattr(roles.secrets, "token_urlsafe", lambda _: next(drawn))
    assert roles.new_code() == "_AbCdEfGhIjKlMnOp"


async def test_a_page_of_the_longest_names_and_labels_stays_one_message(staffed):
    """20 names and invite labels of the longest, in emoji, would run past a message's 4096
    characters: Telegram would refuse a page turn's edit, and /agents would come in two
    messages. Such agents take more pages; each page is one message, every agent on one."""
    from welcomebot.services.roles import LABEL_CHARS
    from welcomebot.services.roster import NAME_CHARS
    from welcomebot.telegram.html_text import shown_length

    async with staffed.sessions() as session:
        roster = Roster(AgentRepository(session), UserRepository(session), city_zone(staffed))
        for n in range(45):
            await roster.join(AGENT_ID + 100 + n, "uk", "🏠" * LABEL_CHARS, utcnow())
            await roster.name(AGENT_ID + 100 + n, "🦊" * NAME_CHARS)
        await session.commit()
    staff = make_chat(staffed, user_id=STAFF_ID, lang="uk")
    [first] = sent(await staff.say("/agents"))  # one message, not split
    pages, seen = [first], []
    while keyboard(pages[-1])[-1][0] == "▶️":
        pages.append(edited(await staff.press(keyboard(pages[-1])[-1][1])))
    for page in pages:
        assert shown_length(page.text, html=True) <= 4096
        numbers = [int(line.split(".")[0]) for line in page.text.splitlines()[1::2]]
        buttons = [int(data.split(":")[-1]) for _, data in keyboard(page) if data[:3] == "ag:"]
        assert buttons == numbers  # each agent's button is on the page that shows the agent
        seen += numbers
    assert seen == list(range(1, 46))
    assert len(pages) > 3  # the 20 a page that short lines get would not fit
    assert pages[0].text.splitlines()[0].endswith(f"сторінка 1 з {len(pages)}</b>")


async def test_invites_in_ukrainian_say_what_the_link_is_first_and_end_each_sentence_once(staffed):
    staff = make_chat(staffed, user_id=STAFF_ID, lang="uk")
    [link] = sent(await staff.say("/invite"))
    [invite] = await rows(staffed, Invite)
    until = format_date(invite.expires.astimezone(city_zone(staffed)), "medium", locale="uk")
    assert link.text.startswith(
        "Одноразове посилання-запрошення для нового агента протидії чуткам (спрацьовує лише "
        f"один раз, дійсне до {until}):\n\nhttps://t.me/"
    )
    assert ".." not in link.text
    [listed] = await staff.say("/invites")
    assert listed.text == (
        f"<b>Ще не використані посилання-запрошення:</b>\n1. без позначки · дійсне до {until}"
    )
