"""Flattened pages: a list that lost its line breaks gets them back.

Some stored pages are one long line: the headings and the bullets of every exercise run
on ("... the same way Mobilise: your hips • Stand upright ... • Repeat on the other leg.
Mobilise: your quads • ..."). :func:`unflatten` finds the shape that repeats, not the
words: a line with several inline bullets is split at them, and a bullet that ends with a
short fragment after its last sentence ("... the other leg. Mobilise: your quads") has
lost the next exercise's heading. The headings found so start with the same word; that
word, last seen in the text before the first bullet, starts the first heading. Each
heading is given back as a Markdown heading, each bullet as a list item.
"""

from __future__ import annotations

import re

__all__ = ["unflatten"]

_BULLET_RE = re.compile(r"\s+[•▪◦]\s+")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=\S)")
MIN_BULLETS = 3  # inline bullets on one line before it is read as a flattened list
MAX_HEADING_WORDS = 8


def _trailing_heading(item: str) -> tuple[str, str]:
    """("... the other leg.", "Mobilise: your quads") for a bullet that ends with a short
    fragment after its last sentence; (item, "") when it does not."""
    parts = _SENTENCE_END_RE.split(item.strip())
    tail = parts[-1]
    if len(parts) < 2 or re.search(r"[.!?]\"?$", tail) or len(tail.split()) > MAX_HEADING_WORDS:
        return item.strip(), ""
    return " ".join(parts[:-1]), tail


def _first_heading(text: str, first_words: list[str]) -> tuple[str, str]:
    """The text before the first bullet split into (introduction, heading): at the last
    place where the other headings' first word is, else after its last sentence."""
    for word in sorted(set(first_words), key=first_words.count, reverse=True):
        found = [m.start() for m in re.finditer(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)]
        if found and len(text[found[-1]:].split()) <= MAX_HEADING_WORDS:
            return text[:found[-1]].strip(), text[found[-1]:].strip()
    return _trailing_heading(text)


def _unflatten_line(line: str) -> str:
    chunks = _BULLET_RE.split(line)
    if len(chunks) - 1 < MIN_BULLETS:
        return line
    items: list[tuple[str, str]] = [_trailing_heading(c) for c in chunks[1:]]
    headings = [h for _, h in items if h]
    if not headings:
        return line
    words = [m.group().lower() for m in (re.match(r"\w+", h) for h in headings) if m]
    intro, first = _first_heading(chunks[0], words)
    out = [intro, ""] if intro else []
    if first:
        out += [f"## {first}", ""]
    for text, heading in items:
        out.append(f"- {text}")
        if heading:
            out += ["", f"## {heading}", ""]
    return "\n".join(out)


# "Name- instruction" (any dash, or "Name: ...") at a sentence start: up to five words,
# the first capitalised, then the separator that the whole run shares.
_INLINE_NAME_RE = re.compile(
    r"(?:^|(?<=[.!?])\s+)(?P<name>[A-Z][\w'’/()-]*(?:[ ][\w'’/()-]+){0,4}?)"
    r"(?P<sep>[ ]?[-–—]|:)[ ](?=[A-Za-z])")
MIN_INLINE = 3  # inline "Name- instruction" sentences in one paragraph before it is split


def _split_inline_names(line: str) -> str:
    """A paragraph of "Name- instruction" sentences ("Jumping jacks- jump your feet out
    ... for about 1-2 minutes. High knees- run in place ...") as one "Name – Instruction"
    line each."""
    found = list(_INLINE_NAME_RE.finditer(line))
    if len(found) < MIN_INLINE:
        return line
    seps = [m.group("sep").strip() for m in found]
    sep = max(set(seps), key=seps.count)
    found = [m for m in found if m.group("sep").strip() == sep
             and not re.search(r"\d", m.group("name"))]
    if len(found) < MIN_INLINE:
        return line
    starts = [m.start("name") for m in found]
    parts = [line[:starts[0]].strip()] + [line[a:b].strip() for a, b in
                                          zip(starts, [*starts[1:], len(line)], strict=True)]
    out = [parts[0], ""] if parts[0] else []
    for m, part in zip(found, parts[1:], strict=True):
        rest = part[m.end() - m.start("name"):]
        out += [f"{m.group('name')} – {rest[:1].upper()}{rest[1:]}", ""]
    return "\n".join(out).rstrip()


def unflatten(text: str) -> str:
    """The text with every flattened list line (:data:`MIN_BULLETS` inline bullets or
    more, and a heading lost in them) split into headings and list items, and every
    paragraph of inline "Name- instruction" sentences split into one line each."""
    return "\n".join(_unflatten_line(line) if line.count("•") >= MIN_BULLETS
                     else _split_inline_names(line)
                     for line in text.split("\n"))
