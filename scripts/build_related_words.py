"""Build `src/welcomebot/matching/data/related.tsv.gz` from LibreOffice's thesauri and
Mueller's English-Russian dictionary.

    apt-get download mythes-uk mythes-ru mueller7-dict
    for f in mythes-uk_*.deb mythes-ru_*.deb mueller7-dict_*.deb; do dpkg-deb -x $f words; done
    python scripts/build_related_words.py words/usr/share

Each line is `lang <tab> word <tab> related terms`. Ukrainian entries map a headword to the
Ukrainian lemmas of its synonyms. Russian entries map a Russian headword to those of its
synonyms that are Ukrainian words once spelled the Ukrainian way (инфекция: інфекція), for the
words Ukrainians share with Russian or type in Russian. `ruen` entries map a Russian lemma that
is no Ukrainian word (врач, жильё) to the English stems it translates in its first senses: the
content is written in English too, so a Russian word reaches it through its English. Lemmas
and stems come from the analyzer, so the file meets the index terms; rebuild it when the
lemmatizer changes.
"""

from __future__ import annotations

import gzip
import itertools
import re
import sys
from collections import defaultdict
from pathlib import Path

import simplemma

from welcomebot.matching.analyzer import english_stem, ukrainian_lemma
from welcomebot.matching.russian import russian_lemma

OUT = Path(__file__).resolve().parents[1] / "src/welcomebot/matching/data/related.tsv.gz"
# Russian letters as Ukrainian spells the same word; и and е each stand for two.
RUSSIAN_LETTERS = {"ы": "и", "э": "е", "ё": ("ьо", "йо"), "ъ": "'", "и": "іи", "е": "еє"}
MOST_SPELLINGS = 64
# Of a dictionary entry, the senses whose translations count, and of a Russian word, the
# English words kept (those it translates first): later senses are rare or figurative.
FIRST_SENSES = 3
MOST_TRANSLATIONS = 6


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


Translations = dict[str, dict[str, tuple[int, int, int]]]


def read_translations(path: Path) -> Translations:
    """Mueller's dictionary (dictd text): for each Russian lemma, the English stems whose
    entries translate it, with where: (sense, place in the sense's list, minus the entry's
    length in lines: of two words a Russian one translates as first, the one with the longer
    entry is the common one, money before pelf).

    An entry is its headword at the start of a line, then indented senses (`1) врач, доктор`).
    A sense's translations are the single words before its first English one (the examples
    that follow carry their own translations); notes in brackets and labels (`_мор.`) go. A
    line with no translation (a transcription, a part of speech) is no sense."""
    with gzip.open(path, "rt", encoding="utf-8") as dictionary:  # dictzip reads as gzip
        text = dictionary.read()
    found: Translations = defaultdict(dict)
    for entry in re.split(r"\n(?=\S)", text):
        head, *lines = entry.split("\n")
        if not re.fullmatch(r"[a-z]{3,}", head.strip()):
            continue
        stem = english_stem(head.strip())
        sense = 0
        for line in lines:
            text_of = re.sub(r"^\[[^\]]*\]", "", line.strip()).strip()  # the transcription
            numbered = re.match(r"^(?:\d+\.\s*)?(?:_\S+\s*)*\d+\)\s*(.*)$", text_of)
            if numbered:
                text_of = numbered.group(1)
            elif sense and (line.startswith("      ") or not text_of.startswith("_")):
                continue  # an example's wrapped line
            text_of = re.sub(r"\([^)]*\)|_\S+", " ", text_of)
            text_of = re.split(r"[a-zA-Z]", text_of)[0]
            words = [item.strip().lower() for item in re.split(r"[,;]", text_of)]
            words = [word for word in words if re.fullmatch(r"[а-яё-]{3,}", word)]
            if not words:
                continue
            sense += 1
            if sense > FIRST_SENSES:
                break
            for place, word in enumerate(words):
                lemma = russian_lemma(word) or word
                where = (sense, place, -len(lines))
                found[lemma][stem] = min(found[lemma].get(stem, where), where)
    return found


def translation_rows(path: Path) -> list[str]:
    rows = []
    for word, stems in sorted(read_translations(path).items()):
        if simplemma.is_known(word, "uk"):
            continue  # a Ukrainian word is read as Ukrainian (its Russian twin may differ)
        first = sorted(stems, key=lambda stem: (stems[stem], stem))[:MOST_TRANSLATIONS]
        rows.append(f"ruen\t{word}\t{' '.join(first)}\n")
    return rows


def main(folder: Path) -> None:
    rows = []
    for lang, name in (("uk", "th_uk_UA_v2.dat"), ("ru", "th_ru_RU_v2.dat")):
        for word, synonyms in sorted(read_thesaurus(folder / "mythes" / name).items()):
            lemmas = related_lemmas(word, synonyms, russian=lang == "ru")
            if lemmas:
                rows.append(f"{lang}\t{word}\t{' '.join(lemmas)}\n")
    rows += translation_rows(folder / "dictd" / "mueller7.dict.dz")
    with gzip.GzipFile(OUT, "wb", mtime=0) as out:  # the same input gives the same bytes
        out.write("".join(rows).encode("utf-8"))
    print(f"{OUT}: {len(rows)} words")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
