"""Russian, as many Ukrainians type it, reaches the content through the lexicon's Russian
phrases, as Surzhyk does through its spellings."""

import pytest

from welcomebot.content.loader import load_content
from welcomebot.matching.analyzer import Analyzer
from welcomebot.matching.lexicon import LexiconFile
from welcomebot.matching.lexicon_files import load_lexicon
from welcomebot.matching.matcher import Matcher, Outcome

from .conftest import DEMO_CONTENT


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(load_lexicon()[0])


def test_a_russian_word_in_any_form_is_one_term_and_names_its_concept(analyzer):
    assert analyzer.named_concepts("где найти семейного врача") == {"doctor": "семейного врача"}
    assert analyzer.read("семейный").terms == analyzer.read("семейного").terms == ["семейный"]
    assert analyzer.named_concepts("снять квартиру без залога")["deposit"] == "залога"


def test_a_russian_phrase_that_reads_as_ukrainian_does_not_widen_the_ukrainian_list(analyzer):
    # пособие is допомога, which is also "help": only the Ukrainian list says when the
    # Ukrainian word alone means a benefit.
    assert "social-benefits" not in analyzer.named_concepts("номер екстреної допомоги")
    assert "child-benefit" in analyzer.named_concepts("как оформить пособие на ребёнка")


def test_a_content_lexicon_s_russian_phrase_reaches_its_concept():
    lexicon = load_lexicon()[0]
    plain = Analyzer(lexicon)
    assert plain.named_concepts("записаться к глазнику") == {}
    lexicon.extend(LexiconFile(concepts={"doctor": {"ru": ["глазник"]}}))
    more = Analyzer(lexicon)
    assert "глазник" in more.russian_terms and "глазник" not in plain.russian_terms
    assert more.named_concepts("записаться к глазнику") == {"doctor": "глазнику"}


def test_a_russian_question_gets_the_demo_entry():
    pack, _ = load_content(DEMO_CONTENT)
    lexicon, _ = load_lexicon(DEMO_CONTENT)
    matcher = Matcher(pack.entries, pack.group_titles, lexicon=lexicon)
    match = matcher.match("как получить пособие на ребёнка", "uk", kinds=["faq"])
    assert (match.outcome, match.best.entry.id) == (Outcome.ANSWER, "money-child-benefit")
    doctor = matcher.match("как записаться к семейному врачу", "uk", kinds=["faq"])
    assert doctor.best.entry.id == "health-family-doctor"
