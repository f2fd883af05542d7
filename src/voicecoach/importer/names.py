"""Exercise names: whether short text is name-like, and a name split from the
instructions or dose on its line ("Glute Bridge — Lie on your back ...", "Banded Walk, 2 sets
of 10 steps", "30 seconds: right side plank. ..."), and a name cleaned of numbering, emphasis
and dose (:func:`clean_name`)."""

from __future__ import annotations

import re

from .doses import normalize_numbers, per_side_in
from .marks import JUNK_RE, LIST_RE, label_of
from .sentences import imperative_verb, split_sentences
from .shape import DOSE_HINT_RE, DOSE_START_RE, dose_only
from .text import strip_emphasis

__all__ = [
    "COLON_NAME_RE",
    "DASH_NAME_RE",
    "MAX_NAME_WORDS",
    "SELF_NUMBERED_RE",
    "SENTENCE_END_RE",
    "SPLIT_RE",
    "clean_name",
    "dose_first",
    "dose_remark",
    "dose_tail",
    "is_step",
    "split_name",
    "titleish",
]

# Where a name ends and its text starts (a spaced dash not between two numbers: "25 - 50 m").
SPLIT_RE = re.compile(r"(?<!\d)\s+[-–—]+\s+|(?<=\d)\s+[-–—]+\s+(?!\d)|"
                      r"(?<=[^\W\d])—(?=[^\W\d])|(?<=[^\W\d])[-–—]\s+(?=[A-Z])|"
                      r":\s+|\.\s+(?=[A-Z])")
# Text that opens with a dose: "3x15 each side", "x3, 30s each", "10 reps per leg, ...".

SENTENCE_END_RE = re.compile(r"[.!?;,]\"?'?\)?$")

# A heading that numbers itself as an exercise: "Active Warm Up Exercise 1: A's",
# "Drill #2 - Leg swings", "Stretch 3: Pigeon".
SELF_NUMBERED_RE = re.compile(
    r"^(?:[\w'’-]+\s+){0,4}(?:exercise|drill|stretch|move|movement|pose)\s*#?\d{1,2}\b",
    re.IGNORECASE)

# Words a name does not end with: "Warm up for (5 minutes)".
# ("For both exercises do" / "3 sets of 12": an instruction's verb waits for its dose)
_OPEN_LAST = frozenset({"for", "with", "to", "of", "and", "or", "the", "a", "an", "at", "by",
                        "from", "into", "your", "my", "our", "do", "perform", "complete"})


def singular(word: str) -> str:
    """A word's singular, near enough to tell two names of one move apart ("Crunches" and
    "Crunch", "Pushups" and "Pushup", "Lunges" and "Lunge"; "Press" stays)."""
    lower = word.lower()
    if lower.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(lower) > 3 and lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def titleish(text: str) -> bool:
    """Short, name-like text: a possible exercise name."""
    words = text.split()
    if not words or len(words) > 10 or len(text) > 80:
        return False
    if not re.search(r"[^\W\d_]", text) or text.endswith(("?", ",", ";")):
        return False
    if not (text[0].isupper() or text[0].isdigit() or not text[0].isalpha()):
        return False
    if words[-1].lower() in _OPEN_LAST:
        return False  # "Warm up for" is cut off, not a name
    if len(words) >= 3 and re.match(r"^(?i:they|we|he|she|it|these|those|this|there)\s+"
                                    r"(?!band\b)[a-z]+\b", text) and words[0] != "IT":
        return False  # "They encourage good form", "This is just like ...": a sentence
    if re.match(r"^(?:the|your|my|our)\s+[a-z]+\s+(?:must|should|shall|will|can|cannot|may|"
                r"need to|needs to)\s+[a-z]", text, re.IGNORECASE):
        return False  # "The knees must remain straight": a sentence
    if re.search(r"\b(?:you|your|you're)\b", text, re.IGNORECASE):
        capitals = sum(1 for w in words if w[0].isupper())
        return capitals >= len(words) * 0.6
    if _sentence_then_more(text):
        return False
    return not SENTENCE_END_RE.search(text) or (
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
    lower = sum(1 for w in words if w[0].islower() and w.lower() not in SMALL_WORDS)
    return len(words) >= 4 and lower >= len(words) / 3


# A name with its dose after it and no separator: "Side Plank (each side) 2 x 20 seconds",
# "Banded Walk, 2 sets of 10 steps". Each place a number (or "x3") may start the dose.
_DOSE_TAIL_AT_RE = re.compile(r"(?:\s*,\s*|\s+|(?<=\))\s*)(?=\(?[x×]?\s*\d)", re.IGNORECASE)


# A count of sets or reps of something named in words: "2 sets of full alphabet" (after a
# name in capitals: "Alphabet Writing 2 sets of full alphabet").
_COUNTED_TAIL_RE = re.compile(
    r"^\d+(?:\s*(?:-|to)\s*\d+)?\s*(?:sets?|reps?|repetitions|rounds)\s+of\s+[a-z]", re.IGNORECASE)


def dose_remark(text: str) -> bool:
    """A bracketed remark that is the dose, not part of the name: "(3 x 12)", "(each side)"."""
    return dose_only(text) or (len(text.split()) <= 3 and per_side_in(text))


def dose_tail(text: str) -> tuple[str, str] | None:
    """("Banded Walk", "2 sets of 10 steps") for "Banded Walk, 2 sets of 10 steps"."""
    for m in _DOSE_TAIL_AT_RE.finditer(text):
        name, tail = text[:m.start()].strip(" ,.;:-–—"), text[m.end():].strip()
        if name.count("(") > name.count(")"):
            continue  # "Quad sets (hold 5 seconds) x 10": not inside the brackets
        words = name.split()
        if not words or len(words) > MAX_NAME_WORDS:
            return None  # the dose comes too late: a sentence, not a name
        counted = (_COUNTED_TAIL_RE.match(normalize_numbers(tail)) and len(tail.split()) <= 6
                   and all(w[:1].isupper() for w in words if w[:1].isalpha()))
        if not ((dose_only(tail) or counted) and DOSE_START_RE.match(normalize_numbers(tail))):
            continue
        paren = re.match(r"^(.*?)\s*\(([^()]*)\)$", name)
        if paren and dose_remark(paren.group(2)):  # "Side Plank (each side) 2 x 20 seconds"
            name, tail = paren.group(1), f"{paren.group(2)}, {tail}"
        # ("Row x 12 each arm": a one- or two-word move before a shorthand dose is its name)
        verb_named = imperative_verb(name) and not (
            len(words) <= 2 and re.match(r"\(?[x×]\s*\d|\d+\s*[x×]\s*\d", tail))
        if (not titleish(name) or verb_named or label_of(name) or SPLIT_RE.search(name)
                or JUNK_RE.match(name) or DOSE_HINT_RE.search(normalize_numbers(name))):
            return None
        return name, tail
    return None


_DOSE_FIRST_RE = re.compile(r"^(?P<dose>[^:]{1,30}):\s+(?P<name>[^.!?]{2,60})[.!]\s*(?P<rest>.*)$")
COLON_NAME_RE = re.compile(r"^(?P<name>[^:]{2,60}):\s+(?P<rest>\S.*)$")
# "Name - text" (any dash) or "Name- text": a name before a dash (not a dash between two numbers).
DASH_NAME_RE = re.compile(
    r"^(?P<name>[^:–—]{2,60}?)(?:\s+[-–—]+|(?<=[^\W\d])[-–—])\s+(?P<rest>[^\d\s].*)$")
MAX_NAME_WORDS = 6


def is_step(text: str) -> bool:
    """A bulleted step, not a name: a sentence in lower case led by an imperative verb
    ("Let them slowly fall"), where a name is mostly capitalised ("Reach for the Sky")."""
    words = [w for w in text.split() if w[:1].isalpha()]
    # (the small words count for neither: "Balance on the ball of the foot of one leg" is in
    # lower case, "Reach for the Sky" in capitals)
    content = [w for w in words if w.lower() not in SMALL_WORDS]
    capitals = sum(1 for w in content if w[0].isupper())
    then = re.search(r",\s*(?:and\s+)?then\s+(?P<rest>\w.*)$", text)
    # ("Warm up with a 5-minute walk, then lie down": what follows "then" instructs)
    return len(words) >= 3 and capitals <= len(content) / 2 and bool(
        imperative_verb(text) or (then and imperative_verb(then.group("rest"))))


SMALL_WORDS = frozenset({"a", "an", "the", "and", "or", "of", "for", "to", "on", "in", "with",
                          "at", "by"})


def dose_first(text: str) -> tuple[str, str] | None:
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


def split_name(text: str, listed: bool = False) -> tuple[str, str]:
    """("Glute Bridge", "Lie on your back ...") for "Glute Bridge — Lie on your back ...".

    ``listed``: the line is a list item, where a spaced dash after a short name separates
    it from its text whatever that text is ("2. High knees on spot – jogging on the spot")."""
    m = SPLIT_RE.search(text)
    if not m or m.start() == 0:
        name, rest = text, ""
        paren = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", text)
        if paren and dose_remark(paren.group(2)) and not (
                imperative_verb(paren.group(1)) and re.search(r"\d", paren.group(1))):
            # ("Repeat 2 more times (3 sets total)" is a dose said twice, not a name)
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
    if not titleish(name) or label_of(name) or JUNK_RE.match(name):
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


def clean_name(text: str) -> str:
    name = strip_emphasis(text)
    name = LIST_RE.sub("", name)
    # "Exercise 1 Knee extension", "Stretch #2 Quad stretch": the item's number
    name = re.sub(r"^(?:exercise|stretch|drill|move|movement|pose)\s*#?\d{1,2}\s*[:.)\-–—]?\s+"
                  r"(?=[^\W\d])", "", name, flags=re.IGNORECASE)
    # "Active Warm Up Exercise 1: A's", "Mobility Drill #2 - Leg swings": the name after
    # the item's kind and number
    name = re.sub(SELF_NUMBERED_RE.pattern + r"\s*[:.)\-–—]\s*(?=[^\W\d])", "", name,
                  flags=re.IGNORECASE)
    name = re.sub(r"^(?:how to (?:do|perform) (?:an? |the )?)", "", name, flags=re.IGNORECASE)
    # "Exercise: Calf raise" (a form's field): the name after its label
    name = re.sub(r"^exercise(?: name)?\s*:\s+(?=\w)", "", name, flags=re.IGNORECASE)
    paren = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", name)
    if paren and dose_only(paren.group(2)):
        name = paren.group(1)
    # "'Reach for the Sky' Exercise (a.k.a. supine serratus ...)", "X aka Y": the name.
    name = re.sub(r"\s*[(\[]?\b(?:aka|a\.k\.a\.?|also known as|also called)(?:\W.*)?$", "",
                  name, flags=re.IGNORECASE)
    # "Hip Strengthening Exercise: Clamshells": the name after what kind of exercise it is
    name = re.sub(r"^[\w'-]+(?:\s+[\w'-]+){0,4}\s+(?:exercise|stretch|drill|move|movement)\s*:"
                  r"\s+(?=\w)", "", name, flags=re.IGNORECASE)
    # 'Butt kicks or "C's"', 'High knees or "A's" Or A - skips': a quoted other name
    name = re.sub(r"^(\S.*?)\s+or\s+[\"“].*$", r"\1", name, flags=re.IGNORECASE)
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
