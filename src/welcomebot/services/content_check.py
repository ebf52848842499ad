"""Staff-facing checks, beyond what loading needs: translations, emptiness, confusion, age."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from welcomebot.config import LANGUAGES
from welcomebot.content.loader import Centre, ContentError, load_files
from welcomebot.content.models import (
    MENU_CHOICES,
    Conditions,
    ContentPack,
    Entry,
    Localized,
    Problem,
    Rumour,
    RumourCategory,
    Topic,
)
from welcomebot.domain.profile import AGE_BANDS, SITUATIONS
from welcomebot.matching.analyzer import Analyzer
from welcomebot.matching.lexicon import Lexicon
from welcomebot.matching.lexicon_files import load_lexicon
from welcomebot.matching.matcher import Matcher
from welcomebot.services.urgent import UrgentEntries


def _translations(texts: Localized, file: str, entry: str, field: str) -> list[Problem]:
    return [
        Problem(file, entry, field, f"missing translation: {lang}")
        for lang in LANGUAGES
        if lang not in texts
    ]


def _entry_fields(entry: Entry) -> list[tuple[str, Localized]]:
    head, body = ("claim", "response") if isinstance(entry, Rumour) else ("question", "answer")
    fields = [(head, entry.headline), (body, entry.body)]
    if isinstance(entry, Rumour):
        fields += [(f"arguments.{i}.text", a.text) for i, a in enumerate(entry.arguments)]
    return fields


def translation_problems(pack: ContentPack) -> list[Problem]:
    problems = []
    groups: list[Topic | RumourCategory] = [*pack.topics, *pack.categories]
    for group in groups:
        first = group.entries if isinstance(group, Topic) else group.rumours
        file = first[0].source if first else ""
        problems += _translations(group.title, file, "", "title")
    for entry in pack.entries:
        for field, texts in _entry_fields(entry):
            problems += _translations(texts, entry.source, entry.id, field)
            problems += [
                Problem(entry.source, entry.id, f"{field}.{lang}", "empty text")
                for lang, text in texts.items()
                if not text.strip()
            ]
    return problems


def _too_many(file: str, field: str, what: str, most: int, fix: str = "merge some") -> Problem:
    """A list longer than the menu that offers it, one button an item, can show; `what` ends
    with the menu that "shows"."""
    said = f"{what} at most {most} (Telegram's limit of buttons in a message): {fix}"
    return Problem(file, "", field, said)


def menu_problems(pack: ContentPack) -> list[Problem]:
    """Topics whose menu would offer more questions than a chat menu can show (one button each,
    and one back to all topics), and more topics than the topics menu can show."""
    most = MENU_CHOICES - 1
    problems = [
        _too_many(
            topic.entries[0].source,
            "entries",
            f"{len(topic.entries)} questions in topic {topic.topic!r}: its menu shows",
            most,
            "split the topic",
        )
        for topic in pack.topics
        if len(topic.entries) > most
    ]
    if len(pack.topics) > MENU_CHOICES:
        what = f"{len(pack.topics)} topics: the topics menu shows"
        problems.append(_too_many("faq/", "topic", what, MENU_CHOICES))
    return problems


def list_problems(centre: Centre | None, file: str = "centre.yaml") -> list[Problem]:
    """centre.yaml's districts and target groups: keys unique, a name in every language that no
    other item of the list has (the English name is what is stored), and few enough for a menu
    (one button each, and "Prefer not to say" and "Skip")."""
    if centre is None:
        return []
    problems = []
    most = MENU_CHOICES - 2
    for field in ("districts", "target_groups"):
        if len(getattr(centre, field)) > most:
            what = f"{len(getattr(centre, field))} items: the menus that offer them show"
            problems.append(_too_many(file, field, what, most))
        seen: set[str] = set()
        names: set[tuple[str, str]] = set()
        for number, item in enumerate(getattr(centre, field)):
            where = f"{field}.{number + 1}"
            if item.key in seen:
                problems.append(Problem(file, item.key, where, "duplicate key"))
            seen.add(item.key)
            problems += _translations(item.name, file, item.key, f"{where}.name")
            for lang, name in item.name.items():
                said = (lang, name.strip().casefold())
                if not name.strip():
                    problems.append(Problem(file, item.key, f"{where}.name.{lang}", "empty name"))
                elif said in names:
                    message = "another item has the same name"
                    problems.append(Problem(file, item.key, f"{where}.name.{lang}", message))
                names.add(said)
    return problems


def condition_problems(conditions: Conditions, file: str, entry: str) -> list[Problem]:
    """`for:` names only situations and children's age bands the profile knows."""
    problems = []
    for field, known in (("situation", SITUATIONS), ("children", AGE_BANDS)):
        for value in getattr(conditions, field):
            if value not in known:
                message = f"unknown value {value!r}: use one of {', '.join(known)}"
                problems.append(Problem(file, entry, f"for.{field}", message))
    return problems


def checklist_problems(pack: ContentPack, file: str = "checklist.yaml") -> list[Problem]:
    """Steps: unique ids, titles in every language, conditions known, links to FAQ entries
    that exist, and few enough for /checklist (a button each, and one for the reminder)."""
    problems: list[Problem] = []
    if len(pack.checklist) > MENU_CHOICES - 1:
        what = f"{len(pack.checklist)} steps: /checklist shows"
        problems.append(_too_many(file, "steps", what, MENU_CHOICES - 1))
    for entry in pack.entries:
        problems += condition_problems(entry.meant_for, entry.source, entry.id)
    faq = {entry.id for entry in pack.faq}
    seen: set[str] = set()
    for step in pack.checklist:
        if step.id in seen:
            problems.append(Problem(file, step.id, "id", "duplicate step id"))
        seen.add(step.id)
        problems += _translations(step.title, file, step.id, "title")
        problems += condition_problems(step.meant_for, file, step.id)
        if not step.entries:
            problems.append(Problem(file, step.id, "entries", "links no FAQ entry"))
        problems += [
            Problem(file, step.id, "entries", f"no FAQ entry {link!r}")
            for link in step.entries
            if link not in faq
        ]
    return problems


def stale_entries(pack: ContentPack, max_age_days: int, today: date | None = None) -> list[Problem]:
    """Entries reviewed too long ago, and entries whose `reviewed:` date has not come yet (a
    typo, such as 2062 for 2026, that would keep an entry from ever being flagged)."""
    today = today or datetime.now(UTC).date()
    oldest = today - timedelta(days=max_age_days)
    problems = []
    for e in pack.entries:
        if e.reviewed is None:
            continue
        if e.reviewed < oldest:
            message = f"last reviewed {e.reviewed}, over {max_age_days} days ago"
            problems.append(Problem(e.source, e.id, "reviewed", message))
        elif e.reviewed > today:
            message = f"{e.reviewed} is in the future: write the date it was last reviewed"
            problems.append(Problem(e.source, e.id, "reviewed", message))
    return problems


def confusable_entries(pack: ContentPack, lexicon: Lexicon) -> list[Problem]:
    """An entry whose own question the matcher ranks under another entry is one staff must fix."""
    matcher = Matcher(pack.entries, pack.group_titles, lexicon=lexicon)
    problems = []
    for entry in pack.entries:
        for lang, question in entry.headline.items():
            best = matcher.match(question, lang, kinds=[entry.kind]).best
            if best is not None and best.entry.id != entry.id:
                problems.append(
                    Problem(
                        entry.source,
                        entry.id,
                        f"{'claim' if isinstance(entry, Rumour) else 'question'}.{lang}",
                        f"the matcher confuses it with {best.entry.id} ({best.entry.source}): "
                        "make the two questions more distinct",
                    )
                )
    return problems


def concept_differences(pack: ContentPack, lexicon: Lexicon) -> list[Problem]:
    """Concepts that one language's question and variants name and another's do not.

    Not errors, but where matching differs by language: a translation that says less, a word
    the lexicon lacks, or a word that names the wrong concept ("work" in "how do bills work").
    """
    analyzer = Analyzer(lexicon)
    differences = []
    for entry in pack.entries:
        named: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
        for lang in LANGUAGES:
            for text in [entry.headline.get(lang, ""), *entry.variants.get(lang, [])]:
                for concept, words in analyzer.named_concepts(text).items():
                    named[lang].setdefault(concept, words)
        for lang in LANGUAGES:
            others = [other for other in LANGUAGES if other != lang]
            only = {c: w for c, w in named[lang].items() if all(c not in named[o] for o in others)}
            if only:
                found = ", ".join(
                    f'{concept} ("{words}")' for concept, words in sorted(only.items())
                )
                differences.append(
                    Problem(entry.source, entry.id, lang, f"{found}; not in {', '.join(others)}")
                )
    return differences


def urgent_problems(pack: ContentPack, root: Path, lexicon: Lexicon) -> list[Problem]:
    """A danger file that cannot be read, or an entry marked urgent that no danger leads to."""
    try:
        return UrgentEntries.load(pack, Path(root), Analyzer(lexicon), model=False).problems
    except ContentError as error:
        return error.problems


def check_content(
    root: Path, max_age_days: int, today: date | None = None
) -> tuple[list[Problem], dict[str, int]]:
    """Every problem of a content folder; `today` (default: UTC's) dates the review ages."""
    pack, centre, problems = load_files(Path(root))
    problems += list_problems(centre, f"{Path(root).name}/centre.yaml")
    lexicon, lexicon_problems = load_lexicon(Path(root))
    problems += lexicon_problems
    problems += translation_problems(pack)
    problems += menu_problems(pack)
    problems += checklist_problems(pack, f"{Path(root).name}/checklist.yaml")
    if not problems:  # the matcher and the danger step need content that loads whole
        problems += confusable_entries(pack, lexicon)
        problems += urgent_problems(pack, root, lexicon)
    # An old review date must not hide those checks: it is reported beside them.
    problems += stale_entries(pack, max_age_days, today)
    return problems, {"faq": len(pack.faq), "rumour": len(pack.rumours)}
