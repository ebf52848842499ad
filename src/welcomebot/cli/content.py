"""`welcomebot content check`: every problem in the content, one line each."""

from __future__ import annotations

import argparse
from pathlib import Path

from welcomebot.content.check import check_content


def add_parser(commands: argparse._SubParsersAction, settings_default: Path) -> None:
    parser = commands.add_parser("content", help="work with curated content")
    sub = parser.add_subparsers(dest="content_command", required=True)
    check = sub.add_parser("check", help="validate a content folder")
    check.add_argument(
        "dir",
        nargs="?",
        type=Path,
        default=None,
        help=f"content folder (default: WELCOMEBOT_CONTENT_DIR, now {settings_default})",
    )
    check.add_argument(
        "--max-age-days",
        type=int,
        default=None,
        help="flag entries whose `reviewed:` date is older (default: setting)",
    )
    check.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
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
