"""How the danger classifier's `C` and cut-off were chosen: five-fold cross-validation on what it
is fitted on (the shipped messages, `matching/data/danger-*.jsonl`, and a content's own
questions as ordinary ones), never on a check set. Per `C`: the log-loss, and per cut-off the
share of messages from people in danger whose danger it names that surely, and how many ordinary
messages it takes for a danger (of them, the content's own questions). Prints a Markdown table.

    python -m benchmarks.danger_model [--content DIR ...] [--c 4 16 64 256]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from welcomebot.content.loader import load_content
from welcomebot.matching import danger_model
from welcomebot.matching.matcher import Matcher
from welcomebot.services.urgent import UrgentEntries, ordinary_questions

REPO = Path(__file__).resolve().parents[1]
CUT_OFFS = (0.4, 0.5, 0.6, 0.7)


def messages(folder: Path) -> tuple[list[str], np.ndarray, int]:
    """The classifier's training messages over this content, their labels, and how many come
    before the content's own questions."""
    texts, labels = danger_model.examples()
    shipped = len(texts)
    pack, _ = load_content(folder)
    analyzer = Matcher(pack.entries, pack.group_titles).analyzer
    urgent = UrgentEntries.load(pack, folder, analyzer, model=False)
    own = ordinary_questions(pack, urgent.by_signal.values())
    return texts + own, np.array(labels + [danger_model.ORDINARY] * len(own)), shipped


def held_out_chances(texts: list[str], labels: np.ndarray, c: float) -> tuple[np.ndarray, list]:
    from sklearn.model_selection import StratifiedKFold

    chances = np.zeros((len(texts), len(set(labels.tolist()))))
    classes: list = []
    for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(texts, labels):
        learnt = [texts[i] for i in train]
        vectorizers, model = danger_model.fitted(learnt, labels[train].tolist(), c)
        asked = danger_model.features(vectorizers, [texts[i] for i in test])
        chances[test] = model.predict_proba(asked)
        classes = model.classes_.tolist()
    return chances, classes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--content", type=Path, nargs="+", default=[REPO / "content", REPO / "eval" / "content"]
    )
    parser.add_argument("--c", type=float, nargs="+", default=[4.0, 16.0, 64.0, 256.0])
    args = parser.parse_args()
    print(
        "| content | C | log-loss | "
        + " | ".join(f"danger named at {t} | ordinary alarms at {t}" for t in CUT_OFFS)
        + " |"
    )
    print("|---|---:|---:|" + "---:|---:|" * len(CUT_OFFS))
    for folder in args.content:
        if not folder.is_dir():
            continue
        texts, labels, shipped = messages(folder)
        name = (
            folder.resolve().relative_to(REPO) if folder.resolve().is_relative_to(REPO) else folder
        )
        danger = labels != danger_model.ORDINARY
        own = np.arange(len(texts)) >= shipped
        for c in args.c:
            chances, classes = held_out_chances(texts, labels, c)
            truth = np.array([classes.index(label) for label in labels])
            loss = -np.log(chances[np.arange(len(texts)), truth] + 1e-12).mean()
            named = np.array(classes)[chances.argmax(axis=1)]
            cells = []
            for t in CUT_OFFS:
                fires = (named != danger_model.ORDINARY) & (chances.max(axis=1) >= t)
                recall = (fires & (named == labels))[danger].mean()
                alarms = f"{fires[~danger].sum()} of {(~danger).sum()} ({fires[own].sum()})"
                cells.append(f"{recall:.3f} | {alarms}")
            print(f"| {name} | {c:g} | {loss:.3f} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
