"""The lexicon files: the built-in one, extended by the content folder's, each checked.

Apart from `lexicon.py` because checking a phrase needs the analyzer, which itself reads a
`Lexicon`: here both are imported, and neither imports the other's user."""

from __future__ import annotations

from pathlib import Path

from welcomebot.content.models import Problem
from welcomebot.matching.analyzer import MIN_ROOT, Analyzer, wildcard_root
from welcomebot.matching.lexicon import BUILTIN, Lexicon, read_lexicon_file


def phrase_problems(lexicon: Lexicon, name: str) -> list[Problem]:
    """Roots that are not one word of a few letters, and phrases that only function words
    would tie together ("can't sleep" is every "sleep")."""
    analyzer = Analyzer(Lexicon(spellings=lexicon.spellings))

    def problem(phrase: str) -> str | None:
        if phrase.strip().endswith("*"):
            if wildcard_root(phrase):
                return None
            return f"'{phrase}': a root is one word of at least {MIN_ROOT} letters, then *"
        if not phrase.strip() or analyzer.phrase_terms(phrase):
            return None
        return (
            f"'{phrase}' is only function words apart from one word: write the word alone, "
            "or a phrase whose words all count"
        )

    return [
        Problem(name, concept, f"concepts.{concept}.{lang}", message)
        for concept, languages in lexicon.concepts.items()
        for lang, phrases in languages.items()
        for phrase in phrases
        if (message := problem(phrase))
    ]


def load_lexicon(content_dir: Path | None = None) -> tuple[Lexicon, list[Problem]]:
    """The built-in lexicon, extended by `<content_dir>/lexicon.yaml` when there is one."""
    lexicon, problems = Lexicon(), []
    sources = [(BUILTIN, "welcomebot/matching/data/lexicon.yaml")]
    if content_dir is not None and (content_dir / "lexicon.yaml").exists():
        sources.append((content_dir / "lexicon.yaml", str(Path(content_dir.name) / "lexicon.yaml")))
    for path, name in sources:
        parsed, found = read_lexicon_file(path, name)
        problems += found
        if parsed is not None:
            lexicon.extend(parsed)
            problems += phrase_problems(Lexicon(lexicon.spellings, parsed.concepts), name)
    return lexicon, problems
