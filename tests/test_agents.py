"""The anti-rumour agent flow through the real Dispatcher, and what it stores."""

from datetime import timedelta

from aiogram.methods import AnswerCallbackQuery, DeleteMyCommands, SendMessage, SetMyCommands

from welcomebot.storage.models import Invite, RumourReport, UnansweredQuestion, User
from welcomebot.storage.repositories import RumourReportRepository
from welcomebot.telegram.callbacks import ArgumentKindChoice, ContextChoice, ReportPick

from .fakes.chats import AGENT_ID, REFUSAL, STAFF_ID, keyboard, make_agent, make_chat, rows, sent
from .fakes.matching import never_sure

# Real-sized Telegram ids: a short one like 600 turns up by chance inside a hex digest.
NEWCOMER_ID = AGENT_ID + 1


async def test_an_invite_makes_an_agent_once(staffed):
    staff = make_chat(staffed, user_id=STAFF_ID)
    [link] = sent(await staff.say("/invite"))
    # Until 14 days later: see test_roster.py.
    assert link.text.startswith("Single-use invite link for a new anti-rumour agent (it works once")
    assert "):\n\nhttps://t.me/welcomebot_local?start=" in link.text
    code = link.text.rsplit("start=", 1)[1]
    [invite] = await rows(staffed, Invite)
    assert (invite.code, invite.used) == (code, False)
    requests = await make_chat(staffed, user_id=AGENT_ID).say(f"/start {code}")
    [welcome] = sent(requests)
    assert welcome.text.startswith("Welcome to the anti-rumour team!")
    # The agent's chat gets /report in its menu, in each language.
    menus = {r.language_code: r for r in requests if isinstance(r, SetMyCommands)}
    assert set(menus) == {None, "en", "uk"}
    assert all(m.scope.chat_id == AGENT_ID for m in menus.values())
    assert [(c.command, c.description) for c in menus["uk"].commands[-2:]] == [
        ("report", "Повідомити про почуту чутку"),
        ("card", "Картка кампанії проти чутки"),
    ]
    [user] = await rows(staffed, User)
    assert (user.telegram_id, user.role) == (AGENT_ID, "agent")
    [again] = await make_chat(staffed, user_id=NEWCOMER_ID).say(f"/start {code}")
    assert again.text == "This invite link is not valid any more. Ask the centre for a new one."
    assert [u.telegram_id for u in await rows(staffed, User)] == [AGENT_ID]


async def test_a_matched_report_gets_response_arguments_and_context(staffed):
    agent = await make_agent(staffed)
    [prompt] = await agent.say("/report")
    assert prompt.text.startswith("Tell me what you heard, in your own words")
    assert prompt.text.endswith(
        "\n\nIf you heard a threat of violence, call the police first (112): reports here are "
        "anonymous and do not reach them."
    )
    response, place = await agent.say("Refugees get more benefits than local people.")
    assert response.text.startswith(
        "<b>Rumour:</b> <i>Refugees get more benefits than local people.</i>\n\n"
        "Newcomers get no special"
    )
    assert response.text.endswith("\n\nArguments you can use:")
    assert keyboard(response) == [
        ("⚖️ Point out a contradiction", "arg:rumour-benefits:contradiction:en"),
        ("🤝 Empathy", "arg:rumour-benefits:empathy:en"),
        ("✖️ Not this rumour", "rx:1"),
    ]
    assert place.text == "Where did you hear it?"
    assert keyboard(place)[0] == ("Street or market", "ctx:place:0")
    assert keyboard(place)[-1] == ("Skip", "ctx:place:-1")

    requests = await agent.press(ContextChoice(field="place", option=0).pack())
    [district] = [r for r in requests if isinstance(r, SendMessage)]
    assert district.text == "In which district?"
    assert [t for t, _ in keyboard(district)] == [
        "Old Town",
        "Harbour",
        "Riverside",
        "North Hill",
        "Skip",
    ]
    requests = await agent.press(ContextChoice(field="district", option=-1).pack())
    [target] = [r for r in requests if isinstance(r, SendMessage)]
    assert target.text == "Whom does the rumour target?"
    requests = await agent.press(ContextChoice(field="target", option=1).pack())
    assert [r.text for r in requests if isinstance(r, SendMessage)] == [
        "Thank you! The report is logged anonymously."
    ]
    [report] = await rows(staffed, RumourReport)
    assert (report.rumour_id, report.place, report.district, report.target, report.lang) == (
        "rumour-benefits",
        "street",
        None,
        "refugees in general",
        "en",
    )
    assert report.text == "Refugees get more benefits than local people."
    # Nothing in the row leads back to the agent.
    stored = [str(v) for v in report.model_dump().values()]
    assert not any(str(AGENT_ID) in value for value in stored)
    assert "telegram_id" not in RumourReport.model_fields


async def test_an_agent_says_the_bot_took_the_wrong_rumour_and_it_counts_as_new(staffed):
    # A blind test's "they say ukrainians get free cars from the city" was answered, surely,
    # as "Real refugees would not drive expensive cars", and counted so, with no way back.
    from welcomebot.domain.barometer import Breakdown
    from welcomebot.services.barometer import NEW

    agent = await make_agent(staffed)
    await agent.say("/report")
    response, _ = sent(await agent.say("Refugees get more benefits than local people."))
    assert keyboard(response)[-1] == ("✖️ Not this rumour", "rx:1")
    other = await make_agent(staffed, user_id=AGENT_ID + 7)
    [stale] = await other.press("rx:1")  # not their report: refused, nothing changes
    assert isinstance(stale, AnswerCallbackQuery) and stale.text.startswith("This button no")
    [report] = await rows(staffed, RumourReport)
    assert report.rumour_id == "rumour-benefits"

    card = agent.session.replies[-2]  # the response, the place question after it
    requests = await agent.press("rx:1", card)
    [edited] = [
        r for r in requests if hasattr(r, "reply_markup") and not isinstance(r, SendMessage)
    ]
    assert ("✖️ Not this rumour", "rx:1") not in keyboard(edited)
    assert keyboard(edited) == keyboard(response)[:-1]  # the arguments stay
    [said] = sent(requests)
    assert said.text == (
        "Thank you: the report is now logged as a new rumour, and the team will look at it."
    )
    [report] = await rows(staffed, RumourReport)
    assert (report.rumour_id, report.not_rumour) == (None, "rumour-benefits")
    # Matched again by the barometer, it stays new, and it waits among the emerging ones.
    async with staffed.sessions() as session:
        found = await RumourReportRepository(session).tallies_since(report.created)
        filed = await RumourReportRepository(session).since(report.created)
    period = staffed.barometer.recent(1)
    lines = staffed.barometer.lines(staffed.barometer.resolve(found), period, Breakdown.RUMOUR)
    assert {line.key: line.total for line in lines if line.total} == {NEW: 1}
    assert [c.reports[0].id for c in staffed.barometer.emerging(filed)] == [report.id]
    [again] = await agent.press("rx:1")  # a second tap
    assert isinstance(again, AnswerCallbackQuery) and again.text.startswith("This button no")


async def test_not_this_rumour_works_only_within_a_week_of_the_report(staffed):
    agent = await make_agent(staffed)
    await agent.say("/report Refugees get more benefits than local people.")
    async with staffed.sessions() as session:
        report = await session.get(RumourReport, 1)
        report.created -= timedelta(days=8)  # its week may be on a council's page by now
        await session.commit()
    [late] = await agent.press("rx:1")
    assert isinstance(late, AnswerCallbackQuery) and late.text.startswith("This button no")
    [report] = await rows(staffed, RumourReport)
    assert report.rumour_id == "rumour-benefits"


async def test_arguments_are_revealed_one_kind_at_a_time(staffed):
    agent = await make_agent(staffed)
    requests = await agent.press(
        ArgumentKindChoice(rumour="rumour-jobs", kind="data", lang="en").pack()
    )
    [shown] = [r for r in requests if isinstance(r, SendMessage)]
    assert shown.text == (
        "<b>📊 Data</b>\n\nOECD studies find that, overall, immigration has little effect on the "
        "employment of people born in the country.\nSource: OECD International Migration Outlook"
    )


async def test_a_ukrainian_report_is_answered_in_ukrainian(staffed):
    agent = await make_agent(staffed, lang="uk")
    await agent.say("/report")
    response, place = await agent.say("Біженці отримують більше допомоги, ніж місцеві.")
    assert response.text.startswith(
        "<b>Чутка:</b> <i>Біженці отримують більше допомоги, ніж місцеві.</i>\n\n"
    )
    assert response.text.endswith("Аргументи, якими можна скористатися:")
    assert place.text == "Де ви це почули?"
    [report] = await rows(staffed, RumourReport)
    assert (report.rumour_id, report.lang) == ("rumour-benefits", "uk")


async def test_an_unmatched_report_is_filed_as_new(staffed):
    agent = await make_agent(staffed)
    await agent.say("/report")
    honest, place = await agent.say("the council will paint every bus green next spring")
    assert honest.text == (
        "I do not have a prepared response to this yet. Thank you: it is logged as a new rumour, "
        "and the team will look at it."
    )
    assert place.text == "Where did you hear it?"
    [report] = await rows(staffed, RumourReport)
    assert report.rumour_id is None and report.text.startswith("the council")


async def choosing(staffed, monkeypatch):
    """An agent whose report matched no rumour surely: the candidates are shown."""
    never_sure(staffed.reporting.matcher, monkeypatch)
    agent = await make_agent(staffed)
    await agent.say("/report")
    [question] = await agent.say("refugees take jobs")
    assert question.text == "Is it one of these rumours?"
    return agent, question


async def test_an_agent_chooses_among_candidates(staffed, monkeypatch):
    agent, question = await choosing(staffed, monkeypatch)
    options = keyboard(question)
    assert options[0][1] == ReportPick(rumour="rumour-jobs").pack()
    assert options[-1] == ("None of these: a new rumour", "rp:")
    requests = await agent.press(options[0][1])
    texts = [r.text for r in requests if isinstance(r, SendMessage)]
    assert texts[0].startswith("<b>Rumour:</b> <i>Newcomers take our jobs.</i>")
    [report] = await rows(staffed, RumourReport)
    assert report.rumour_id == "rumour-jobs"


async def test_one_agent_one_rumour_one_week_counts_once(staffed):
    agent = await make_agent(staffed)
    for _ in range(2):
        await agent.say("/report")
        await agent.say("Refugees get more benefits than local people.")
    other = await make_agent(staffed, user_id=601)
    await other.say("/report")
    await other.say("Refugees get more benefits than local people.")
    reports = await rows(staffed, RumourReport)
    assert len(reports) == 3
    assert len({r.agent_key for r in reports}) == 2  # counted once per agent
    key = staffed.reporting.agent_key
    assert key(AGENT_ID, "rumour-benefits", "2026-W01") != key(
        AGENT_ID, "rumour-benefits", "2026-W02"
    )


async def test_newcomers_and_forged_buttons_are_refused(staffed):
    newcomer = make_chat(staffed, user_id=NEWCOMER_ID)
    [refusal] = await newcomer.say("/report")
    assert refusal.text == REFUSAL
    for data in (
        ContextChoice(field="place", option=0).pack(),
        ReportPick(rumour="rumour-jobs").pack(),
    ):
        [alert] = await newcomer.press(data)
        assert isinstance(alert, AnswerCallbackQuery) and alert.show_alert and alert.text == REFUSAL
    for command in ("/invite", f"/revoke {AGENT_ID}"):
        [staff_only] = await newcomer.say(command)
        assert staff_only.text == "Sorry, this is only for the centre's staff."
    assert await rows(staffed, RumourReport) == []
    assert await rows(staffed, Invite) == []


async def test_staff_revoke_an_agent(staffed):
    agent = await make_agent(staffed)
    staff = make_chat(staffed, user_id=STAFF_ID)
    requests = await staff.say(f"/revoke {AGENT_ID}")
    [done] = sent(requests)
    assert done.text == f"Done: {AGENT_ID} is no longer an anti-rumour agent."
    dropped = [r for r in requests if isinstance(r, DeleteMyCommands)]
    assert {(r.scope.chat_id, r.language_code) for r in dropped} == {
        (AGENT_ID, None),
        (AGENT_ID, "en"),
        (AGENT_ID, "uk"),
    }
    [refusal] = await agent.say("/report")
    assert refusal.text == REFUSAL
    [not_agent] = await staff.say(f"/revoke {AGENT_ID}")
    assert not_agent.text == f"{AGENT_ID} is not an anti-rumour agent."


async def test_an_agent_revoked_in_the_middle_of_a_report_is_told_it_was_not_filed(staffed):
    # A blind test: revoked after /report, the agent's rumour got the work-permit answer.
    agent = await make_agent(staffed, lang="uk")
    await agent.say("/report")
    await make_chat(staffed, user_id=STAFF_ID).say(f"/revoke {AGENT_ID}")
    [told] = sent(await agent.say("кажуть що українці забирають роботу"))
    assert told.text == (
        "Ви більше не в команді протидії чуткам, тож це не записано як повідомлення. Якщо це "
        "помилка, зверніться, будь ласка, до центру для новоприбулих."
    )
    assert await rows(staffed, RumourReport) == []
    assert await rows(staffed, UnansweredQuestion) == []
    # The form is over: what they write next is a newcomer's question; a danger is answered
    # first even in the form (a review found only "not filed" said to one).
    [answer] = sent(await agent.say("як записатися до сімейного лікаря?"))
    assert "лікар" in answer.text


async def revoked_after_filing(staffed):
    """An agent whose report was filed, revoked at its first question."""
    agent = await make_agent(staffed, lang="uk")
    await agent.say("/report")
    await agent.say("Біженці отримують більше допомоги, ніж місцеві.")
    await make_chat(staffed, user_id=STAFF_ID).say(f"/revoke {AGENT_ID}")
    return agent


async def test_a_revoked_agent_in_danger_gets_the_emergency_answer_first(staffed):
    agent = await revoked_after_filing(staffed)
    [danger] = sent(await agent.say("мене б'є чоловік, допоможіть"))
    assert danger.text.startswith("🆘")
    [report] = await rows(staffed, RumourReport)  # filed before: kept
    assert report.rumour_id == "rumour-benefits"


async def test_a_revoked_agent_at_a_report_s_question_is_told_the_report_is_kept(staffed):
    agent = await revoked_after_filing(staffed)
    [told] = sent(await agent.say("Школа"))
    assert told.text == (
        "Ви більше не в команді протидії чуткам: подане вами повідомлення збережено, але більше "
        "нічого до нього не додано. Якщо це помилка, зверніться, будь ласка, до центру для "
        "новоприбулих."
    )
    [report] = await rows(staffed, RumourReport)
    assert (report.rumour_id, report.place) == ("rumour-benefits", None)


async def test_newcomers_asking_is_it_true_get_the_rumour_response(app):
    newcomer = make_chat(app, user_id=NEWCOMER_ID)
    [reply] = await newcomer.say(
        "If you visit Ukraine, you lose your temporary protection. Is that so?"
    )
    # The claim is marked as a rumour, so it does not read as the bot's own word.
    assert reply.text.startswith(
        "<b>Rumour:</b> <i>If you visit Ukraine, you lose your temporary protection.</i>\n\n"
        "There is no rule"
    )
    # Rumours about newcomers are for agents, not answers to newcomers.
    [other] = await newcomer.say("Newcomers take our jobs.")
    assert "Newcomers mostly fill jobs" not in other.text


async def test_a_ukrainian_report_keeps_to_ukrainian_whatever_the_agent_s_setting(staffed):
    # The agent's Telegram speaks English; what they heard, and so the whole flow, is Ukrainian.
    agent = await make_agent(staffed, lang="en")
    await agent.say("/report")
    response, place = await agent.say("Біженці отримують більше допомоги, ніж місцеві.")
    assert place.text == "Де ви це почули?"
    assert keyboard(response) == [
        ("⚖️ Вказати на суперечність", "arg:rumour-benefits:contradiction:uk"),
        ("🤝 Емпатія", "arg:rumour-benefits:empathy:uk"),
        ("✖️ Це не та чутка", "rx:1"),
    ]
    [district] = sent(await agent.press(ContextChoice(field="place", option=0).pack()))
    assert district.text == "У якому районі?"
    # centre.yaml names the districts and groups in Ukrainian: no English name is shown.
    assert keyboard(district) == [
        ("Старе місто", "ctx:district:0"),
        ("Гавань", "ctx:district:1"),
        ("Прирічний район", "ctx:district:2"),
        ("Північний пагорб", "ctx:district:3"),
        ("Пропустити", "ctx:district:-1"),
    ]
    [target] = sent(await agent.press(ContextChoice(field="district", option=1).pack()))
    assert target.text == "Про кого ця чутка?"
    assert [text for text, _ in keyboard(target)] == [
        "Українці",
        "Біженці загалом",
        "Роми",
        "Мусульмани",
        "Інші",
        "Пропустити",
    ]
    [thanks] = sent(await agent.press(ContextChoice(field="target", option=0).pack()))
    assert thanks.text == "Дякуємо! Повідомлення записано анонімно."
    [shown] = sent(await agent.press(keyboard(response)[1][1]))
    assert shown.text.startswith(
        "<b>🤝 Емпатія</b>\n\nБільшість новоприбулих воліли б самі заробляти."
    )
    [report] = await rows(staffed, RumourReport)
    # What is stored is the English name, as before the lists were translated.
    assert (report.lang, report.place, report.district, report.target) == (
        "uk",
        "street",
        "Harbour",
        "Ukrainians",
    )


async def test_a_typed_answer_inside_a_report_is_taken_or_asked_again(staffed):
    # A blind test typed "біля вокзалу" at the district step: it was filed as a newcomer's
    # unanswered question, with the emergency numbers, and the report's form was left.
    agent = await make_agent(staffed, lang="uk")
    await agent.say("/report")
    await agent.say("Біженці отримують більше допомоги, ніж місцеві.")
    [district] = sent(await agent.press(ContextChoice(field="place", option=0).pack()))
    assert district.text == "У якому районі?"
    [again] = sent(await agent.say("біля вокзалу"))
    assert again.text == (
        "Будь ласка, натисніть одну з кнопок або «Пропустити».\n\nУ якому районі?"
    )
    assert keyboard(again) == keyboard(district)
    # A district named in either language is taken as its button.
    [target] = sent(await agent.say("  harbour "))
    assert target.text == "Про кого ця чутка?"
    [thanks] = sent(await agent.say("Роми"))
    assert thanks.text == "Дякуємо! Повідомлення записано анонімно."
    [report] = await rows(staffed, RumourReport)
    assert (report.place, report.district, report.target) == ("street", "Harbour", "Roma")
    assert await rows(staffed, UnansweredQuestion) == []


async def test_inside_a_report_skip_and_options_are_taken_typed_in_either_language(staffed):
    agent = await make_agent(staffed, lang="en")  # the report is Ukrainian, the app English
    await agent.say("/report")
    await agent.say("Біженці отримують більше допомоги, ніж місцеві.")
    [district] = sent(await agent.say("Школа"))  # a place's button, in the report's language
    assert district.text == "У якому районі?"
    [target] = sent(await agent.say("Пропустити"))
    assert target.text == "Про кого ця чутка?"
    [thanks] = sent(await agent.say("-"))
    assert thanks.text == "Дякуємо! Повідомлення записано анонімно."
    [report] = await rows(staffed, RumourReport)
    assert (report.place, report.district, report.target) == ("school", None, None)


ASIDE_UK = (
    "Про повідомлення я зберігаю лише те, що ви обрали кнопками, а не те, що ви про нього "
    "пишете: так воно залишається анонімним. Це ще одна чутка, яку ви почули?"
)


async def test_a_danger_typed_inside_a_report_is_answered_first_and_the_report_goes_on(staffed):
    agent = await make_agent(staffed, lang="uk")
    await agent.say("/report")
    await agent.say("Біженці отримують більше допомоги, ніж місцеві.")
    [danger] = sent(await agent.say("мене б'є чоловік, допоможіть"))
    assert danger.text.startswith("🆘")
    # The report's question is still open for a short answer.
    [district] = sent(await agent.say("Школа"))
    assert district.text == "У якому районі?"
    [report] = await rows(staffed, RumourReport)
    assert (report.place, report.district, report.target) == ("school", None, None)


async def test_words_typed_at_a_report_s_question_are_the_context_or_another_rumour(staffed):
    # A blind test told the place in words ("it was in the tram, line 4, two older men") and
    # got a newcomer's answer with a crisis line's button; a second rumour typed there was
    # never filed. The agent now says which it is; words about the context are not kept.
    agent = await make_agent(staffed, lang="uk")
    await agent.say("/report")
    await agent.say("Біженці отримують більше допомоги, ніж місцеві.")
    [aside] = sent(await agent.say("це було в трамваї, лінія 4, двоє літніх чоловіків"))
    assert aside.text == ASIDE_UK
    assert keyboard(aside) == [
        ("📝 Так, повідомити й про неї", "ra:1:place:1"),
        ("↩️ Ні, назад до питань", "ra:0:place:1"),
    ]
    said, place = sent(await agent.press("ra:0:place:1", agent.session.replies[-1]))
    assert said.text == (
        "Ці слова не збережено. Щоб натомість поставити мені запитання, спершу надішліть /cancel."
    )
    assert place.text == "Де ви це почули?"
    assert len(keyboard(place)) > 2
    assert await rows(staffed, UnansweredQuestion) == []
    assert (await agent.press("ra:0:place:1"))[0].text.startswith("Ця кнопка більше не працює")
    # Words typed, then the question answered: their buttons no longer work (a review found
    # the context words filed as a rumour by an old "Yes").
    await agent.say("у трамваї номер чотири було")
    [district] = sent(await agent.say("Школа"))
    assert district.text == "У якому районі?"
    assert (await agent.press("ra:1:place:2"))[0].text.startswith("Ця кнопка більше не працює")
    # Another rumour, typed at the next question: filed as a report of its own; the words of
    # an earlier prompt at the same question no longer count.
    await agent.say("а ще кажуть, що біженці отримують житло без черги")
    [aside] = sent(await agent.say("а ще кажуть, що новоприбулі забирають нашу роботу"))
    assert aside.text == ASIDE_UK
    assert (await agent.press("ra:1:district:3"))[0].text.startswith("Ця кнопка більше не")
    response, place = sent(await agent.press("ra:1:district:4", agent.session.replies[-1]))
    assert response.text.startswith("<b>Чутка:</b>")
    assert place.text == "Де ви це почули?"
    first, second = sorted(await rows(staffed, RumourReport), key=lambda r: r.id)
    assert (first.rumour_id, first.place, first.district) == ("rumour-benefits", "school", None)
    assert second.rumour_id == "rumour-jobs"
    assert second.text == "а ще кажуть, що новоприбулі забирають нашу роботу"
    # The buttons work once: a second tap files nothing more.
    [stale] = await agent.press("ra:1:district:4")
    assert isinstance(stale, AnswerCallbackQuery)
    assert stale.text.startswith("Ця кнопка більше не працює")
    assert len(await rows(staffed, RumourReport)) == 2


async def test_cancel_after_a_report_is_filed_says_it_is_kept(staffed):
    agent = await make_agent(staffed, lang="uk")
    await agent.say("/report")
    await agent.say("Біженці отримують більше допомоги, ніж місцеві.")
    await agent.say("Школа")
    [stopped] = sent(await agent.say("/cancel"))
    assert stopped.text == "Зупинено. Ваше повідомлення збережено — без відповідей на решту питань."
    [report] = await rows(staffed, RumourReport)
    assert (report.rumour_id, report.place, report.district) == ("rumour-benefits", "school", None)
    [nothing] = sent(await agent.say("/cancel"))
    assert nothing.text == "Немає чого скасовувати."


async def test_report_with_words_takes_them_as_what_was_heard(staffed):
    agent = await make_agent(staffed)
    response, place = sent(await agent.say("/report Refugees get more benefits than local people."))
    assert response.text.startswith("<b>Rumour:</b> <i>Refugees get more benefits")
    assert place.text == "Where did you hear it?"
    [report] = await rows(staffed, RumourReport)
    assert report.text == "Refugees get more benefits than local people."


async def test_text_typed_while_choosing_a_rumour_waits_for_a_press(staffed, monkeypatch):
    agent, question = await choosing(staffed, monkeypatch)
    [hint] = sent(await agent.say("the first one"))
    # The buttons come again with it: the console presses only the latest reply's.
    assert hint.text == "Please press one of these buttons:"
    assert keyboard(hint) == keyboard(question)
    assert await rows(staffed, RumourReport) == []
    assert await rows(staffed, UnansweredQuestion) == []
    await agent.press(keyboard(question)[0][1])
    [report] = await rows(staffed, RumourReport)
    assert report.rumour_id == "rumour-jobs"


async def test_a_report_without_words_is_asked_for_words_and_not_filed(staffed):
    agent = await make_agent(staffed, lang="uk")
    await agent.say("/report")
    for nothing in ("😡", "12345", "брехня"):
        [ask] = sent(await agent.say(nothing))
        assert ask.text == (
            "Будь ласка, розкажіть кількома словами, що ви почули, наприклад: «кажуть, що "
            "новоприбулі отримують квартири безкоштовно».\n\nЯкщо ви почули погрозу насильства, "
            "спершу зателефонуйте до поліції (112): повідомлення тут анонімні й до поліції не "
            "потрапляють."
        )
    assert await rows(staffed, RumourReport) == []
    response, _ = sent(await agent.say("Біженці отримують більше допомоги, ніж місцеві."))
    [report] = await rows(staffed, RumourReport)
    assert report.rumour_id == "rumour-benefits"


POLICE_EN = (
    "⚠️ If you heard a threat of violence against people or property, call the police now: "
    "reports here are anonymous and do not reach them.\n🚓 Emergency (ambulance, police, "
    "fire) 112\n\n"
)


POLICE_UK = (
    "⚠️ Якщо ви почули погрозу насильства проти людей чи майна, негайно зателефонуйте до "
    "поліції: повідомлення тут анонімні й до поліції не потрапляють.\n"
    "🚓 Екстрена допомога (швидка, поліція, пожежні) 112\n\n"
)


async def test_a_threat_heard_is_pointed_to_the_police_and_still_filed(staffed):
    agent = await make_agent(staffed)
    await agent.say("/report")
    warned, place = await agent.say("two men at the bar said they will burn the refugee hostel")
    assert warned.text == POLICE_EN + (
        "I do not have a prepared response to this yet. Thank you: it is logged as a new rumour, "
        "and the team will look at it."
    )
    assert place.text == "Where did you hear it?"
    [report] = await rows(staffed, RumourReport)
    assert report.text.startswith("two men at the bar")


async def test_a_threat_in_ukrainian_is_pointed_to_the_police_in_ukrainian(staffed):
    agent = await make_agent(staffed, lang="uk")
    [prompt] = await agent.say("/report")
    assert prompt.text.endswith(
        "\n\nЯкщо ви почули погрозу насильства, спершу зателефонуйте до поліції (112): "
        "повідомлення тут анонімні й до поліції не потрапляють."
    )
    [warned, _] = await agent.say("/report у чаті пишуть, що треба підпалити гуртожиток")
    assert warned.text.startswith(POLICE_UK)


async def test_the_police_note_speaks_the_language_of_what_was_heard(staffed):
    english = await make_agent(staffed)
    [warned, _] = await english.say("/report у чаті пишуть, що треба підпалити гуртожиток")
    assert warned.text.startswith(POLICE_UK)
    ukrainian = await make_agent(staffed, user_id=AGENT_ID + 5, lang="uk")
    [warned, _] = await ukrainian.say("/report two men said they will burn the refugee hostel")
    assert warned.text.startswith(POLICE_EN)


async def test_a_rumour_that_newcomers_are_violent_is_no_threat(staffed):
    agent = await make_agent(staffed)
    await agent.say("/report")
    for heard in ("refugees attack people on the street", "мігранти ґвалтують жінок"):
        replies = await agent.say(heard)
        assert not any("police" in r.text or "поліці" in r.text for r in replies)
        await agent.say("/report")


async def test_a_threat_among_candidates_is_pointed_to_the_police_first(staffed, monkeypatch):
    never_sure(staffed.reporting.matcher, monkeypatch)
    agent = await make_agent(staffed)
    await agent.say("/report")
    [question] = await agent.say("they want to beat up the refugees who take our jobs")
    assert question.text == POLICE_EN + "Is it one of these rumours?"
