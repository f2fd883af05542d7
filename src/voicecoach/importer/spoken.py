"""Spoken text: an exercise's instructions as the coach reads them aloud, and its cue.

The instructions are spoken, so they are cleaned for speech: dose labels and dose-only
fragments ("Sets: 3", "(3 x 15 each side)", "20 reps"; the dose is spoken separately),
page labels ("How to do it:", "Muscles worked: ..."), tips ("Make it easier: ..."),
captions and credits, shopping asides, Markdown, bullets and links are left out, and
every sentence ends with punctuation so the voice pauses. Dose phrases inside an
instruction are left out too (:func:`strip_dose_phrases`), so the instructions never say a
number that the dose spoken after them contradicts: "Hold for two seconds, lower your body
back down and repeat 10 times." is said "Hold, lower your body back down and repeat."
Alternatives ("a medicine ball or dumbbell") are kept. Each exercise gets a one-line cue
(for ``--brief``, :func:`short_cue`): the sentence that states the movement (not the
starting position), cut at a clause to about 15 words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..words import NUMBERS, POSITION_VERBS, WEAK_VERBS
from .doses import normalize_numbers
from .marks import JUNK_ANYWHERE_RE, JUNK_RE, label_of
from .sentences import imperative_verb, split_sentences
from .shape import DOSE_START_RE, dose_only
from .text import strip_emphasis

__all__ = ["short_cue", "spoken_instructions", "strip_dose_phrases"]

# --------------------------------------------------------------------------- spoken text

# The instructions are read aloud, so they keep only what a coach would say: no dose
# labels or dose fragments (the dose is spoken separately), no page labels, captions,
# Markdown, bullets or links, and every sentence ends with punctuation so the voice pauses.

_NUMBER = (r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
           r"fifteen|twenty|thirty|forty|forty-five|sixty|ninety)")
_UNIT = (r"(?:reps?|repetitions?|sets?|rounds?|times|seconds?|secs?|s|minutes?|mins?|breaths?|"
         r"meters?|metres?|m|yards?|steps?)")
_DOSE_VALUE = (
    rf"(?:about\s+|approx\.?\s+|up to\s+)?{_NUMBER}(?:\s*(?:-|–|—|to|or)\s*{_NUMBER})?"
    rf"(?:\s*[x×]\s*{_NUMBER}(?:\s*(?:-|–|—|to)\s*{_NUMBER})?)?(?:\s*{_UNIT}\b)?"
    r"(?:\s*(?:(?:on\s+)?(?:each|per|every|a)\s+|/\s*)(?:side|leg|arm|foot|direction|way)s?\b)?"
)
# "Sets: 3", "Reps: 8-12 per side", "Hold: 30 seconds" anywhere in the text.
_DOSE_LABEL_FRAGMENT_RE = re.compile(
    rf"\b(?:sets|reps|repetitions|rounds|hold|time|duration|rest|tempo)\s*[:=]\s*"
    rf"{_DOSE_VALUE}\s*[|,;.]?",
    re.IGNORECASE,
)
_LABEL_PREFIX_RE = re.compile(r"^\s*([^:.!?]{1,40}?)\s*:\s*(?=\S)")
_CAPTION_RE = re.compile(
    r"^\(?(?:photo(?:graph)?s?|image|picture|illustration|video|gif|credit|source|via)\s*"
    r"(?:credits?\b|courtesy\b|source\b)?\s*(?::|by\b|courtesy\b|©)|^\(?(?:photo|image|"
    r"picture|illustration)s?\s+credits?\b|^\(?(?:getty|shutterstock|istock|unsplash|adobe stock)"
    r"\b|^\(?(?:pictured|shown|above|below|left|right)\s*:|^(?:watch|video)\s*[:(]",
    re.IGNORECASE,
)
# A credit or caption stuck to the end of a sentence: "... on a track. Photo: Getty Images".
_CAPTION_TAIL_RE = re.compile(
    r"\s*\(?\b(?:photo(?:graph)?|image|picture|illustration)s?\s*(?:credits?)?\s*(?::|by\b|"
    r"courtesy\b)[^()]*\)?\s*$",
    re.IGNORECASE,
)
_TIP_LABEL_RE = re.compile(
    r"^(?:make it (?:easier|harder|more challenging)|easier|harder|to make it (?:easier|harder)|"
    r"variations?|progressions?|regressions?|modifications?|modify|beginners?|advanced|"
    r"level up|scale (?:it )?(?:up|down)|common mistakes?|mistakes? to avoid|avoid|"
    r"why(?: it works| do it)?|benefits?|muscles? worked|muscles? targeted|targets?|works|"
    r"primary muscles?|good for|level|difficulty)$",
    re.IGNORECASE,
)
_CHATTER_RE = re.compile(
    r"\blet (?:me|us) know\b|\bdid you (?:try|like|enjoy|do)\b|\bdon'?t forget to (?:pin|share|"
    r"save|subscribe|comment|follow|check|tag)\b|\bpin (?:it|this)\b|\bshare (?:it|this)\b|"
    r"\bsave (?:it|this) for later\b|\bthanks? (?:you )?for (?:reading|watching)\b|"
    r"\bhappy (?:sweating|training|stretching)\b|\btag (?:me|us)\b|\blink in (?:my )?bio\b",
    re.IGNORECASE,
)
# An aside about buying the kit: "($12 on Amazon)", "(affiliate link)".
_SHOP_RE = re.compile(r"[$£€]\s?\d|\bamazon\b|\baffiliate\b|\bbuy (?:it|one|them)\b|"
                      r"\b(?:shop|available) (?:it )?(?:here|now|at)\b|\bcode\s+[A-Z0-9]{3,}",
                      re.IGNORECASE)
_URL_RE = re.compile(r"\(?\b(?:https?://|www\.)\S+", re.IGNORECASE)
_BULLET_CHARS = "•·▪◦●■□►▶▸✓✔✗☐➤➔→⁃∙"
_BULLET_RE = re.compile(rf"(?:^|(?<=\s))[{_BULLET_CHARS}]+(?=\s|$)|^[-*+–—]+\s+")
_NUMBERING_RE = re.compile(
    r"^(?:\(?\d{1,2}[.)]|(?:step|no\.?|#)\s*\d{1,2}\s*[:.)\-])\s+(?=\S)", re.IGNORECASE
)
_RULE_RE = re.compile(r"(?:^|\s)(?:-{3,}|\*{3,}|_{3,}|={3,})(?=\s|$)")


def _unmark(text: str) -> str:
    """No Markdown emphasis, code ticks, links, bullets or rules; single spaces."""
    text = re.sub(r"\s*\([^()]*(?:https?://|www\.)[^()]*\)", " ", text)  # "(see https://...)"
    text = _URL_RE.sub(" ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)?", r"\1", text)
    text = _RULE_RE.sub(" ", text)
    text = re.sub(r"~~(.+?)~~", r"\1", text)
    text = strip_emphasis(text)
    text = re.sub(r"(?<!\w)(?:\*+|_{2,})|(?:\*+|_{2,})(?!\w)", "", text)
    text = text.replace("`", "")
    text = re.sub(r"(?<!\w)#{1,6}\s+", "", text)
    # "Stand on a step • Rise onto your toes": a bullet inside a line ends a sentence.
    text = re.sub(rf"(?<=[^\s.!?:;,])\s+[{_BULLET_CHARS}]+\s+(?=\S)", ". ", text)
    text = _BULLET_RE.sub(" ", text)
    text = re.sub(r"\(\s*[,;.]?\s*\)|\[\s*\]", " ", text)  # what a removed link leaves
    return " ".join(text.split())


# --------------------------------------------------------------------------- dose phrases

_WORDNUM = "|".join(sorted((w for w in NUMBERS if " " not in w), key=len, reverse=True))
_ANYNUM = (rf"(?:\d+(?:\.\d+)?|(?:{_WORDNUM})(?:[- ](?:{_WORDNUM}))?|a couple of|a few|"
           r"several)")
_SPAN = (rf"(?:(?:about|around|approximately|approx\.?|roughly|at least|up to|another|"
         rf"an additional)\s+)?{_ANYNUM}(?:\s*(?:-|–|—|to|or)\s*{_ANYNUM})?")
_PHRASE_UNIT = (r"(?:more\s+)?(?:reps?|repetitions?|times|sets?|rounds?|seconds?|secs?|"
                r"minutes?|mins?|breaths?|counts?|meters?|metres?|yards?|laps?|lengths?)\b")
_SIDE_TAIL = (r"(?:\s*(?:(?:on\s+)?(?:each|per|every|both|either)\s+|/\s*|on the other\s+)"
              r"(?:sides?|legs?|arms?|feet|foot|hands?|directions?|ways?)\b)?")
_DOSE_PHRASE_RE = re.compile(
    # "for 20-30 seconds", "for a count of 10", "10 times on each side", "2 sets of 10",
    # "x10", "(twice)", "twice more"
    rf"(?:\s*,)?\s*\b(?:for\s+)?(?:a\s+(?:total\s+)?(?:count|set)\s+of\s+)?{_SPAN}\s*-?\s*"
    rf"{_PHRASE_UNIT}(?:\s+of\s+{_SPAN}(?:\s*{_PHRASE_UNIT})?)?{_SIDE_TAIL}"
    r"|(?:\s*,)?\s*\bfor\s+a\s+count\s+of\s+\w+"
    # ("Once that becomes easy, ..." / "once you can": a conjunction, not a count)
    r"|\s*\b(?:twice|once(?!\s+(?:that|you|your|the|this|these|it|they|he|she|we|done|"
    r"finished|comfortable|able)\b)|three times)(?:\s+more)?\b" + _SIDE_TAIL,
    re.IGNORECASE,
)
# "repeat 10 times" leaves "repeat"; a clause left with nothing but these words goes.
_EMPTY_CLAUSE_RE = re.compile(
    r"^(?:and\s+|then\s+|or\s+)*(?:do|perform|complete|repeat|aim for|try|work up to|"
    r"build up to|up to|continue|keep going|go|stay|remain|"
    r"it|this|each|per side|the exercise|the movement|this exercise|the stretch|start with|"
    r"begin with|about)?(?:\s+(?:it|this|the exercise|the movement))?\s*$",
    re.IGNORECASE,
)


def strip_dose_phrases(sentence: str) -> str:
    """The sentence without its dose phrases ("for 5-10 seconds", "10-15 times", "2 sets of
    12"), or "" when nothing but a dose is left. Alternatives with "or" stay."""
    if not _DOSE_PHRASE_RE.search(sentence):
        return sentence
    text = _DOSE_PHRASE_RE.sub("", sentence)
    end = re.search(r"[.!?]+[\"')\]]*$", text)
    tail = end.group(0) if end else ""
    body = text[:len(text) - len(tail)] if tail else text
    clauses = [c.strip() for c in re.split(r"\s*[,;]\s*", body)]
    kept = [c for c in clauses if c and not _EMPTY_CLAUSE_RE.match(c)]
    if not kept:
        return ""
    # "Repeat 10 times, then switch legs": "Repeat, then switch legs."
    kept = [c for c in clauses if c in kept or re.fullmatch(
        r"(?:(?:and|then)\s+)*repeat", c, re.IGNORECASE)]
    out = ", ".join(kept)
    out = re.sub(r"\s+(?:and|then|or)\s*$", "", out, flags=re.IGNORECASE)
    out = re.sub(r"\(\s*\)", "", out)
    out = " ".join(out.split())
    if not re.search(r"[^\W\d_]{3,}", out) or _EMPTY_CLAUSE_RE.match(out):
        return ""
    return out[0].upper() + out[1:] + (tail or ".")


def _dose_fragment(sentence: str) -> bool:
    """A dose with no instruction in it: "20 reps", "(3 x 15 each side)", "1 sets.",
    "3x10 each leg, 2 sec hold at the top". "Repeat 10 times." instructs and is kept."""
    core = sentence.strip().strip("()[]").strip()
    if not core:
        return True
    norm = normalize_numbers(core)
    if not (dose_only(core) or DOSE_START_RE.match(norm)):
        return False
    if core[:1].islower() and dose_only(core):
        return True  # "hold 2 s." and "for 45 sec." from a table row
    return imperative_verb(core) is None


def _clean_sentence(sentence: str) -> str:
    """One sentence as it should be spoken, or "" to leave it out."""
    s = _DOSE_LABEL_FRAGMENT_RE.sub(" ", sentence)
    s = " ".join(s.split()).strip(" |,;")
    # "(3 x 15 each side)" and other dose-only asides.
    s = re.sub(r"\s*\(([^()]*)\)", lambda m: "" if _dose_fragment(m.group(1)) or
               _CAPTION_RE.match(m.group(1)) or _SHOP_RE.search(m.group(1)) else m.group(0),
               s).strip()
    s = _CAPTION_TAIL_RE.sub("", s) if not _CAPTION_RE.match(s) else ""
    while True:  # "How to do it: Lie ...", "AMRAP in 60 seconds: from a high plank, ..."
        s = _NUMBERING_RE.sub("", s).strip()
        m = _LABEL_PREFIX_RE.match(s)
        if not m:
            break
        label = m.group(1)
        if label_of(label) == "keep" or _dose_fragment(label):
            s = s[m.end():]
        else:
            break
    if not s or not re.search(r"[^\W\d_]", s):
        return ""
    if _dose_fragment(s):
        # "10 times on each side, lift your leg slowly": keep the instruction after the dose.
        head, _, tail = s.partition(", ")
        if tail and _dose_fragment(head) and imperative_verb(tail):
            s = tail
        else:
            return ""
    if label_of(s.rstrip(":")) or JUNK_RE.match(s) or _CHATTER_RE.search(s) or (
        JUNK_ANYWHERE_RE.search(s) and not imperative_verb(s)
    ):
        return ""
    s = re.sub(r"\s+([.,;:!?])", r"\1", s)
    s = strip_dose_phrases(_end_sentence(s[0].upper() + s[1:]))
    if not s:
        return ""
    return _end_sentence(s)


def _end_sentence(text: str) -> str:
    """The text ending in . ! or ? (a trailing quote or bracket goes inside)."""
    text = text.rstrip(" :;,-–—")
    if not text:
        return ""
    m = re.search(r"([.!?]+)([\"')\]]+)$", text)
    if m:
        return text[:m.start()] + m.group(2) + m.group(1)[-1]
    return text if text[-1] in ".!?" else text + "."


def _spoken_paragraph(text: str, skip: Callable[[str], bool] | None = None) -> str:
    """A paragraph cleaned for speech; ``skip(sentence)`` leaves out more sentences."""
    out: list[tuple[str, str]] = []  # (sentence, as spoken)
    sentences: list[str] = []
    for sentence in split_sentences(_unmark(text)):
        # "... beside your hip. x3 sets of 20": a dose after the full stop, in lower case.
        pieces = re.split(r"(?<=[.!?])\s+(?=[a-z(])", sentence)
        sentences.append(" ".join(p for i, p in enumerate(pieces)
                                  if i == 0 or not _dose_fragment(p)))
    for sentence in sentences:
        label = _LABEL_PREFIX_RE.match(sentence)
        if label and _TIP_LABEL_RE.match(label.group(1).strip()):
            break  # "Make it easier: ..." to the end of the paragraph
        if _CAPTION_RE.match(sentence):
            if len(out) == 1 and not imperative_verb(out[-1][0]):
                out.pop()  # the caption the credit belongs to: "A runner holds a plank."
            continue
        if skip is not None and skip(sentence):
            continue
        out.append((sentence, _clean_sentence(sentence)))
    return " ".join(said for _, said in out if said)


def spoken_instructions(paragraphs: list[str], skip: Callable[[str], bool] | None = None) -> str:
    """Instructions to speak from an exercise's paragraphs (see :func:`_spoken_paragraph`)."""
    return " ".join(p for p in (_spoken_paragraph(t, skip) for t in paragraphs) if p)


_CLAUSE_RE = re.compile(
    r"[,;:]\s+|\s+[-–—]\s+|\s+(?=(?:then|and|while|as|until|so|but|keeping|with|without|"
    r"making sure|so that)\s)"
)
# A head that ends in a clause of time or condition still waiting for its main clause:
# "Start walking as normal but, as you hit the ground" (the movement comes after).
_OPEN_CLAUSE_RE = re.compile(
    r"(?:^|[,;:]\s*|\b(?:but|and|then)\s+)(?:as|when|while|once|if|until|before|after|"
    r"because)\b[^,;:]*$", re.IGNORECASE)
_DANGLING = {"and", "or", "then", "the", "a", "an", "your", "with", "to", "of", "on", "in",
             "at", "for", "from", "into", "onto", "as", "while", "until", "so", "but", "by"}


def _moves(sentence: str) -> bool:
    """An instruction that states a movement, not only a starting position ("Lie on your
    back ...") or a repetition ("Repeat on the other side.")."""
    verb = imperative_verb(sentence) or ""
    if verb and verb not in POSITION_VERBS and verb not in WEAK_VERBS:
        return True
    # "Lie on your side and lift your hips": a position, then the movement.
    for m in re.finditer(r"\b(?:and|then)\s+(?:slowly\s+|gently\s+)?([a-z]+)", sentence):
        if imperative_verb(m.group(1)) not in (None, *POSITION_VERBS, *WEAK_VERBS):
            return True
    return False


def short_cue(instructions: str, limit: int = 15) -> str | None:
    """A one-line cue: the sentence that states the movement (the first instruction whose
    verb is neither a starting position nor a weak verb such as "repeat"; else the first
    instruction; else the first sentence), cut at a clause near ``limit`` words."""
    sentences = split_sentences(instructions)
    steps = [x for x in sentences if imperative_verb(x) and not _dose_fragment(x)]
    # A position described without a verb ("Side lying, hips stacked, ..."): its first words.
    # Not a statement about it ("This is about knees.").
    steps = steps or [x for x in sentences[:1] if not _dose_fragment(x) and not re.search(
        r"\b(?:is|are|was|were|will|can|could|should|may|might|helps?)\b", x, re.IGNORECASE)]
    if not steps:
        return None
    first = next((x for x in steps if _moves(x)), steps[0])
    words = first.split()
    if len(words) <= limit + 2:
        return _end_sentence(first)
    first = re.sub(r"\s*\([^()]*\)", "", first)  # no asides in a one-line cue
    best = ""
    for m in _CLAUSE_RE.finditer(first):
        head = first[:m.start()]
        if len(head.split()) > limit:
            break
        words_ = head.split()
        while words_ and words_[-1].lower().strip(",;:") in _DANGLING:
            words_.pop()  # "... as normal but," : "... as normal"
        head = " ".join(words_).rstrip(",;:")
        if len(words_) >= 4 and imperative_verb(head) and not _OPEN_CLAUSE_RE.search(head):
            best = head
    if not best:
        cut = words[:limit]
        while cut and cut[-1].lower().strip(",;:") in _DANGLING:
            cut.pop()
        best = " ".join(cut)
    return _end_sentence(best.rstrip(",;: "))
