"""Labelled queries in JSON Lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from welcomebot.errors import OperatorError


class Query(BaseModel):
    id: str
    kind: Literal["faq", "rumour"]
    lang: str
    text: str
    expect: str | None


class QueryFileError(OperatorError):
    pass


def load_queries(path: Path) -> list[Query]:
    queries = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise QueryFileError(f"{path}: cannot read: {error.strerror}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            queries.append(Query.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as error:
            first = (
                str(error).splitlines()[0]
                if isinstance(error, json.JSONDecodeError)
                else (
                    "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
                )
            )
            raise QueryFileError(f"{path}:{number}: {first}") from None
    return queries
