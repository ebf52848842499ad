"""Threats of violence in what agents heard (`matching/threats.py`): a threat is one, and a
rumour that newcomers do harm is not."""

import pytest

from welcomebot.content.loader import load_content
from welcomebot.content.models import Rumour
from welcomebot.matching.lexicon_files import load_lexicon
from welcomebot.matching.matcher import Matcher
from welcomebot.matching.threats import ThreatDetector, load_threats

from .fakes.repo import DEMO_CONTENT, EVAL_DIR


@pytest.fixture(scope="module")
def threats() -> ThreatDetector:
    pack, _ = load_content(DEMO_CONTENT)
    lexicon, _ = load_lexicon(DEMO_CONTENT)
    return ThreatDetector(Matcher(pack.entries, pack.group_titles, lexicon=lexicon).analyzer)


@pytest.mark.parametrize(
    "heard",
    [
        "треба підпалити гуртожиток",
        "they said they will burn the refugee hostel",
        "someone wants to set fire to the refugee centre tonight",
        "у чаті пишуть що треба побити українців біля школи",
        "guys at the bar said they'll beat up the ukrainians",
        "погрожують вбити біженців",
        "хтось написав на стіні «смерть українцям»",
        "в чате пишут надо выгнать беженцев силой из города",
        "сусід казав: підпалимо їм машини",
        "they threatened to kill the ukrainian family next door",
        "someone is planning a pogrom against ukrainians",
        "кажуть, хочуть напасти на табір",
        "біженців треба гнати палками",
        "refugees want flats, so we should burn their hostel",
    ],
)
def test_a_threat_is_read_as_one(threats, heard):
    assert threats.threatens(heard)


@pytest.mark.parametrize(
    "heard",
    [
        "refugees attack people on the street",
        "біженці нападають на людей",
        "мігранти ґвалтують жінок",
        "refugees will take our jobs",
        "мігранти хочуть жити за наш рахунок",
        "the refugees will never go back home",
        # newcomers named as the ones who mean harm: a rumour about them
        "Біженці хочуть вбити наших",
        "refugees want to attack our women",
        "Refugees were behind the arson",
        "Українці влаштували підпал",
        # violent words said of things, of war, of sport
        "they will kill the economy",
        "вони хочуть спалити бюджет",
        "мігранти хочуть розбити ринок",
        "Треба розбити міф, що біженці отримують більше",
        "наші поб'ють їх у футбол",
        "they will beat us at football",
        "Росія планує напасти на Польщу",
        "Pogrom-style attacks are made up",
        "he stabbed a man to death",
        # policy rumours: evictions and deportations are no threat of violence
        "Українців хочуть вигнати з країни після війни",
        "Біженців збираються вигнати з гуртожитків",
        "Украинцев хотят выгнать из Польши",
        "The government will kick refugee families out of the hostel in spring",
    ],
)
def test_a_rumour_of_harm_done_is_no_threat(threats, heard):
    assert not threats.threatens(heard)


def test_the_threat_lexicon_reads_as_danger_yaml_is_checked():
    """Every `$name` is spelled out (a missing one stops the load) and no root is too short."""
    lexicon, _, problems = load_threats()
    assert problems == []
    assert not any("$" in phrase for spec in lexicon.signals.values() for phrase in spec.uk)


@pytest.mark.parametrize("folder", [DEMO_CONTENT, EVAL_DIR / "content"], ids=["demo", "eval"])
def test_no_rumour_the_content_knows_is_read_as_a_threat(threats, folder):
    pack, _ = load_content(folder)
    said = [
        text
        for rumour in pack.entries
        if isinstance(rumour, Rumour)
        for lang, claim in rumour.claim.items()
        for text in (claim, *rumour.variants.get(lang, []))
    ]
    assert len(said) > 100
    assert [text for text in said if threats.threatens(text)] == []
