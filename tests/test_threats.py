"""Threats of violence in what agents heard (`matching/threats.py`): a threat is one, and a
rumour that newcomers do harm is not."""

import pytest

from welcomebot.content.loader import load_content
from welcomebot.content.models import Rumour
from welcomebot.matching.lexicon_files import load_lexicon
from welcomebot.matching.matcher import Matcher
from welcomebot.matching.threats import ThreatDetector

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
        "в чате пишут надо выгнать беженцев из города",
        "сусід казав: підпалимо їм машини",
        "they threatened to kill the ukrainian family next door",
        "someone is planning a pogrom",
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
    ],
)
def test_a_rumour_of_harm_done_is_no_threat(threats, heard):
    assert not threats.threatens(heard)


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
