from datetime import date
from pathlib import Path
from textwrap import dedent

import pytest

from welcomebot.cli.main import main
from welcomebot.content.loader import ContentError, load_content, load_files
from welcomebot.content.models import FaqEntry, Rumour
from welcomebot.matching.lexicon_files import load_lexicon
from welcomebot.services.content_check import check_content, concept_differences, stale_entries

from .fakes.repo import DEMO_CONTENT, EVAL_DIR, SHARED_EVAL_DIR

FAQ = """\
topic: health
title:
  en: Health
  uk: Здоров'я
entries:
  - id: health-doctor
    question:
      en: How do I find a doctor?
      uk: Як знайти лікаря?
    answer:
      en: Register at a health centre.
      uk: Зареєструйтеся в медичному центрі.
  - id: health-dentist
    question:
      en: How do I see a dentist?
    answer:
      en: Go to the dental service.
      uk: Зверніться до стоматологічної служби.
  - id: health-doctor
    question:
      en: Where is the pharmacy?
      uk: Де аптека?
    answer:
      en: In the centre.
      uk: У центрі.
"""


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dedent(text), encoding="utf-8")
    return path


def test_eval_corpus_loads_unchanged(eval_dir):
    pack, centre = load_content(eval_dir / "content")
    assert len(pack.faq) == 55 and len(pack.rumours) == 24
    rumour = pack.by_id["rumour-take-jobs"]
    assert isinstance(rumour, Rumour) and rumour.audience == "host"
    assert rumour.arguments[0].kind == "data" and rumour.arguments[0].source
    faq = pack.by_id["health-family-doctor"]
    assert isinstance(faq, FaqEntry) and faq.group == "health"
    assert faq.source == "content/faq/health.yaml"
    assert centre is None


def test_demo_content_is_big_enough_and_clean(settings):
    pack, centre = load_content(DEMO_CONTENT)
    # As of its last review: a clone run a year later must not fail on the calendar.
    reviewed = max(e.reviewed for e in pack.entries if e.reviewed)
    problems, counts = check_content(DEMO_CONTENT, max_age_days=365, today=reviewed)
    assert problems == []
    assert counts["faq"] >= 40 and counts["rumour"] >= 15
    assert len(pack.topics) == 10
    assert centre is not None and "placeholder" in centre.contact["en"]


def test_missing_translation_and_duplicate_id_are_reported_precisely(tmp_path):
    write(tmp_path, "content/faq/health.yaml", FAQ)
    problems, _ = check_content(tmp_path / "content", max_age_days=365)
    lines = [str(p) for p in problems]
    assert "content/faq/health.yaml: health-dentist: question: missing translation: uk" in lines
    assert any(
        line.startswith("content/faq/health.yaml: health-doctor: id: duplicate id")
        for line in lines
    )
    assert len(lines) == 2


def test_content_check_command_lists_problems_and_fails(tmp_path, capsys, settings):
    write(tmp_path, "content/faq/health.yaml", FAQ)
    assert main(["content", "check", str(tmp_path / "content")]) == 1
    out = capsys.readouterr().out
    assert "health-dentist: question: missing translation: uk" in out
    assert "2 problem(s)" in out


def test_content_check_command_passes_on_the_eval_corpus(eval_dir, capsys, settings):
    assert main(["content", "check", str(eval_dir / "content")]) == 0
    assert "55 FAQ entries and 24 rumours" in capsys.readouterr().out


def test_structural_errors_name_file_entry_and_field(tmp_path):
    write(
        tmp_path, "content/faq/x.yaml", FAQ.replace("      en: Register at a health centre.\n", "")
    )
    write(
        tmp_path,
        "content/rumours/r.yaml",
        "category: c\ntitle: {en: C, uk: C}\nrumours:\n"
        "  - {id: r1, audience: everyone, claim: {en: a, uk: b}, response: {en: a, uk: b}}\n",
    )
    write(tmp_path, "content/faq/broken.yaml", "topic: [unclosed\n")
    with pytest.raises(ContentError) as error:
        load_content(tmp_path / "content")
    text = str(error.value)
    assert "content/rumours/r.yaml: r1: audience: Input should be 'host' or 'newcomers'" in text
    assert "content/faq/broken.yaml: -: -: cannot read" in text


def test_a_topic_with_more_questions_than_its_menu_can_show_is_a_problem(tmp_path):
    many = "".join(
        f"  - id: q{n}\n    question: {{en: 'Question {n}?', uk: 'Питання {n}?'}}\n"
        f"    answer: {{en: 'Answer {n}.', uk: 'Відповідь {n}.'}}\n"
        for n in range(100)
    )
    write(
        tmp_path,
        "content/faq/big.yaml",
        "topic: big\ntitle: {en: Big, uk: Велика}\nentries:\n" + many,
    )
    problems, _ = check_content(tmp_path / "content", max_age_days=365)
    assert [str(p) for p in problems] == [
        "content/faq/big.yaml: -: entries: 100 questions in topic 'big': its menu shows at most "
        "99 (Telegram's limit of buttons in a message): split the topic"
    ]


def test_more_districts_than_a_menu_can_show_is_a_problem():
    from welcomebot.content.loader import Centre
    from welcomebot.services.content_check import list_problems

    districts = [{"key": f"d{n}", "name": {"en": f"D{n}", "uk": f"Р{n}"}} for n in range(99)]
    base = {"name": {"en": "Centre", "uk": "Центр"}, "contact": {"en": "Call", "uk": "Дзвоніть"}}
    centre = Centre.model_validate({**base, "districts": districts})
    assert [str(p) for p in list_problems(centre)] == [
        "centre.yaml: -: districts: 99 items: the menus that offer them show at most 98 "
        "(Telegram's limit of buttons in a message): merge some"
    ]
    assert list_problems(Centre.model_validate({**base, "districts": districts[:98]})) == []


def test_empty_answer_is_a_problem(tmp_path):
    write(
        tmp_path,
        "content/faq/x.yaml",
        FAQ.replace("uk: Де аптека?", "uk: Де аптека?").replace(
            "      uk: У центрі.", "      uk: ' '"
        ),
    )
    problems, _ = check_content(tmp_path / "content", max_age_days=365)
    assert "content/faq/x.yaml: health-doctor: answer.uk: empty text" in [str(p) for p in problems]


def test_confusable_questions_are_reported(tmp_path):
    twin = FAQ.split("  - id: health-dentist")[0] + (
        "  - id: health-doctor-again\n"
        "    question:\n      en: How do I find a doctor?\n      uk: Як знайти лікаря?\n"
        "    answer:\n      en: Ask at the centre.\n      uk: Запитайте в центрі.\n"
    )
    write(tmp_path, "content/faq/x.yaml", twin)
    problems, _ = check_content(tmp_path / "content", max_age_days=365)
    pair = {"health-doctor", "health-doctor-again"}
    assert {p.field for p in problems} == {"question.en", "question.uk"}
    for problem in problems:
        other = problem.message.split("confuses it with ")[1].split(" ")[0]
        assert {problem.entry, other} == pair
        assert problem.file == "content/faq/x.yaml"


def test_stale_reviewed_date_is_flagged():
    pack, _, _ = load_files(DEMO_CONTENT)
    entry = pack.faq[0].model_copy(update={"reviewed": date(2020, 1, 1)})
    pack.topics[0] = pack.topics[0].model_copy(update={"entries": [entry]})
    problems = stale_entries(
        type(pack)(pack.topics[:1], []), max_age_days=365, today=date(2026, 11, 1)
    )
    assert [p.field for p in problems] == ["reviewed"]
    assert "last reviewed 2020-01-01" in problems[0].message


HOUSING = """\
topic: housing
title: {en: Housing, uk: Житло}
entries:
  - id: housing-bills
    question:
      en: How do I pay the bills for my flat?
      uk: Як оплачувати рахунки?
    variants:
      en: [electricity and water]
      uk: [світло і вода]
    answer: {en: At the post office., uk: На пошті.}
  - id: housing-search
    question: {en: 'How do I find a flat?', uk: 'Як знайти квартиру?'}
    answer: {en: Ask the centre., uk: Запитайте в центрі.}
"""


def test_content_concepts_lists_what_one_language_names_and_the_other_not(
    tmp_path, capsys, settings
):
    write(tmp_path, "content/faq/housing.yaml", HOUSING)
    assert main(["content", "concepts", str(tmp_path / "content")]) == 0
    lines = capsys.readouterr().out.splitlines()
    # The bills entry names housing only in English; the search entry in both languages.
    assert lines[0] == 'content/faq/housing.yaml: housing-bills: en: housing ("flat"); not in uk'
    assert len(lines) == 2 and lines[1].startswith("Each line: concepts one language names")


def test_content_concepts_names_the_words_of_a_phrase(tmp_path):
    text = HOUSING.replace("bills for my flat", "bills").replace("світло і вода", "шукаю житло")
    write(tmp_path, "content/faq/housing.yaml", text)
    pack, _ = load_content(tmp_path / "content")
    found = {(p.entry, p.field): p.message for p in concept_differences(pack, load_lexicon()[0])}
    assert found[("housing-bills", "uk")] == 'housing ("шукаю житло"); not in en'
    assert ("housing-search", "en") not in found


def test_the_vendored_eval_corpus_is_the_shared_one_where_that_is_beside_the_repo():
    """`eval/` is a copy, so that a clone stands on its own; `../shared/eval` is its source."""
    if not SHARED_EVAL_DIR.is_dir():
        pytest.skip(f"no {SHARED_EVAL_DIR} beside the repo: nothing to compare the copy with")

    def files(root: Path) -> dict[str, bytes]:
        return {
            str(path.relative_to(root)): path.read_bytes()
            for path in sorted(root.rglob("*"))
            if path.is_file()
        }

    assert files(EVAL_DIR) == files(SHARED_EVAL_DIR), (
        f"eval/ differs from {SHARED_EVAL_DIR}: copy the shared corpus over eval/"
    )
