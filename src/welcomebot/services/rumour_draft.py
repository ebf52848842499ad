"""A new rumour drafted from an emerging cluster: a YAML skeleton for staff to complete.

What agents heard becomes the rumour's variants, in each language, so the matcher knows the
rumour the way people say it; once the rumour is in the content, the barometer counts the
cluster's reports for it. The response and the arguments are staff's to write: left empty,
`welcomebot content check` reports them until they are.
"""

from __future__ import annotations

import json

from welcomebot.config import LANGUAGES
from welcomebot.content.models import ARGUMENT_KINDS
from welcomebot.services.clusters import ReportCluster

MAX_VARIANTS = 20


def _text(value: str) -> str:
    """A YAML double-quoted scalar (JSON's strings are YAML's)."""
    return json.dumps(value, ensure_ascii=False)


def draft_yaml(cluster: ReportCluster) -> str:
    said = {lang: cluster.texts(lang) for lang in LANGUAGES}
    for lang in {r.lang for r in cluster.reports} - set(LANGUAGES):
        said["uk"] += cluster.texts(lang)  # Russian, read as Ukrainian when it was matched
    lines = [
        f"# A new rumour drafted from {cluster.size} anti-rumour reports (cluster #{cluster.id}).",
        "# To complete: give it a short unique id, say who hears it (audience: host, or",
        "# newcomers), check the claim in each language, write the response and at least one",
        "# argument, with its source; an argument's kind is one of:",
        f"# {', '.join(ARGUMENT_KINDS)}.",
        "# Then add it under `rumours:` in a file of content/rumours/ and run",
        "# `welcomebot content check`, which reports every text still empty.",
        f"- id: rumour-new-{cluster.id}",
        "  audience: host",
        "  claim:",
        *(f"    {lang}: {_text(texts[0] if texts else '')}" for lang, texts in said.items()),
        "  variants:  # what agents reported, as they said it",
    ]
    for lang, texts in said.items():
        variants = texts[1 : MAX_VARIANTS + 1]  # the first is the claim
        if variants:
            lines += [f"    {lang}:", *(f"      - {_text(text)}" for text in variants)]
        else:
            lines.append(f"    {lang}: []  # more ways people say it")
    lines += [
        "  response:",
        *(f'    {lang}: ""' for lang in LANGUAGES),
        "  arguments:",
        "    - kind: data",
        "      text:",
        *(f'        {lang}: ""' for lang in LANGUAGES),
        '      source: ""',
    ]
    return "\n".join(lines) + "\n"
