"""Dose reading: which numbers in an exercise's sentences are its reps, holds, times,
distances, sets and sides, and which are not doses at all.

Each sentence is normalized first (number words to digits, every dash to ``-``, video
times such as ``0:17`` removed), then a small set of regular expressions finds
*findings*: a field (``reps``, ``hold``, ``duration``, ``distance``, ``sets``), a
:class:`~voicecoach.routine.Range` and the original sentence it came from
(:class:`Finding`; all of one exercise's are a :class:`DoseFindings`). Numbers that are not
doses are rejected by their context: frequencies ("three times a week"), positions ("six
inches from the wall", "two feet apart"), angles ("90-degree"), rests ("rest 30 seconds
between sets"), reading and video times ("5 min read"). Shorthand is read too: "3x10",
"x3, 30s each" (x N next to a time counts sets), "12/side", "AMRAP in 60 seconds" (timed
work), and breaths ("stay for 5 breaths": a hold of about
:data:`~voicecoach.words.SECONDS_PER_BREATH` s a breath, noted for review).

Which text *looks like* a dose, and which sentences repeat the whole routine, is
:mod:`.shape`'s business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..limits import DOSE, WHOLE
from ..routine import Range
from ..words import (
    BODY_SIDES,
    DIST_UNIT,
    REP_UNIT,
    SECONDS_PER_BREATH,
    SIDES,
    TIME_UNIT,
    WAYS,
    digits_for_words,
    meters_per,
    seconds_per,
)

__all__ = [
    "RANGE",
    "DoseFindings",
    "Finding",
    "alternating",
    "find_in_sentence",
    "frequency_follows",
    "normalize_numbers",
    "ok_value",
    "per_side_counted",
    "per_side_in",
    "read_dose",
    "to_range",
]

# --------------------------------------------------------------------------- numbers

_VIDEO_TIME_RE = re.compile(r"\(?\b\d{1,2}:\d{2}(?::\d{2})?\b\)?")
_DASHES_RE = re.compile(r"\s*[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]\s*")


# Prime marks before a hold: "1' Hold" is a minute, "30\" hold" half of one ("30\" Weight"
# is a load, left alone); a saved page may escape them ("1\\' Hold").
_PRIME_HOLD_RE = re.compile(
    r"(?<![\d.])(\d+)\s*\\?(['’\"”])\s*((?:ea(?:ch)?\.?\s*(?:side|leg|arm)\s*)?)(hold)\b",
    re.IGNORECASE,
)
# One number per set, "10/12/15 Reps": the range from the least to the most.
_PER_SET_RE = re.compile(r"\b\d+(?:/\d+)+(?=\s*(?:reps?|repetitions?)\b)", re.IGNORECASE)


def _prime_hold(m: re.Match[str]) -> str:
    unit = "minutes" if m.group(2) in "'’" else "seconds"
    return f"{m.group(4)} {m.group(1)} {unit} {m.group(3)}".rstrip()


def _per_set_range(m: re.Match[str]) -> str:
    values = [int(v) for v in m.group().split("/")]
    return f"{min(values)}-{max(values)}"


_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|"
                 "thirty|forty|sixty")
# Words a page glued together where a line broke ("repeating up tofive times", "hold for 30
# secondsand repeat", "beforeswitching sides"): dose words and the small words around them.
_GLUED_RE = re.compile(
    rf"\b(to|up|and|or|for|before|after|on|then)({_NUMBER_WORDS}|seconds?|minutes?|switching|"
    r"swapping|the|each|other|both)\b|"
    r"\b(seconds?|minutes?|times|reps|breaths)(and|before|then|each|per|on|with|to)\b")


def _unglue(m: re.Match[str]) -> str:
    return " ".join(g for g in m.groups() if g)


def normalize_numbers(sentence: str) -> str:
    """Digits for number words, ``-`` for every dash, no video timestamps, single spaces;
    prime marks before a hold as minutes and seconds, "ea side" as "each side", and one
    number per set ("10/12/15 reps") as a range."""
    text = _VIDEO_TIME_RE.sub(" ", sentence)
    text = _GLUED_RE.sub(_unglue, text)
    text = _DASHES_RE.sub("-", text)
    text = digits_for_words(text)
    text = _PRIME_HOLD_RE.sub(_prime_hold, text)
    text = re.sub(rf"\bea\.?(?=\s*(?:{SIDES})\b)", "each", text, flags=re.IGNORECASE)
    text = _PER_SET_RE.sub(_per_set_range, text)
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    # "30 seconds to 1 minute": one range in seconds.
    text = re.sub(r"\b(\d+)\s*(?:seconds?|secs?)\s*(?:-|to|or)\s*(\d+)\s*(?:minutes?|mins?)\b",
                  lambda m: f"{m.group(1)}-{int(m.group(2)) * 60} seconds", text,
                  flags=re.IGNORECASE)
    # "between 8 and 12 raises": the range 8-12.
    text = re.sub(r"\bbetween (\d+(?:\.\d+)?) and (\d+(?:\.\d+)?)\b", r"\1-\2", text,
                  flags=re.IGNORECASE)
    # "AMRAP in 60 seconds": the time is the dose; the reps are as many as possible.
    text = re.sub(r"\b(?:AMRAP|EMOM|as many (?:reps|rounds) as (?:possible|you can))\s*"
                  r"(?:in|for|during|within)?\s*(?=\d)", "for ", text, flags=re.IGNORECASE)
    return " ".join(text.split())


# --------------------------------------------------------------------------- patterns

_NUM = r"\d+(?:\.\d+)?"
RANGE = rf"(?P<lo>{_NUM})(?:\s*(?:-|to|or)\s*(?P<hi>{_NUM}))?"


def to_range(lo: str, hi: str | None) -> Range | None:
    try:
        low = float(lo)
        high = float(hi) if hi else low
        if high < low:
            low, high = high, low
        return Range.parse([low, high])
    except (ValueError, TypeError):
        return None


_FREQ_AFTER = re.compile(
    # ("2 to 4 times a session" counts reps within the session: not a frequency)
    r"^\s*(?:(?:a|per|each|every|/)\s*(?:day|week|month|night|morning|evening)"
    r"|daily|weekly|monthly|in a row\b)",
    re.IGNORECASE,
)

_SETS_OF = re.compile(
    rf"(?P<slo>{_NUM})(?:\s*(?:-|to|or)\s*(?P<shi>{_NUM}))?\s*(?:sets?|rounds?)\s*"
    rf"(?:of|x|×|,)\s*{RANGE}\s*-?\s*(?P<unit>reps?|repetitions?|times|seconds?|secs?|"
    r"minutes?|mins?|meters?|metres?|yards?|feet|steps?)?\b",
    re.IGNORECASE,
)
_N_BY_M = re.compile(
    rf"(?<![\d.])(?P<slo>{_NUM})\s*[x×]\s*{RANGE}\s*-?\s*(?P<unit>reps?|repetitions?|"
    r"seconds?|secs?|s|minutes?|mins?|meters?|metres?|m|yards?|feet)?\b",
    re.IGNORECASE,
)
_SETS = re.compile(rf"(?<![\d.]){RANGE}\s*(?:sets|rounds)\b", re.IGNORECASE)
# "Do two to four reps of 15 kicks with each leg": reps of reps are sets of them.
_REPS_OF = re.compile(
    rf"(?<![\d.])(?P<slo>{_NUM})(?:\s*(?:-|to|or)\s*(?P<shi>{_NUM}))?\s*(?:reps|repetitions)\s+"
    rf"of\s+{RANGE}(?P<unit>)\s+(?!(?:seconds?|secs?|minutes?|mins?|meters?|metres?|yards?|m|s)\b)"
    r"[a-z]", re.IGNORECASE)
# "Do 2x walking at 25m, then 2 x skipping": times through a travelled drill (sets).
_N_X_ING = re.compile(rf"(?<![\d.]){RANGE}\s*[x×]\s+(?=[a-z]+ing\s+(?:at|for|over|across)\s+\d)",
                     re.IGNORECASE)
# A second set said in words: "Rest, and then complete another set", "rest for one minute,
# repeat again", "Rest for a minute and repeat the exercise" (not "... on the other side").
_ANOTHER_SET = re.compile(
    r"\b(?:complete|do|perform|finish)\s+(?:another|a second|one more)\s+set\b|"
    r"\b(?:rest|stop|pause)\b[^.;!?]{0,40}?(?:,|\band\b|\bthen\b)\s*(?:then\s+)?repeat(?:\s+(?:again|"
    r"once more|(?:the|this|that)\s+(?:exercise|set|stretch|movement|sequence)))?"
    # "rest then repeat with the arm movement", "stop and repeat, moving anti-clockwise": the
    # same again, done another way (not "with the other leg")
    r"(?:\s+with\s+(?!(?:the|your)\s+(?:other|opposite|left|right)\b)[^.;!?,]{1,30}|"
    r",\s*[a-z]+ing\b[^.;!?]{0,30})?\s*(?:[.;!]|$)",
    re.IGNORECASE)
_SETS_LABEL = re.compile(rf"\b(?:sets|rounds)\s*[:=]\s*{RANGE}", re.IGNORECASE)
_REPS = re.compile(rf"(?<![\d.]){RANGE}\s*(?:more\s+)?{REP_UNIT}", re.IGNORECASE)
_REPS_X_BEFORE = re.compile(rf"(?<![\d\w.])[x×]\s*{RANGE}\b(?!\s*(?:-|\.\d))", re.IGNORECASE)
_STEPS = re.compile(rf"\b(?:for|take)\s+{RANGE}\s*(?:more\s+)?steps\b", re.IGNORECASE)
_REPS_LABEL = re.compile(rf"\b(?:reps|repetitions)\s*[:=]\s*{RANGE}", re.IGNORECASE)
_REPS_EACH = re.compile(
    # "10 each leg", "12/side", "10-12 swings on each leg" (the movement's own noun)
    rf"(?<![\d.]){RANGE}\s*"
    r"(?:(?!(?:hands|fingers|toes|knees|elbows|arms|legs|feet|sides|inches|"
    r"centimet|millimet|pounds|kilos|kg|lbs|degrees)\w*\b)[a-z-]{3,}s\s+)?"
    rf"(?:(?:on\s+|in\s+)?(?:each|per|every|with each)\s+|/\s*|on the (?=left|right))"
    rf"(?:{SIDES}|{WAYS}|left|right)",
    re.IGNORECASE,
)
_TIME = re.compile(rf"(?<![\d.]){RANGE}\s*-?\s*{TIME_UNIT}", re.IGNORECASE)
_TIME_LABEL = re.compile(
    rf"\b(?P<label>hold|time|duration)\s*[:=]\s*{RANGE}\s*-?\s*(?:{TIME_UNIT})?", re.IGNORECASE
)
_COUNT = re.compile(
    rf"\b(?:count\s+(?:of|to)|counting\s+to)\s+{RANGE}|(?<![\d.])(?P<clo>{_NUM})-count\b",
    re.IGNORECASE,
)
# "hold for 10 counts": a hold of about a second a count.
_HELD_REPS = re.compile(
    rf"(?:(?<![\d.]){RANGE}\s*,?\s*)?(?<![\d.])(?P<held>\d+)\s*-?\s*(?:second|sec)\s+"
    r"(?:reps|repetitions|holds|contractions|squeezes)\b", re.IGNORECASE)
_COUNTS = re.compile(rf"(?<![\d.]){RANGE}\s*counts?\b", re.IGNORECASE)
# "Do about 10 of these at first", "perform 8 in a row": reps without a unit.
_REPS_DO = re.compile(
    rf"\b(?:do|perform|complete|repeat)\s+(?:about\s+|around\s+|roughly\s+)?{RANGE}\s+"
    r"(?:of (?:these|them|this|each)|at first|to start|in a row|more)\b",
    re.IGNORECASE,
)
# "Do six forward rotations", "Complete 10 swings", "do 10 heel rocks": reps counted in
# the movement's own noun (not exercises, sessions or days).
_NOT_REP_NOUN = (r"(?!(?:exercises|stretches|moves|movements|drills|poses|days|weeks|months|"
                 r"sessions|workouts|times|hours|sets|rounds|circuits|people|inches|degrees|"
                 r"others|this|these|those|his|its|is|was|has|as|us|less|plus|from|of|on|in|"
                 r"for|with|to|at|a|the)\b)")
_BARE_COUNT = re.compile(
    rf"^\s*(?:about\s+)?{RANGE}\s+(?:[a-z-]+\s+)?{_NOT_REP_NOUN}(?!(?:seconds|minutes|meters|metres|"
    r"yards|feet|miles|breaths|laps|lengths|steps|reps|repetitions|hours)\b)[a-z-]{3,}s"
    r"(?:\s+(?:on\s+)?(?:each|per)\s+(?:side|leg|arm|foot|way|direction))?\s*[.!]?\s*$",
    re.IGNORECASE)
_REPS_DO_NOUN = re.compile(
    rf"\b(?:do|perform|complete)\s+(?:about\s+|around\s+)?{RANGE}\s+"
    rf"(?:{_NOT_REP_NOUN}[a-z-]+\s+){{0,2}}?{_NOT_REP_NOUN}[a-z-]{{3,}}s\b",
    re.IGNORECASE,
)
# "..., work up to 20", "building up to 15", "work up to 8 to 12": the top of a range of reps.
_UP_TO = re.compile(rf"\b(?:work(?:ing)?|build(?:ing)?|progress(?:ing)?)\s+up\s+to\s+"
                    rf"(?:about\s+)?(?:{_NUM}\s*(?:-|to)\s*)?(?P<top>{_NUM})\b", re.IGNORECASE)
_BREATHS = re.compile(
    rf"(?<![\d.]){RANGE}\s*(?:more\s+)?(?:deep\s+|slow\s+|full\s+|long\s+|steady\s+|"
    r"calm\s+|easy\s+)?(?:breaths?|breath cycles?|rounds of breath)\b",
    re.IGNORECASE,
)
_DIRECTION = r"(?:forwards?|backwards?|clockwise|anti-?clockwise|counter-?clockwise|up|down|in|out)"
_EACH_WAY = re.compile(
    rf"(?<![\d.]){RANGE}\s+(?:[a-z]+\s+)?{_DIRECTION},?\s+(?:and\s+|then\s+)?(?P<again>{_NUM})\s+"
    rf"(?:[a-z]+\s+)?{_DIRECTION}\b", re.IGNORECASE)
_LAPS = re.compile(rf"(?<![\d.]){RANGE}\s*(?:laps?|lengths?)\b(?!\s*=)", re.IGNORECASE)
_DIST = re.compile(rf"(?<![\d.]){RANGE}\s*-?\s*{DIST_UNIT}", re.IGNORECASE)

_HOLD_BEFORE = re.compile(
    r"\b(?:hold|holding|held|stay|staying|remain|remaining|pause|pausing|squeeze|squeezing|"
    # a muscle tightened for a time is held ("Flex and tighten the leg muscle for 5 seconds")
    r"tighten|tightening|contract|contracting|tense|tensing|"
    r"at the (?:top|bottom|end)|"
    r"sustain|hang|count|keep (?:it|this|that|the position|the stretch))\b[^.;]*$",
    re.IGNORECASE,
)
# ("3 sets of 30-second holds", "two 20-second stretches": the plural too)
_HOLD_AFTER = re.compile(r"^\s*(?:holds?|pauses?|isometric|static|stretch(?:es)?)\b",
                         re.IGNORECASE)
_REST_BEFORE = re.compile(
    r"\b(?:rest|recover|recovery|break|breather)\b[^.;,]{0,25}$", re.IGNORECASE
)
# "relax for 10 seconds between reps" is a rest; "relax for 5 minutes" (a resting pose) is
# the exercise's time.
_RELAX_BEFORE = re.compile(r"\brelax\b[^.;,]{0,25}$", re.IGNORECASE)
_REST_AFTER = re.compile(
    r"^\s*(?:of\s+)?(?:rest|recovery|break|between|off\b)", re.IGNORECASE
)
MIN_POSE_TIME = 180  # seconds: a stretch's bare time this long is time spent in it
MAX_TEMPO = 6  # seconds: "lower over 3 seconds" is a rep's tempo, not a time of work
# A sentence that says what one repetition is: "That is one rep.", "This counts as 1 rep."
_DEFINES_REP_RE = re.compile(
    # ("Left and Right is a 1 count", "that's one count": a count is a rep)
    r"\b(?:that|this|which|these|both(?: sides)?|(?:left|right) and (?:left|right))(?:\s+|'\s*)"
    r"(?:is|are|s|counts? as|equals?|makes?|completes?|finishes)\s+"
    r"(?:a\s+)?(?:1|one|a single)\s+(?:full\s+|complete\s+)?(?:rep|repetition|count)s?\b|"
    # "One repetition includes both sides.", "1 rep = left and right"
    r"\b(?:1|one|a single|each)\s+(?:full\s+|complete\s+)?(?:rep|repetition)\s+(?:is|includes?|"
    r"means|equals?|=|covers|consists of|counts)\b[^.;!?]*",
    re.IGNORECASE,
)
# "do this one twice - once for each side": the times are the sides, not reps
_ONCE_A_SIDE_RE = re.compile(
    r"(?<![\d.])2\s+times(?=\s*[-–—,:(]?\s*(?:1 time|once)\s+(?:for|on|per|with)\s+(?:each|every)"
    r"\s+(?:side|leg|arm)\b)", re.IGNORECASE)
# A progression target, not today's dose: "... until you can hold for 2 minutes".
_GOAL_RE = re.compile(r"\buntil you (?:can|are able to|reach)\b", re.IGNORECASE)
# (but "for about 1 minute" is one)
# ("pain which lasts more than 30 minutes" is a warning; "no more than 10" is still a dose)
_NOT_DOSE_BEFORE = re.compile(r"\b(?:every|within|in|under|after|takes?|(?<!for )(?<!, )about|"
                              r"(?<!no )(?:more|longer)\s+than)\s*$", re.IGNORECASE)
# "a 5 min read", "a 10-minute video", "20 minutes total", "3 minutes ago"
_NOT_DOSE_AFTER = re.compile(r"^\s*(?:read|video|clip|ago|total|in total|drive|commute)\b",
                             re.IGNORECASE)
_POSITION_AFTER = re.compile(
    r"^\s*(?:from|away|apart|in front|behind|forward|backward|back|to the side|wide|high|"
    r"off|above|below|long|tall|of space|out|up|down|in the air|outside|inside|beyond|"
    r"higher|lower|further|farther|closer)\b",
    re.IGNORECASE,
)
# After a time, the work changes: "After 30 seconds, stop and repeat", "..., switch legs".
_CHANGE_AFTER = re.compile(r"^\s*,?\s*(?:stop|switch|change|swap|reverse|turn around|repeat)\b",
                           re.IGNORECASE)
# Where the drill is done, not how far: "Within your 30 metre area", "a 20 m grid".
_PLACE_AFTER = re.compile(r"^\s*(?:area|space|zone|grid|box|square|course|section|stretch\b|"
                          r"flat\b|straight\b|line|track|loop|lane|strip|pitch)",
                          re.IGNORECASE)
# "25-50 m of each drill": a distance for each exercise.
_OF_EACH_AFTER = re.compile(r"^\s*(?:of|for)\s+(?:each|every)\b", re.IGNORECASE)
_TRAVEL_BEFORE = re.compile(
    r"\b(?:for|continue|continuing|walk|walking|lunge|lunging|shuffle|crawl|march|travel|"
    r"cover|go|carry|hop|skip|run|jog|sprint|bound|drag|push|sled|hopping|skipping|running|"
    r"jogging|sprinting|bounding|shuffling|marching|crawling|over|across)\b[^.;]{0,30}$",
    re.IGNORECASE,
)
_PER_SIDE = [
    # "15 kicks with each leg": a count made with each leg
    re.compile(rf"\d\s+[a-z-]+s\s+with\s+each\s+(?:{SIDES})\b", re.IGNORECASE),
    re.compile(
        # not where something is held: "one end of the towel in each hand"; not a subject
        # at the sentence's start: "Each knee drive should be quick"
        # (nor a part of it: "the ball of each foot")
        rf"(?<!\bin )(?<!\bwith )(?<!\bunder )(?<!\bof )(?<!ing )"
        rf"(?:(?<!^)\b|^(?=\w+\s+\w+\s*(?:[.,;:!)]|$)))"
        rf"(?:each|per|every|either)\s+(?:{BODY_SIDES})s?\b(?!\s+of\b)",
        re.IGNORECASE,
    ),
    re.compile(r"\bboth\s+sides\b", re.IGNORECASE),
    re.compile(rf"\d\s*(?:reps?\s*)?/\s*(?:{SIDES})\b", re.IGNORECASE),  # "12/side"
    # "10 steps each way" (a walk to each side); "five in each direction" of a roll or a
    # circle is the same count each way, not per side
    re.compile(rf"\bsteps?\b[^.;]{{0,20}}?\b(?:each|per|every|in each|in both)\s+(?:{WAYS})s?\b",
               re.IGNORECASE),
    re.compile(
        # (not "switch the other variation")
        # ("switching legs after each set", "change your legs after each set")
        r"\b(?:switch(?:ing)?|chang(?:e|ing)|swap(?:ping)?)\s+(?:to\s+)?(?:your\s+)?(?:sides?|legs?|"
        r"feet|arms?|hands?|(?:the other|"
        r"the opposite)(?:\s+(?:side|leg|foot|arm|hand)s?)?(?=\s*(?:[.,;:!)]|$|and\b|then\b|"
        r"for\b|to\b|after\b|before\b|when\b)))",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:repeat|switch|do|perform|same)\b[^.;]{0,40}?\b(?:the other|the opposite|"
        # (a handout's "Repeat exercise lying on the uninvolved side": the other one)
        r"opposite|other|(?:the )?second|(?:the )?(?:uninvolved|unaffected|uninjured))\s+"
        r"(?:side|leg|foot|arm|hand|knee|hip|shoulder|ankle)\b|"
        # "Lie on your left side ... Repeat on right side."
        r"^\s*repeat\s+(?:on|with)\s+(?:the\s+|your\s+)?(?:right|left)\s+(?:side|leg|arm)\b",
        re.IGNORECASE,
    ),
    # "..., then the other leg" (not "then hook your other foot around the ankle": the
    # other foot helps)
    # "Roll the bottle back and forth under each foot": rolled under one, then the other
    # (not "a ball under each foot", where something is placed)
    re.compile(r"\brol(?:l|ls|ling)\b[^.;]{0,40}?\bunder\s+each\s+(?:foot|leg|thigh|calf)\b",
               re.IGNORECASE),
    # "Complete two sets of 20 bilaterally": the count on each side (not "the bilateral
    # clamshells", both sides at once)
    re.compile(r"\d[^.;]{0,25}?\bbilaterally\b", re.IGNORECASE),
    # "Repeat for both legs", "repeat on both sides" (not "with both feet together")
    re.compile(r"\brepeat\b[^.;]{0,20}?\b(?:for|on|with)\s+both\s+(?:sides|legs|feet|arms|hands|"
               r"knees|hips|shoulders|ankles)\b(?!\s+(?:together|at once|at the same time))",
               re.IGNORECASE),
    # (not "Hold and then gently rotate to the opposite side": a rock from side to side, the
    # sides within each rep)
    re.compile(
        r"\bthen\b(?![^.;]{0,20}?\b(?:rotate|rock|roll|turn|twist|lean|sway|drop|lower)\s+"
        r"(?:\w+\s+){0,2}?(?:to|towards?)\s+(?:the\s+)?(?:other|opposite)\b)"
        r"[^.;]{0,40}?\b(?:the other|the opposite|opposite|(?:the )?second)\s+"
        r"(?:side|leg|foot|arm|hand|knee|hip|shoulder|ankle)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\bon the (?:left|right)(?: side| leg)?,? (?:and )?then (?:on )?the (?:left|right)\b",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?:left and right|right and left) (?:sides|legs)\b", re.IGNORECASE),
    # ("10 forward, 10 backward", "5 clockwise and 5 anti-clockwise": the same count each
    # way, as "each direction", not per side)
    # "4 times to the left then 4 times to the right"
    re.compile(r"\btimes (?:to|on) the (?:left|right)\b[^.;]{0,30}\btimes (?:to|on) the "
               r"(?:left|right)\b", re.IGNORECASE),
    re.compile(r"\b(?:then|and) switch\s*(?:[.;!]|$)", re.IGNORECASE),
    # "hold for 20 seconds before swapping", "repeat with your right leg"
    re.compile(r"\b(?:before|then|and|after)\s+(?:swapping|switching)\b", re.IGNORECASE),
    re.compile(rf"\brepeat\s+(?:with|on|using)\s+(?:your|the)\s+(?:left|right)\s+"
               rf"(?:{SIDES})\b", re.IGNORECASE),
    re.compile(
        r"\b(?:do|repeat) (?:the same|this|it)(?: thing| move| exercise)? on the (?:left|right)"
        r"(?: side| leg)?\b|\brepeat on the (?:left|right)\b",
        re.IGNORECASE,
    ),
]


def _scale(rng: Range, factor: float) -> Range | None:
    """Convert units; converted values are rounded to whole seconds or meters."""

    def conv(v: float) -> float:
        return v if factor == 1.0 else max(float(round(v * factor)), 1.0)

    return to_range(str(conv(rng.low)), str(conv(rng.high)))


# --------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class Finding:
    """One dose value read from one sentence."""

    field: str  # reps | hold | duration | distance | sets
    value: Range
    sentence: str  # the original sentence
    start: int = 0  # where in the normalized sentence
    note: str = ""  # an assumption made to read it ("about 4 s per breath")


@dataclass
class DoseFindings:
    """Every dose finding for one exercise, whether it works per side, and the rests it
    mentions. Not a session's dose (:class:`voicecoach.session.Dose`): what was read."""

    findings: list[Finding] = field(default_factory=list)
    per_side_sentence: str | None = None
    rests: list[str] = field(default_factory=list)

    def first(self, name: str) -> Finding | None:
        """The first finding for the field ``name``, or None."""
        return next((f for f in self.findings if f.field == name), None)

    def values(self, name: str) -> list[Range]:
        """Every distinct value found for the field ``name``, in order."""
        seen: list[Range] = []
        for f in self.findings:
            if f.field == name and f.value not in seen:
                seen.append(f.value)
        return seen


def frequency_follows(text: str, end: int) -> bool:
    return bool(_FREQ_AFTER.match(text[end:end + 30]))


def ok_value(field_name: str, rng: Range | None) -> bool:
    if rng is None or rng.high > DOSE[field_name]:
        return False
    return not (
        field_name in WHOLE and not (rng.low.is_integer() and rng.high.is_integer())
    )


def find_in_sentence(original: str, stretchy: bool) -> tuple[list[Finding], list[str]]:
    """All dose findings in one sentence, and any rest periods it mentions.

    ``stretchy``: the exercise is a stretch or an isometric hold, so a plain
    "for 30 seconds" is a hold rather than timed work.
    """
    text = normalize_numbers(original)
    findings: list[Finding] = []
    rests: list[str] = []
    taken: list[tuple[int, int]] = []
    # "That is one rep.": what a rep is, not how many (blanked, so offsets still hold)
    text = _DEFINES_REP_RE.sub(lambda m: " " * len(m.group()), text)
    text = _ONCE_A_SIDE_RE.sub(lambda m: " " * len(m.group()), text)
    goal = _GOAL_RE.search(text)
    if goal:
        text = text[:goal.start()]  # "... until you can hold for 2 minutes": a target

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def add(name: str, rng: Range | None, a: int, b: int, note: str = "") -> None:
        if ok_value(name, rng):
            assert rng is not None
            findings.append(Finding(name, rng, original, a, note))
        taken.append((a, b))

    # Sets with reps/time: "3 sets of 10", "2-3 sets of 12-16 repetitions", "3 x 12".
    for pattern in (_SETS_OF, _N_BY_M, _REPS_OF):
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()) or frequency_follows(text, m.end()):
                continue
            unit = (m.group("unit") or "").lower()
            if pattern is _N_BY_M and unit in ("", "s", "m") and frequency_follows(
                text, m.start("lo")
            ):
                continue
            count = to_range(m.group("slo"), m.groupdict().get("shi"))
            value = to_range(m.group("lo"), m.group("hi"))
            timed = unit.startswith(("sec", "min")) or unit == "s"
            # "3 x 20-30 seconds" of a stretch: three holds of 20-30 seconds (reps)
            add("reps" if pattern is _N_BY_M and timed and stretchy else "sets", count,
                m.start(), m.end())
            if value is None:
                continue
            if timed:
                scaled = _scale(value, seconds_per(unit if unit != "s" else "sec"))
                held = stretchy or bool(_HOLD_AFTER.match(text[m.end():m.end() + 20]))
                add("hold" if held else "duration", scaled, m.start(), m.end())
            elif unit.startswith(("met", "yar", "fee")) or unit == "m":
                add("distance", _scale(value, meters_per(unit or "m")), m.start(), m.end())
            else:
                add("reps", value, m.start(), m.end())
    for m in _SETS_LABEL.finditer(text):
        if free(m.start(), m.end()):
            add("sets", to_range(m.group("lo"), m.group("hi")), m.start(), m.end())
    for m in _SETS.finditer(text):
        if free(m.start(), m.end()) and not frequency_follows(text, m.end()):
            add("sets", to_range(m.group("lo"), m.group("hi")), m.start(), m.end())
    for m in _N_X_ING.finditer(text):
        if free(m.start(), m.end()) and not any(f.field == "sets" for f in findings):
            add("sets", to_range(m.group("lo"), m.group("hi")), m.start(), m.end())

    if not any(f.field == "sets" for f in findings):
        for m in _ANOTHER_SET.finditer(text):
            add("sets", Range(2, 2), m.start(), m.start())
            break

    # "hold for 10, 5-second reps", "do ten 5-second holds": reps of a held time.
    for m in _HELD_REPS.finditer(text):
        if free(m.start(), m.end()):
            if m.group("lo"):
                add("reps", to_range(m.group("lo"), m.group("hi")), m.start(), m.start())
            add("hold", to_range(m.group("held"), None), m.start("held"), m.end())

    # Holds counted: "hold for a count of ten".
    for m in _COUNT.finditer(text):
        if free(m.start(), m.end()):
            lo, hi = (m.group("lo"), m.group("hi")) if m.group("lo") else (m.group("clo"), None)
            add("hold", to_range(lo, hi), m.start(), m.end())

    for m in _COUNTS.finditer(text):
        if re.search(r"\b(?:inhale|exhale|breathe\s+(?:in|out))\b[^,;.]{0,20}$",
                     text[max(0, m.start() - 40):m.start()], re.IGNORECASE):
            # "Inhale with 3 counts, hold for 2 counts": a breath's length, not a hold
            taken.append((m.start(), m.end()))
            continue
        if re.search(r"\b(?:up|down|lower|raise|rise)\w*\s+(?:for|on|in)\s+$",
                     text[max(0, m.start() - 20):m.start()], re.IGNORECASE):
            # "drop down for one count and up for one count": a rep's tempo, not a hold
            taken.append((m.start(), m.end()))
            continue
        if free(m.start(), m.end()) and not frequency_follows(text, m.end()):
            add("hold", to_range(m.group("lo"), m.group("hi")), m.start(), m.end(),
                f"read {m.group(0).strip()!r} as a hold of about a second a count")

    # Holds counted in breaths: "stay for 5 breaths" (about 4 s a breath).
    for m in _BREATHS.finditer(text):
        if free(m.start(), m.end()) and not frequency_follows(text, m.end()):
            value = to_range(m.group("lo"), m.group("hi"))
            add("hold", _scale(value, SECONDS_PER_BREATH) if value else None, m.start(), m.end(),
                f"read {m.group(0).strip()!r} as a hold of about {SECONDS_PER_BREATH} s "
                "per breath")

    # Times: holds, timed work, or rests.
    for m in _TIME_LABEL.finditer(text):
        if free(m.start(), m.end()):
            name = "hold" if m.group("label").lower() == "hold" or stretchy else "duration"
            add(name, _scale(to_range(m.group("lo"), m.group("hi")) or Range(1, 1),
                             seconds_per(m.group("unit"))), m.start(), m.end())
    for m in _TIME.finditer(text):
        if not free(m.start(), m.end()):
            continue
        before, after = text[max(0, m.start() - 60):m.start()], text[m.end():m.end() + 25]
        if re.search(r"\bafter\s*$", before, re.IGNORECASE) and _CHANGE_AFTER.match(after):
            # "After 30 seconds, stop and repeat the other way": the time of the work
            add("hold" if stretchy else "duration", _scale(
                to_range(m.group("lo"), m.group("hi")) or Range(1, 1),
                seconds_per(m.group("unit"))), m.start(), m.end())
            continue
        if m.group("unit").lower() == "s" and len(m.group("hi") or m.group("lo")) > 3:
            continue  # "the 1990s"
        value = _scale(to_range(m.group("lo"), m.group("hi")) or Range(1, 1),
                       seconds_per(m.group("unit")))
        if _REST_BEFORE.search(before) or _REST_AFTER.match(after) or (
                _RELAX_BEFORE.search(before) and re.match(r"\s*(?:between|before|after|then)\b",
                                                          after, re.IGNORECASE)):
            rests.append(original)
            taken.append((m.start(), m.end()))
            continue
        if (_NOT_DOSE_BEFORE.search(before) or frequency_follows(text, m.end())
                or _NOT_DOSE_AFTER.match(after) or (
                    # "lower over 3 seconds": the movement's tempo
                    re.search(r"\bover\s*$", before, re.IGNORECASE) and value is not None
                    and value.high <= MAX_TEMPO)):
            taken.append((m.start(), m.end()))
            continue
        said = bool(_HOLD_BEFORE.search(before) or _HOLD_AFTER.match(after))
        # ("Breathe here for 5-10 minutes": minutes on end in a pose are its time, not a hold)
        hold = said or (stretchy and not (value is not None and value.low >= MIN_POSE_TIME))
        add("hold" if hold else "duration", value, m.start(), m.end())

    # Distances: only travel, never a position.
    for m in _DIST.finditer(text):
        if not free(m.start(), m.end()):
            continue
        before, after = text[max(0, m.start() - 40):m.start()], text[m.end():m.end() + 20]
        unit = m.group("unit").lower()
        if _POSITION_AFTER.match(after) or _PLACE_AFTER.match(after) or re.search(
                r"=\s*$|\b(?:is|are|was|measures?|measuring)\s+(?:about\s+|around\s+)?$", before):
            # ("4 laps = 1 mile": a conversion; "most tracks are 400 meters": a length)
            taken.append((m.start(), m.end()))
            continue
        if unit in ("feet", "foot", "ft", "m") and not (
                _TRAVEL_BEFORE.search(before) or _OF_EACH_AFTER.match(after)):
            continue
        value = to_range(m.group("lo"), m.group("hi"))
        if value is not None:
            add("distance", _scale(value, meters_per(unit)), m.start(), m.end())

    # "10 forward, 10 backward": the same count each way.
    for m in _EACH_WAY.finditer(text):
        if free(m.start(), m.end()) and m.group("lo") == m.group("again"):
            add("reps", to_range(m.group("lo"), m.group("hi")), m.start(), m.end())

    # "Swim 4 lengths", "for 2 laps": a count of laps (how long one is, the page does not say).
    for m in _LAPS.finditer(text):
        if free(m.start(), m.end()) and not frequency_follows(text, m.end()):
            add("reps", to_range(m.group("lo"), m.group("hi")), m.start(), m.end(),
                f"read {m.group(0).strip()!r} as reps: a lap's length is not given")

    # A sentence that is only a count of the movement: "8 switches.", "10 swings each side."
    bare = _BARE_COUNT.match(text)
    if bare and free(bare.start(), bare.end()):
        add("reps", to_range(bare.group("lo"), bare.group("hi")), bare.start(), bare.end())

    # Reps.
    for pattern in (_REPS_LABEL, _STEPS, _REPS_DO, _REPS_EACH, _REPS, _REPS_X_BEFORE,
                    _REPS_DO_NOUN):
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()) or frequency_follows(text, m.end()):
                continue
            if pattern is _REPS_EACH and re.search(
                r"\b(?:hold|stay|pause|for)\s*$", text[max(0, m.start() - 15):m.start()], re.I
            ):
                continue
            add("reps", to_range(m.group("lo"), m.group("hi")), m.start(), m.end())
    # "Side plank x3, 30s each": "x N" beside a time counts sets, not reps.
    # (beside a hold, "(hold 5 seconds) x 10" counts holds: reps)
    timed = [f for f in findings if f.field in ("duration", "distance")]
    if timed and not any(f.field == "sets" for f in findings):
        for i, f in enumerate(findings):
            if f.field == "reps" and _REPS_X_BEFORE.match(text, f.start) and f.value.high <= 10:
                findings[i] = Finding("sets", f.value, f.sentence, f.start, f.note)
    findings.sort(key=lambda f: f.start)
    # "4 times to the left then 4 times to the right": 4 reps per side, said twice.
    reps = [i for i, f in enumerate(findings) if f.field == "reps"]
    sided = [i for i in reps if _TO_A_SIDE.match(text, findings[i].start)]
    if len(reps) == 2 and len(sided) == 2 and findings[reps[0]].value == findings[reps[1]].value:
        del findings[reps[1]]
    # "for 20 metres, twice", "run 400 m 3 times": the times after a distance or a time of
    # work count sets.
    worked = [f for f in findings if f.field in ("distance", "duration")]
    if worked and not any(f.field == "sets" for f in findings):
        for i, f in enumerate(findings):
            if (f.field == "reps" and f.start > worked[0].start
                    and re.match(rf"{RANGE}\s*times\b", text[f.start:], re.IGNORECASE)):
                findings[i] = Finding("sets", f.value, f.sentence, f.start, f.note)
                break
    # "Do 15 reps twice", "15 reps, 2 times": the times after the reps count sets.
    reps = [i for i, f in enumerate(findings) if f.field == "reps"]
    if len(reps) == 2 and not any(f.field == "sets" for f in findings):
        second = findings[reps[1]]
        if re.match(rf"{RANGE}\s*times\b", text[second.start:], re.IGNORECASE):
            findings[reps[1]] = Finding("sets", second.value, second.sentence, second.start,
                                        second.note)
    # "Do 10 at first and work up to 20": reps 10-20.
    top = _UP_TO.search(text)
    if top:
        for i, f in enumerate(findings):
            if f.field == "reps" and f.start < top.start():
                wider = to_range(str(f.value.low), top.group("top"))
                if ok_value("reps", wider) and wider is not None and wider.high > f.value.high:
                    findings[i] = Finding("reps", wider, f.sentence, f.start, f.note)
                break
    return findings, rests


_TO_A_SIDE = re.compile(rf"{RANGE}\s*(?:times|reps?|repetitions)\s+(?:to|on|with|for)\s+(?:the\s+|"
                        r"your\s+)?(?:left|right)\b", re.IGNORECASE)


def per_side_in(sentence: str) -> bool:
    """The sentence makes the work per side ("switch legs", "12/side", "10 steps each way";
    not "five in each direction": the same count each way, nor "one repetition includes both
    sides": what a rep is)."""
    text = _DEFINES_REP_RE.sub(" ", normalize_numbers(sentence))
    return any(p.search(text) for p in _PER_SIDE)


# Work that changes sides within each rep: "alternating", "that is one rep".
_ALTERNATING_RE = re.compile(
    r"\b(?:one|1|each) (?:rep|repetition) (?:includes|is|means|equals|covers) both (?:sides|legs|"
    r"arms)\b|"
    r"\balternat(?:e|es|ing|ely)\b|\b(?:that|this|(?:left|right) and (?:left|right))(?:'s| is| "
    r"makes| counts as) (?:a )?(?:one|1) (?:rep|repetition|count)\b|\bcounts? as one "
    r"(?:rep|repetition)\b|"
    # "Count the movement of each leg as one": each leg's move is a rep
    r"\bcount\b[^.;]{0,30}\beach (?:leg|side|arm|foot)\b[^.;]{0,10}\bas (?:one|1)\b",
    re.IGNORECASE,
)
_COUNTED_PER_SIDE = 4  # the first patterns of _PER_SIDE count the dose per side


def alternating(text: str) -> bool:
    """The text changes sides within each rep ("Alternating Shoulder Taps")."""
    return bool(_ALTERNATING_RE.search(text))


def per_side_counted(sentence: str) -> bool:
    """The sentence counts the dose per side ("10 each leg", "12/side", "both sides"),
    not only says to change sides ("repeat on the other side")."""
    text = normalize_numbers(sentence)
    for p in _PER_SIDE[:_COUNTED_PER_SIDE]:
        for m in p.finditer(text):
            # a count before it: "10 each foot", not "letting each foot do the work"
            if p is not _PER_SIDE[1] or re.search(r"\d[^.;,]{0,30}$", text[:m.start()]):
                return True
            # a count after it: "repeat on each side 8-20 times"
            if re.match(rf"\s*{RANGE}\s*(?:times|reps?|repetitions)\b", text[m.end():], re.I):
                return True
    return False


# A later sentence that raises the dose over time: "Over time increase this exercise until it
# is held for 5 seconds", "Gradually build up to 20 repetitions".
_PROGRESS_RE = re.compile(
    # (not a ladder: "the reps increase by 2 for each set until you reach 20")
    rf"\b(?:over time|gradually|progress(?:ively)?|build(?:ing)? up|work(?:ing)? up|increase)\b"
    r"(?![^.;!?]*\bby\s+\d)"
    rf"[^.;!?]*?\b(?:until|up to|to)\b[^.;!?\d]*?(?<![\d.])(?P<top>{_NUM})\s*-?\s*"
    r"(?P<unit>seconds?|secs?|minutes?|mins?|reps?|repetitions?|times)?\b", re.IGNORECASE)


# A way to make the exercise easier or harder, not its dose: "To make this a bit easier,
# you can also ... pause for one to two seconds", "You may also do this with the legs only".
_VARIATION_RE = re.compile(
    r"^(?:to make (?:this|it|the (?:exercise|move|stretch))\s+(?:a (?:bit|little)\s+|slightly\s+|"
    r"even\s+)?(?:easier|harder|more (?:challenging|difficult)|less (?:challenging|difficult))|"
    r"(?:for|as) an? (?:easier|harder|more (?:challenging|advanced)|simpler) (?:version|variation|"
    r"option|alternative)|you (?:can|may|could) also (?:do|perform|try) (?:this|it|the "
    r"(?:exercise|move|stretch)))\b", re.IGNORECASE)


# "Hold for 60, rest for 30 seconds": the hold's bare number takes the rest's unit.
_SHARED_UNIT_RE = re.compile(
    r"(?P<held>\bhold(?:ing)?\s+(?:it\s+|this\s+)?(?:for\s+)?\d+)(?P<rest>\s*,\s*(?:and\s+|then\s+)?"
    r"rest\s+(?:for\s+)?\d+\s*(?P<unit>seconds?|secs?|minutes?|mins?)\b)", re.IGNORECASE)
# The sequence just described, again: "Repeat the sequence three times."
_SEQUENCE_AGAIN_RE = re.compile(
    rf"^repeat\s+(?:the|this|that|this whole|the whole|the entire)\s+(?:sequence|series|cycle|"
    rf"pattern|combination|thing)\s+{RANGE}\s*times\b", re.IGNORECASE)
# What the move is good for, not how it is done: "Great for both sides and stomach!"
_PRAISE_RE = re.compile(r"^(?:great|good|excellent|perfect|ideal|useful)\s+for\b", re.IGNORECASE)
# A labelled version of the exercise: "Level 1: Alternate your time ...", "Option 2 - ..."
_LEVEL_RE = re.compile(r"^(?:level|option|version|variation|progression|modification)\s*\d{1,2}"
                       r"\s*[:.)–—-]", re.IGNORECASE)


def read_dose(sentences: list[str], stretchy: bool) -> DoseFindings:
    """Every dose finding in the sentences, in order, and the first per-side sentence; a
    later sentence that raises the dose over time ("Over time increase ... until it is held
    for 5 seconds") makes the first hold or reps a range up to it."""
    dose = DoseFindings()
    levels = [x for x in sentences if _LEVEL_RE.match(x.strip())]
    if any(find_in_sentence(x, stretchy)[0] for x in sentences if x not in levels):
        # "Level 1: ... or simply hold the plank for 30 seconds" beside the exercise's own
        # dose: a version's dose (alone, the levels are the dose)
        sentences = [x for x in sentences if x not in levels]
    for sentence in sentences:
        if _VARIATION_RE.match(sentence.strip()):
            continue  # an easier or harder version's dose
        found, rests = find_in_sentence(
            _SHARED_UNIT_RE.sub(r"\g<held> \g<unit>\g<rest>", sentence), stretchy)
        # (quoted as the article says it; the numbers stand where they stood)
        found = [Finding(f.field, f.value, sentence, f.start, f.note) for f in found]
        if (_SEQUENCE_AGAIN_RE.match(normalize_numbers(sentence).strip())
                and any(f.field == "reps" for f in dose.findings)
                and not any(f.field == "sets" for f in dose.findings)):
            # "... 10 to 20 steps on your toes; then ... Repeat the sequence three times.": the
            # times count the whole sequence's sets
            found = [Finding("sets", f.value, f.sentence, f.start, f.note) if f.field == "reps"
                     else f for f in found]
        progress = _PROGRESS_RE.search(normalize_numbers(sentence))
        if progress and dose.findings:
            unit = (progress.group("unit") or "").lower()
            field_name = "hold" if unit.startswith(("s", "m")) else "reps"
            earlier = next((i for i, f in enumerate(dose.findings) if f.field == field_name),
                           None)
            if earlier is not None and unit:
                top = float(progress.group("top")) * seconds_per(unit if field_name == "hold"
                                                                  else None)
                first = dose.findings[earlier]
                wider = to_range(str(first.value.low), str(top))
                if wider is not None and ok_value(field_name, wider) and top > first.value.high:
                    dose.findings[earlier] = Finding(field_name, wider, first.sentence,
                                                     first.start, first.note)
                    found = [f for f in found if f.field != field_name]
        dose.findings.extend(found)
        dose.rests.extend(rests)
        if dose.per_side_sentence is None and per_side_in(sentence) and not _PRAISE_RE.match(
                sentence.strip()):
            dose.per_side_sentence = sentence
    return dose
