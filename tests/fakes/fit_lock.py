"""A decision fit held back, for tests that check what happens before it ends."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from welcomebot.cache_files import alone
from welcomebot.content.loader import load_content
from welcomebot.matching.decision import kept_files
from welcomebot.matching.lexicon_files import load_lexicon


@contextmanager
def fit_held_back(content: Path, cache: Path) -> Iterator[None]:
    """Within the block, a fit of `content` into `cache` waits at its lock, as a replica waits
    for another's fit: it cannot end first, however loaded the machine."""
    pack, _ = load_content(content)
    lexicon, _ = load_lexicon(content)
    with alone(kept_files(pack.entries, pack.group_titles, lexicon, cache)[2]):
        yield
