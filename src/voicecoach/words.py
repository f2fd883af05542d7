"""The project's shared vocabulary: number words, units, movement words and side words.

This module decides what the words mean, once, for every module that reads or speaks
them: which words are numbers and their values (``"twenty-five"`` is 25, ``"twice"`` is
2 times), how a number is spoken (``number_words(7) == "seven"``), how many seconds a
minute or a breath is and how many meters a yard or a foot is, which verbs instruct a
movement or a starting position, which well-known movements have a name, and which
words make work per side ("each leg") or each way ("each direction").

Pure data and small functions; nothing here knows about articles, routines or audio.
"""

from __future__ import annotations

import re

__all__ = [
    "BODY_SIDES",
    "DIST_UNIT",
    "LEADERS",
    "METERS_PER_FOOT",
    "METERS_PER_KM",
    "METERS_PER_MILE",
    "METERS_PER_YARD",
    "MOVEMENTS",
    "MOVE_VERBS",
    "NUMBERS",
    "POSITION_VERBS",
    "REP_UNIT",
    "SECONDS_PER_BREATH",
    "SECONDS_PER_MINUTE",
    "SIDES",
    "TIME_UNIT",
    "WAYS",
    "WEAK_VERBS",
    "digits_for_words",
    "meters_per",
    "number_words",
    "seconds_per",
    "word_to_number",
]

# --------------------------------------------------------------------------- numbers

ONES: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
# Phrases that are a number on their own.
SPECIAL: dict[str, int] = {"a dozen": 12, "a hundred": 100, "hundred": 100}
# Every number word and its value ("one" .. "ninety", "a dozen", "hundred").
NUMBERS: dict[str, int] = {**ONES, **TENS, **SPECIAL}

_ONES_RE = "|".join(sorted(ONES, key=len, reverse=True))
_TENS_RE = "|".join(TENS)
_COMPOUND_RE = re.compile(rf"\b({_TENS_RE})[- ]({_ONES_RE})\b", re.IGNORECASE)
_WORD_RE = re.compile(rf"\b({_TENS_RE}|{_ONES_RE}|a dozen|a hundred|hundred)\b", re.IGNORECASE)
# What is said for 0..20; larger counts are said as digits.
_SPOKEN = ["zero", *sorted(ONES, key=ONES.__getitem__), "twenty"]


def word_to_number(word: str) -> int:
    """``"fifteen"`` -> 15, ``"twenty-five"`` -> 25, ``"a dozen"`` -> 12 (case ignored).

    Raises :class:`KeyError` for a word that is not a number.
    """
    word = " ".join(word.lower().split())
    compound = _COMPOUND_RE.fullmatch(word)
    if compound:
        return TENS[compound.group(1)] + ONES[compound.group(2)]
    return NUMBERS[word]


def digits_for_words(text: str) -> str:
    """Digits for number words: "ten to fifteen times" -> "10 to 15 times", "twice" ->
    "2 times", "once" -> "1 time", "a minute" -> "1 minute", "a minute or two" -> "1-2 minutes",
    "half a minute" -> "30 seconds", "half a mile" -> "0.5 mile".
    """
    text = _COMPOUND_RE.sub(
        lambda m: str(TENS[m.group(1).lower()] + ONES[m.group(2).lower()]), text
    )
    text = _WORD_RE.sub(lambda m: str(NUMBERS[m.group(1).lower()]), text)
    # "half a minute", "half an hour", "half a mile" (before "a minute" becomes 1 minute)
    text = re.sub(r"\bhalf (?:a|an) (minute|min|hour|mile|lap|length)\b", r"0.5 \1", text,
                  flags=re.IGNORECASE)
    text = re.sub(r"\btwice\b", "2 times", text, flags=re.IGNORECASE)
    text = re.sub(r"\bonce\b", "1 time", text, flags=re.IGNORECASE)
    # "a minute or two": 1-2 minutes (before "a minute" alone becomes 1 minute).
    text = re.sub(r"\ba (minute|min) or 2\b", r"1-2 \1s", text, flags=re.IGNORECASE)
    return re.sub(r"\ba (minute|min)\b", r"1 \1", text, flags=re.IGNORECASE)


def number_words(n: int) -> str:
    """Spoken form of small counts (0..20 as words, others as digits), so every speech
    engine says them the same way: ``number_words(7) == "seven"``, ``number_words(21) ==
    "21"``."""
    return _SPOKEN[n] if 0 <= n < len(_SPOKEN) else str(n)


# --------------------------------------------------------------------------- units

SECONDS_PER_MINUTE = 60.0
# A hold counted in breaths ("stay for 5 breaths") lasts about this many seconds a breath.
# This is the one convention: the importer reads "hold for five breaths" as a hold of 20 s
# (flagged for review), and the corpus answer keys count breaths the same way.
SECONDS_PER_BREATH = 4
METERS_PER_YARD = 0.9144
METERS_PER_FOOT = 0.3048
METERS_PER_KM = 1000.0
METERS_PER_MILE = 1609.344

# Regular-expression pieces for units as articles write them; each names its group "unit".
TIME_UNIT = r"(?P<unit>seconds?|secs?|minutes?|mins?|s(?=\s|[.,;:)!?]|$))\b"
DIST_UNIT = (r"(?P<unit>kilometers?|kilometres?|km|miles?|meters?|metres?|m|yards?|yds?|feet|"
             r"foot|ft)\b")
REP_UNIT = r"(?:reps?|repetitions?|iterations?|times|x)\b"


def seconds_per(unit: str | None) -> float:
    """Seconds in one ``unit`` as written after a time: minutes are 60, anything else
    (seconds, ``s``, no unit) is 1."""
    unit = (unit or "s").lower()
    return SECONDS_PER_MINUTE if unit.startswith("min") else 1.0


def meters_per(unit: str) -> float:
    """Meters in one ``unit`` as written after a distance: km, miles, yards, feet, else
    meters."""
    unit = unit.lower()
    if unit.startswith(("km", "kilo")):
        return METERS_PER_KM
    if unit.startswith("mile"):
        return METERS_PER_MILE
    if unit.startswith(("yard", "yd")):
        return METERS_PER_YARD
    if unit.startswith(("fe", "fo", "ft")):
        return METERS_PER_FOOT
    return 1.0


# --------------------------------------------------------------------------- sides and ways

# What work is done "each" of, as regular-expression alternatives: "10 reps each leg",
# "12/side"; BODY_SIDES adds the body parts a per-side instruction may name ("each hip").
SIDES = "side|leg|foot|arm"
BODY_SIDES = f"{SIDES}|hand|knee|hip|glute|shoulder"
# "each direction", "both ways".
WAYS = "direction|way"

# --------------------------------------------------------------------------- movement words

# Verbs that instruct a position or a movement (imperative mood).
MOVE_VERBS: frozenset[str] = frozenset({
    "lie", "lay", "stand", "sit", "kneel", "get", "start", "begin", "assume", "lift", "raise",
    "lower", "hold", "bend", "step", "push", "pull", "press", "bring", "place", "put",
    "squat", "lunge", "roll", "rotate", "twist", "extend", "straighten", "reach", "tuck",
    "engage", "squeeze", "brace", "tighten", "leap", "spin", "dip", "clap", "return", "kick",
    "jump", "walk", "hop", "swing", "curl",
    "cross", "rest", "relax", "switch", "alternate", "grab", "grip", "hinge", "drive", "slide",
    "draw", "pause", "inhale", "exhale", "breathe", "lean", "tilt", "drop", "shift", "turn",
    "march", "contract", "clasp", "interlace", "hug", "arch", "round", "plant", "come",
    "move", "open", "close", "point", "flex", "loop", "wrap", "anchor", "set", "sink", "go",
    "keep", "position", "face", "balance", "hang", "stretch", "pulse", "tap", "touch",
    "clench", "sweep", "circle", "glide", "trace", "jog", "run", "skip", "shuffle", "crawl",
    "stack", "spread", "pin", "rock", "shrug", "retract", "hike", "float", "repeat",
    "do", "perform", "complete", "continue", "stay", "remain", "release", "use", "try", "aim",
    "make", "let", "allow", "feel", "focus", "maintain", "hover", "climb", "sway", "stride",
    "pivot", "carry", "row", "fold", "settle", "thrust", "activate", "isolate",
    "swim", "bike", "sprint", "paddle",
    "throw", "toss", "catch", "swap", "change", "cycle", "pedal", "stomp", "stabilize",
    "rise", "scrunch", "wiggle", "bounce", "flow", "melt", "inch", "waddle", "skate", "bound",
    "punch", "reverse", "windmill", "nod", "adjust", "align",
})
# Verbs that instruct, but say nothing about a movement on their own.
WEAK_VERBS: frozenset[str] = frozenset({
    "repeat", "do", "perform", "complete", "continue", "use", "try", "aim", "make", "let",
    "allow", "feel", "focus", "maintain", "keep", "rest", "relax", "go", "come", "get", "set",
    "start", "begin", "breathe", "inhale", "exhale", "stay", "remain", "release",
})
# Words that open a starting position ("Stand in front of ...", "Lying on your back, ...").
POSITION_VERBS: frozenset[str] = frozenset({
    "lie", "lay", "stand", "sit", "kneel", "get", "start", "begin", "assume", "standing",
    "lying", "sitting", "kneeling", "face", "facing", "hang", "position", "grab", "hold",
    "balance",
})
# Words that may come before the verb of an instruction ("Then slowly lower ...").
LEADERS: frozenset[str] = frozenset({
    "then", "next", "now", "slowly", "gently", "carefully", "finally", "first", "simply",
    "just", "again", "also", "and", "quickly", "explosively", "smoothly", "steadily",
    "and then", "from", "here", "always", "immediately", "to", "please",
})

# Well-known movements: (pattern over lower-case instructions, name). More specific first.
MOVEMENTS: list[tuple[str, str]] = [
    (r"\bfoam[- ]?roll|\broller\b", "Foam Rolling"),
    (r"\bside[- ]?plank", "Side Plank"),
    (r"\bplank", "Plank"),
    (r"\bstep[- ]?ups?\b|\b(?:platform|box|bench|step|stair)\b.{0,120}\b(?:lift|push|drive|"
     r"step)\b.{0,40}\bup\b", "Step-Ups"),
    (r"\bsingle[- ]leg deadlift|\bdeadlift", "Deadlift"),
    (r"\bhip thrust", "Hip Thrusts"),
    (r"\bglute bridge|\bbridge\b|\blift your (?:hips|backside|pelvis|butt)", "Glute Bridges"),
    (r"\bclam ?shell|\bopen your knees? like a clam", "Clamshells"),
    (r"\bbird[- ]?dog", "Bird Dog"),
    (r"\bhands and knees\b.{0,120}\b(?:opposite (?:arm|leg)|(?:right|left) (?:hand|arm) and "
     r"(?:the )?(?:left|right) leg)", "Bird Dog"),
    (r"\bknees? to (?:the |your )?chest|\b(?:hug|pull|draw|bring|hold)\b.{0,30}\bknees?\b.{0,40}"
     r"\b(?:to|toward|towards|into) (?:the|your) chest", "Knee to Chest"),
    (r"\b(?:roll|drop|lower|let)\b.{0,30}\bknees\b.{0,30}\b(?:to|over to) (?:one|the|either) side",
     "Knee Rolls"),
    (r"\bdead[- ]?bug", "Dead Bug"),
    (r"\bdonkey kick", "Donkey Kicks"),
    (r"\bfire hydrant", "Fire Hydrants"),
    (r"\bwall sit", "Wall Sit"),
    (r"\bcalf raise|\bheel raise|\brise (?:up )?onto (?:the balls of your feet|your toes)",
     "Calf Raises"),
    (r"\bpush[- ]?ups?\b|\bpress-ups?\b", "Push-Ups"),
    (r"\bsit[- ]to[- ]stand", "Sit-to-Stand"),
    (r"\bsquat", "Squats"),
    (r"\blunge", "Lunges"),
    (r"\bmountain climber", "Mountain Climbers"),
    (r"\bsuperman|\b(?:face down|prone)\b.{0,200}\blift your (?:chest|arms|legs)", "Superman"),
    (r"\bcrunch", "Crunches"),
    (r"\bsit[- ]?ups?\b", "Sit-Ups"),
    (r"\bleg raise|\blift your (?:straight )?leg", "Leg Raises"),
    (r"\bcat[- ]cow|\barch your back.{0,80}\bround your back", "Cat-Cow"),
    (r"\bchild'?s pose", "Child's Pose"),
    (r"\bpigeon", "Pigeon Pose"),
    # (the back of the thigh is the hamstring, its front the quadriceps)
    (r"\bhamstring stretch|\bstretch.{0,60}\b(?:hamstring|back of (?:the |your )?thighs?)|"
     r"\bhamstring.{0,60}\bstretch", "Hamstring Stretch"),
    (r"\bquad(?:ricep)?s? stretch|\bstretch.{0,60}\b(?:quad|front of (?:the |your )?thighs?)",
     "Quad Stretch"),
    (r"\bhip flexor stretch|\bstretch.{0,60}\bhip flexor|\bhip flexor.{0,60}\bstretch|"
     r"\bkneeling lunge", "Hip Flexor Stretch"),
    (r"\bcarioca\b", "Carioca"),
    (r"\bhigh[- ]knees\b", "High Knees"),
    (r"\bbutt[- ]kicks?\b", "Butt Kicks"),
    (r"\bstretch", "Stretch"),
    (r"\bmarch(?:ing)?\b", "Marching"),
    (r"\bjumping jack", "Jumping Jacks"),
    (r"\bburpee", "Burpees"),
]
