"""Long phrases in pieces the speech engine handles.

eSpeak NG crashes on very long text (about 50,000 characters without a full
stop) and spends minutes on one long clip. A phrase longer than
:data:`MAX_CHARS` is said as several clips: whole sentences packed up to the
limit, a sentence longer than that cut at commas, then at spaces, then
anywhere. Each piece is a cache entry of its own (so the progress bar moves
and a pool shares the work), and the phrase's clip is the pieces joined with a
short pause. Phrases up to the limit are one piece, said as they are.
"""

from __future__ import annotations

import re

MAX_CHARS = 400  # a piece: a few seconds of synthesis, about 25 s of speech
GAP_SECONDS = 0.3  # the pause between two pieces of one phrase, as between sentences

_SENTENCE = re.compile(r"(?<=[.!?;:])\s+")
_CUTS = (re.compile(r"(?<=,)\s+"), re.compile(r"\s+"))


def pieces(text: str, limit: int = MAX_CHARS) -> list[str]:
    """``text`` as pieces of at most ``limit`` characters (``[text]`` when short)."""
    if len(text) <= limit:
        return [text]
    return _pack([p for p in _SENTENCE.split(text.strip()) if p], limit, 0)


def _pack(parts: list[str], limit: int, depth: int) -> list[str]:
    """Join ``parts`` greedily up to ``limit``; a part too long is cut finer first."""
    out: list[str] = []
    current = ""
    for part in parts:
        finer = _cut(part, limit, depth) if len(part) > limit else [part]
        for piece in finer:
            if current and len(current) + 1 + len(piece) <= limit:
                current = f"{current} {piece}"
            else:
                if current:
                    out.append(current)
                current = piece
    if current:
        out.append(current)
    return out


def _cut(text: str, limit: int, depth: int) -> list[str]:
    if depth < len(_CUTS):
        parts = [p for p in _CUTS[depth].split(text) if p]
        if len(parts) > 1:
            return _pack(parts, limit, depth + 1)
        return _cut(text, limit, depth + 1)
    return [text[i:i + limit] for i in range(0, len(text), limit)]
