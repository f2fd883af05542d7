"""Line finding: what each line of an article is, and the article's title.

Each line is classified (:func:`classify`): a heading (Markdown ``#``, a bold ``**Name**``,
a numbered ``1.``/``1)``/``Step 1:`` name, or a short title-like line), a heading with its
instructions on the same line ("Name — instructions", "Name: instructions"), a labelled
line ("How to do it:", "Reps: 10", "Muscles worked: ..."), body text, or junk (bylines,
"Share it:", cookie and notification prompts, link teasers, forum chrome). Everything from
a closing marker ("About the Author", "Never Miss a Post", "References" ...) on is dropped.
The title is the first level-1 heading, else the first line (:func:`take_title`). Junk and
label marks are in :mod:`.marks`; what a name looks like, and a name split from its line's
instructions or dose, in :mod:`.names`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..words import WEAK_VERBS
from .doses import normalize_numbers
from .marks import JUNK_ANYWHERE_RE, JUNK_RE, LIST_RE, label_of
from .names import (
    COLON_NAME_RE,
    DASH_NAME_RE,
    MAX_NAME_WORDS,
    SENTENCE_END_RE,
    SMALL_WORDS,
    dose_first,
    dose_remark,
    dose_tail,
    is_step,
    singular,
    split_name,
    titleish,
)
from .sentences import imperative_count, imperative_verb, split_sentences
from .shape import DOSE_HINT_RE, DOSE_START_RE, dose_only, for_every_exercise
from .text import strip_emphasis

__all__ = [
    "ROUTINE_WORD_RE",
    "Line",
    "classify",
    "take_title",
]

# --------------------------------------------------------------------------- lines

_STOP_RE = re.compile(
    r"^(?:about the (?:author|writer|expert)s?|author bio|meet the (?:author|expert)|"
    r"related (?:posts?|articles?|stories|reading|content)|you (?:may|might) also (?:like|enjoy)|"
    r"more from\b|more stories|references|sources|citations|bibliography|comments?|"
    r"\d+ comments?|leave a (?:comment|reply)|never miss a post|sign up for (?:our|the)|"
    r"join our newsletter|subscribe to (?:our|the)|recommended (?:for you|reading)|"
    r"popular (?:posts|stories)|trending|footnotes|disclaimer|continue learning about|"
    r"more answers|keep reading|what to read next|read this next)\b",
    re.IGNORECASE,
)
_MD_HEADING_RE = re.compile(r"^(#{1,6})\s*(.*?)\s*#*$")
_BOLD_RE = re.compile(r"^(?:\*\*|__)(?P<name>.+?)(?:\*\*|__)\s*(?P<rest>.*)$")
# A line that ends with a whole bracketed remark "(... medical professional)" is complete.
_CLOSED_RE = re.compile(r"\([^()]{12,}\)$")
# A bullet marker (not a number): "- ", "• ".
_BULLET_RE = re.compile(r"^[-*+•·▪◦]\s+")

# A sentence that leads into a list: "The following are ...:", "There are many reasons ...:".
_LEAD_IN_RE = re.compile(r"^(?:the following|here are|there are|these are|below are|try these|"
                         r"this (?:routine|workout|sequence) (?:includes|has))\b", re.IGNORECASE)


# The exercise under its name, spoken of as such: "this exercise", "the stretch".
_THIS_ONE_RE = re.compile(r"\b(?:this|the) (?:exercise|stretch|move|movement|pose|drill)\b",
                          re.IGNORECASE)


# A name said inside the first sentence: "For the A Skip, start by ..." (a name in capitals).
_FOR_THE_RE = re.compile(
    r"^For (?:the |a |an |your )?(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,4}),\s+"
    r"(?P<rest>[a-z].*)$")


@dataclass
class Line:
    kind: str  # heading | body | blank
    text: str
    level: int = 0  # Markdown heading level; 0 for inferred headings
    inline: str = ""  # instructions or dose given on the heading's own line
    numbered: bool = False  # a list item (starts its own paragraph)
    # "drop": text under a dropped label ("Make it easier:"); "dropline": a descriptive label
    # with its value on the line ("Muscles worked: glutes"); "quiet": a dose or equipment
    # label ("Reps: 10"), read for the dose but not spoken; "step": a step label with its text
    # on the line ("Starting position: Lie ..."), the exercise's own instructions.
    label: str = ""
    number: int | None = None  # the item's number in a numbered list ("3." / "Step 3:")
    # a labelled line's label, lower case ("why", "how"); on a heading the importer made,
    # how it was found: "timed" (a circuit's "30-second boat pose"), "another" (prose's
    # "Another exercise ... is hip hikes")
    tag: str = ""
    said: str = ""  # a dropped label's text ("Why: Carioca opens the hips" -> "Carioca ...")
    named: str = ""  # a heading the page left out, named by the importer from this text

_DOSE_LABEL_RE = re.compile(r"^(?:sets|reps|repetitions|rounds|hold|time|duration|rest|"
                            r"recovery|distance)$",
                            re.IGNORECASE)
# Labels whose value is read (a dose, the equipment) but is not an instruction to speak.
_QUIET_LABEL_RE = re.compile(
    r"^(?:sets|reps|repetitions|sets and reps|sets/reps|sets x reps|rounds|dose|dosage|hold|"
    r"time|duration|distance|rest|recovery|tempo|equipment|you'?ll need|what you'?ll need|"
    r"how many(?: times)?|how long|amount)$",
    re.IGNORECASE,
)
# Dropped labels that describe the exercise in a word or a list ("Muscles worked: glutes");
# the next line is a fresh start. Others ("Make it easier:") run on to the paragraph's end.
_DESCRIBE_LABEL_RE = re.compile(
    r"^(?:muscles? worked|muscles? targeted|targets?|works|primary muscles?|good for|level|"
    r"difficulty|benefits?|sanskrit(?: name)?|also (?:called|known as)|other names?|"
    r"english name)$",
    re.IGNORECASE,
)


_STEP_LABEL_RE = re.compile(
    r"^(?:\d{1,2}\s+)?(?:start(?:ing)? position|position|"
    r"how(?: to(?: do it| perform it| do this)?)?|instructions|directions|steps?|"
    r"movement\s*/\s*action|action\s*/\s*movement|movement|"
    r"action|the move)$", re.IGNORECASE)


def _label_kind(label: str, kept: str, value: str) -> str:
    """The Line.label for a labelled line: "drop", "dropline", "quiet" or ""."""
    label = label.strip().rstrip(":.").strip()
    if kept == "drop":
        return "dropline" if value.strip() and _DESCRIBE_LABEL_RE.match(label) else "drop"
    if value.strip() and _QUIET_LABEL_RE.match(label):
        return "quiet"
    # "1 Starting position: Lie ...", "How to do it: Stand ...": the exercise's own steps
    return "step" if value.strip() and _STEP_LABEL_RE.match(label) else ""


def _keep_dose_label(label: str, value: str) -> str:
    """ "Reps: 10" keeps its label (it says what the number counts); "How to do it:" not."""
    label = label.strip().rstrip(":.").strip()
    if value and _DOSE_LABEL_RE.match(label) and re.match(r"\d|[a-z]+\b", normalize_numbers(
            value)):
        return f"{label}: {value}"
    return value


# A name with the time its part of the page takes: "Mobility Exercises Time required: 20
# minutes", "Warm-up (total time: 10 min)".
_TIME_BUDGET_RE = re.compile(
    r"^(?P<name>[^:()]{3,60}?)\s*[(,-]?\s*(?:time required|time needed|total time|estimated time|"
    r"time to complete)\s*:\s*[^:]{1,30}$", re.IGNORECASE)


def _classify_one(raw: str) -> Line:
    text = raw.strip()
    if not text:
        return Line("blank", "")
    md = _MD_HEADING_RE.match(text)
    if md and (md.group(2) or "").strip():
        heading = strip_emphasis(md.group(2))
        heading = LIST_RE.sub("", heading).strip()
        name, inline = split_name(heading)
        if name and titleish(name) and inline:
            return Line("heading", name.rstrip(":"), len(md.group(1)), inline, True)
        return Line("heading", heading.rstrip(":"), len(md.group(1)), "", True)
    numbered = False
    lm = LIST_RE.match(text)
    if lm:
        numbered = True
        text = text[lm.end():].strip()
    bold = _BOLD_RE.match(text)
    if bold and bold.group("name").strip():
        name = strip_emphasis(bold.group("name")).strip().rstrip(":.").strip()
        rest = strip_emphasis(bold.group("rest").lstrip(":.-–— "))
        label = label_of(name)
        if label:
            kind = _label_kind(name, label, rest)
            value = rest
            rest = _keep_dose_label(name, rest)
            return Line("body", rest if label == "keep" else "", numbered=numbered, label=kind,
                        tag=name.lower(), said=value)
        paren = re.match(r"^(.*?)\s*\(([^()]*)\)$", name)
        if paren and paren.group(1) and dose_remark(paren.group(2)):
            # "**Bird dog (3 x 10 each side)**": the dose in brackets is the item's text
            name, rest = paren.group(1), f"{paren.group(2)}. {rest}".strip()
        if titleish(name):
            return Line("heading", name, 0, rest, numbered)
    text = strip_emphasis(text)
    if not text:
        return Line("blank", "")
    budget = _TIME_BUDGET_RE.match(text)
    if budget and titleish(budget.group("name")):
        # "1. Mobility Exercises Time required: 20 minutes": a group's name and the time the
        # group takes, not an exercise's dose
        return Line("heading", budget.group("name"), 0, "", numbered)
    head, _, tail = text.partition(":")
    label = label_of(head) if tail or text.endswith(":") or (
        # a list item that is only a label of notes ("7. Special Instructions" / "a. ...")
        numbered and re.search(r"\b(?:instructions|directions|tips|notes|cues)$", text,
                               re.IGNORECASE)) else ""
    if label:
        kind = _label_kind(head, label, tail)
        value = tail.strip()
        tail = _keep_dose_label(head, tail.strip())
        return Line("body", tail if label == "keep" else "", numbered=numbered, label=kind,
                    tag=head.strip().lower(), said=value)
    if text.endswith(":") and len(text.split()) >= 4 and _LEAD_IN_RE.match(text):
        # "The following are two exercises for the hips:" leads into a list; not a name
        return Line("body", text, numbered=numbered)
    if text.endswith(":") and _THIS_ONE_RE.search(text) and len(text.split()) <= 8:
        # "For this exercise:", "To start this stretch:" over its steps: a lead-in, no name
        return Line("body", text, numbered=numbered)
    if text.endswith("?") and 4 <= len(text.split()) <= 15 and text[0].isupper():
        # A question on its own line heads a FAQ ("How often should I do these?").
        return Line("heading", text, 0, "", numbered)
    named = _FOR_THE_RE.match(text)
    if named and titleish(named.group("name")) and imperative_verb(named.group("rest")) and not (
            re.search(r"\b(?:first|second|third|last|next|final|rest)\b", named.group("name"),
                      re.IGNORECASE)):
        # "For the A Skip, start by bringing your knee up ...": the name, then its steps
        return Line("heading", named.group("name"), 0, named.group("rest"), numbered)
    if numbered and for_every_exercise(text):
        # a list item "Devote 60 seconds to each exercise": every exercise's dose, no name
        return Line("body", text, numbered=numbered)
    dosed = dose_first(text)
    if dosed:
        return Line("heading", dosed[0], 0, dosed[1], numbered)
    after = dose_tail(text)
    if after:
        return Line("heading", after[0], 0, after[1], numbered)
    name, inline = split_name(text, listed=numbered)
    if name and inline and DOSE_START_RE.match(normalize_numbers(inline)):
        return Line("heading", name, 0, inline, numbered)  # "Clamshells - 3x15 each side"
    if name and inline and titleish(name) and is_step(split_sentences(inline)[0]):
        return Line("heading", name, 0, inline, numbered)  # "Leg Swings - Perform 10 ..."
    if titleish(text.rstrip(":")) and not dose_only(text) and not _count_said(text) and not (
            (_BULLET_RE.match(raw.strip()) or (not numbered and "," in text)) and is_step(text)):
        return Line("heading", text.rstrip(":").strip(), 0, "", numbered)
    if name and inline:
        return Line("heading", name, 0, inline, numbered)
    glued = _glued_name(text) if numbered else None
    if glued:
        return Line("heading", glued[0], 0, glued[1], numbered)
    return Line("body", text, numbered=numbered)


def _count_said(text: str) -> bool:
    """ "Repeat 2 more times (3 sets total)", "Do 3 rounds": a count said as an instruction
    (a weak verb and a number), not a name."""
    return imperative_verb(text) in ("repeat", "do", "perform", "complete") and bool(
        re.search(r"\d", normalize_numbers(text)))


def _glued_name(text: str) -> tuple[str, str] | None:
    """("Ankle pumps", "Move your foot ...") for a list item whose name runs into its
    instructions with no mark between them (a handout flattened from a PDF): the name ends
    before the first capitalised word that leads an instruction."""
    words = text.split()
    if re.search(r":|\s[-–—]\s", text[:80]) or imperative_verb(split_sentences(text)[0]):
        # a name with its mark ("Bear Crawl: across ...") is read by its mark; a line that
        # instructs as it stands ("From Pigeon Twist, release ...") names nothing
        return None
    for k in range(1, min(6, len(words) - 2) + 1):
        if not words[k][:1].isupper():
            continue
        name, rest = " ".join(words[:k]), " ".join(words[k:])
        verb = imperative_verb(split_sentences(rest)[0])
        if (verb and verb not in WEAK_VERBS and titleish(name) and not imperative_verb(name)
                and not SENTENCE_END_RE.search(name) and not label_of(name)):
            return name, rest
    return None


def _colon_name(line: Line, peer: bool = False) -> Line | None:
    """A body line shaped "Name: text" or "Name – text" as a heading with its text inline,
    or None. ``peer``: next to such headings, where a longer name before a bare dose
    ("Sitting back arch with chin to chest: 5 breaths") is one too."""
    m = COLON_NAME_RE.match(line.text) or DASH_NAME_RE.match(line.text)
    # (a whole "Lunges: Count each leg as one" line taken as a name is one too)
    whole = line.kind == "heading" and not line.inline and line.level == 0
    if not (line.kind == "body" or whole) or line.label or not m:
        return None
    name = m.group("name").strip()
    rest = normalize_numbers(m.group("rest").strip())
    longest = MAX_PEER_NAME_WORDS if peer and dose_only(rest) and DOSE_START_RE.match(
        rest) else MAX_NAME_WORDS
    if (len(name.split()) > longest or not titleish(name) or label_of(name)
            or JUNK_RE.match(name) or DOSE_HINT_RE.search(normalize_numbers(name))):
        return None
    return Line("heading", name, 0, m.group("rest").strip(), line.numbered, number=line.number)


MAX_PEER_NAME_WORDS = 10


def _colon_peers(lines: list[Line]) -> list[Line]:
    """"Name: text" and "Name – text" lines next to "Name: instructions" headings are
    headings too: the run's shape names them, though their text opens with a remark
    ("Touch downs: Not like in football. Find a small box ...", "Butt Kicks – pretty self
    explanatory. Start slowly ...")."""
    return _promote_beside(
        lines, lambda line: _colon_name(line, peer=True),
        lambda near: near.kind == "heading" and bool(near.inline) and near.level == 0)


def _promote_beside(lines: list[Line], promote: Callable[[Line], Line | None],
                    beside: Callable[[Line], bool]) -> list[Line]:
    """Each line that ``promote`` reads as a heading becomes that heading where a line next
    to it (blank lines skipped) is ``beside``; again until nothing changes (a line promoted
    vouches for the next). ``promote`` gives None for a line it does not change."""
    out = list(lines)
    changed = True
    while changed:
        changed = False
        shown = [i for i, ln in enumerate(out) if ln.kind != "blank"]
        for k, i in enumerate(shown):
            promoted = promote(out[i])
            if promoted is None:
                continue
            near = [out[shown[j]] for j in (k - 1, k + 1) if 0 <= j < len(shown)]
            if any(beside(n) for n in near):
                out[i] = promoted
                changed = True
    return out


def _step_peers(lines: list[Line]) -> list[Line]:
    """A list item in lower case between two items that are steps ("- Lift the other leg
    off the ground" / "- Restart pushing up onto both feet" / "- Place both feet back ...")
    is a step too, not a name: names in a list of steps come in capitals or stand alone."""
    out = list(lines)
    shown = [i for i, ln in enumerate(lines) if ln.kind != "blank"]
    for k, i in enumerate(shown):
        line = lines[i]
        if (line.kind == "heading" and line.numbered and not line.inline and k > 0
                and line.text.strip(" .!").lower() in WEAK_VERBS and _a_step(lines[shown[k - 1]])):
            # "6. Focus on your belly button ..." / "7. Breathe": the last step, one word
            out[i] = Line("body", line.text, numbered=True, number=line.number)
            continue
        if (line.kind == "heading" and line.numbered and line.inline and 0 < k < len(shown) - 1
                and re.match(r"^[A-Z][a-z]+ (?:a|an|the|your) [a-z]+$", line.text)
                and imperative_verb(line.inline)
                and all(_listed_text(lines[shown[j]]) for j in (k - 1, k + 1))):
            # "3. Take a step. Put your heel ..." between two steps: a step of two sentences
            out[i] = Line("body", f"{line.text}. {line.inline}", numbered=True,
                          number=line.number)
            continue
        if not (line.kind == "heading" and line.numbered and line.level == 0 and not line.inline
                and 0 < k < len(shown) - 1):
            continue
        words = [w for w in line.text.split() if w[:1].isalpha()]
        content = [w for w in words if w.lower() not in SMALL_WORDS]
        if len(words) < 4 or sum(1 for w in content if w[0].isupper()) > 1:
            continue
        near = [lines[shown[k - 1]], lines[shown[k + 1]]]
        if all(_listed_text(n) for n in near):
            out[i] = Line("body", line.text, numbered=True, number=line.number)
    return out


def _listed_text(line: Line) -> bool:
    return line.kind == "body" and line.numbered and not line.label and bool(line.text)


def _a_step(line: Line) -> bool:
    return line.kind == "body" and line.numbered and not line.label and bool(
        imperative_verb(line.text))


def _remark_peers(lines: list[Line]) -> list[Line]:
    """A list item "Name (remark)" too long to look like a name ("Step ups (on a bench, a
    box or a picnic bench)"), or a short one that reads like a step ("Open leg rocker"), is a
    name where the item next to it is a bare name."""

    def promote(line: Line) -> Line | None:
        bare = re.sub(r"\s*\([^()]*\)$", "", line.text)
        if not (line.kind == "body" and line.numbered and not line.label
                and titleish(bare) and len(bare.split()) <= 4):
            return None
        return Line("heading", line.text, 0, "", True, number=line.number)

    return _promote_beside(
        lines, promote, lambda near: near.kind == "heading" and near.numbered
        and not near.inline and near.level == 0)


def _tip(text: str) -> bool:
    """A line led by a verb, not in title case: "Keep the back heel on the floor"."""
    words = [w for w in text.split() if w[:1].isalpha()]
    return len(words) >= 3 and bool(imperative_verb(text)) and not all(
        w[0].isupper() or w.lower() in SMALL_WORDS for w in words)  # ("Reach for the Sky")


def _roman(numeral: str) -> int:
    """The value of a Roman numeral up to XII ("IV" is 4)."""
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for a, b in zip(numeral, [*numeral[1:], ""], strict=True):
        total += -values[a] if b and values[b] > values[a] else values[a]
    return total


def _marker(raw: str) -> str:
    """How a list item is marked: "bullet" ("- ", "• "), "number" ("1.", "2)") or "other"."""
    text = raw.strip()
    if _BULLET_RE.match(text):
        return "bullet"
    return "number" if re.match(r"\(?\d{1,2}\s*[.)]", text) else "other"


def _bare_labels(raw_lines: list[str]) -> list[str]:
    """A label alone on its line without its colon ("How to Do It", "Starting Position",
    "Benefits") over the text it labels is that label ("How to Do It:"); not a dose's label
    ("Rest" over "30 seconds" in a circuit)."""
    out = list(raw_lines)
    for i, raw in enumerate(raw_lines):
        plain = strip_emphasis(re.sub(r"^#{1,6}\s*", "", raw.strip()))
        if (not plain or plain.endswith(":") or len(plain.split()) > 4 or not label_of(plain)
                or _QUIET_LABEL_RE.match(plain) or len(plain) < 4 or not plain[0].isalpha()):
            continue
        after = next((x.strip() for x in raw_lines[i + 1:] if x.strip()), "")
        if after and not label_of(after.rstrip(":")):
            out[i] = raw.rstrip() + ":"
    return out


def _repeated_labels(raw_lines: list[str]) -> set[str]:
    """Short name-like lines ending in a colon that come again, word for word, under two
    headings or more ("Value for runners:" under each exercise): the parts' labels the
    page repeats, which :func:`.marks.label_of` does not know."""
    seen: dict[str, int] = {}
    listed: set[str] = set()  # ("Exercises:" over a list: the list is the page's own)
    for i, raw in enumerate(raw_lines):
        plain = strip_emphasis(re.sub(r"^#{1,6}\s*", "", raw.strip()))
        if (plain.endswith(":") and not LIST_RE.match(plain) and titleish(plain[:-1])
                and not label_of(plain[:-1]) and len(plain.split()) <= 5
                and not ROUTINE_WORD_RE.search(plain)
                and not re.search(r"\b(?:day|week|round|set|part|warm[- ]?up|cool[- ]?down)s?\b",
                                  plain, re.IGNORECASE)):
            seen[plain.lower()] = seen.get(plain.lower(), 0) + 1
            after = next((x.strip() for x in raw_lines[i + 1:] if x.strip()), "")
            if LIST_RE.match(after):
                listed.add(plain.lower())
    return {text for text, n in seen.items() if n >= 2 and text not in listed}


def _wraps_on(text: str, raw_lines: list[str], at: int) -> bool:
    """A long line (five words or more) whose sentence goes on, in lower case, on the very
    next line: the first line of a hard-wrapped paragraph."""
    if at + 1 >= len(raw_lines) or len(text.split()) < 5:
        return False
    after = raw_lines[at + 1].strip()
    return bool(after) and after[0].islower() and not LIST_RE.match(after)


def classify(raw_lines: list[str]) -> list[Line]:
    """Classify every line; stop at the author bio or the footer."""
    lines: list[Line] = []
    steps = False  # after "Some Cues:" / "How to do it:", a list's items are its steps
    named = False  # that label is under an exercise's name
    dropping = False  # after "Benefits:" with nothing after it, a list's items are dropped
    marker = ""  # how the steps' list marks its items ("-", "1.")
    tips = False  # after "Hints and tips:", until the next name, number or label
    bare = _bare_labels(raw_lines)
    repeated = _repeated_labels(bare)
    for at, raw in enumerate(bare):
        plain = strip_emphasis(re.sub(r"^#{1,6}\s*", "", raw.strip()))
        if plain.lower() in repeated:
            # "Value for runners:" under every exercise: a part's label, not a name
            lines.append(Line("body", "", label="drop", tag=plain.rstrip(":").lower()))
            continue
        if plain and len(plain.split()) <= 8 and _STOP_RE.match(plain) and lines:
            break
        if plain and (JUNK_RE.match(plain.lstrip("([ ")) or (
            JUNK_ANYWHERE_RE.search(plain) and not imperative_count(plain)
        )):
            lines.append(Line("blank", ""))
            continue
        line = _classify_one(raw)
        listed = LIST_RE.match(plain)
        if listed and (listed.group("n") or listed.group("m")):
            line.number = int(listed.group("n") or listed.group("m"))
        elif listed and listed.group("l"):
            line.number = ord(listed.group("l").upper()) - ord("A") + 1
        elif listed and listed.group("r"):
            line.number = _roman(listed.group("r"))
        previous = next((x for x in reversed(lines) if x.kind != "blank"), None)
        after_blank = not lines or lines[-1].kind == "blank"
        if line.kind == "heading" and line.level == 0 and not line.numbered and not (
            raw.lstrip().startswith(("**", "__"))
        ):
            # A line inside a hard-wrapped paragraph is not a heading.
            prev_text = (previous.inline or previous.text) if previous else ""
            # (a dropped label line, "Caution: ...", leaves no text to continue)
            if (previous is not None and not after_blank and prev_text
                    and (previous.kind == "body" or previous.inline)
                    # a run of "Name - instruction" lines: each its own item
                    and not (line.inline and previous.kind == "heading")
                    # "Rest - 10 seconds" / "Bicycle crunches - 20 seconds": a name and its
                    # dose after a line that ends in a dose
                    and not (line.inline and dose_only(line.inline)
                             and DOSE_HINT_RE.search(normalize_numbers(prev_text)[-20:]))
                    and not (SENTENCE_END_RE.search(prev_text) or prev_text.endswith(":")
                             or _CLOSED_RE.search(prev_text))):
                line = Line("body", strip_emphasis(raw.strip()))
            elif line.kind == "heading" and not line.inline and _wraps_on(line.text, bare, at):
                # "On all fours with back maintained in neutral position, gently" / "move hips
                # ...": a hard-wrapped sentence's first line, not a name
                line = Line("body", strip_emphasis(raw.strip()))
        if tips and line.kind == "heading" and line.level == 0 and not line.inline and not (
                line.numbered or raw.lstrip().startswith(("**", "__"))) and _tip(line.text):
            # under "Hints and tips:", unbulleted lines led by a verb are tips, not names
            line = Line("body", line.text)
        elif line.kind == "heading" or line.numbered or line.label:
            tips = False
        if dropping and line.numbered and line.kind != "blank" and not line.label and (
                _BULLET_RE.match(raw.strip()) or re.match(r"\d{1,2}[.)]\s", raw.strip())):
            # "Benefits:" over a list: each item is the label's text, not a name
            told = f"{line.text}: {line.inline}" if line.inline else line.text
            line = Line("body", told, numbered=True, label="drop", number=line.number)
        elif line.kind != "blank":
            dropping = line.label == "drop" and not line.text and plain.endswith(":")
        if line.kind == "body" and not line.text and not line.label and plain.endswith(":"):
            steps = tips = True  # a kept label with nothing after it: "Some Cues:"
            marker = ""
            # (under a name: "Cat-Cow" / "How to Do It:" / "- Cat: Round your back ...")
            named = previous is not None and previous.kind == "heading"
        elif line.kind == "blank":
            # the list ends at a blank line after its items
            steps = steps and not (previous is not None and previous.numbered)
        elif not line.numbered:
            steps = False
        elif steps and marker and _marker(raw) != marker:
            # "How to do it:" / "- Stand tall ..." then "2. Seated Stretch": the steps' list
            # ends where the page's own list goes on
            steps = False
        elif steps and line.kind == "heading" and line.level == 0 and not line.inline:
            line = Line("body", line.text, numbered=True, number=line.number)
        elif steps and named and line.kind == "heading" and line.level == 0 and (
                len(line.text.split()) <= 2 and imperative_verb(line.inline)):
            # the exercise's phase, named in a word: "Cat: Round your back ..."
            line = Line("body", f"{line.text}: {line.inline}", numbered=True, number=line.number)
        if steps and line.numbered and not marker:
            marker = _marker(raw)
        lines.append(line)
    return _names_after(_period_runs(_named_steps(_quantity_runs(_colon_peers(
        _labels_again(_inline_moves(_remark_peers(_step_peers(_ladder_rounds(lines))))))))))


# The subject of a sentence about a movement: "Carioca opens up the hips".
_SUBJECT_RE = re.compile(r"^(?P<name>[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,2}?)\s+(?:is|are|[a-z]+s)\b")


def _labels_again(lines: list[Line]) -> list[Line]:
    """Each exercise written as the same labelled parts ("Why: ..." / "How: ..."): where a
    label comes again under one name, a new exercise starts there whose heading was lost;
    it is named by the movement its first part names ("Why: Carioca opens up the hips")."""
    out: list[Line] = []
    seen: set[str] = set()
    for line in lines:
        if line.kind == "heading":
            seen = set()
        elif line.tag and line.label in ("drop", "dropline", "step"):
            if line.tag in seen and out and line.label != "step":
                m = _SUBJECT_RE.match(line.said)
                name = m.group("name") if m and titleish(m.group("name")) else ""
                if re.match(r"(?i)(?:your|you|this|that|these|those|it|its|they|their|the|a|an|"
                            r"my|our|each|every|both|all|some|most|many|do|don't|it's)\b", name):
                    name = ""  # "Why: Your hips get tight ...": no movement named
                if name and not imperative_verb(name):
                    out += [Line("blank", ""), Line("heading", name, named=line.said),
                            Line("blank", "")]
                    seen = set()
            seen.add(line.tag)
        out.append(line)
    return out


# A circuit's line that gives the amount first, then the move: "10 squats", "30 second
# plank", "20 lunges (10 each leg)", "400m run", "1 minute of jumping jacks".
_QUANTITY_FIRST_RE = re.compile(
    r"^(?P<n>\d+(?:\s*(?:-|to)\s*\d+)?)\s*(?:[x×]\s*)?(?:-?\s*(?P<unit>seconds?|secs?|s|"
    r"minutes?|mins?|meters?|metres?|m|yards?|yds?|km|miles?|reps?|repetitions)\b\.?)?"
    r"\s+(?:of\s+)?(?P<name>[A-Za-z][A-Za-z'’/ -]{2,60}?)\s*(?:\((?P<paren>[^()]*)\))?$",
    re.IGNORECASE)
_NOT_A_MOVE_RE = re.compile(
    r"^(?:rounds?|sets?|times?|reps?|minutes?|seconds?|days?|weeks?|months?|hours?|rest|"
    r"recovery|break|total|people|exercises?|moves?|stretches?|steps to\b)|"
    # a listicle's link ("5 Best Running Shoes", "7 Tips for ..."), not a move
    r"\b(?:best|top|tips|ways|reasons|things|mistakes|signs|foods|benefits|shoes|ideas|"
    r"questions|facts|myths|rules|habits|secrets|workouts|exercises|stretches|moves|for|you|"
    r"your)\b", re.IGNORECASE)


# Words before the amount that add nothing to the move: "Repeat 15 ab sprawls", "followed
# by 10 slow pushups", "then 20 squats".
_MOVE_LEAD_RE = re.compile(r"^(?:(?:and\s+)?then|and|followed by|repeat|finish(?: off)? with|"
                           r"end with|plus)\s+(?=\d)", re.IGNORECASE)
# Where the move's name ends and a remark on how to do it starts: "on or off your knees",
# "with your back to a wall"; or a purpose: "to finish strong".
_MOVE_TAIL_RE = re.compile(
    r"\s+(?:(?:on|off|with|against|in|at|from|onto|under|behind|using|or)\s+){1,3}(?=your\b)|"
    r"\s+to\s+(?=(?:finish|end|start|warm|cool|close|wrap|round)\b)|"
    # its purpose: "2-3 minute easy jog to get my heart rate elevated"
    r"\s+to\s+(?=[a-z]+\s+(?:my|your|our|the|it|you)\b)", re.IGNORECASE)
# A second count inside the move: "30-second side plank with 10 knee pull-ins".
_WITH_COUNT_RE = re.compile(r"\s+with\s+(?P<n>\d+(?:\s*(?:-|to)\s*\d+)?)\s+(?=[A-Za-z])",
                            re.IGNORECASE)
_TIMED_UNITS = ("seconds", "minutes", "meters", "yards", "km", "miles")


def _quantity_first(line: Line) -> Line | None:
    """ "10 squats" as the heading "squats" with the dose "10 reps", or None. Bracketed
    remarks are the move's text ("(a faster version of ...)"; short ones such as "(video
    below)" are page clutter) or its dose ("(per side)"); a leading "Repeat" or "followed
    by" and a trailing remark ("on or off your knees", "to finish strong!") are not its name."""
    if line.kind == "blank" or line.label:
        return None
    text = line.text
    told = ""  # "1. 10 pushups. Come into plank ...": the move's instructions on its line
    if line.inline:  # "20 lunges (10 each leg)" read as a name and its bracketed dose
        if line.kind != "heading":
            return None
        if dose_remark(line.inline.strip("()")):
            text = f"{text} ({line.inline.strip('()')})"
        elif imperative_count(line.inline):
            told = line.inline
        else:
            return None
    text = _MOVE_LEAD_RE.sub("", normalize_numbers(text).strip()).rstrip(" !.")
    remarks = re.findall(r"\(([^()]*)\)", text)
    text = " ".join(re.sub(r"\s*\([^()]*\)", " ", text).split())
    tail = _MOVE_TAIL_RE.search(text)
    said = ""
    if tail and re.match(r"^\d", text):
        # ("on or off your knees" is said; "to finish strong" is not)
        rest = text[tail.start():].strip()
        text, said = text[:tail.start()], "" if rest.lower().startswith("to ") else rest
    extra = ""
    inner = _WITH_COUNT_RE.search(text)
    if inner and re.match(r"^\d", text):
        extra = f"{inner.group('n')} reps"
        text = f"{text[:inner.start()]} with {text[inner.end():]}"
    m = _QUANTITY_FIRST_RE.match(text)
    if not m or _NOT_A_MOVE_RE.search(m.group("name")) or len(m.group("name").split()) > (
            7 if extra else 4):
        return None
    unit = m.group("unit") or "reps"
    # (whole words: "400m run" is 400 meters of running)
    unit = {"m": "meters", "s": "seconds", "yd": "yards", "yds": "yards"}.get(unit.lower(), unit)
    if extra and not unit.lower().startswith(("sec", "min", "met", "yard", "km", "mile")):
        return None  # "10 squats with 5 jumps": which count is the move's?
    dose = f"{m.group('n')} {unit}"
    paren = m.group("paren")
    if paren is not None:
        remarks.insert(0, paren)
    for remark in remarks:
        if dose_only(remark):
            dose = remark  # "20 lunges (10 each leg)": the dose per leg
        elif dose_remark(remark):
            dose = f"{dose} {remark}"  # "20 leg swings (per side)"
        elif len(remark.split()) > 3:
            said = f"{remark[:1].upper()}{remark[1:]}. {said}".strip()
        elif DOSE_HINT_RE.search(remark):
            return None  # a count in a remark that is not the move's dose
    if extra:
        dose = f"{dose}, {extra}"
    name = m.group("name").strip()
    sided = re.search(r"\s+((?:on\s+)?(?:each|per)\s+(?:leg|side|arm|foot))$", name, re.IGNORECASE)
    if sided:  # "10 lunges each leg": the dose per leg
        name, dose = name[:sided.start()], f"{dose} {sided.group(1)}"
    told = " ".join(x for x in (said[:1].upper() + said[1:], told) if x)
    # ("30-second boat pose" in a circuit: the move is worked for that time)
    timed = unit.lower().startswith(("sec", "min"))
    return Line("heading", name[:1].upper() + name[1:], 0, f"{dose}. {told}" if told else dose,
                line.numbered, number=line.number, tag="timed" if timed else "")


# Where one line names several moves: "10 walking planks, 10 slow pushups", "20 squats
# followed by 10 burpees" (not inside brackets).
_MOVES_SPLIT_RE = re.compile(r",\s*|;\s*|\s+(?=(?:and\s+then|then|followed by)\s+\d)",
                             re.IGNORECASE)


def _quantity_moves(line: Line) -> list[Line] | None:
    """The moves of a "10 squats" line: one, or several on one line ("10 walking planks, 10
    slow pushups"), or None."""
    one = _quantity_first(line)
    if one is not None:
        return [one]
    if line.kind == "blank" or line.label or line.inline:
        return None
    parts: list[str] = []
    depth, start = 0, 0
    text = line.text
    for i, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        m = _MOVES_SPLIT_RE.match(text, i) if depth == 0 and ch in ",; " else None
        if m and m.end() > i:
            parts.append(text[start:i])
            start = m.end()
    parts.append(text[start:])
    parts = [p.strip() for p in parts if p.strip()]
    if len(parts) < 2:
        return None
    moves = [_quantity_first(Line("body", p)) for p in parts]
    if not all(moves):
        return None
    return [replace(m, numbered=line.numbered) for m in moves if m is not None]


def _runs(lines: list[Line], read: Callable[[Line], Line | None]) -> list[Line]:
    """Two or more lines in a row (blank lines between them allowed) that ``read`` reads
    as headings become those headings; a single one stays as it was."""
    out = list(lines)
    shown = [i for i, ln in enumerate(lines) if ln.kind != "blank"]
    k = 0
    while k < len(shown):
        j = k
        while j < len(shown) and read(lines[shown[j]]) is not None:
            j += 1
        if j - k >= 2:
            for i in shown[k:j]:
                out[i] = read(lines[i]) or lines[i]
        k = max(j, k + 1)
    return out


def _inline_moves(lines: list[Line]) -> list[Line]:
    """A sentence that lists three moves or more with their amounts ("Do this after your
    run: 20 squats, 15 push-ups, 10 burpees and a 30-second plank.") is a circuit: each move
    its own heading with its dose; the paragraph's other words come before them."""
    out: list[Line] = []
    for line in lines:
        if line.label or not (line.kind == "body" or (line.kind == "heading" and line.inline)):
            out.append(line)
            continue
        # ("4 rounds: 400m run, 20 air squats, 10 burpees" read as a name and its text)
        text = f"{line.text}: {line.inline}" if line.kind == "heading" else line.text
        sentences = split_sentences(text)
        moves: list[Line] = []
        for k, sentence in enumerate(sentences):
            lead, _, listed = sentence.rpartition(":")
            parts = [re.sub(r"^(?:and|then|a|an)\s+", "", p.strip(), flags=re.IGNORECASE)
                     for p in re.split(r",|;|\s+(?:and|then)\s+", listed.rstrip(".!"))]
            read = [_quantity_first(Line("body", p)) for p in parts if p]
            if len(read) >= 3 and all(read):
                moves = [replace(m, numbered=line.numbered) for m in read if m is not None]
                rest = [*sentences[:k], *([lead + "."] if lead.strip() else []),
                        *sentences[k + 1:]]
                break
        if not moves:
            out.append(line)
            continue
        for sentence in rest:  # (each its own paragraph: "Repeat 3 times." stays whole)
            out += [Line("body", sentence), Line("blank", "")]
        for move in moves:
            out += [move, Line("blank", "")]
    return out


def _counted_moves(line: Line) -> tuple[tuple[int, ...], tuple[str, ...]] | None:
    """The counts and the moves (lower case, singular) of a line that lists two moves or
    more with their counts ("1 Pushup, 1 Jumping Jack {...}"); None for other lines."""
    if line.kind == "blank" or line.label:
        return None
    if line.inline:  # (split where a name seemed to end: "1 Pushup, 1" / "Jumping Jack, ...")
        return _counted_moves(Line("body", f"{line.text} {line.inline}")) or _counted_moves(
            Line("body", f"{line.text}, {line.inline}"))
    text = line.text
    text = re.sub(r"\s*(?:\([^()]*\)|\{[^{}]*\}|\[[^\[\]]*\])", "", text)
    parts = [p.strip() for p in re.split(r",|;", text) if p.strip()]
    counts, names = [], []
    for part in parts:
        m = re.match(r"^(?:and\s+)?(\d{1,3})\s+([A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,3})"
                     r"\.?$", part)
        if not m or dose_only(part):  # ("2 Sets, 12 Reps" is a dose, not two moves)
            return None
        counts.append(int(m.group(1)))
        names.append(" ".join(singular(w.lower()) for w in m.group(2).split()))
    return (tuple(counts), tuple(names)) if len(names) >= 2 else None


def _ladder_rounds(lines: list[Line]) -> list[Line]:
    """A ladder written out round by round ("20 Pushups, 20 Squats, 10 Burpees" / "19
    Pushups, 19 Squats, 9 Burpees" / ... / "1 Pushup, 1 Squat, 1 Burpee"): the moves of
    its first round are the exercises; a later line of the same moves, every count changed,
    is another round, not more exercises. (The same line again with the same counts, in a
    circuit that repeats it, is kept.)"""
    first: dict[tuple[str, ...], tuple[int, tuple[int, ...]]] = {}
    laddered: set[int] = set()
    out: list[Line] = []
    for i, line in enumerate(lines):
        read = _counted_moves(line)
        if read is not None:
            counts, names = read
            at, earlier = first.setdefault(names, (i, counts))
            if at != i and all(a != b for a, b in zip(earlier, counts, strict=True)):
                laddered.add(at)
                out.append(Line("blank", ""))
                continue
        out.append(line)
    for at in laddered:  # the first round, read as a list of moves (not as one name)
        line = out[at]
        text = f"{line.text} {line.inline}" if line.inline else line.text
        out[at] = Line("body", text, numbered=line.numbered, number=line.number)
    return out


def _listed_peers(lines: list[Line], shown: list[int], k: int) -> bool:
    """The list item at ``shown[k]`` sits in a list whose next two items are names with
    their doses ("- 2-3 minute easy jog ..." / "- A-Skips (50-70 yards)" / "- B-Skips ...")."""
    line = lines[shown[k]]
    after = [lines[i] for i in shown[k + 1:k + 3]]
    return line.numbered and len(after) == 2 and all(
        n.kind == "heading" and n.numbered and n.inline and DOSE_HINT_RE.search(
            normalize_numbers(n.inline)) for n in after)


def _quantity_runs(lines: list[Line]) -> list[Line]:
    """Two or more "10 squats" lines in a row are a circuit's moves: each a heading named
    by its move, with its amount as its dose (a line of two moves, "10 walking planks, 10
    slow pushups", gives both)."""
    shown = [i for i, ln in enumerate(lines) if ln.kind != "blank"]
    read: dict[int, list[Line]] = {}
    k = 0
    while k < len(shown):
        j = k
        while j < len(shown) and _quantity_moves(lines[shown[j]]) is not None:
            j += 1
        if j - k >= 2 or (j - k == 1 and _listed_peers(lines, shown, k)):
            for i in shown[k:j]:
                read[i] = _quantity_moves(lines[i]) or [lines[i]]
        k = max(j, k + 1)
    out: list[Line] = []
    for i, line in enumerate(lines):
        moves = read.get(i)
        if moves is None:
            out.append(line)
            continue
        for n, move in enumerate(moves):
            out += [Line("blank", ""), move] if n else [move]
    return out


_PERIOD_NAME_RE = re.compile(r"^(?P<name>[A-Z][^.!?:;]{1,50})\.\s+(?P<rest>[A-Z].*)$")


def _period_name(line: Line, steps_follow: bool = False) -> Line | None:
    """ "Glute bridge. Lie on your back ..." (a bold name that lost its bold) as the heading
    "Glute bridge" with its instructions inline, or None. ``steps_follow``: a list of steps
    comes next, so the text after the name may describe rather than instruct ("Pelvic Tilt.
    The pelvic tilt eases tight back muscles." / "- Lie on the back ...")."""
    m = _PERIOD_NAME_RE.match(line.text) if line.kind == "body" and not line.label else None
    if not m:
        return None
    name = m.group("name").strip()
    words = name.split()
    capitals = all(w[:1].isupper() for w in words if w[:1].isalpha())
    if (len(words) > 5 or re.search(r"\d", name) or (imperative_verb(name) and not capitals)
            or not titleish(name) or label_of(name) or JUNK_RE.match(name)):
        return None
    if steps_follow and not line.numbered and capitals:
        return Line("heading", name, 0, m.group("rest").strip(), False, number=line.number)
    if all(imperative_verb(x) in (None, *WEAK_VERBS)
           for x in split_sentences(m.group("rest"))[:2]):
        return None  # a movement, not "Good job. Now rest ..." (nor "Same as above but bend")
    return Line("heading", name, 0, m.group("rest").strip(), line.numbered, number=line.number)


def _named_steps(lines: list[Line]) -> list[Line]:
    """A "Name. Description." paragraph (a name in capitals, then a sentence about it) over
    a list of two or more steps, one of them an instruction, names the exercise those steps
    instruct, where two such paragraphs or more are on the page."""
    shown = [i for i, ln in enumerate(lines) if ln.kind != "blank"]
    found: dict[int, Line] = {}
    for k, i in enumerate(shown):
        items = []
        for j in shown[k + 1:]:
            if not (lines[j].numbered and lines[j].kind == "body"):
                break
            items.append(lines[j])
        if len(items) < 2 or not any(imperative_verb(x.text) for x in items):
            continue
        named = _period_name(lines[i], steps_follow=True)
        if named is not None:
            found[i] = named
    if len(found) < 2:
        return lines
    return [found.get(i, ln) for i, ln in enumerate(lines)]


def _period_runs(lines: list[Line]) -> list[Line]:
    """Two or more "Name. Instruction ..." paragraphs in a row are named exercises; where
    the page has such a run, one more of that shape elsewhere on it (after a paragraph of
    another shape) is named too."""
    out = _runs(lines, _period_name)
    if out == lines:
        return out
    return [(_period_name(ln) or ln) if ln.kind == "body" else ln for ln in out]


def _dose_line(line: Line) -> bool:
    return line.kind == "body" and not line.label and dose_only(line.text) and bool(
        DOSE_START_RE.match(normalize_numbers(line.text)))


def _name_like(line: Line) -> bool:
    """A short line that could be a name: not a sentence, not a dose."""
    text = line.text
    return (line.kind in ("heading", "body") and not line.inline and not line.label
            and 1 <= len(text.split()) <= MAX_NAME_WORDS and not SENTENCE_END_RE.search(text)
            and not dose_only(text))


def _names_after(lines: list[Line]) -> list[Line]:
    """A page whose exercises each open with a dose line and end with their name (an image
    caption): "3 x 20-30 seconds" / "While standing, raise one arm ..." / "Cross-body
    shoulder stretch". Three dose lines or more, the last block ending with a name and no
    name before the first dose line (else the name before each dose line is the usual
    layout): each name is moved before its dose line, as a heading."""
    doses = [i for i, ln in enumerate(lines) if _dose_line(ln)]
    if len(doses) < 3:
        return lines
    shown = [i for i, ln in enumerate(lines) if ln.kind != "blank"]
    before = [i for i in shown if i < doses[0]]
    if before and _name_like(lines[before[-1]]):
        return lines
    blocks = list(zip(doses, [*doses[1:], len(lines)], strict=True))
    names: list[int] = []
    for start, end in blocks:
        inside = [i for i in shown if start < i < end]
        if len(inside) < 2 or not _name_like(lines[inside[-1]]):
            return lines
        names.append(inside[-1])
    out = list(lines[:doses[0]])
    for (start, end), name in zip(blocks, names, strict=True):
        out += [Line("blank", ""), Line("heading", lines[name].text), Line("blank", "")]
        out += [ln for i, ln in enumerate(lines[start:end], start) if i != name]
    return out


ROUTINE_WORD_RE = re.compile(
    r"\b(?:exercises?|workouts?|routines?|program(?:me)?s?|stretch(?:es|ing)?|plan|moves|drills?|"
    r"flow|sequence|yoga|training|rehab(?:ilitation)?|session|circuit)\b",
    re.IGNORECASE,
)


_ORG_RE = re.compile(
    r"\b(?:clinic|physio\w*|therap\w*|health\w*|hospital|cent(?:re|er)|sports?|medicine|"
    r"medical|rehab\w*|ltd|inc|llc|nhs|trust|practice|university|college|department|"
    r"orthop\w*|chiropractic|fitness|gym|club|institute|foundation|association)\b",
    re.IGNORECASE)


def _letterhead(text: str) -> bool:
    """A clinic's or a publisher's name above the routine's title ("CITY PHYSIOTHERAPY
    CLINIC"), not a title of its own ("Plantar Fasciitis" over "Towel stretch")."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and (all(c.isupper() for c in letters) or bool(_ORG_RE.search(text)))


def _first_of_its_kind(lines: list[Line], index: int) -> bool:
    """The first line, in capitals, is the first of the page's names in capitals over their
    instructions ("FORWARD AND BACK SHOULDER PENDULUM EXERCISE" / "Rest unaffected arm ..."
    ... "SIDE TO SIDE SHOULDER PENDULUM" / ...): an exercise, not the title."""
    def caps(ln: Line) -> bool:
        return ln.kind == "heading" and not ln.inline and ln.text.isupper() and len(
            ln.text.split()) >= 2

    shown = [ln for ln in lines[index:] if ln.kind != "blank"]
    if len(shown) < 2 or not caps(shown[0]) or not (
            shown[1].kind == "body" and not shown[1].label and imperative_verb(shown[1].text)):
        return False
    return sum(1 for ln in shown[1:] if caps(ln)) >= 2


def take_title(lines: list[Line]) -> tuple[str, list[Line]]:
    """The article's title (first level-1 heading, else its first line) and the rest."""
    title = ""
    early = [i for i, ln in enumerate(lines) if ln.kind != "blank"][:40]
    index = next((i for i in early if lines[i].kind == "heading" and lines[i].level == 1), None)
    if index is None and early:
        index = early[0]
        first = lines[index]
        # An exercise is not the title: a numbered item ("1Shoulder Internal Rotation") or
        # a name with its instructions on its line ("Flexion and Extension 1. Flex ...").
        after = next((lines[i] for i in early if i > index), None)
        if len(first.text.split()) > 20 or first.number is not None or _first_of_its_kind(
                lines, index) or (
                first.kind == "heading" and first.inline) or (
                # a name over its dose: "Push Up Plus" / "2 Sets, 12 Reps"
                after is not None and after.kind == "body" and not after.label
                and dose_only(after.text)
                and not for_every_exercise(after.text)):
            index = None
        else:
            # A letterhead ("CITY PHYSIOTHERAPY CLINIC") above the routine's own title.
            top = []
            for i in early[:3]:
                if lines[i].kind != "heading" or lines[i].inline:
                    break
                top.append(i)
            if top and not ROUTINE_WORD_RE.search(lines[top[0]].text) and _letterhead(
                    lines[top[0]].text):
                index = next((i for i in top if ROUTINE_WORD_RE.search(lines[i].text)), index)
    if index is not None:
        title = lines[index].text.strip().rstrip(":")
        rest = lines[:index] + lines[index + 1:]
        # Drop repeats of the title (pages often print it twice).
        lines = [ln if ln.text.strip().rstrip(":") != title else Line("blank", "") for ln in rest]
    return title, lines

