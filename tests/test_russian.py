"""Russian, as many Ukrainians type it, reaches the content through the lexicon's Russian
phrases, as Surzhyk does through its spellings."""

from unittest import mock

import pytest

from welcomebot.content.loader import load_content
from welcomebot.content.models import FaqEntry
from welcomebot.matching import related
from welcomebot.matching.analyzer import Analyzer
from welcomebot.matching.lexicon import Lexicon, LexiconFile
from welcomebot.matching.lexicon_files import load_lexicon
from welcomebot.matching.matcher import Matcher, Outcome
from welcomebot.matching.related import related_words, thesauri

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


def bilingual(**questions: tuple[str, str]) -> list[FaqEntry]:
    """Entries with an English and a Ukrainian question each, as city content is written."""
    return [
        FaqEntry(id=id_, question={"en": en, "uk": uk}, answer={"en": "—", "uk": "—"})
        for id_, (en, uk) in questions.items()
    ]


TAX_AND_JOBS = bilingual(
    tax=("How do I pay the tax?", "Як сплатити податок?"),
    jobs=("Where can I find a job to earn money?", "Де знайти роботу, щоб заробити?"),
)


def test_a_russian_word_no_ukrainian_source_knows_reaches_the_english_it_translates():
    # налог is no Ukrainian word, and neither the lexicon nor the Russian thesaurus gives it a
    # Ukrainian one: Mueller's dictionary translates it "tax", which the entry says in English.
    assert related_words("налог", "налог") >= {"tax"}
    matcher = Matcher(TAX_AND_JOBS, lexicon=Lexicon())
    assert matcher.match("налог", "uk").best.entry.id == "tax"
    with_no_translations = {**thesauri(), "ruen": {}}
    related_words.cache_clear()
    try:
        with mock.patch.object(related, "thesauri", return_value=with_no_translations):
            assert matcher.match("налог", "uk").best is None
    finally:
        related_words.cache_clear()


def test_a_ukrainian_word_is_not_read_through_its_russian_look_alike():
    # неделя is a week in Russian; неділя, Sunday, is Ukrainian and keeps its own reading.
    assert not related_words("неділя", "неділя") & set(thesauri()["ruen"].get("неделя", ()))


def test_a_thesaurus_guess_does_not_make_the_other_words_count_less():
    """An unknown word counts against a match once, at the rarest weight, whatever a
    thesaurus guesses for it: the best score a message could reach is the same beside a word
    with guesses that the content has (заработок: earn) as beside one with none."""
    matcher = Matcher(TAX_AND_JOBS, lexicon=Lexicon())
    assert related_words("заработок", "заработок") >= {"earn"}
    assert not related_words("зюзюка", "зюзюка")
    assert matcher.match("заработок", "uk").best.entry.id == "jobs"

    def best_possible(text: str) -> float:
        rows = matcher.scores([matcher.analyzer.read(text)]).rows
        assert rows is not None and rows.unknown[0] == 1
        return float(rows.best[0])

    assert best_possible("податок заработок") == pytest.approx(best_possible("податок зюзюка"))


def test_many_guesses_of_one_word_weigh_as_one_word_and_answer_nothing():
    """A thesaurus lists every sense of a word: an entry that holds several of them is ranked
    first, but cannot score more than the message says, nor be answered on guesses alone."""
    entries = bilingual(
        tax=("Tax, impost, cess and dues: what do I pay?", "Які податки я сплачую?"),
        jobs=("Where can I find a job to earn money?", "Де знайти роботу, щоб заробити?"),
    )
    matcher = Matcher(entries, lexicon=Lexicon())
    match = matcher.match("налог", "uk")
    assert match.best.entry.id == "tax"
    assert match.best.score <= 0.6 and match.outcome is not Outcome.ANSWER


def test_a_word_read_as_a_close_content_word_brings_no_guesses():
    # работа is read as робота (the jobs entry's word, a letter away): that is its reading,
    # and the dictionary's job, work and labour are not added as guesses.
    matcher = Matcher(TAX_AND_JOBS, lexicon=Lexicon())
    assert related_words("работа", "работа") >= {"job"}
    rows = matcher.scores([matcher.analyzer.read("работа")]).rows
    assert rows is not None and rows.unknown[0] == 0
    assert rows.said.all()
