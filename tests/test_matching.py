from pathlib import Path

import pytest
from rapidfuzz import fuzz

from welcomebot.content.loader import load_content
from welcomebot.content.models import FaqEntry
from welcomebot.matching.analyzer import Analyzer
from welcomebot.matching.language import detect_language
from welcomebot.matching.lexicon import CONCEPT_PREFIX, Lexicon
from welcomebot.matching.lexicon_files import load_lexicon
from welcomebot.matching.matcher import Matcher, Outcome, same_root
from welcomebot.matching.related import related_words
from welcomebot.matching.text import is_cyrillic, normalize, tokenize
from welcomebot.matching.translit import to_cyrillic

from .fakes.repo import DEMO_CONTENT


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    pack, _ = load_content(DEMO_CONTENT)
    return Matcher(pack.entries, pack.group_titles)


@pytest.mark.parametrize("typed", ["м’ята", "мʼята", "м`ята", "М'ЯТА"])
def test_apostrophe_variants_become_one_word(typed):
    assert tokenize(typed) == ["м'ята"]


def test_stress_marks_are_dropped():
    assert normalize("доро\u0301га") == "дорога"


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(load_lexicon()[0])


def test_contractions_are_function_words_as_their_parts_are(analyzer):
    # With or without the apostrophe people leave out when they type fast.
    assert analyzer.read("They're replacing us, we'll be a minority, isn't it").terms[:2] == [
        "replac",
        "minor",
    ]
    assert analyzer.read("they dont want to learn, im sure").terms == ["want", "learn", "sure"]


def test_ukrainian_is_lemmatised_and_english_stemmed():
    plain = Analyzer(Lexicon())
    assert plain.analyze("до сімейного лікаря") == ["сімейний", "лікар"]
    assert plain.analyze("registering doctors") == ["regist", "doctor"]


def test_an_allowance_is_not_being_allowed(matcher):
    # Snowball cuts both to "allow": a child allowed to swim was a child-benefit question.
    assert "§social-benefits" not in matcher.analyzer.analyze("is my child allowed to swim")
    match = matcher.match("is my child allowed to swim", "en", kinds=["faq"])
    assert match.best.entry.id == "children-activities"
    assert "§child-benefit" in matcher.analyzer.analyze("child allowance")


@pytest.mark.parametrize(
    ("text", "not_named", "named_by"),
    [
        ("a sim card for my mobile", "§mobilisation", "mobilization of men"),
        ("I am busy at work", "§business", "open a small business"),
        ("apart from that, where do I pay", "§housing", "rent an apartment"),
        ("an operation on my knee", "§phone", "which phone operator"),
        ("natural disasters", "§citizenship", "naturalization"),
        ("help me fill in the form", "§dentist", "I lost a filling"),
        ("how to activate my sim card", "§after-school", "activities for my son"),
    ],
)
def test_snowball_cuts_no_word_to_a_lexicon_word_of_another_sense(
    analyzer, text, not_named, named_by
):
    # Snowball reads busy as business (busi), apart as apartment and mobile as mobilization:
    # each of those words once named a concept it has nothing to do with.
    assert not_named not in analyzer.analyze(text)
    assert not_named in analyzer.analyze(named_by)


def test_ukrainian_words_simplemma_lacks_come_from_the_full_dictionary():
    plain = Analyzer(Lexicon())
    # simplemma alone reads these as посвідок, посвідкою, прописок and leaves мерії as it is.
    assert plain.analyze("посвідки посвідкою посвідку посвідка") == ["посвідка"] * 4
    assert plain.analyze("прописка мерії") == ["прописка", "мерія"]


def test_an_english_phrasing_keeps_its_english_words_beside_a_longer_ukrainian_one():
    # Read together with the Ukrainian, "accept" and "pay" would take Ukrainian readings.
    entry = FaqEntry(
        id="wages",
        question={"en": "Wages", "uk": "Зарплати"},
        answer={"en": "Ask the labour inspectorate.", "uk": "Зверніться до трудової інспекції."},
        variants={
            "en": ["Foreigners accept any pay"],
            "uk": ["Роботодавці не підвищують нам зарплати, бо іноземці згодні на будь-яку оплату"],
        },
    )
    matcher = Matcher([entry], lexicon=Lexicon())
    assert {"accept", "pay"} <= set(matcher.index.terms)
    assert matcher.match("they accept any pay", "en").best.entry is entry


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("dopomoha", "допомога"),
        ("dytynu", "дитину"),
        ("likarya", "лікаря"),
        ("znayty", "знайти"),
        ("zhytlo", "житло"),
        ("shchodennyk", "щоденник"),
        ("doctor", "доктор"),
        ("weather", None),
        # Words only the full dictionary knows; a short one is no Ukrainian abbreviation.
        ("posvidka", "посвідка"),
        # The standard writes no soft sign, and ia is я or і + а.
        ("mozhut", "можуть"),
        ("sotsialna", "соціальна"),
        ("istoriia", "історія"),
        ("ukraina", "україна"),  # not the misspelling "украіна" the dictionary also lists
        ("propyska", "прописка"),
        ("cv", None),
        # The standard inside a word: й after a vowel is i (хазяйка, зайнятості), ї is i
        # (приїхати), є is ie (підприємство); and ться is tsia.
        ("khaziaika", "хазяйка"),
        ("zainiatosti", "зайнятості"),
        ("pryikhaty", "приїхати"),
        ("pidpryiemstvo", "підприємство"),
        ("skarzhatsia", "скаржаться"),
        # The standard drops the apostrophe.
        ("simiu", "сім'ю"),
        ("oboviazkovo", "обов'язково"),
        ("zizdyty", "з'їздити"),
        ("obovyazkovo", "обов'язково"),  # informal
    ],
)
def test_ukrainian_typed_in_latin_letters_reads_back(latin, cyrillic):
    assert to_cyrillic(latin) == cyrillic


def test_a_latin_message_in_ukrainian_is_analysed_as_ukrainian(analyzer):
    reading = analyzer.read("de znayty simeynoho likarya")
    assert reading.terms[:3] == ["знайти", "сімейний", "лікар"]
    assert detect_language(reading, "en") == "uk"


def test_a_typo_in_latin_among_ukrainian_words_is_read_as_ukrainian(matcher):
    # No reading of "dopooha" is a word, yet among Ukrainian words it is a typo'd Ukrainian
    # one: its likeliest spelling reaches the content's "допомога".
    reading = matcher.analyzer.read("tsentr dopooha bezkoshtovno")
    assert reading.terms[:2] == ["центр", "допоога"]
    assert matcher._find_near_terms("допоога", False)[0][0] == "допомога"
    # Among English words, an unread word stays an English typo (nedes is not "недес").
    assert matcher.analyzer.read("ADHD kid nedes suport in clas").terms[:3] == [
        "adhd",
        "kid",
        "nede",
    ]


@pytest.mark.parametrize(
    ("typed", "spelled"),
    [("сімю", "сім'ю"), ("підїзді", "під'їзді"), ("обєднання", "об'єднання"), ("мясо", "м'ясо")],
)
def test_a_word_typed_without_its_apostrophe_reads_as_the_word(analyzer, typed, spelled):
    assert analyzer.read(typed).terms == analyzer.read(spelled).terms != [typed]


def test_a_genitive_plural_is_read_as_its_noun_not_a_possessive(analyzer):
    assert {"батьки", "§parents"} <= set(analyzer.read("документи для батьків").terms)
    assert analyzer.read("лікарів господарів").terms[0] == "лікар"
    assert analyzer.read("працівників львів гнів родичів").terms == [
        "працівник",
        "львів",
        "гнів",
        "родич",
    ]


def test_words_with_a_soft_vowel_after_a_consonant_keep_their_spelling(analyzer):
    assert analyzer.read("дядько пюре тюрма").terms == ["дядько", "пюре", "тюрма"]


@pytest.mark.parametrize(
    ("text", "concept", "not_concept"),
    [
        ("register as self-employed", "business", "employer"),
        ("free legal advice", "legal-aid", "temporary-protection"),
        ("replace my lost passport", "lost-stolen", "outnumber"),
        ("утримання домашньої тварини", "pets", "handouts"),
        ("я живу в родині, яка мене прийняла", None, "family-reunification"),
        # Money and medicines run out too: only a document's end is a renewal.
        ("гроші, які привезли, закінчуються", None, "renewal"),
        ("ліки закінчуються, а рецепта нема", None, "renewal"),
        ("деньги заканчиваются", None, "renewal"),
        ("моя посвідка закінчується", "renewal", "cost"),
        # Sadness is what people say before they name a psychologist (a blind chat test).
        ("мені дуже сумно тут", "mental-health", "family-reunification"),
        ("i feel so sad here", "mental-health", "family-reunification"),
    ],
)
def test_a_word_names_only_its_own_concept(analyzer, text, concept, not_concept):
    # Snowball cuts employer and employed, legalize and legal to one stem; a root such as
    # утриман* would also begin утримання (upkeep), not only утриманці (freeloaders).
    terms = analyzer.read(text).terms
    assert concept is None or CONCEPT_PREFIX + concept in terms
    assert CONCEPT_PREFIX + not_concept not in terms


@pytest.mark.parametrize(
    ("text", "penalty"),
    [
        ("my son says he is fine", False),
        ("is it fine if I come tomorrow", False),
        ("I'm fine", False),
        ("fine with me, thanks", False),
        ("I got a fine on the bus", True),
        ("is there a fine for not vaccinating", True),
        ("parents get fined", True),
        ("will i get fine if my kid has no vaccine", True),  # learner English, no article
        ("I'm not fine", False),
        ("he is totally fine", False),
        ("im doing fine", False),
        ("is fine 500 euro", True),  # a sum
        ("got fine by controller", True),
    ],
)
def test_fine_names_a_penalty_only_where_it_is_no_reply(analyzer, text, penalty):
    # "he is fine" answered with the rumour about fines for not vaccinating.
    assert (CONCEPT_PREFIX + "fine" in analyzer.read(text).terms) is penalty


def test_a_verb_form_of_two_verbs_meets_a_phrase_written_with_either():
    # відправлять is відправляти, and відправити's "they will send"; the lexicon writes the latter.
    analyzer = Analyzer(load_lexicon()[0])
    assert analyzer.named_concepts("Скоро всіх відправлять назад") == {
        "deportation": "відправлять назад"
    }
    # діла ("deeds") is also a form of the rare verb діти, "to put": it is not about children.
    assert "child" not in analyzer.named_concepts("лікарям до своїх діла нема")


def test_surzhyk_and_russian_words_become_ukrainian(analyzer):
    assert analyzer.read("шо нада для садіка").terms[0] == "садок"
    assert "лікар" in analyzer.read("нужен врач").terms
    assert "§residence-permit" in analyzer.read("вид на жительство").terms
    assert "§kindergarten" in analyzer.read("детский сад").terms
    assert analyzer.read("работодатель не платит").terms[:2] == ["роботодавець", "платити"]
    # Russian function words and verbs of hearsay go, as their Ukrainian ones do; a Russian
    # word keeps its reading though its letters are made Ukrainian (мигранты).
    reading = analyzer.read("говорят, что беженцы и мигранты не платят налоги")
    assert reading.terms[:4] == ["біженець", "мігрант", "платити", "податок"]
    assert "§newcomers" in reading.terms


def test_typos_reach_content_words_but_dictionary_words_stay_themselves(matcher):
    reading = matcher.analyzer.read("my brother asks the docter about хворіти")
    assert {"brother", "хворіти"} <= reading.dictionary_terms
    assert "docter" not in reading.dictionary_terms
    assert "other" in matcher.index.terms and "лікування" in matcher.index.terms
    assert matcher._find_near_terms("docter", False)[0][0] == "doctor"
    assert matcher._find_near_terms("brother", True) == ()  # not "other"
    assert matcher._find_near_terms("спілкування", True) == ()  # not "лікування"
    # Ukrainian lemmas keep prefixed verbs apart; the root still reaches them.
    assert [word for word, _ in matcher._find_near_terms("писати", True)] == [
        "описати",
        "написати",
    ]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("докменів", "документ"),
        ("посідкою", "посвідка"),
        ("садчку", "садочок"),
        ("лікрні", "лікарня"),
    ],
)
def test_a_typo_in_an_inflected_ukrainian_word_reaches_its_lemma(matcher, typed, meant):
    # One letter from a form the content writes (документів), though further from the lemma.
    reading = matcher.analyzer.read(typed)
    assert reading.terms == [typed] and typed not in reading.dictionary_terms
    assert matcher._find_near_terms(typed, False)[0][0] == meant


@pytest.mark.parametrize("typed", ["докменів", "documnets", "стоматлог", "kindergarden", "садок"])
def test_typos_are_compared_only_with_words_long_enough_yet_miss_none(matcher, typed):
    typos, cutoff = matcher.index.typos, matcher.config.typo_cutoff
    near = typos.near_length(typed, cutoff / 100)
    everything = typos.by_script[is_cyrillic(typed)]
    close = {form for form in everything if fuzz.ratio(typed, form) >= cutoff}
    assert close and close <= set(near)
    assert len(near) < len(everything)


def test_a_typo_in_a_word_of_the_lexicon_still_names_its_concept(matcher):
    cfg, terms = matcher.config, matcher.index.terms

    def weights(text: str) -> dict[str, float]:
        rows = matcher._query_terms(matcher.analyzer.read(text)).rows
        return {term: round(rows[row], 3) for term, row in terms.items() if row in rows}

    typo = weights("мігарнти")  # мігранти, one of the words for newcomers
    similarity = typo["§newcomers"] / cfg.concept_weight
    assert 0.8 < similarity < 1
    assert typo["мігрант"] == round(similarity * cfg.synonym_weight, 3)
    # A real word of a lexicon word's root is not that word: "закінчувати" (to finish) reaches
    # "закінчуватися" but not its concept, "expire".
    real = weights("закінчувати")
    assert "закінчуватися" in real and "§renewal" not in real


def test_a_typo_of_a_word_only_the_lexicon_lists_names_its_concept():
    # No text of the content says playgroup, няня or дитсадок: before, their typos found
    # nothing. A Ukrainian typo keeps its ending: дитсдаку is one swap from дитсадку.
    kindergarten = FaqEntry(
        id="kindergarten",
        group="g",
        question={"en": "Kindergarten places", "uk": "Місця в дитячому садку"},
        answer={"en": "Apply at the district office.", "uk": "Подайте заяву в районі."},
    )
    school = FaqEntry(
        id="school",
        group="g",
        question={"en": "School places", "uk": "Місця в школі"},
        answer={"en": "Apply at the school.", "uk": "Подайте заяву до школи."},
    )
    matcher = Matcher([kindergarten, school], lexicon=load_lexicon(None)[0])
    concept = matcher.index.terms["§kindergarten"]
    typos = [("a place in a playgrop", "en"), ("потрібна няяня", "uk"), ("місце в дитсдаку", "uk")]
    for typed, lang in typos:
        rows = matcher._query_terms(matcher.analyzer.read(typed)).rows
        assert 0.8 <= rows[concept] / matcher.config.concept_weight < 1
        assert matcher.match(typed, lang).best.entry is kindergarten
    # A Russian word is read as itself, not as a typo: покрасить (to paint) is no штраф.
    reading = matcher.analyzer.read("покрасить")
    assert matcher._find_near_concepts(reading.terms[0])  # close to one, all the same
    assert not matcher._query_terms(reading).rows


@pytest.mark.parametrize(
    ("word", "other", "related"),
    [
        ("захворіти", "хворіти", True),  # a prefixed verb
        ("роботодавець", "робота", True),  # one beginning, both going on past it
        ("practise", "practice", True),  # English stems, already cut
        ("зараза", "зараз", False),  # "infection" is not "now" and one letter more
        ("лікарня", "лікар", False),
    ],
)
def test_dictionary_words_reach_only_words_of_their_own_root(word, other, related):
    assert same_root(word, other) is related
    assert same_root(other, word) is related


def test_verbs_with_other_meanings_name_renting_only_with_a_home(analyzer):
    assert "§renting" in analyzer.analyze("хочу зняти квартиру")
    assert "§renting" in analyzer.analyze("власник здає житло")
    for text in ("як зняти гроші з картки", "де здавати документи", "фірма наймає людей"):
        assert "§renting" not in analyzer.analyze(text), text


def test_a_recipe_is_no_prescription(analyzer, matcher):
    # "рецепт" is also a cooking recipe: only with medicine does it name the concept.
    for text in ("рецепт на ліки", "виписати рецепт", "рецептурні препарати"):
        assert "§medicine" in analyzer.analyze(text), text
    assert "§medicine" not in analyzer.analyze("рецепт борщу")
    match = matcher.match("як отримати рецепт", "uk", kinds=["faq"])
    assert match.outcome is Outcome.ANSWER and match.best.entry.id == "health-medicines"


def test_an_operator_is_a_phone_company_only_when_said_so(matcher):
    # Alone, "оператор" is as often someone asking for a person as for a SIM card.
    assert matcher.match("оператор", "uk", kinds=["faq"]).outcome is Outcome.SUGGEST
    match = matcher.match("мобільний оператор", "uk", kinds=["faq"])
    assert match.outcome is Outcome.ANSWER and match.best.entry.id == "daily-phone"


def test_registering_is_unemployment_only_as_unemployed(analyzer, matcher):
    # One "стає на облік" with a doctor when pregnant, for taxes or the army as well.
    assert "§unemployment" in analyzer.analyze("стати на облік як безробітний")
    assert "§unemployment" not in analyzer.analyze("де стати на облік")
    match = matcher.match("вагітна, де стати на облік", "uk", kinds=["faq"])
    assert match.best.entry.id == "health-pregnancy"


def test_lexicon_concepts_link_languages(analyzer):
    english = set(analyzer.analyze("I need a GP"))
    ukrainian = set(analyzer.analyze("потрібен сімейний лікар"))
    assert "§doctor" in english & ukrainian
    assert "§vaccination" in analyzer.analyze("measles jab")


def test_a_word_its_concept_stands_for_weighs_less_than_the_concept():
    lexicon = Lexicon(concepts={"illness": {"en": ["sick", "sore throat"], "uk": ["хвор*"]}})
    reading = Analyzer(lexicon).read("sick child, sore throat, хворіє")
    # One-word phrases and roots are synonyms; words only inside a longer phrase are not.
    assert reading.synonyms == {"sick", "хворіти"}
    entry = FaqEntry(
        id="ill",
        question={"en": "My child is sick, sore throat", "uk": "Дитина хворіє"},
        answer={"en": "See a doctor.", "uk": "Зверніться до лікаря."},
    )
    matcher = Matcher([entry], lexicon=lexicon)
    rows = matcher._query_terms(reading).rows
    weight = {
        term: rows[matcher.index.terms[term]] for term in ("sick", "child", "sore", "§illness")
    }
    cfg = matcher.config
    assert weight == {
        "sick": cfg.synonym_weight,
        "child": 1.0,
        "sore": 1.0,
        "§illness": cfg.concept_weight,
    }
    assert cfg.synonym_weight < 1.0 < cfg.concept_weight


def test_a_root_stands_for_every_word_that_begins_so(tmp_path):
    (tmp_path / "lexicon.yaml").write_text(
        "concepts:\n  illness:\n    en: [infect*]\n    uk: [хвор*]\n", encoding="utf-8"
    )
    lexicon, problems = load_lexicon(tmp_path)
    analyzer = Analyzer(lexicon)
    assert problems == []
    for text in (
        "діти хворіють",
        "хвороба",
        "хворий",
        "infectious",
        "infections",
        "khvoroba u dytyny",
    ):
        assert "§illness" in analyzer.analyze(text), text
    for text in ("хв", "хата", "infant", "in"):
        assert "§illness" not in analyzer.analyze(text), text


def test_a_root_too_short_or_of_two_words_is_reported(tmp_path):
    (tmp_path / "lexicon.yaml").write_text(
        "concepts:\n  x:\n    en: [in*, two words*]\n    uk: [хвор*]\n", encoding="utf-8"
    )
    lexicon, problems = load_lexicon(tmp_path)
    assert [p.message for p in problems] == [
        "'in*': a root is one word of at least 4 letters, then *",
        "'two words*': a root is one word of at least 4 letters, then *",
    ]
    assert "§x" not in Analyzer(lexicon).analyze("in the inbox")


def test_a_lexicon_without_both_languages_is_reported(tmp_path):
    (tmp_path / "lexicon.yaml").write_text(
        "concepts:\n  ferry:\n    en: [ferry, boat]\n", encoding="utf-8"
    )
    lexicon, problems = load_lexicon(tmp_path)
    assert [str(p) for p in problems] == [
        f"{tmp_path.name}/lexicon.yaml: ferry: concepts.ferry.uk: no phrases: a concept links "
        "languages, so give it words in both"
    ]
    assert lexicon.concepts["ferry"]["en"] == ["ferry", "boat"]


@pytest.mark.parametrize(
    ("text", "preferred", "expected"),
    [
        ("де знайти лікаря", "en", "uk"),
        ("how do I find a doctor", "uk", "en"),
        ("landlord не повертає deposit", "en", "uk"),
        ("ok", "uk", "uk"),  # too short to tell: the user's choice decides
        ("їжа", "en", "uk"),
        ("12345", "en", "en"),
    ],
)
def test_language_comes_from_the_text(analyzer, text, preferred, expected):
    assert detect_language(analyzer.read(text), preferred) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how do i register with a family doctor", "health-family-doctor"),
        ("Як записати дитину до школи?", "children-school-enrolment"),
        ("landlord не повертає завдаток", "housing-deposit"),
        ("free langauge corses for adults", "language-courses"),  # typos
        ("дитячий садок для доньки", "children-kindergarten"),
    ],
)
def test_people_s_questions_are_answered_with_the_right_entry(matcher, text, expected):
    match = matcher.match(text, "en", kinds=["faq"])
    assert match.best is not None and match.best.entry.id == expected
    assert match.outcome is Outcome.ANSWER


@pytest.mark.parametrize(
    "text", ["what is the weather on mars", "яка погода буде завтра", "asdfgh qwerty"]
)
def test_unrelated_messages_get_no_confident_answer(matcher, text):
    assert matcher.match(text, "en", kinds=["faq"]).outcome is not Outcome.ANSWER


@pytest.mark.parametrize(
    ("polite", "plain"),
    [
        ("Вітаю. Де можна вивчати мову?", "Де можна вивчати мову?"),
        ("Перепрошую, як відкрити рахунок у банку?", "як відкрити рахунок у банку?"),
        ("Hey, sorry, where can I find a family doctor?", "where can I find a family doctor?"),
    ],
)
def test_a_polite_opening_still_gets_the_answer(matcher, polite, plain):
    # Unknown to the content, a greeting once counted against the match like any other word,
    # and "Вітаю. Де можна вивчати мову?" got suggestions where the bare question got an answer.
    with_courtesy, without = (matcher.match(t, "en", kinds=["faq"]) for t in (polite, plain))
    assert with_courtesy.outcome is without.outcome is Outcome.ANSWER
    assert with_courtesy.best.entry.id == without.best.entry.id


def _demo_phrasings() -> list[tuple[str, str, str]]:
    lines = (Path(__file__).parent / "data" / "demo-phrasings.txt").read_text("utf-8").splitlines()
    return [tuple(line.split("|")) for line in lines if line and not line.startswith("#")]


def test_demo_content_finds_everyday_phrasings(matcher):
    # The demo is what staff try first: every phrasing gets its entry answered or offered, and
    # none gets another entry's answer.
    answered = 0
    for kind, text, expected in _demo_phrasings():
        match = matcher.match(text, "uk", kinds=[kind])
        ids = [c.entry.id for c in match.candidates]
        assert expected in ids, (text, ids)
        if match.outcome is Outcome.ANSWER:
            assert ids[0] == expected, (text, ids)
            answered += 1
    assert answered >= 40  # of 60; the rest are offered as buttons


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("где найти семейного врача", "health-family-doctor"),
        ("как получить вид на жительство", "legal-permit-extension"),
        ("где выучить язык бесплатно", "language-courses"),
        ("работодатель не платит зарплату", "work-rights"),
        ("ищу детский сад для сына", "children-kindergarten"),
        ("можно ли снять квартиру без залога", "housing-find-rental"),
        ("нужно разрешение на работу?", "work-permit"),
        ("как оплачивать коммуналку и свет", "housing-utilities"),
        ("потерял паспорт", "legal-lost-documents"),
        ("как продлить временную защиту", "legal-permit-extension"),
        ("соседи угрожают, потому что мы украинцы", "daily-discrimination"),
    ],
)
def test_a_question_in_russian_finds_its_entry(matcher, text, entry):
    # Many who fled Ukraine write Russian; its words are read as their Ukrainian ones.
    match = matcher.match(text, "uk", kinds=["faq"])
    assert entry in [c.entry.id for c in match.candidates[:3]]
    assert match.outcome is not Outcome.ANSWER or match.best.entry.id == entry


@pytest.mark.parametrize("text", ["сьогодні", "До котрої ви сьогодні?", "week", "рік", "evening"])
def test_one_general_word_is_offered_not_answered(matcher, text):
    # Each once got a confident answer: "today" the emergency shelter, "week" travel abroad.
    match = matcher.match(text, "en", kinds=["faq"])
    assert match.outcome is Outcome.SUGGEST


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("toothache", "health-dentist"),  # one word, but one the lexicon knows
        ("де ви знаходитесь", "centre-contact"),  # one known word: all a variant says
    ],
)
def test_one_word_of_the_domain_or_a_whole_phrasing_is_answered(matcher, text, entry):
    match = matcher.match(text, "en", kinds=["faq"])
    assert match.outcome is Outcome.ANSWER and match.best.entry.id == entry


def test_kinds_restrict_the_candidates(matcher):
    match = matcher.match("refugees take our jobs", "en", kinds=["rumour"])
    assert match.best is not None and match.best.entry.id == "rumour-jobs"
    assert all(c.entry.kind == "rumour" for c in match.candidates)


def test_scores_are_ranked_and_bounded(matcher):
    match = matcher.match("family doctor", "en")
    scores = [c.score for c in match.candidates]
    assert scores == sorted(scores, reverse=True)
    assert 0 < scores[0] <= 1.0


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("where to buy a sofa", "housing-household-items"),
        ("де взяти ліжко", "housing-household-items"),
    ],
)
def test_household_things_are_not_answered_as_transport(matcher, text, entry):
    # "buy" alone once made a confident bus-ticket answer of any shopping question. The
    # household entry comes first, whether answered or offered.
    match = matcher.match(text, "en")
    assert match.candidates[0].entry.id == entry
    bike = matcher.match("where to buy a bike", "en")
    assert bike.outcome is Outcome.SUGGEST
    assert entry in [c.entry.id for c in bike.candidates]


def test_empty_content_abstains():
    assert Matcher([]).match("anything", "en").outcome is Outcome.ABSTAIN


def test_decision_uses_the_margin(matcher):
    from welcomebot.matching.matcher import Candidate

    entry = matcher.entries[0]
    cfg = matcher.config
    close = [Candidate(entry, 0.9), Candidate(entry, 0.9 * (1 - cfg.answer_margin / 2))]
    clear = [Candidate(entry, 0.9), Candidate(entry, 0.1)]
    assert matcher.decide(close) is Outcome.SUGGEST
    assert matcher.decide(clear) is Outcome.ANSWER
    assert matcher.decide([Candidate(entry, cfg.suggest_min / 2)]) is Outcome.ABSTAIN
    # A reranked message's scores lie closer together: a lead between the two margins is
    # enough only there.
    lead = (cfg.answer_margin + cfg.rerank_answer_margin) / 2
    between = [Candidate(entry, 0.9), Candidate(entry, 0.9 * (1 - lead))]
    assert matcher.decide(between) is Outcome.SUGGEST
    assert matcher.decide(between, reranked=True) is Outcome.ANSWER


TOGETHER = [
    "how do i register with a family doctor",
    "Як записати дитину до школи?",  # concepts from the lexicon
    "landlord не повертає завдаток",
    "free langauge corses for adults",
    "asdfgh qwerty",  # no word the content knows
    "",
    "refugees take our jobs",
]


def ranking(match):
    return (
        match.outcome,
        match.lang,
        [(c.entry.id, round(c.score, 9), round(c.phrasing, 9)) for c in match.candidates],
    )


@pytest.mark.parametrize("way", ["gathered", "scipy", "one chunk each"])
def test_messages_matched_together_rank_as_when_matched_alone(matcher, monkeypatch, way):
    alone = [ranking(matcher.match(text, "uk")) for text in TOGETHER]
    if way == "scipy":  # long postings take scipy's sparse product instead of the gather
        monkeypatch.setattr(type(matcher.index.postings), "GATHER_LIMIT", 0)
    if way == "one chunk each":
        monkeypatch.setattr(matcher, "DENSE_CELLS", 1)
    together = matcher.match_many(TOGETHER, ["uk"] * len(TOGETHER))
    assert [ranking(match) for match in together] == alone
    assert alone[0][2][0][0] == "health-family-doctor"
    assert alone[4][0] is Outcome.ABSTAIN and alone[5] == (Outcome.ABSTAIN, "uk", [])


def claims(lang: str, **claim_by_id: str) -> list[FaqEntry]:
    """One-line entries in one language, for tests of how a few of them rank."""
    return [
        FaqEntry(id=id_, question={lang: claim}, answer={lang: "—"})
        for id_, claim in claim_by_id.items()
    ]


def test_a_concept_most_entries_name_does_not_ground_an_answer():
    lexicon = Lexicon(concepts={"newcomers": {"en": ["migrants", "refugees", "incomers"]}})
    entries = claims(
        "en",
        outnumber="Incomers will soon outnumber us",
        jobs="Refugees take our jobs",
        benefits="Migrants get more benefits",
        crime="Migrants bring crime",
        library="Where is the library?",
    )
    matcher = Matcher(entries, lexicon=lexicon)
    # One word and its concept, which four of five entries name, say no more than one word.
    vague = matcher.match("incomers gloomth", "en")
    assert vague.best.entry.id == "outnumber" and vague.outcome is Outcome.SUGGEST
    clear = matcher.match("incomers will outnumber", "en")
    assert clear.best.entry.id == "outnumber" and clear.outcome is Outcome.ANSWER


def test_a_rumour_heard_in_russian_finds_its_rumour(matcher):
    match = matcher.match("я слышала, что банки заморозят счета украинцев", "uk", kinds=["rumour"])
    assert match.outcome is Outcome.ANSWER and match.best.entry.id == "rumour-bank-accounts"


def test_a_word_the_content_lacks_finds_the_entry_of_its_synonym():
    entries = claims(
        "uk",
        infections="Мігранти поширюють інфекції та хвороби",
        housing="Мігрантам дають житло",
        jobs="Мігранти забирають роботу",
    )
    matcher = Matcher(entries, lexicon=Lexicon())
    assert matcher.match("зараза", "uk").best.entry.id == "infections"
    # A thesaurus lists every sense of a word: its synonyms rank entries, and do not count as
    # a second word said, which would make the answer sure.
    match = matcher.match("зараза, хвороби", "uk")
    assert match.best.entry.id == "infections" and match.outcome is Outcome.SUGGEST
    assert matcher.match("інфекції, хвороби", "uk").outcome is Outcome.ANSWER


def test_the_russian_thesaurus_speaks_only_for_words_the_ukrainian_one_lacks():
    assert "інфекція" in related_words("зараза", "зараза")  # the same word in Russian
    district = related_words("район", "район")
    assert "дільниця" in district
    assert "город" not in district  # Russian "city", Ukrainian "vegetable garden"
    assert related_words("мігрант", "мігранти") == frozenset()


def test_character_ngrams_are_weighed_as_scikit_learns_tfidf(matcher):
    """Each entry's n-gram column is sublinear TF-IDF (smooth idf over its short fields and its
    answer as separate texts), L2-normalised, short and answer mixed by `char_answer_weight`."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from welcomebot.matching.index import char_grams, entry_fields

    index, config = matcher.index, matcher.config
    fields = [entry_fields(e, matcher._titles.get(e.group, {})) for e in matcher.entries]
    short = [" \n ".join([*f["question"], *f["variants"], *f["title"]]) for f in fields]
    long = [" \n ".join(f["answer"]) for f in fields]
    tfidf = TfidfVectorizer(
        analyzer=lambda text: list(char_grams(text, config.char_ngrams).elements()),
        sublinear_tf=True,
        vocabulary=index.grams,
    ).fit([*short, *long])
    expected = (1 - config.char_answer_weight) * tfidf.transform(short)
    expected += config.char_answer_weight * tfidf.transform(long)
    stored = index.postings.matrix[index.gram_offset :, : len(matcher.entries)]
    assert stored.shape == (len(index.grams), len(matcher.entries))
    assert abs(stored / (1 - config.word_weight) - expected.T).max() < 1e-5
