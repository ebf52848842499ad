"""Urgent needs first: a message from someone in danger gets its urgent entry as a direct
answer, with the emergency numbers, in every style people write in, on both contents.

`data/urgent-messages.jsonl` was written blind, by a writer who had not seen the danger
signals: panic, capitals, no punctuation, long stories, Latin-typed Ukrainian, Russian, Surzhyk,
and ordinary questions with health, family, food and housing words (category "none").
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from aiogram.methods import SendMessage

from welcomebot.content.loader import load_content
from welcomebot.matching.danger import Danger, load_danger
from welcomebot.matching.lexicon_files import load_lexicon
from welcomebot.matching.matcher import Candidate, Match, Matcher, Outcome
from welcomebot.services.answering import Responder, _for_newcomers
from welcomebot.services.content_check import check_content
from welcomebot.services.urgent import UrgentEntries, ordinary_questions
from welcomebot.storage.models import UnansweredQuestion
from welcomebot.telegram.callbacks import EntryChoice

from .fakes.chats import CONTACT_EN, EMERGENCY_LINE_EN, keyboard, make_chat, rows
from .fakes.repo import DEMO_CONTENT, EVAL_DIR

MESSAGES = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "urgent-messages.jsonl").read_text().splitlines()
]
URGENT = [m for m in MESSAGES if m["category"] != "none"]
ORDINARY = [m for m in MESSAGES if m["category"] == "none"]

# Each danger's entry. The eval content has no violence or child entry: those fall back to the
# general emergency, whose answer gives 112.
ENTRIES = {
    "demo": {
        "medical": "health-emergency",
        "suicide": "health-crisis",
        "violence": "safety-domestic-violence",
        "child": "safety-missing-child",
        "shelter": "housing-emergency",
        "food": "money-emergency-food",
    },
    "eval": {
        "medical": "health-emergency",
        "suicide": "health-mental-support",
        "violence": "health-emergency",
        "child": "health-emergency",
        "shelter": "housing-temporary-shelter",
        "food": "money-emergency-food",
    },
}


@cache
def responder(content: str) -> tuple[Responder, Matcher]:
    folder = DEMO_CONTENT if content == "demo" else EVAL_DIR / "content"
    if not folder.is_dir():
        pytest.fail(f"the evaluation corpus is missing: expected {folder} beside the repo")
    pack, _ = load_content(folder)
    lexicon, _ = load_lexicon(folder)
    matcher = Matcher(pack.entries, pack.group_titles, lexicon=lexicon)
    urgent = UrgentEntries.load(pack, folder, matcher.analyzer)
    return Responder(matcher, urgent), matcher


def reply_to(content: str, text: str, lang: str):
    answering, matcher = responder(content)
    danger, _ = answering.read(text)
    match = matcher.match(text, lang, mask=matcher.mask(_for_newcomers))
    return answering.decide(match, danger)


@pytest.mark.parametrize("content", ["demo", "eval"])
@pytest.mark.parametrize(
    "message", URGENT, ids=[f"{m['lang']}-{m['category']}-{i}" for i, m in enumerate(URGENT)]
)
def test_an_urgent_message_gets_its_urgent_entry_at_once(content, message):
    reply = reply_to(content, message["text"], message["lang"])
    assert reply.urgent and reply.outcome is Outcome.ANSWER
    assert reply.entry is not None and reply.entry.id == ENTRIES[content][message["category"]]
    assert reply.lang == message["lang"]


def test_the_test_set_has_forty_urgent_messages_a_language_in_every_style():
    for lang in ("en", "uk"):
        mine = [m for m in URGENT if m["lang"] == lang]
        assert len(mine) >= 40
        assert {m["category"] for m in mine} == set(ENTRIES["demo"])
    styles = {m["style"] for m in URGENT}
    assert {"caps", "no-punct", "story", "latin-uk", "russian", "surzhyk", "panic"} <= styles


@pytest.mark.parametrize("content", ["demo", "eval"])
@pytest.mark.parametrize(
    "message", ORDINARY, ids=[f"{m['lang']}-{i}" for i, m in enumerate(ORDINARY)]
)
def test_an_ordinary_question_with_a_health_word_is_not_treated_as_an_emergency(content, message):
    """Recall comes first, but "my child has a cold" still gets its normal reply: at most the
    emergency numbers are added to it."""
    reply = reply_to(content, message["text"], message["lang"])
    assert not reply.urgent
    answering, matcher = responder(content)
    plain = answering.decide(
        matcher.match(message["text"], message["lang"], mask=matcher.mask(_for_newcomers))
    )
    assert reply.outcome == plain.outcome or reply.emergency_note
    if reply.outcome is Outcome.ANSWER:
        assert reply.entry == plain.entry


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("мій чоловік мене б'є", "safety-domestic-violence"),
        ("хочу покінчити з собою", "health-crisis"),
        ("Someone collapsed at the bus stop, who do I call??", "health-emergency"),
        ("my waters broke and theres a lot of blood", "health-emergency"),
        ("chest pain husband all sweaty cant breath", "health-emergency"),
        ("дитина синіє і погано дихає", "health-emergency"),
        # A longer phrase of another danger reads the same words more exactly.
        ("how many paracetamol would it take to not wake up", "health-crisis"),
        ("sometimes I wish I could sleep and not wake up", "health-crisis"),
        ("my dad won't wake up and is breathing strangely", "health-emergency"),
    ],
)
def test_the_messages_the_issue_reported_get_their_urgent_entry(text, entry):
    reply = reply_to("demo", text, "en")
    assert reply.urgent and reply.entry is not None and reply.entry.id == entry


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "сину 9 років, мав бути вдома о 15:00, вже сьома вечора, телефон вимкнений, "
            "друзі не знають де він",
            "uk",
        ),
        (
            "My son is 9, he was supposed to be home at 3, it's 7pm now, his phone is off and "
            "his friends don't know where he is",
            "en",
        ),
        (
            "сыну 9 лет, должен был быть дома в три, уже семь вечера, телефон выключен, "
            "друзья не знают где он",
            "uk",
        ),
    ],
)
def test_a_child_overdue_and_nowhere_to_be_found_is_a_missing_child(text, lang):
    # Neither sign alone says danger ("my husband should be home at six"); both together do.
    reply = reply_to("demo", text, lang)
    assert reply.urgent and reply.entry is not None and reply.entry.id == "safety-missing-child"
    alone = reply_to("demo", "my husband should be home at 6, can I come to the course then?", "en")
    assert not alone.urgent and alone.emergency_note


@pytest.mark.parametrize(
    "text",
    [
        "my dad fell and isnt waking up what number do i call",
        "my mum hasn't woken up since this morning and she's cold",
    ],
)
def test_someone_who_is_not_waking_up_is_a_medical_emergency(text):
    reply = reply_to("demo", text, "en")
    assert reply.urgent and reply.entry is not None and reply.entry.id == "health-emergency"


@pytest.mark.parametrize(
    ("text", "lang", "entry"),
    [
        # What is happening, without the textbook word.
        (
            "She ate something with peanuts and now her lips are swelling and she is wheezing",
            "en",
            "health-emergency",
        ),
        ("he drank something from under the sink, he is two", "en", "health-emergency"),
        # A wish not to wake is no one who does not wake: the crisis line, not an ambulance.
        (
            "Після смерті сина я не хочу прокидатися, весь день думаю як це зробити",
            "uk",
            "health-crisis",
        ),
        (
            "someone forced himself on me at the party, I'm hiding in the bathroom",
            "en",
            "safety-domestic-violence",
        ),
        (
            "бывший ждёт под общагой, писал что покончит с нами обоими",
            "uk",
            "safety-domestic-violence",
        ),
        ("night bus has been our bed for three nights", "en", "housing-emergency"),
        ("третий день пьём только чай", "uk", "money-emergency-food"),
        ("син просить їсти, а мені нема за що купити хліба", "uk", "money-emergency-food"),
        (
            "Someone took my son from the playground and I can't find them",
            "en",
            "safety-missing-child",
        ),
        ("we are starving", "en", "money-emergency-food"),
        ("I think I am a victim of human trafficking", "en", "safety-domestic-violence"),
        ("we need an ambulance for my father", "en", "health-emergency"),
        # The same words with no ordinary question around them stay a danger, and one that
        # seems near ("alone", "a hostel room") lies in the next sentence.
        (
            "Honestly I don't want to live. Alone in a hostel room, no money, no friends",
            "en",
            "health-crisis",
        ),
        ("I do not want to live, I am alone in this city with no one", "en", "health-crisis"),
        ("Не хочу жити. Я одна.", "uk", "health-crisis"),
        # The words of an ordinary phrase, but a danger all the same.
        ("I lost my son at the station and his phone is off", "en", "safety-missing-child"),
        ("my son ran away and is not answering his phone", "en", "safety-missing-child"),
        ("My son is missing", "en", "safety-missing-child"),
        ("There is a lot of blood, he fell", "en", "health-emergency"),
        ("my son ran away, he took his book bag and left a note", "en", "safety-missing-child"),
        ("ночуємо в машині на парковці, нема куди йти", "uk", "housing-emergency"),
        ("діти плачуть з голоду", "uk", "money-emergency-food"),
        ("сын потерялся, не можем найти", "uk", "safety-missing-child"),
        # A review's real dangers said with an ordinary phrase's words (2026-12-06).
        ("so much blood, i'm scared", "en", "health-emergency"),
        ("he got violent again, a lot of blood", "en", "health-emergency"),
        ("Куди на ніч? Сиджу в авто з малим", "uk", "housing-emergency"),
        ("Загубила дитину, на ньому синя куртка і рюкзак", "uk", "safety-missing-child"),
        ("Ребенок потерялся, красная шапка, синий рюкзак", "uk", "safety-missing-child"),
        # Said by no phrase strongly: the classifier, since it learnt Ukrainians' own wording.
        ("Мій син втік з дому, не знаю де він", "uk", "safety-missing-child"),
        (
            "My kids are missing since school ended, I can't reach them",
            "en",
            "safety-missing-child",
        ),
        ("Дети хотят есть, не на что купить", "uk", "money-emergency-food"),
        ("starving, no dinner tonight, no money at all", "en", "money-emergency-food"),
        ("Помираю с голоду, вторые сутки без завтрака и обеда", "uk", "money-emergency-food"),
        ("Я бездомний, волонтери з притулку не пустили", "uk", "housing-emergency"),
        (
            "my son is missing since this morning, he went to school and never came back",
            "en",
            "safety-missing-child",
        ),
        ("ми з дітьми на вулиці, де переночувати цю ніч?", "uk", "housing-emergency"),
        ("I don't want to live in this world any more", "en", "health-crisis"),
        ("she doesn't want to live anymore, she gave away her things", "en", "health-crisis"),
        ("не хочу жити", "uk", "health-crisis"),
        ("третій день без їжі, діти плачуть", "uk", "money-emergency-food"),
        ("сижу на вокзале с детьми, ночью некуда идти", "uk", "housing-emergency"),
        ("незнаю куди вночі з дітьми", "uk", "housing-emergency"),
        # A parent who will never see the child again: a child taken, not a farewell.
        (
            "My ex came for the kids today. He said he would take our son for ice cream, it has "
            "been five hours and now he writes he is driving to Poland and I will never see him "
            "again.",
            "en",
            "safety-missing-child",
        ),
        # A missing child near family or friends: not a child who misses them.
        ("my son went missing on the way to grandma", "en", "safety-missing-child"),
        (
            "my daughter went missing, she was with friends at the park",
            "en",
            "safety-missing-child",
        ),
        (
            "my son is missing, he went to his friends house and never arrived",
            "en",
            "safety-missing-child",
        ),
    ],
)
def test_a_danger_described_in_other_words_gets_its_urgent_entry(text, lang, entry):
    reply = reply_to("demo", text, lang)
    assert reply.urgent and reply.entry is not None and reply.entry.id == entry


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # A typo reading must not make "moved in" (заселилися) "shot ourselves" (застрелилися).
        ("ми заселилися в порожню квартиру, а в нас нічого немає", "uk"),
        ("The landlord changed the locks after we moved out and kept the deposit. Can he?", "en"),
        ("Хазяйка поміняла замки після того як ми виїхали і не віддає депозит", "uk"),
        ("im starving lol when does the canteen at the centre open", "en"),
        ("We learnt about human trafficking at school, where can I read more?", "en"),
        ("My husband took the kids to school and they need a medical form. Where is it?", "en"),
        ("Сусіди такі гучні, що я їх скоро приб'ю 😂 Які тут правила щодо тиші?", "uk"),
        # Words of another sense: costs, was supposed to, to them, a sweater, take away.
        ("Сколько стоит ремонт крыши?", "uk"),
        ("Виплата мала прийти ще минулого тижня, досі нема", "uk"),
        ("Написала їм ще раз, а вони третій день не відповідають", "uk"),
        ("Where can I buy a grey sweater for the school uniform?", "en"),
        ("The landlord threatens to take away our deposit", "en"),
        ("There is no room left in the kindergarten", "en"),
        ("Is the park safe for kids after dark?", "en"),
        ("Хазяїн сказав, що не можна прибити полицю", "uk"),
        ("Чоловік приїде слідом за нами через місяць", "uk"),
        # A danger's words inside an ordinary question (danger.yaml, `ordinary`).
        ("My mother doesn't want to live with us, can she get her own flat?", "en"),
        ("I don't want to live in a dorm with strangers", "en"),
        ("Не хочу жити в гуртожитку, де шукати квартиру?", "uk"),
        ("Is the centre on Main Street closed today?", "en"),
        ("Для дитини ніде немає місця в садку, що робити?", "uk"),
        # A review's sentences (2026-12-06).
        ("My son ran away from the lesson again, the teacher wants to talk to me", "en"),
        ("My husband hits the gym every day, is there a cheap gym?", "en"),
        ("I lost my kid's birth certificate, how do I get a new one?", "en"),
        ("My daughter lost her school bag, where is lost and found?", "en"),
        ("I can't breathe in this city, the air is so polluted", "en"),
        ("I almost drowned once as a child, are there swimming lessons for adults?", "en"),
        ("Дитина не хоче їсти в садочку, що робити?", "uk"),
        ("Нечего делать вечером, есть клубы для подростков?", "uk"),
        ("Де можна переночувати одну ніч у хостелі недорого?", "uk"),
        ("Скільки днів можна без їжі перед аналізом?", "uk"),
        ("Сколько дней без еды перед анализом крови?", "uk"),
        # Ordinary questions of the third training set (danger-training-3.jsonl).
        ("my son's class is reading a book about a boy who runs away from home", "en"),
        ("The film had so much blood, my kids were scared. Are there age ratings?", "en"),
        ("де повідомити про зламаний ліхтар, на вулиці темно вночі", "uk"),
        ("сын потерял учебник, придется платить?", "uk"),
        ("нужно ли голодать перед УЗИ живота", "uk"),
        ("ребенок не хочет есть в садике суп, это нормально?", "uk"),
    ],
)
def test_an_ordinary_message_with_a_word_of_danger_is_no_emergency(text, lang):
    assert not reply_to("demo", text, lang).urgent


def test_a_message_naming_two_dangers_answers_the_first_and_offers_the_other():
    reply = reply_to("demo", "my husband beats me and we have nowhere to sleep tonight", "en")
    assert reply.entry is not None and reply.entry.id == "safety-domestic-violence"
    assert [e.id for e in reply.suggestions] == ["housing-emergency"]


def test_a_weak_word_with_a_sure_answer_keeps_it_and_adds_the_numbers():
    reply = reply_to("demo", "my gums are bleeding, how do I see a dentist", "en")
    assert not reply.urgent and reply.entry is not None and reply.entry.id == "health-dentist"
    assert reply.emergency_note


def test_two_weak_signs_of_one_danger_count_as_a_strong_one():
    detector = responder("demo")[0].urgent.detector
    alone = detector.detect("a little girl is walking alone by the road")
    assert alone.signals == ("child",) and not alone.strong
    both = detector.detect(
        "a little girl is walking alone by the road, she doesn't know her address"
    )
    assert both.strong == {"child"}


async def test_an_urgent_message_through_the_dispatcher_leads_with_the_numbers(app):
    chat = make_chat(app, lang="en")
    [reply] = await chat.say("мій чоловік мене б'є")
    entry = app.pack.by_id["safety-domestic-violence"]
    assert reply.text.startswith(
        "🆘 <b>Якщо вам чи комусь іншому загрожує небезпека, негайно телефонуйте 112.</b>\n"
        "• Екстрена допомога (швидка, поліція, пожежні): <b>112</b>\n"
        "• Кризова лінія, цілодобово: <b>+00 000 000 002</b>\n"
        "• Гаряча лінія з протидії домашньому насильству, цілодобово: <b>+00 000 000 003</b>\n\n"
        f"<b>{entry.question['uk']}</b>\n\n"
    )
    assert reply.text.endswith(
        "Тут вам допоможе людина:\n<b>Центр для новоприбулих Гейвенпорта (демо)</b>\n"
        "вул. Гаванська, 12 (адреса-заглушка), пн–пт 9:00–17:00\nТелефон: +00 000 000 000 (заглушка)\n"
        "Ел. пошта: hello@newcomers.example"
    )
    assert [text for text, _ in keyboard(reply)] == ["👍 Корисно", "👎 Не допомогло"]


async def test_a_message_from_someone_in_danger_is_not_kept_for_staff(app):
    chat = make_chat(app, lang="en")
    # The demo has no entry for this danger of its own; the numbers and a person still come.
    await chat.say("HE HAS A KNIFE HELP")
    assert await rows(app, UnansweredQuestion) == []


async def test_the_no_answer_reply_carries_the_emergency_line_in_ukrainian(app):
    chat = make_chat(app, lang="uk")
    [reply] = await chat.say("яка погода на марсі")
    assert reply.text.endswith(
        "🆘 Вам загрожує небезпека? Екстрена допомога (швидка, поліція, пожежні) 112 · "
        "Кризова лінія, цілодобово +00 000 000 002 · Гаряча лінія з протидії домашньому "
        "насильству, цілодобово +00 000 000 003"
    )


async def test_the_no_answer_reply_carries_the_emergency_line_in_english(app):
    chat = make_chat(app, lang="en")
    [reply] = await chat.say("what is the weather on mars")
    assert reply.text.endswith(CONTACT_EN + "\n\n" + EMERGENCY_LINE_EN)


async def test_the_did_you_mean_reply_carries_the_emergency_line_in_ukrainian(app, monkeypatch):
    matcher = app.answers.matcher
    # Nothing is ever sure enough, by any route to a confident answer: the rule's two, and
    # the fitted model's.
    monkeypatch.setattr(
        matcher, "config", replace(matcher.config, answer_min=2.0, phrasing_answer=2.0)
    )
    monkeypatch.setattr(matcher, "decision", None)
    chat = make_chat(app, lang="uk")
    [reply] = await chat.say("сімейний лікар")
    assert reply.text == (
        "Не вдалося точно зрозуміти питання. Можливо, ви мали на увазі одне з цих?\n\n"
        "🆘 Вам загрожує небезпека? Екстрена допомога (швидка, поліція, пожежні) 112 · "
        "Кризова лінія, цілодобово +00 000 000 002 · Гаряча лінія з протидії домашньому "
        "насильству, цілодобово +00 000 000 003"
    )


def test_content_check_reports_an_urgent_entry_no_danger_leads_to(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, folder)
    path = folder / "faq" / "language.yaml"
    path.write_text(
        path.read_text().replace(
            "  - id: language-courses\n", "  - id: language-courses\n    urgent: true\n"
        )
    )
    # Years later: the old review dates are reported, and do not hide the safety check.
    problems, _ = check_content(folder, 365, today=date(2036, 1, 1))
    assert [str(p) for p in problems if p.field == "urgent"] == [
        "content/faq/language.yaml: language-courses: urgent: no danger leads to this entry: name "
        "the help it gives in its question or variants, or pin it in danger.yaml "
        "(entries: {signal: id})"
    ]
    assert {p.field for p in problems} == {"urgent", "reviewed"}


def test_a_content_folder_extends_the_signals_and_pins_an_entry(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, folder)
    (folder / "danger.yaml").write_text(
        "signals:\n  food:\n    en: [fridge empty]\nentries:\n  shelter: centre-contact\n"
        "ordinary:\n  en: [fridge empty defrost|defrosting]\n"
    )
    pack, _ = load_content(folder)
    matcher = Matcher(pack.entries, pack.group_titles, lexicon=load_lexicon(folder)[0])
    urgent = UrgentEntries.load(pack, folder, matcher.analyzer)
    assert urgent.entry("shelter").id == "centre-contact"
    assert urgent.detect("the fridge is empty").signals == ("food",)
    assert urgent.detect("no food").signals == ("food",)  # the shipped phrases stay
    assert not urgent.detect("the fridge is empty, we are defrosting it").strong


async def test_an_urgent_entry_opened_from_a_button_leads_with_the_numbers(app):
    chat = make_chat(app, lang="en")
    requests = await chat.press(EntryChoice(id="money-emergency-food").pack())
    [text] = [r.text for r in requests if isinstance(r, SendMessage)]
    entry = app.pack.by_id["money-emergency-food"]
    assert text.startswith("🆘 <b>If you or someone else is in danger, call 112 now.</b>\n")
    assert text.endswith(f"<b>{entry.question['en']}</b>\n\n{entry.answer['en']}")


def test_a_root_too_short_is_reported_in_any_list(tmp_path):
    (tmp_path / "danger.yaml").write_text(
        "signals:\n  food:\n    en: [no foo*]\nordinary:\n  en: [foo* bank]\n"
    )
    _, problems = load_danger(tmp_path)
    assert [str(p) for p in problems] == [
        f"danger.yaml: {where}: phrases: '{phrase}': a root needs at least 4 letters before *"
        for where, phrase in [("food", "no foo*"), ("ordinary", "foo* bank")]
    ]


@pytest.mark.parametrize(
    ("text", "lang", "entry"),
    [
        ("he said he wants to go to sleep and never see anyone again", "en", "health-crisis"),
        ("донька пішла гуляти і не відповідає вже п'ять годин", "uk", "safety-missing-child"),
    ],
)
def test_a_danger_no_phrase_says_is_read_by_the_classifier(text, lang, entry):
    answering, _ = responder("demo")
    assert not answering.urgent.detector.detect(text).strong  # no phrase list says it
    reply = reply_to("demo", text, lang)
    assert reply.urgent and reply.entry is not None and reply.entry.id == entry


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # Said in a chat, or into a request: before short messages were learnt
        # (danger-training-5.jsonl), the first was taken for suicide, the second for violence.
        ("she said tomorrow", "en"),
        ("he is at work until six", "en"),
        # Written in a blind test of the console chat (2026-12-07): before everyday remarks
        # with words near a danger were learnt (danger-training-6.jsonl), the first got the
        # missing-child answer with the emergency numbers, the second the answer on violence
        # at home.
        ("my daughter is sick today so we cant come", "en"),
        ("в мене гарний сусід", "uk"),
    ],
)
def test_a_short_everyday_statement_is_no_emergency(text, lang):
    answering, _ = responder("demo")
    assert answering.urgent.detect(text).signals == ()
    assert not reply_to("demo", text, lang).urgent


@pytest.mark.parametrize("text", ["сусід погрожує", "сосед угрожает", "my neighbour threatens"])
def test_a_neighbour_s_threat_is_a_sign_of_violence(text):
    # The classifier read "сусід погрожує" as violence until it learnt everyday remarks about
    # neighbours (danger-training-6.jsonl); a phrase says it now, weakly (a threat may be
    # about a fence).
    answering, _ = responder("demo")
    assert "violence" in answering.urgent.detect(text).signals


def test_the_classifier_s_danger_gives_way_to_an_answer_the_matcher_is_sure_of():
    """Only a phrase said strongly overrides a sure answer: the classifier may take an ordinary
    question for a danger, as a weak phrase may."""
    answering, matcher = responder("demo")
    urgent = answering.urgent
    danger = Danger(("suicide",), frozenset(), likely=frozenset({"suicide"}))
    dentist = Candidate(matcher.entries[0], 0.9)
    assert urgent.override(danger, Match(Outcome.ANSWER, "en", [dentist])) is None
    unsure = urgent.override(danger, Match(Outcome.SUGGEST, "en", [dentist]))
    assert unsure is not None and unsure.sure and unsure.entry.id == "health-crisis"


@pytest.mark.parametrize("content", ["demo", "eval"])
def test_the_classifier_learns_the_content_s_own_questions_as_ordinary(content):
    """Not those of an entry that answers a danger, marked urgent (demo) or not (eval)."""
    pack, _ = load_content(DEMO_CONTENT if content == "demo" else EVAL_DIR / "content")
    ordinary = ordinary_questions(pack, responder(content)[0].urgent.by_signal.values())
    doctor = pack.by_id["health-family-doctor"]
    assert doctor.question["en"] in ordinary and doctor.variants["uk"][0] in ordinary
    for danger in ENTRIES[content].values():
        assert pack.by_id[danger].question["en"] not in ordinary, danger
    assert "Where can I get a good haircut for a reasonable price?" in ordinary


@pytest.mark.parametrize(
    "text",
    [
        "My daughter misses her father who stayed in Ukraine",
        "our son misses his grandma so much, he cries at night, where can we get support?",
    ],
)
def test_a_child_who_misses_someone_is_not_answered_as_a_missing_child(text):
    """To miss someone is not to be missing: no emergency answer, but the numbers stay and the
    missing-child entry is still offered, in case."""
    reply = reply_to("demo", text, "en")
    assert not reply.urgent and reply.emergency_note
    assert reply.outcome is Outcome.SUGGEST and reply.suggestions[0].id == "safety-missing-child"


def test_a_danger_inside_an_ordinary_phrase_is_still_a_danger_sign():
    """ "не хочу жить ... в квартире" lies inside an ordinary phrase (a home), so the phrase is
    only a weak sign; without the classifier its entry is offered first with the numbers, and
    with it (it reads suicide here, the matcher unsure) it is answered at once."""
    text = "Я не хочу жить, живу одна в квартире и всё"
    answering, matcher = responder("demo")
    danger = answering.urgent.detector.detect(text)
    assert danger.signals == ("suicide",) and not danger.strong
    weak = answering.decide(matcher.match(text, "uk"), danger)
    assert weak.outcome is Outcome.SUGGEST and weak.emergency_note
    assert weak.suggestions[0].id == "health-crisis"
    reply = reply_to("demo", text, "uk")
    assert reply.urgent and reply.outcome is Outcome.ANSWER
    assert reply.entry is not None and reply.entry.id == "health-crisis"
