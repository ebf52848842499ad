"""/mydata shows each kind of data kept about the person, and nothing of anyone else."""

from datetime import UTC, datetime, timedelta

from welcomebot.domain.states import EventState
from welcomebot.domain.tickets import TicketState
from welcomebot.i18n.dates import format_span
from welcomebot.storage.models import Event, Ticket, utcnow
from welcomebot.telegram.callbacks import (
    ChecklistAct,
    ChecklistAction,
    ProfileChoice,
    ProfileField,
    SubscriptionToggle,
)

from .fakes.chats import make_agent, make_chat, person
from .test_erasure import new_event, sign_up


async def test_mydata_shows_each_kind_of_stored_data(app):
    olena = await person(app, 51, "en")
    await person(app, 52, "en")
    await olena.say("/timezone Europe/Kyiv")
    await olena.press(ProfileChoice(field=ProfileField.SITUATION, option=3).pack())  # study
    await olena.press(ProfileChoice(field=ProfileField.CHILDREN, option=0).pack())
    await olena.press(ProfileChoice(field=ProfileField.AGES, option=0).pack())
    await olena.press(ProfileChoice(field=ProfileField.DISTRICT, option=2).pack())
    await olena.press(SubscriptionToggle(interest="topic.housing").pack())
    await olena.press(ChecklistAction(action=ChecklistAct.DONE, step="bank-account").pack())
    await olena.press(ChecklistAction(action=ChecklistAct.SKIP, step="phone-number").pack())
    full = await new_event(app, capacity=1, announce=False)
    await sign_up(app, 52, full)
    await sign_up(app, 51, full)
    await kept_tickets(app, [(51, TicketState.CLOSED, 2), (52, TicketState.OPEN, 3)])
    await kept_tickets(app, [(51, TicketState.ANSWERED, 20)])

    [reply] = await olena.say("/mydata")
    lines = reply.text.splitlines()
    when = format_span(full.starts, None, "Europe/Tallinn", "en")
    assert lines[:5] == [
        "<b>What the bot keeps about you</b>",
        "",
        "<b>Settings</b>",
        "Language: English",
        "District: Riverside",
    ]
    assert lines[5] == "Time zone: Europe/Kyiv"
    assert lines[6].startswith("Stored since: ")
    assert lines[7:] == [
        "",
        "<b>Profile</b>",
        "Situation: Study",
        "Children: yes (under 3)",
        "",
        "<b>First steps (/checklist)</b>",
        "Open a bank account: done",
        "Get a local phone number: skipped",
        "Weekly reminder: off",
        "",
        "<b>Announcements you get (/subscriptions)</b>",
        "Events and courses, General news, Housing",
        "",
        "<b>Event sign-ups (/events)</b>",
        f"Language café, {when} · waiting list, number 1",
        "",
        "<b>Requests to the centre's staff</b>",
        "#1, opened Nov 2, 2026: closed",
        "#3, opened Nov 20, 2026: answered",
        "",
        "Your Telegram id (51) is the key to all of this. Questions you type are kept without "
        "it. To delete everything: /forget",
    ]
    # Nothing of the other person's. The stored-since time and the event's start follow the
    # clock, so they may say 52 (7:52 AM); they are left out of this check.
    shown = "\n".join(lines[:6] + lines[7:]).replace(when, "").replace("(51)", "")
    assert "52" not in shown


async def test_mydata_in_ukrainian_and_for_someone_not_stored(app):
    chat = await person(app, 53, "uk")
    [reply] = await chat.say("/mydata")
    assert reply.text.startswith(
        "<b>Що бот зберігає про вас</b>\n\n<b>Налаштування</b>\nМова: українська\n"
    )
    assert "Ситуація: не вказано\nДіти: не вказано" in reply.text
    assert "Жоден крок ще не позначено.\nЩотижневе нагадування: вимкнено" in reply.text
    assert "<b>Звернення до працівників центру</b>\nнемає" in reply.text
    await kept_tickets(app, [(53, TicketState.OPEN, 5)])
    [again] = await chat.say("/mydata")
    assert "<b>Звернення до працівників центру</b>\n#1 від 5 лист. 2026\u202fр.: " in again.text
    assert "відкрито, чекає на працівників" in again.text
    stranger = make_chat(app, user_id=54, lang="en")
    [nothing] = await stranger.say("/mydata")
    assert nothing.text == "The bot keeps nothing about you."


async def test_a_request_is_shown_to_someone_who_never_chose_a_language(app):
    """A request to a person can be opened before any language is chosen: it is theirs."""
    await kept_tickets(app, [(55, TicketState.OPEN, 6)])
    [reply] = await make_chat(app, user_id=55, lang="en").say("/mydata")
    assert reply.text.splitlines()[:4] == [
        "<b>What the bot keeps about you</b>",
        "",
        "<b>Requests to the centre's staff</b>",
        "#1, opened Nov 6, 2026: open, waiting for the staff",
    ]


async def test_an_agent_sees_their_place_on_the_roster(staffed):
    agent = await make_agent(staffed)
    await agent.say("/report")
    await agent.say("the council will paint every bus green next spring")
    [reply] = await agent.say("/mydata")
    team = reply.text.split("<b>Anti-rumour team</b>\n", 1)[1].split("\n\n")[0].splitlines()
    assert team[0] == "Name on the roster: none (shown as Agent 1)"
    assert team[1].startswith("Joined: ")
    assert team[2:] == [
        "Reports in the last 30 days: 1 (only their days are kept, never which reports were yours)"
    ]


async def kept_tickets(app, tickets):
    """Tickets of (person, state, day of November 2026 it was opened)."""
    async with app.sessions() as session:
        for telegram_id, state, day in tickets:
            opened = datetime(2026, 11, day, 12, tzinfo=UTC)
            session.add(
                Ticket(telegram_id=telegram_id, lang="en", question="?", state=state, opened=opened)
            )
        await session.commit()


def test_a_kind_of_data_without_a_rendering_fails_loudly():
    """Sections are rendered by kind: a new kind without a rendering fails loudly, not silently."""
    import pytest

    from welcomebot.telegram.my_data import render

    event = Event(
        title={"en": "x"},
        description={},
        place={},
        starts=utcnow() + timedelta(days=1),
        timezone="Europe/Tallinn",
        audience={},
    )
    with pytest.raises(TypeError, match="no rendering for Event"):
        render(event, None)


async def test_a_cancelled_event_is_marked_so_among_the_sign_ups(app):
    chat = await person(app, 56, "uk")
    event = await new_event(app, capacity=None, announce=False)
    await sign_up(app, 56, event)
    async with app.sessions() as session:
        stored = await session.get(Event, event.id)
        assert stored is not None
        stored.state = EventState.CANCELLED
        await session.commit()
    [reply] = await chat.say("/mydata")
    when = format_span(event.starts, None, "Europe/Tallinn", "uk")
    assert (
        f"<b>Записи на події (/events)</b>\nLanguage café, {when} · скасовано: подія не відбудеться"
        in reply.text
    )
