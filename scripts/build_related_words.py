"""Build `src/welcomebot/matching/data/related.tsv.gz` from LibreOffice's thesauri.

    apt-get download mythes-uk mythes-ru
    dpkg-deb -x mythes-uk_*.deb mythes && dpkg-deb -x mythes-ru_*.deb mythes
    python scripts/build_related_words.py mythes/usr/share/mythes

Each line is `lang <tab> word <tab> related lemmas`. Ukrainian entries map a headword to the
Ukrainian lemmas of its synonyms. Russian entries map a Russian headword to those of its
synonyms that are Ukrainian words once spelled the Ukrainian way (инфекция: інфекція), for the
words Ukrainians share with Russian or type in Russian. Lemmas come from the analyzer, so the
file meets the index terms; rebuild it when the lemmatizer changes.
"""

from __future__ import annotations

import gzip
import itertools
import sys
from pathlib import Path

import simplemma

from welcomebot.matching.analyzer import ukrainian_lemma

OUT = Path(__file__).resolve().parents[1] / "src/welcomebot/matching/data/related.tsv.gz"
# Russian letters as Ukrainian spells the same word; и and е each stand for two.
RUSSIAN_LETTERS = {"ы": "и", "э": "е", "ё": ("ьо", "йо"), "ъ": "'", "и": "іи", "е": "еє"}
MOST_SPELLINGS = 64


def read_thesaurus(path: Path) -> dict[str, set[str]]:
    """MyThes .dat: `word|senses`, then per sense `(note)|synonym|synonym...`.

    A synonym with a note ("карий (очі)", "(рідк.) жаско", "(пор.) середовище") holds in one
    context or is only comparable, so only plain ones are kept; "(див.) X" sends the word to
    X's synonyms. Phrases are left out: the matcher relates one word to one word.
    """
    lines = path.read_text(encoding="utf-8-sig").split("\n")[1:]
    synonyms: dict[str, set[str]] = {}
    see: dict[str, set[str]] = {}
    i = 0
    while i < len(lines):
        head, _, senses = lines[i].rpartition("|")
        if not head or not senses.isdigit() or head.startswith("("):
            i += 1
            continue
        word = head.lower()
        found = synonyms.setdefault(word, set())
        for sense in lines[i + 1 : i + 1 + int(senses)]:
            for part in (p.strip().lower() for p in sense.split("|")[1:]):
                if part.startswith("(див.)"):
                    see.setdefault(word, set()).add(part.removeprefix("(див.)").strip())
                elif part and "(" not in part and " " not in part:
                    found.add(part)
        i += 1 + int(senses)
    for word, targets in see.items():
        for target in targets:
            synonyms[word] |= {target} | synonyms.get(target, set())
    return synonyms


def ukrainian_spellings(russian: str) -> list[str]:
    options = [RUSSIAN_LETTERS.get(letter, letter) for letter in russian]
    if 2 ** sum(len(o) > 1 for o in options) > MOST_SPELLINGS:
        return []
    return ["".join(letters) for letters in itertools.product(*options)]


def related_lemmas(word: str, synonyms: set[str], russian: bool) -> list[str]:
    lemmas = set()
    for synonym in synonyms:
        spellings = ukrainian_spellings(synonym) if russian else [synonym]
        lemmas |= {
            ukrainian_lemma(s) for s in spellings if not russian or simplemma.is_known(s, "uk")
        }
    lemmas -= {word, ukrainian_lemma(word)}
    return sorted(lemmas)


def main(folder: Path) -> None:
    rows = []
    for lang, name in (("uk", "th_uk_UA_v2.dat"), ("ru", "th_ru_RU_v2.dat")):
        for word, synonyms in sorted(read_thesaurus(folder / name).items()):
            lemmas = related_lemmas(word, synonyms, russian=lang == "ru")
            if lemmas:
                rows.append(f"{lang}\t{word}\t{' '.join(lemmas)}\n")
    with gzip.GzipFile(OUT, "wb", mtime=0) as out:  # the same input gives the same bytes
        out.write("".join(rows).encode("utf-8"))
    print(f"{OUT}: {len(rows)} words")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
