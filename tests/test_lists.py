"""Districts and target groups named in the reader's language: from centre.yaml, else the
settings; what is stored stays the English name."""

import argparse
from types import SimpleNamespace

from welcomebot.cli.broadcast import audience_of
from welcomebot.content.models import ARGUMENT_KINDS
from welcomebot.services.content_check import check_content
from welcomebot.storage.models import Broadcast, RumourReport, User
from welcomebot.telegram.callbacks import (
    ArgumentKindChoice,
    AudienceStep,
    BroadcastAction,
    ContextChoice,
    DistrictChoice,
)

from .fakes.chats import STAFF_ID, keyboard, make_agent, person, rows, sent
from .test_content import write

FAQ = """\
topic: health
title: {en: Health, uk: Здоров'я}
entries:
  - id: health-doctor
    question: {en: "How do I find a doctor?", uk: "Як знайти лікаря?"}
    answer: {en: Register at a health centre., uk: Зареєструйтеся в медичному центрі.}
"""

CENTRE = """\
name: {en: Centre, uk: Центр}
contact: {en: Call us, uk: Зателефонуйте нам}
districts:
  - {key: old-town, name: {en: Old Town, uk: Старе місто}}
  - {key: harbour, name: {en: Harbour}}
  - {key: old-town, name: {en: Docks, uk: ' '}}
target_groups:
  - {key: roma, name: {en: Roma, uk: Роми}}
  - {key: roma-people, name: {en: roma, uk: Ромський народ}}
"""


# A demo rumour with an argument of each kind.
RUMOUR_WITH = {
    "data": "rumour-jobs",
    "contradiction": "rumour-jobs",
    "experience": "rumour-jobs",
    "empathy": "rumour-benefits",
    "generalisation": "rumour-crime",
    "values": "rumour-no-taxes",
    "diversity": "rumour-no-integration",
}


def shown(chat):
    """The bot's last message, as the person's client holds it (buttons and all)."""
    return chat.session.replies[-1]


async def test_a_ukrainian_newcomer_chooses_a_district_in_ukrainian(app):
    olena = await person(app, lang="uk")
    [menu] = sent(await olena.say("/subscriptions"))
    districts = [b for b in keyboard(menu) if b[1].startswith("dist:")]
    assert districts == [
        ("▫️ Старе місто", "dist:0"),
        ("▫️ Гавань", "dist:1"),
        ("▫️ Прирічний район", "dist:2"),
        ("▫️ Північний пагорб", "dist:3"),
        ("📍 Без району", "dist:-1"),
    ]
    requests = await olena.press(DistrictChoice(option=3).pack(), shown(olena))
    [user] = await rows(app, User)
    assert user.district == "North Hill"  # stored as before: the English name
    [edited] = [r for r in requests if getattr(r, "reply_markup", None) is not None]
    assert ("📍 Північний пагорб", "dist:3") in keyboard(edited)


async def test_staff_choose_a_district_named_in_their_language(staffed):
    staff = await person(staffed, STAFF_ID, "uk")
    await staff.say("/broadcast")
    await staff.say("Free bike repair on Saturday.")
    [audience] = sent(await staff.say("Безкоштовний ремонт велосипедів у суботу."))
    assert audience.text.endswith("Район: усі")
    requests = await staff.press(AudienceStep(field="districts").pack())
    assert requests[-1].text.endswith("Район: Старе місто")
    await staff.press(AudienceStep(field="done").pack())
    await staff.press(BroadcastAction(action="now").pack())
    [broadcast] = await rows(staffed, Broadcast)
    assert broadcast.audience["districts"] == ["Old Town"]  # as users store it


def test_content_check_flags_a_district_without_its_ukrainian_name(tmp_path):
    write(tmp_path, "content/faq/health.yaml", FAQ)
    write(tmp_path, "content/centre.yaml", CENTRE)
    problems, _ = check_content(tmp_path / "content", max_age_days=365)
    assert [str(p) for p in problems] == [
        "content/centre.yaml: harbour: districts.2.name: missing translation: uk",
        "content/centre.yaml: old-town: districts.3: duplicate key",
        "content/centre.yaml: old-town: districts.3.name.uk: empty name",
        "content/centre.yaml: roma-people: target_groups.2.name.en: another item has the same name",
    ]


async def test_without_lists_in_centre_yaml_the_settings_name_them(staffed):
    staffed.centre = staffed.centre.model_copy(update={"districts": (), "target_groups": ()})
    staffed.settings = staffed.settings.model_copy(
        update={"districts": ("Centre", "Docks"), "target_groups": ("students",)}
    )
    olena = await person(staffed, lang="uk")
    [menu] = sent(await olena.say("/subscriptions"))
    assert [b for b in keyboard(menu) if b[1].startswith("dist:")] == [
        ("▫️ Centre", "dist:0"),
        ("▫️ Docks", "dist:1"),
        ("📍 Без району", "dist:-1"),
    ]
    agent = await make_agent(staffed, lang="uk")
    await agent.say("/report")
    await agent.say("Біженці отримують більше допомоги, ніж місцеві.")
    [district] = sent(await agent.press(ContextChoice(field="place", option=0).pack()))
    assert [t for t, _ in keyboard(district)] == ["Centre", "Docks", "Пропустити"]
    [target] = sent(await agent.press(ContextChoice(field="district", option=1).pack()))
    assert [t for t, _ in keyboard(target)] == ["students", "Пропустити"]
    await agent.press(ContextChoice(field="target", option=0).pack())
    [report] = await rows(staffed, RumourReport)
    assert (report.district, report.target) == ("Docks", "students")


def test_the_broadcast_command_takes_a_district_by_key_or_any_name(settings):
    app = SimpleNamespace(settings=settings)
    args = argparse.Namespace(
        interest="news",
        lang=None,
        role=None,
        district=["harbour", "Старе місто", "Harbour"],
        situation=None,
        children=None,
    )
    assert audience_of(args, app).districts == ("Harbour", "Old Town")


async def test_every_kind_of_argument_has_its_sign_in_both_languages(staffed):
    """Each kind's button is its sign and its name, never a bare name beside a signed one."""
    agent = await make_agent(staffed, lang="uk")
    labels = {}
    for kind in ARGUMENT_KINDS:
        requests = await agent.press(
            ArgumentKindChoice(rumour=RUMOUR_WITH[kind], kind=kind, lang="uk").pack()
        )
        [shown] = sent(requests)
        labels[kind] = shown.text.split("</b>")[0].removeprefix("<b>")
    assert labels == {
        "data": "📊 Дані",
        "generalisation": "🔍 Спростувати узагальнення",
        "contradiction": "⚖️ Вказати на суперечність",
        "empathy": "🤝 Емпатія",
        "experience": "🗣️ Особистий досвід",
        "values": "💛 Спільні цінності",
        "diversity": "🌈 Різноманіття",
    }
