"""How the matcher finds an entry from a phrasing the content does not hold: each entry's variants
are left out of the index in turn, and asked as questions.

The dev queries have been read while the matcher was built, so their figures flatter it; these
phrasings were written by content staff, not read for tuning, and need no labelled queries, so
any content folder can be measured. They are cleaner than what newcomers type, and the lexicon
was written with the content in view, so they say more about a change to the method than to the
lexicon. Prints a Markdown table.

    python -m benchmarks.variants [--content DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from welcomebot.content.loader import load_content
from welcomebot.content.models import ContentPack, Entry
from welcomebot.evaluation.metrics import Ranked, figures
from welcomebot.evaluation.queries import Query
from welcomebot.evaluation.runner import GROUPS, matcher_rows
from welcomebot.matching.lexicon import Lexicon
from welcomebot.matching.lexicon_files import load_lexicon
from welcomebot.matching.matcher import Matcher

EVAL = Path(__file__).resolve().parents[1] / "eval"


def held_out(entry: Entry) -> list[Query]:
    return [
        Query(id=f"{entry.id}:{lang}:{n}", kind=entry.kind, lang=lang, text=text, expect=entry.id)
        for lang, texts in entry.variants.items()
        for n, text in enumerate(texts)
    ]


def held_out_rows(pack: ContentPack, lexicon: Lexicon) -> list[Ranked]:
    """One index per entry, built without that entry's variants (a whole index is rebuilt,
    so idf and the vocabulary do not remember them either)."""
    rows: list[Ranked] = []
    for i, entry in enumerate(pack.entries):
        queries = held_out(entry)
        if not queries:
            continue
        without = entry.model_copy(update={"variants": {}})
        entries = [*pack.entries[:i], without, *pack.entries[i + 1 :]]
        rows += matcher_rows(Matcher(entries, pack.group_titles, lexicon=lexicon), queries)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=EVAL / "content")
    args = parser.parse_args()
    pack, _ = load_content(args.content)
    lexicon, _ = load_lexicon(args.content)
    rows = held_out_rows(pack, lexicon)
    print("| group | variants | top1 | top3 | answered | answer precision |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind, lang in GROUPS:
        group = [r for r in rows if r.query.kind == kind and r.query.lang == lang]
        if not group:
            continue
        found = figures(group)
        answered = sum(r.answered for r in group)
        print(
            f"| {kind} {lang} | {len(group)} | {found['top1']:.3f} | {found['top3']:.3f} "
            f"| {answered} | {found['answer_precision']:.3f} |"
        )


if __name__ == "__main__":
    main()
