"""Line finding: what each line of an article is, and the article's title.

Each line is classified (:func:`classify`): a heading (Markdown ``#``, a bold ``**Name**``,
a numbered ``1.``/``1)``/``Step 1:`` name, or a short title-like line), a heading with its
instructions on the same line ("Name — instructions", "Name: instructions"), a labelled
line ("How to do it:", "Reps: 10", "Muscles worked: ..."), body text, or junk (bylines,
"Share it:", cookie and notification prompts, link teasers, forum chrome). Everything from
a closing marker ("About the Author", "Never Miss a Post", "References" ...) on is dropped.
The title is the first level-1 heading, else the first line (:func:`take_title`); an
exercise's name is cleaned of numbering, emphasis and dose (:func:`clean_name`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .doses import normalize_numbers, per_side_in
from .sentences import imperative_count, imperative_verb, split_sentences
from .shape import DOSE_HINT_RE, DOSE_START_RE, dose_only
from .text import strip_emphasis

__all__ = [
    "JUNK_ANYWHERE_RE",
    "JUNK_RE",
    "LIST_RE",
    "ROUTINE_WORD_RE",
    "Line",
    "classify",
    "clean_name",
    "label_of",
    "split_name",
    "take_title",
]

# --------------------------------------------------------------------------- lines

_STOP_RE = re.compile(
    r"^(?:about the (?:author|writer|expert)s?|author bio|meet the (?:author|expert)|"
    r"related (?:posts?|articles?|stories|reading|content)|you (?:may|might) also (?:like|enjoy)|"
    r"more from\b|more stories|references|sources|citations|bibliography|comments?|"
    r"\d+ comments?|leave a (?:comment|reply)|never miss a post|sign up for (?:our|the)|"
    r"join our newsletter|subscribe to (?:our|the)|recommended (?:for you|reading)|"
    r"popular (?:posts|stories)|trending|footnotes|disclaimer)\b",
    re.IGNORECASE,
)
JUNK_RE = re.compile(
    r"^(?:by\s+\S|written by|reviewed by|medically reviewed|fact[- ]checked|"
    r"share(?: it| this| on)?\s*:?$|share (?:on|via|this)\b|tweet\b|pin it|email\s*:?$|"
    r"print\s*:?$|related\s*(?::|posts?|articles?)|read more|read next|see also|also read|"
    r"click\b|advertisement|sponsored|(?:photo(?:graph)?s?|image|credit|video)\s*(?::|by\b)|"
    r"(?:photo(?:graph)?|image|picture|illustration)s?\s+(?:credits?|courtesy|source)\b|"
    # captions and explanations: "Picture of calf stretch", "Example: if you ..."
    r"(?:an? )?(?:photo(?:graph)?|image|picture|illustration|diagram|drawing|video|gif)s? "
    r"(?:of|showing)\b|examples?\s*:|exercise images?\b|for office use\b|"
    r"watch (?:the|this|our) video|updated\b|published\b|posted\b|last updated|"
    r"table of contents|jump to|skip to|follow us|learn more\b|you'?re all set|"
    r"\(?\d{1,2}:\d{2}\)?$|\w+ \d{1,2}, \d{4}(?: at \d.*)?$|photography\b|watch\s*:|"
    r"reading time\b|\d+[- ]min(?:ute)?s? read$|page \d+ of \d+$|page last reviewed|"
    r"next review due|media (?:last reviewed|review due)|(?:patient|client|name|date|tel|phone|"
    r"prepared by|therapist|physiotherapist|clinician)\s*:|"
    # forum and comment chrome: "r/running", "Posted by u/x", "3 yr. ago", "Reply", "Edit:"
    r"r/\w+$|u/\w+$|posted by u/|[•·]?\s*\d+\s*(?:yr|year|mo|month|wk|week|d|day|h|hr|hour|"
    r"min|minute)s?\.? ago$|level \d+$|upvote|downvote|reply$|report$|save$|edit\s*\d*\s*:|"
    r"[•·|]$|\d+(?:\.\d+)?k?$|\S+ says:$|(?:[^>›»]{1,40}\s[>›»]\s)+[^>›»]{1,60}$|"
    # image file names left where the pictures were: "IMG_0919 IMG_0920", "knee-2.jpg"
    r"(?:(?:[A-Za-z]{2,8}[_-]\d{2,}\w*|\S+\.(?:jpe?g|png|gif|webp))\s*)+$|"
    r"(?:step|slide|page|image|photo|part)\s+\d+\s*"
    r"(?:of|/)\s*\d+$|continue reading|story continues|scroll (?:down )?to continue|"
    # an author's bio line: "Jordan Blake is a certified running coach ..."
    r"[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,3},? (?:is|has been) an? (?:[\w-]+,? ){0,5}?"
    r"(?:writer|journalist|editor|coach|trainer|physiotherapist|physical therapist|instructor|"
    r"teacher|contributor|doctor|physician|author|dietitian|nutritionist|specialist)\b)",
    re.IGNORECASE,
)
JUNK_ANYWHERE_RE = re.compile(
    r"cookies?\b|opt[- ]out|desktop notifications|push notifications|privacy policy|"
    r"terms of (?:use|service)|affiliate link|we may earn|newsletter|subscribe\b|"
    r"sign up\b|all rights reserved|copyright|©|\b\d+[- ]min(?:ute)?s? read\b|pinterest|"
    r"instagram|facebook|tiktok|youtube channel|follow me\b|in the comments|comments? below",
    re.IGNORECASE,
)
# Labels inside an exercise: kept (their text is instructions or dose) or dropped.
_KEEP_LABEL_RE = re.compile(
    r"^(?:how(?: to(?: do it| perform it| do this)?)?|instructions|directions|steps?|form tips?|"
    r"tips?|coach(?:'s|ing)? (?:tips?|cues?)|pro tip|notes?|cues?|sets|reps|repetitions|"
    r"sets and reps|sets/reps|sets x reps|dose|dosage|do|do it|hold|time|duration|rest|"
    r"equipment|you'?ll need|what you'?ll need|start|starting position|position|movement|"
    r"the move|action|repeat|recovery)\s*$",
    re.IGNORECASE,
)
_DROP_LABEL_RE = re.compile(
    r"^(?:why(?: it works| do it|:)?|benefits?|muscles? worked|muscles? targeted|targets?|"
    r"works|primary muscles?|make it (?:easier|harder)|easier|harder|variations?|"
    r"progressions?|regressions?|modifications?|modify|common mistakes?|mistakes? to avoid|"
    r"avoid|caution|warning|good for|level|difficulty)\s*$",
    re.IGNORECASE,
)

LIST_RE = re.compile(
    # "- ", "3. ", "Step 2:", and a circuit's "A1 - " / "B2. "
    # "1Bridge": a handout's number glued to the name it numbers
    r"^(?:[-*+•·▪◦]\s+|(?P<n>\d{1,2})(?:\s*[.)]\s+|(?=[A-Z][a-z]))|[A-H]\d{1,2}\s*[-–—.:)]\s+|"
    r"(?:step|exercise|move|movement|no\.?|#)\s*"
    r"(?P<m>\d{1,2})\s*[:.)\-]\s*)",
    re.IGNORECASE,
)
_MD_HEADING_RE = re.compile(r"^(#{1,6})\s*(.*?)\s*#*$")
_BOLD_RE = re.compile(r"^(?:\*\*|__)(?P<name>.+?)(?:\*\*|__)\s*(?P<rest>.*)$")
_SPLIT_RE = re.compile(r"\s+[-–—]+\s+|(?<=[^\W\d])—(?=[^\W\d])|(?<=[^\W\d])[-–—]\s+(?=[A-Z])|"
                       r":\s+|\.\s+(?=[A-Z])")
# Text that opens with a dose: "3x15 each side", "x3, 30s each", "10 reps per leg, ...".

_SENTENCE_END_RE = re.compile(r"[.!?;,]\"?'?\)?$")
# A line that ends with a whole bracketed remark "(... medical professional)" is complete.
_CLOSED_RE = re.compile(r"\([^()]{12,}\)$")
# A bullet marker (not a number): "- ", "• ".
_BULLET_RE = re.compile(r"^[-*+•·▪◦]\s+")

@dataclass
class Line:
    kind: str  # heading | body | blank
    text: str
    level: int = 0  # Markdown heading level; 0 for inferred headings
    inline: str = ""  # instructions or dose given on the heading's own line
    numbered: bool = False  # a list item (starts its own paragraph)
    # "drop": text under a dropped label ("Make it easier:"); "dropline": a descriptive label
    # with its value on the line ("Muscles worked: glutes"); "quiet": a dose or equipment
    # label ("Reps: 10"), read for the dose but not spoken.
    label: str = ""
    number: int | None = None  # the item's number in a numbered list ("3." / "Step 3:")

def label_of(text: str) -> str:
    """"keep", "drop" or "" for a short label such as "How to do it" or "Benefits"."""
    text = text.strip().rstrip(":.").strip()
    if _KEEP_LABEL_RE.match(text):
        return "keep"
    if _DROP_LABEL_RE.match(text):
        return "drop"
    return ""


_DOSE_LABEL_RE = re.compile(r"^(?:sets|reps|repetitions|rounds|hold|time|duration|rest|"
                            r"recovery)$",
                            re.IGNORECASE)
# Labels whose value is read (a dose, the equipment) but is not an instruction to speak.
_QUIET_LABEL_RE = re.compile(
    r"^(?:sets|reps|repetitions|sets and reps|sets/reps|sets x reps|rounds|dose|dosage|hold|"
    r"time|duration|rest|recovery|tempo|equipment|you'?ll need|what you'?ll need)$",
    re.IGNORECASE,
)
# Dropped labels that describe the exercise in a word or a list ("Muscles worked: glutes");
# the next line is a fresh start. Others ("Make it easier:") run on to the paragraph's end.
_DESCRIBE_LABEL_RE = re.compile(
    r"^(?:muscles? worked|muscles? targeted|targets?|works|primary muscles?|good for|level|"
    r"difficulty|benefits?)$",
    re.IGNORECASE,
)


def _label_kind(label: str, kept: str, value: str) -> str:
    """The Line.label for a labelled line: "drop", "dropline", "quiet" or ""."""
    label = label.strip().rstrip(":.").strip()
    if kept == "drop":
        return "dropline" if value.strip() and _DESCRIBE_LABEL_RE.match(label) else "drop"
    return "quiet" if value.strip() and _QUIET_LABEL_RE.match(label) else ""


def _keep_dose_label(label: str, value: str) -> str:
    """ "Reps: 10" keeps its label (it says what the number counts); "How to do it:" not."""
    label = label.strip().rstrip(":.").strip()
    if value and _DOSE_LABEL_RE.match(label) and re.match(r"\d|[a-z]+\b", normalize_numbers(
            value)):
        return f"{label}: {value}"
    return value


def _titleish(text: str) -> bool:
    """Short, name-like text: a possible exercise name."""
    words = text.split()
    if not words or len(words) > 10 or len(text) > 80:
        return False
    if not re.search(r"[^\W\d_]", text) or text.endswith(("?", ",", ";")):
        return False
    if not (text[0].isupper() or text[0].isdigit() or not text[0].isalpha()):
        return False
    if re.search(r"\b(?:you|your|you're)\b", text, re.IGNORECASE):
        capitals = sum(1 for w in words if w[0].isupper())
        return capitals >= len(words) * 0.6
    if _sentence_then_more(text):
        return False
    return not _SENTENCE_END_RE.search(text) or (
        text.endswith(".") and len(words) <= 4 and text.count(".") == 1
        and all(w[0].isupper() for w in words if w[0].isalpha())
    )



# A whole sentence in lower case, then more text: "A side plank trains the hip. To Do:" is
# a benefit sentence with a label glued on, not a name ("Dr. Seuss Stretch", "St. Louis
# Lunge" keep their capitals, and a name is not a sentence).
_INNER_SENTENCE_RE = re.compile(r"^(?P<first>[^.!?]+)[.!?]\s+(?=\S)")


def _sentence_then_more(text: str) -> bool:
    m = _INNER_SENTENCE_RE.match(text)
    if not m:
        return False
    words = [w for w in m.group("first").split() if w[:1].isalpha()]
    lower = sum(1 for w in words if w[0].islower() and w.lower() not in _SMALL_WORDS)
    return len(words) >= 4 and lower >= len(words) / 3


# A name with its dose after it and no separator: "Side Plank (each side) 2 x 20 seconds",
# "Banded Walk, 2 sets of 10 steps". Each place a number (or "x3") may start the dose.
_DOSE_TAIL_AT_RE = re.compile(r"(?:\s*,\s*|\s+|(?<=\))\s*)(?=\(?[x×]?\s*\d)", re.IGNORECASE)


def dose_remark(text: str) -> bool:
    """A bracketed remark that is the dose, not part of the name: "(3 x 12)", "(each side)"."""
    return dose_only(text) or (len(text.split()) <= 3 and per_side_in(text))


def _dose_tail(text: str) -> tuple[str, str] | None:
    """("Banded Walk", "2 sets of 10 steps") for "Banded Walk, 2 sets of 10 steps"."""
    for m in _DOSE_TAIL_AT_RE.finditer(text):
        name, tail = text[:m.start()].strip(" ,.;:-–—"), text[m.end():].strip()
        words = name.split()
        if not words or len(words) > MAX_NAME_WORDS:
            return None  # the dose comes too late: a sentence, not a name
        if not (dose_only(tail) and DOSE_START_RE.match(normalize_numbers(tail))):
            continue
        if (not _titleish(name) or imperative_verb(name) or label_of(name) or _SPLIT_RE.search(name)
                or JUNK_RE.match(name) or DOSE_HINT_RE.search(normalize_numbers(name))):
            return None
        paren = re.match(r"^(.*?)\s*\(([^()]*)\)$", name)
        if paren and dose_remark(paren.group(2)):  # "Side Plank (each side) 2 x 20 seconds"
            name, tail = paren.group(1), f"{paren.group(2)}, {tail}"
        return name, tail
    return None


def _classify_one(raw: str) -> Line:
    text = raw.strip()
    if not text:
        return Line("blank", "")
    md = _MD_HEADING_RE.match(text)
    if md and (md.group(2) or "").strip():
        heading = strip_emphasis(md.group(2))
        heading = LIST_RE.sub("", heading).strip()
        name, inline = split_name(heading)
        if name and _titleish(name) and inline:
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
            rest = _keep_dose_label(name, rest)
            return Line("body", rest if label == "keep" else "", numbered=numbered, label=kind)
        if _titleish(name):
            return Line("heading", name, 0, rest, numbered)
    text = strip_emphasis(text)
    if not text:
        return Line("blank", "")
    head, _, tail = text.partition(":")
    label = label_of(head) if tail or text.endswith(":") else ""
    if label:
        kind = _label_kind(head, label, tail)
        tail = _keep_dose_label(head, tail.strip())
        return Line("body", tail if label == "keep" else "", numbered=numbered, label=kind)
    if text.endswith("?") and 4 <= len(text.split()) <= 15 and text[0].isupper():
        # A question on its own line heads a FAQ ("How often should I do these?").
        return Line("heading", text, 0, "", numbered)
    dosed = _dose_first(text)
    if dosed:
        return Line("heading", dosed[0], 0, dosed[1], numbered)
    after = _dose_tail(text)
    if after:
        return Line("heading", after[0], 0, after[1], numbered)
    name, inline = split_name(text, listed=numbered)
    if name and inline and DOSE_START_RE.match(normalize_numbers(inline)):
        return Line("heading", name, 0, inline, numbered)  # "Clamshells - 3x15 each side"
    if name and inline and _titleish(name) and _step(split_sentences(inline)[0]):
        return Line("heading", name, 0, inline, numbered)  # "Leg Swings - Perform 10 ..."
    if _titleish(text.rstrip(":")) and not dose_only(text) and not (
            _BULLET_RE.match(raw.strip()) and _step(text)):
        return Line("heading", text.rstrip(":").strip(), 0, "", numbered)
    if name and inline:
        return Line("heading", name, 0, inline, numbered)
    return Line("body", text, numbered=numbered)


_DOSE_FIRST_RE = re.compile(r"^(?P<dose>[^:]{1,30}):\s+(?P<name>[^.!?]{2,60})[.!]\s*(?P<rest>.*)$")
_COLON_NAME_RE = re.compile(r"^(?P<name>[^:]{2,60}):\s+(?P<rest>\S.*)$")
MAX_NAME_WORDS = 6


def _step(text: str) -> bool:
    """A bulleted step, not a name: a sentence in lower case led by an imperative verb
    ("Let them slowly fall"), where a name is mostly capitalised ("Reach for the Sky")."""
    words = [w for w in text.split() if w[:1].isalpha()]
    capitals = sum(1 for w in words if w[0].isupper() or w.lower() in _SMALL_WORDS)
    return len(words) >= 3 and capitals <= len(words) / 2 and bool(imperative_verb(text))


_SMALL_WORDS = frozenset({"a", "an", "the", "and", "or", "of", "for", "to", "on", "in", "with",
                          "at", "by"})


def _dose_first(text: str) -> tuple[str, str] | None:
    """("right side plank", "30 seconds. Roll over ...") for a line that gives the dose,
    then the name as a short phrase: "30 seconds: right side plank. Roll over ..."."""
    m = _DOSE_FIRST_RE.match(text)
    if not m or not dose_only(m.group("dose")) or not DOSE_START_RE.match(
            normalize_numbers(m.group("dose"))):
        return None
    name = m.group("name").strip()
    if len(name.split()) > MAX_NAME_WORDS or DOSE_HINT_RE.search(normalize_numbers(name)):
        return None
    return name, f"{m.group('dose').strip()}. {m.group('rest')}".strip()


def _colon_name(line: Line) -> Line | None:
    """A body line shaped "Name: text" as a heading with its text inline, or None."""
    m = _COLON_NAME_RE.match(line.text)
    if line.kind != "body" or line.label or not m:
        return None
    name = m.group("name").strip()
    if (len(name.split()) > MAX_NAME_WORDS or not _titleish(name) or label_of(name)
            or JUNK_RE.match(name) or DOSE_HINT_RE.search(normalize_numbers(name))):
        return None
    return Line("heading", name, 0, m.group("rest").strip(), line.numbered, number=line.number)


def _colon_peers(lines: list[Line]) -> list[Line]:
    """"Name: text" lines next to "Name: instructions" headings are headings too: the
    run's shape names them, though their text opens with a remark ("Touch downs: Not like
    in football. Find a small box ...")."""
    out = list(lines)
    changed = True
    while changed:
        changed = False
        shown = [i for i, ln in enumerate(out) if ln.kind != "blank"]
        for k, i in enumerate(shown):
            promoted = _colon_name(out[i])
            if promoted is None:
                continue
            near = [out[shown[j]] for j in (k - 1, k + 1) if 0 <= j < len(shown)]
            if any(n.kind == "heading" and n.inline and n.level == 0 for n in near):
                out[i] = promoted
                changed = True
    return out


def split_name(text: str, listed: bool = False) -> tuple[str, str]:
    """("Glute Bridge", "Lie on your back ...") for "Glute Bridge — Lie on your back ...".

    ``listed``: the line is a list item, where a spaced dash after a short name separates
    it from its text whatever that text is ("2. High knees on spot – jogging on the spot")."""
    m = _SPLIT_RE.search(text)
    if not m or m.start() == 0:
        name, rest = text, ""
        paren = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", text)
        if paren and dose_remark(paren.group(2)):
            name, rest = paren.group(1), paren.group(2)
        return (name, rest) if rest else ("", "")
    name, rest = text[:m.start()].strip(), text[m.end():].strip()
    step = re.search(r"\s(\d{1,2})$", name)
    if step and m.group().strip() == "." and re.search(
            rf"(?<!\d){int(step.group(1)) + 1}\.\s", rest):
        # a handout flattened onto one line: "Biceps Stretch 9. Face a wall ... 10. With ..."
        name = name[:step.start()].strip()
    words = name.split()
    title_case = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha()) >= 0.6 * len(
        words
    )
    # "3. Forward lunge.  Very easy ...": a list item's short first sentence is its name
    short_item = (listed and m.group().strip() == "." and len(words) <= MAX_NAME_WORDS
                  and not imperative_verb(name))
    if (m.group().strip() == "." and not title_case and not short_item) or (
        imperative_verb(name) and not all(w[:1].isupper() for w in words if w[:1].isalpha())
    ):
        return "", ""
    paren = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", name)
    if paren and dose_remark(paren.group(2)):
        name, rest = paren.group(1), f"{paren.group(2)}. {rest}".strip()
    if not _titleish(name) or label_of(name) or JUNK_RE.match(name):
        return "", ""
    if len(name.split()) > 7 or name.endswith(".") or DOSE_HINT_RE.search(
            normalize_numbers(name)):
        return "", ""  # "AMRAP in 60 seconds: ..." is a dose, not a name
    first = split_sentences(rest)[:1]
    if (dose_only(rest) or DOSE_START_RE.match(normalize_numbers(rest))
            or (first and imperative_verb(first[0]))):
        return name, rest
    if ((listed and re.fullmatch(r"\s+[-–—]+\s+", m.group()) and len(words) <= MAX_NAME_WORDS)
            or short_item):
        return name, rest
    return "", ""


def classify(raw_lines: list[str]) -> list[Line]:
    """Classify every line; stop at the author bio or the footer."""
    lines: list[Line] = []
    for raw in raw_lines:
        plain = strip_emphasis(re.sub(r"^#{1,6}\s*", "", raw.strip()))
        if plain and len(plain.split()) <= 8 and _STOP_RE.match(plain) and lines:
            break
        if plain and (JUNK_RE.match(plain) or (
            JUNK_ANYWHERE_RE.search(plain) and not imperative_count(plain)
        )):
            lines.append(Line("blank", ""))
            continue
        line = _classify_one(raw)
        listed = LIST_RE.match(plain)
        if listed and (listed.group("n") or listed.group("m")):
            line.number = int(listed.group("n") or listed.group("m"))
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
                    and not (_SENTENCE_END_RE.search(prev_text) or prev_text.endswith(":")
                             or _CLOSED_RE.search(prev_text))):
                line = Line("body", strip_emphasis(raw.strip()))
        lines.append(line)
    return _colon_peers(lines)


ROUTINE_WORD_RE = re.compile(
    r"\b(?:exercises?|workouts?|routines?|program(?:me)?s?|stretch(?:es|ing)?|plan|moves|drills|"
    r"flow|sequence|yoga|training|rehab(?:ilitation)?|session|circuit)\b",
    re.IGNORECASE,
)


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
        if len(first.text.split()) > 20 or first.number is not None or (
                first.kind == "heading" and first.inline):
            index = None
        else:
            # A letterhead ("CITY PHYSIOTHERAPY CLINIC") above the routine's own title.
            top = []
            for i in early[:3]:
                if lines[i].kind != "heading" or lines[i].inline:
                    break
                top.append(i)
            if top and not ROUTINE_WORD_RE.search(lines[top[0]].text):
                index = next((i for i in top if ROUTINE_WORD_RE.search(lines[i].text)), index)
    if index is not None:
        title = lines[index].text.strip().rstrip(":")
        rest = lines[:index] + lines[index + 1:]
        # Drop repeats of the title (pages often print it twice).
        lines = [ln if ln.text.strip().rstrip(":") != title else Line("blank", "") for ln in rest]
    return title, lines

def clean_name(text: str) -> str:
    name = strip_emphasis(text)
    name = LIST_RE.sub("", name)
    name = re.sub(r"^(?:how to (?:do|perform) (?:an? |the )?)", "", name, flags=re.IGNORECASE)
    paren = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", name)
    if paren and dose_only(paren.group(2)):
        name = paren.group(1)
    # "'Reach for the Sky' Exercise (a.k.a. supine serratus ...)", "X aka Y": the name.
    name = re.sub(r"\s*[(\[]?\b(?:aka|a\.k\.a\.?|also known as|also called)(?:\W.*)?$", "",
                  name, flags=re.IGNORECASE)
    if re.search(r"[\"“”]", name):  # '"Reach for the Sky" Exercise': the quoted name
        name = re.sub(r"[\"“”]", "", name)
        name = re.sub(r"(?<=\w)\s+exercise$", "", name, flags=re.IGNORECASE)
    name = name.strip(" :.-–—\"'")
    if len(name) > 3 and name.isupper():
        name = " ".join(w if len(w) <= 2 and w.isalpha() and w not in ("UP", "ON", "TO")
                        else "-".join(p.capitalize() for p in w.split("-"))
                        for w in name.split())  # "GLUTE BRIDGE", "STEP-DOWN"
    if name and name[0].islower():
        name = name[0].upper() + name[1:]
    return " ".join(name.split())[:80]
