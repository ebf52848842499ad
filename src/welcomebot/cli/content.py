"""`welcomebot content check`: every problem in the content, one line each; `content concepts`:
where an entry's languages name different lexicon concepts."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from welcomebot.cli import content_loop

if TYPE_CHECKING:
    from welcomebot.matching.decision import Decision


def positive_days(text: str) -> int:
    """A number of days of at least one, as WELCOMEBOT_CONTENT_MAX_AGE_DAYS must be."""
    try:
        days = int(text)
    except ValueError:
        days = 0
    if days < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days of at least 1")
    return days


def add_parser(commands: argparse._SubParsersAction, settings_default: Path) -> None:
    parser = commands.add_parser("content", help="work with curated content")
    sub = parser.add_subparsers(dest="content_command", required=True)
    check = sub.add_parser("check", help="validate a content folder")
    concepts = sub.add_parser(
        "concepts", help="list entries whose languages name different lexicon concepts"
    )
    for command in (check, concepts):
        command.add_argument(
            "dir",
            nargs="?",
            type=Path,
            default=None,
            help=f"content folder (default: WELCOMEBOT_CONTENT_DIR, now {settings_default})",
        )
    concepts.set_defaults(handler=run_concepts)
    fit = sub.add_parser(
        "fit",
        help="fit the answer/suggest/no-answer decision for a content folder and cache it",
    )
    fit.add_argument(
        "dir",
        nargs="?",
        type=Path,
        default=None,
        help=f"content folder (default: WELCOMEBOT_CONTENT_DIR, now {settings_default})",
    )
    fit.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="cache folder (default: WELCOMEBOT_DECISION_CACHE, else ~/.cache/welcomebot)",
    )
    fit.set_defaults(handler=run_fit)
    check.add_argument(
        "--max-age-days",
        type=positive_days,
        default=None,
        help="flag entries whose `reviewed:` date is older (default: setting)",
    )
    check.set_defaults(handler=run)
    content_loop.add_parsers(sub)


def run(args: argparse.Namespace) -> int:
    from welcomebot.services.content_check import check_content

    folder = args.dir or args.settings.content_dir
    max_age = args.max_age_days or args.settings.content_max_age_days
    problems, counts = check_content(folder, max_age_days=max_age)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {folder}")
        return 1
    print(f"ok: {counts['faq']} FAQ entries and {counts['rumour']} rumours in {folder}")
    return 0


def run_concepts(args: argparse.Namespace) -> int:
    """A review aid, not a check: it lists and exits 0."""
    from welcomebot.content.loader import load_content
    from welcomebot.matching.lexicon_files import load_lexicon
    from welcomebot.services.content_check import concept_differences

    folder = args.dir or args.settings.content_dir
    pack, _ = load_content(folder)
    lexicon, problems = load_lexicon(folder)
    for line in problems or concept_differences(pack, lexicon):
        print(line)
    if problems:
        print(f"{len(problems)} problem(s) in the lexicon: run `welcomebot content check`")
        return 1
    print(
        "Each line: concepts one language names and the others do not, with the words that "
        "name them. Add the missing words to the translation or to lexicon.yaml, or make a "
        "word that names the wrong concept more specific."
    )
    return 0


def _answers_added(decision: Decision) -> str:
    from welcomebot.matching.decision import ANSWER_PRECISION

    if decision.answer_at > 1:
        return (
            "the model adds no answers: with any of its own, the answers on held-out "
            f"phrasings would be under {ANSWER_PRECISION:.0%} right"
        )
    return (
        f"the model adds answers from p(right) >= {decision.answer_at:.3f} with "
        f"p(scope) >= {decision.scope_at:.3f}"
    )


def run_fit(args: argparse.Namespace) -> int:
    """Fit once, before the bot starts (it would otherwise fit at its first start)."""
    from welcomebot.content.loader import load_content
    from welcomebot.matching.decision import DECOY_RECALL, load_or_fit
    from welcomebot.matching.fit_process import stop_with_parent
    from welcomebot.matching.lexicon_files import load_lexicon
    from welcomebot.matching.matcher import Matcher

    stop_with_parent()
    folder = args.dir or args.settings.content_dir
    pack, _ = load_content(folder)
    lexicon, problems = load_lexicon(folder)
    if problems:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s) in the lexicon: run `welcomebot content check`")
        return 1
    matcher = Matcher(pack.entries, pack.group_titles, lexicon=lexicon)
    cache = args.cache or args.settings.decision_cache
    try:
        decision, path, fitted = load_or_fit(matcher, pack.group_titles, lexicon, cache)
    except ValueError as error:  # the bot starts with the thresholds alone, and says why
        print(f"content {folder}: no decision can be fitted for it ({error})")
        return 1
    if not path.is_file():  # a bot that fits in a child reads it from there
        print(
            f"the decision could not be kept in {path.parent}: set WELCOMEBOT_DECISION_CACHE "
            "to a folder the bot may write to"
        )
        return 1
    figures = decision.figures
    print(
        f"{'fitted' if fitted else 'cached'}: {path}\n"
        f"  held-out content phrasings: {figures['messages_in_scope']} in scope, "
        f"{figures['messages_out_of_scope']} out of scope; fitted in {figures['seconds']} s\n"
        f"  {_answers_added(decision)}; the hand-set rule's answers stand\n"
        f"  no buttons where a question no FAQ answers is closer than any entry by more than "
        f"{decision.decoy_at:.3f} (as {1 - DECOY_RECALL:.0%} of in-scope ones are)\n"
        f"  on held-out phrasings: answered {figures['held_out_answered']:.1%} of in-scope "
        f"({figures['held_out_answered_right']:.1%} right: "
        f"{figures['held_out_answer_precision']:.1%} of its answers), "
        f"{figures['held_out_out_of_scope_answered']:.1%} of out-of-scope answered and "
        f"{figures['held_out_out_of_scope_clean']:.1%} told plainly"
    )
    return 0
