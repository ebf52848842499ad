"""Telegram's HTML: which tags it takes, how long a text is once parsed, and how to cut a long
one into pieces that each parse on their own.

Lengths are counted in UTF-16 code units, as Telegram counts entity offsets (an emoji is two):
never less than the characters Telegram counts against its limits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TAGS = frozenset(
    {"a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler"}
    | {"tg-emoji", "code", "pre", "blockquote"}
    # A date and time each reader sees in their own zone (`date_time` entities): aiogram
    # writes them so in `Message.html_text`, which a staff member's broadcast is kept as.
    | {"tg-time"}
)
NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
ENTITY = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));")
TAG_NAME = re.compile(r"[\s/]")  # what ends a tag's name
SPACES = frozenset(" \t\n")


class HtmlError(ValueError):
    """Text Telegram would refuse; the message is worded as Telegram words it."""


@dataclass(frozen=True)
class Piece:
    """A tag, an entity or plain text, as written (`raw`) and as shown (`shown`)."""

    raw: str
    shown: str = ""
    opens: str = ""  # the tag this piece opens
    closes: str = ""  # the tag this piece closes

    @property
    def width(self) -> int:
        return utf16_length(self.shown)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _offset(text: str, index: int) -> int:
    return len(text[:index].encode())


def _entity(match: re.Match[str]) -> str | None:
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        return NAMED.get(name)
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else None


def _tag(text: str, start: int, stack: list[str]) -> Piece:
    end = text.find(">", start)
    if end < 0:
        raise HtmlError(f"Unclosed start tag at byte offset {_offset(text, start)}")
    inside, raw = text[start + 1 : end], text[start : end + 1]
    if inside.startswith("/"):
        name = inside[1:].strip().lower()
        if not stack:
            raise HtmlError(f"Unexpected end tag at byte offset {_offset(text, start)}")
        if stack[-1] != name:
            raise HtmlError(
                f"Unmatched end tag at byte offset {_offset(text, start)}, "
                f'expected "</{stack[-1]}>", found "</{name}>"'
            )
        stack.pop()
        return Piece(raw, closes=name)
    name = TAG_NAME.split(inside, maxsplit=1)[0].lower()
    if name not in TAGS:
        raise HtmlError(f'Unsupported start tag "{name}" at byte offset {_offset(text, start)}')
    stack.append(name)
    return Piece(raw, opens=name)


def pieces(text: str) -> list[Piece]:
    """The text cut into tags, entities and runs of plain text; HtmlError where Telegram
    refuses it."""
    found: list[Piece] = []
    stack: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "<":
            found.append(_tag(text, index, stack))
        elif char == "&":
            match = ENTITY.match(text, index)
            shown = _entity(match) if match else None
            # Telegram takes a lone "&" as it is.
            found.append(Piece(match.group(), shown) if match and shown else Piece("&", "&"))
        else:
            stops = (text.find("<", index), text.find("&", index))
            run = text[index : min((i for i in stops if i >= 0), default=len(text))]
            found.append(Piece(run, run))
        index += len(found[-1].raw)
    if stack:
        raise HtmlError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return found


def shown(text: str) -> str:
    """The text as Telegram shows it (and gives it back in `Message.text`)."""
    return "".join(p.shown for p in pieces(text))


def shown_length(text: str, html: bool) -> int:
    """The length Telegram counts: the text once its tags and entities are parsed."""
    return sum(p.width for p in pieces(text)) if html else utf16_length(text)


def fits(text: str, limit: int, html: bool) -> bool:
    # The raw text is never shorter than what it shows: most texts need no parsing.
    return utf16_length(text) <= limit or shown_length(text, html) <= limit


def _cut(units: list[Piece], start: int, limit: int) -> int:
    """Where the piece of text from `start` ends: at its last line break, else its last space
    (which then belong to neither piece), else at the limit; never right after a tag it opens."""
    end, size, line, space = start, 0, start, start
    while end < len(units) and size + units[end].width <= limit:
        size += units[end].width
        end += 1
        if units[end - 1].shown == "\n":
            line = end - 1
        elif units[end - 1].shown in SPACES:
            space = end - 1
    if end < len(units):
        end = line if line > start else space if space > start else max(end, start + 1)
    while end > start + 1 and units[end - 1].opens:
        end -= 1
    return end


def split(text: str, limit: int, html: bool = True) -> list[str]:
    """Pieces of at most `limit`, cut between lines where it can be; a tag open across a cut
    is closed before it and opened again after it."""
    # Plain text one character a piece, so a cut can fall anywhere in it.
    units = [
        unit
        for piece in (pieces(text) if html else [Piece(text, text)])
        for unit in (
            [Piece(char, char) for char in piece.raw] if piece.raw == piece.shown else [piece]
        )
    ]
    parts: list[str] = []
    open_tags: list[Piece] = []
    start = 0
    while start < len(units):
        end = _cut(units, start, limit)
        before = "".join(p.raw for p in open_tags)
        for unit in units[start:end]:
            if unit.opens:
                open_tags.append(unit)
            elif unit.closes:
                open_tags.pop()
        body = "".join(p.raw for p in units[start:end])
        if any(p.shown.strip() for p in units[start:end]):
            closing = "".join(f"</{p.opens}>" for p in reversed(open_tags))
            parts.append(before + body + closing)
        start = end
        # The line break or space at a cut is where one message ends, not text of the next.
        while start < len(units) and units[start].shown in SPACES and units[start].shown:
            start += 1
    return parts


def trim(text: str, limit: int, html: bool = True) -> str:
    """The text cut to `limit` with an ellipsis, for a place that takes one message only."""
    return split(text, limit - 1, html)[0] + "…"
