"""Sentences and the imperative mood: where sentences end, and which ones instruct.

An exercise is recognised by its instructions: sentences in the imperative mood ("Lie
on your back ...", "Standing on one leg, bring ..."). This module decides where a
sentence ends (not after "e.g." or "approx."), which verb leads an instruction
(:func:`imperative_verb`; advice such as "Make sure ..." is not one), whether a text
instructs a movement (:func:`instructional`) and whether it opens from a new starting
position (:func:`starts_fresh`). The verbs themselves are in :mod:`voicecoach.words`.
"""

from __future__ import annotations

import re

from ..words import LEADERS, MOVE_VERBS, POSITION_VERBS, WEAK_VERBS
from .shape import DOSE_HINT_RE

__all__ = [
    "imperative_count",
    "imperative_verb",
    "instructional",
    "split_sentences",
    "starts_fresh",
]

# --------------------------------------------------------------------------- sentences

_SENT_SPLIT_RE = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_ABBREV_RE = re.compile(r"\b(?:e\.g|i\.e|etc|approx|vs|min|sec|no|dr|mr|mrs|ms|st)\.$",
                        re.IGNORECASE)


def split_sentences(text: str) -> list[str]:
    """The sentences of a text, not split after an abbreviation ("e.g.", "approx.")."""
    parts = _SENT_SPLIT_RE.split(text.strip())
    out: list[str] = []
    for part in parts:
        if out and _ABBREV_RE.search(out[-1]):
            out[-1] = f"{out[-1]} {part}"
        elif part.strip():
            out.append(part.strip())
    return out


# Advice is not an instruction, even in the imperative ("Make sure ...", "Consult ...").
_ADVICE_RE = re.compile(
    r"^(?:keep in mind|make sure|be sure|be careful|remember|consider|note that|don't forget|"
    r"check with|consult|talk to|ask|see your|read|click|learn|let us|let's|get (?:started|"
    r"the|your|a) (?:with|app|free|copy))\b",
    re.IGNORECASE,
)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z']*", text.lower())


def _verb_at(clause: str) -> str | None:
    words = _words(clause)
    i = 0
    while i < len(words) and words[i] in LEADERS:
        i += 1
    if i < len(words) and words[i] in MOVE_VERBS:
        # "Lie" yes, "Lie" as a noun rarely starts a clause; "Set" + "of" is a noun.
        if words[i] in ("set", "rest", "hold", "step", "row", "roll", "press", "pull",
                        "push", "turn", "move") and i + 1 < len(words) and words[i + 1] in (
            "is", "are", "was", "of", "should", "will", "can", "helps", "targets", "works",
        ):
            return None
        if words[i] in ("start", "begin") and words[i + 1:i + 2] == ["by"] and words[
                i + 2:i + 3] and words[i + 2].endswith("ing"):
            stem = words[i + 2][:-3]  # "Start by bringing your knee up": the bringing
            for verb in (stem, stem + "e", stem[:-1]):
                if verb in MOVE_VERBS:
                    return verb
        if (words[i] in ("inhale", "exhale") and words[i + 1:i + 2] == ["to"]
                and words[i + 2:i + 3] and words[i + 2] in MOVE_VERBS):
            return words[i + 2]  # "Exhale to fold forward": the movement is the fold
        return words[i]
    return None


def imperative_verb(sentence: str) -> str | None:
    """The imperative verb that leads the sentence (or its main clause), or None."""
    s = sentence.strip().lstrip("-*•\"'( ")
    # "Level 1: Lie on your back ...", "Option 2 - Stand ...": the step after its label
    s = re.sub(r"^(?:level|option|stage|phase|progression|variation|version)\s*\d{1,2}\s*"
               r"[:.)\-–—]\s*", "", s, flags=re.IGNORECASE)
    if not s or _ADVICE_RE.match(s):
        return None
    if re.match(r"^[A-Za-z]+-(?:ups?|downs?|outs?|overs?|throughs?|aparts?|backs?|ins?|offs?)"
                r"\s+[x×(\d]", s) or re.match(
                r"^[A-Za-z]+-(?:ups|downs|outs|overs|throughs|aparts|backs|ins|offs)\b", s):
        return None  # "Push-ups x 12", "Step-downs": a move's name, not "push" or "step"
    verb = _verb_at(s)
    if verb:
        return verb
    first = _words(s)[:1]
    # "Standing on your left leg, bring ...", "With your back flat, lift ..."
    if first and (first[0].endswith("ing") or first[0] in (
        "with", "from", "while", "as", "when", "once", "after", "using", "in", "on", "at",
        "keeping", "holding", "if", "for", "without", "before", "to", "starting", "placing",
        "engaging", "lying", "standing", "sitting", "kneeling", "facing",
    ) or (first[0].endswith("ed") and "," in s)):
        for clause in s.split(",")[1:3]:
            verb = _verb_at(clause)
            if verb:
                return verb
    return None


def imperative_count(text: str) -> int:
    """How many of the text's sentences are instructions."""
    return sum(1 for s in split_sentences(text) if imperative_verb(s))


def instructional(text: str) -> bool:
    """Text that instructs a movement: mostly imperative, with a real movement verb."""
    sentences = split_sentences(text)
    if not sentences:
        return False
    verbs = [imperative_verb(s) for s in sentences]
    strong = [v for v in verbs if v and v not in WEAK_VERBS]
    count = sum(1 for v in verbs if v)
    if not strong and not (count and DOSE_HINT_RE.search(text) and len(sentences) <= 2):
        return False
    return count / len(sentences) >= 0.3 or bool(DOSE_HINT_RE.search(text))


def starts_fresh(text: str) -> bool:
    """Text that opens with a starting position: "Stand in front of ...", "Lie on ..."."""
    sentences = split_sentences(text)
    if not sentences:
        return False
    if re.match(r"^[Ff]rom (?:a |an |the )?(?:[A-Z][\w'-]*\s?){1,4},", sentences[0]):
        return True  # "From Down Dog, inhale to ...": a yoga pose's start from another pose
    words = [w for w in _words(sentences[0]) if w not in LEADERS]
    if words[:2] in (["hold", "for"], ["hold", "it"], ["hold", "this"], ["hold", "the"]):
        return False  # "Hold for 5 seconds" holds the position already taken
    return bool(words) and words[0] in POSITION_VERBS and not DOSE_HINT_RE.search(sentences[0])
