"""Words to index terms: Ukrainian lemmas (simplemma), English stems (Snowball)."""

from __future__ import annotations

from functools import lru_cache

import simplemma
import snowballstemmer

from welcomebot.matching.text import is_cyrillic, tokenize

# Function words carry no topic. These are general lists of each language, not tuned to queries.
STOPWORDS = frozenset(
    """
    a an the and or but if of to in on at by for with from as is are was were be been being am
    do does did i me my we our us you your he she it its they them their this that these those
    there here what which who whom how when where why can could will would shall should may might
    must have has had not no so than then too very just also about into over under up down out
    any some all i'm it's don't can't hi hello please thanks thank
    і й та а але або чи що як де коли хто який яка яке які це цей ця ці той та те ті там тут
    я ти він вона воно ми ви вони мене мені мій моя моє мої наш наша наше наші ваш ваша ваше
    ваші його її їх їхній їм нам вам нас вас в у на до з із зі від для про по за під над при
    без через між після перед бо же ж ще вже не ні так то б би чи ось от є був була було були
    буде будуть можна треба потрібно якщо тоді також теж лише тільки дуже добрий день привіт
    будь ласка дякую
    """.split()
)

_english = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def term(token: str) -> str:
    """The index term for one normalised token."""
    if is_cyrillic(token):
        return simplemma.lemmatize(token, lang="uk").casefold()
    return _english.stemWord(token)


def analyze(text: str) -> list[str]:
    """Index terms of a text, in order, without stopwords."""
    return [term(token) for token in tokenize(text) if token not in STOPWORDS]
