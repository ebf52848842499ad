"""/mydata shows each kind of data kept about the person, and nothing of anyone else."""

from datetime import timedelta

from welcomebot.i18n.dates import format_span
from welcomebot.storage.models import Event, utcnow
from welcomebot.telegram.callbacks import (
    ChecklistAct,
    ChecklistAction,
    ProfileChoice,
    ProfileField,
    SubscriptionToggle,
)

from .fakes.chats import make_chat, person
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
        "Children: yes: under 3",
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
        "Your Telegram id (51) is the key to all of this. Questions you type are kept without "
        "it. To delete everything: /forget",
    ]
    assert "52" not in reply.text.replace("(51)", "")


async def test_mydata_in_ukrainian_and_for_someone_not_stored(app):
    chat = await person(app, 53, "uk")
    [reply] = await chat.say("/mydata")
    assert reply.text.startswith("<b>Що бот зберігає про вас</b>\n\n<b>Налаштування</b>\n")
    assert "Ситуація: не вказано\nДіти: не вказано" in reply.text
    assert "Жоден крок ще не позначено.\nЩотижневе нагадування: вимкнено" in reply.text
    stranger = make_chat(app, user_id=54, lang="en")
    [nothing] = await stranger.say("/mydata")
    assert nothing.text == "The bot keeps nothing about you: you have not chosen a language."


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
