"""Section finding: which parts of an article are exercises, and which are its
introduction and closing words.

Headings split the classified lines (:mod:`.lines`) into sections of paragraphs. A section
is an exercise when its text instructs movement (:mod:`.sentences`); FAQ questions,
summaries and "Benefits of ..." are not. Prose before the first exercise becomes the
routine's description. A paragraph that starts from a new position ("Stand in front of
...") after an exercise that is already complete is an exercise of its own whose heading
was lost (an *orphan*, named later from its text and flagged for review). The same
exercise twice (a summary table and a section) is one exercise. Text outside the
exercises is kept too: "repeat the whole circuit 3 times" may be said there.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from ..routine import slugify
from ..words import MOVEMENTS, POSITION_VERBS, WEAK_VERBS
from .doses import find_in_sentence, normalize_numbers
from .lines import ROUTINE_WORD_RE, Line
from .names import SELF_NUMBERED_RE, clean_name, singular
from .sentences import (
    imperative_count,
    imperative_verb,
    instructional,
    split_sentences,
    starts_fresh,
)
from .shape import (
    DOSE_HINT_RE,
    DOSE_START_RE,
    dose_only,
    for_every_exercise,
    read_circuit,
    whole_routine,
)

__all__ = ["Paragraph", "Section", "dose_named_exercise", "find_sections", "lenient_exercises",
           "numbered_items",
           "prose_exercises", "single_exercise", "split_intro"]

_NOT_EXERCISE_HEADING_RE = re.compile(
    r"\b(?:bottom line|conclusion|summary|takeaways?|final (?:thoughts|words?)|faqs?|"
    r"frequently asked|how often|why (?:it|this|these|you)|benefits? of|what (?:is|are|causes)|"
    r"causes|symptoms|the research|the science|safety|precautions|disclaimer|references|"
    r"tl;?dr|in summary|wrap[- ]up|when to see|who should|how (?:to use|we|it works))\b|"
    # a training goal, not a move: "Building endurance - use a lighter kettlebell ..."
    r"^(?:building|improving|increasing|developing|gaining|boosting|burning|for|to build|"
    r"to improve)\s+(?:more\s+|your\s+)?(?:power|strength|endurance|stamina|speed|muscle|"
    r"mass|fat|calories|mobility|flexibility|balance|stability|size|hypertrophy)\b|"
    r"^(?:the |your |our |this )?(?:workout|exercises|routine|moves|circuit|plan|"
    r"program(?:me)?|sequence|flow)s?$|\?$|"
    # a load to use, not a move: "Ideal weight for men: 25-40# KB or DB"
    r"\d\s*(?:#|lbs?\b|kgs?\b|pounds?\b|kilos?\b)",
    re.IGNORECASE,
)

# A way to do the exercise above it, not an exercise: "Option A hinge", "Variation 2".
_OPTION_RE = re.compile(r"^(?:option|variation|version|alternative)\s*(?:[A-D1-9]\b|#\d)",
                        re.IGNORECASE)

# --------------------------------------------------------------------------- sections


@dataclass
class Paragraph:
    text: str
    drop: bool = False  # under a label such as "Benefits:" (not instructions)
    spoken: str | None = None  # the text to speak, without dose labels (None: the text)
    listed: bool = False  # a bulleted or numbered list item
    step: bool = False  # under a step label ("Starting position: ..."): the exercise's own

    @property
    def say(self) -> str:
        return self.text if self.spoken is None else self.spoken


@dataclass
class Section:
    heading: Line | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    orphan: bool = False  # instructions that lost their heading
    # rounds said for this exercise's group only ("## Strength" / "Do 3 rounds of the
    # following." over "### Squats" and "### Push-ups")
    rounds: list[str] = field(default_factory=list)
    # the introduction's text before an exercise that lost its heading ("This sequence of
    # Pigeon pose variations ..."), where its name may be
    context: str = ""

    @property
    def body(self) -> str:
        """The paragraphs' text, each a sentence of its own ("30 second" / "Rest 1 minute
        between rounds." are two)."""
        texts = [p.text for p in self.paragraphs if not p.drop]
        return " ".join(t + "." if i < len(texts) - 1 and t[-1:].isalnum() else t
                        for i, t in enumerate(texts))

    @property
    def all_text(self) -> str:
        """Instructions with any dropped text (the heading's own line is a paragraph too)."""
        return self.body


def _paragraphs(lines: list[Line]) -> list[Line | Paragraph]:
    """Headings and paragraphs (runs of body lines; each list item its own paragraph)."""
    out: list[Line | Paragraph] = []
    current: list[str] = []
    spoken: list[str] = []
    drop = False
    listed = False
    described = False  # after "Muscles worked: ...": a lower-case line continues it
    inline = ""  # the last heading's text on its own line

    step = False

    def flush() -> None:
        nonlocal current, spoken, drop, listed, step
        text = " ".join(current).strip()
        if text:
            said = " ".join(x for x in spoken if x).strip()
            out.append(Paragraph(text, drop, None if said == text else said, listed, step))
        current, spoken, drop, listed, step = [], [], False, False, False

    for line in lines:
        if line.kind == "blank":
            flush()
            described = False
        elif line.kind == "heading":
            flush()
            described = False
            out.append(line)
            inline = line.inline
            if line.inline:
                current.append(line.inline)
                spoken.append(line.inline)
        elif line.label == "dropline":
            flush()
            described = True
        elif described and line.text[:1].islower():
            continue
        else:
            described = False
            if line.numbered or line.label in ("drop", "step"):
                flush()
                listed = line.numbered
                step = line.label == "step"
            if line.label == "drop":
                drop = True
            if line.text:
                if (current and current[-1] == inline and line.text[:1].isupper()
                        and _ends_open(inline)):
                    # "Leg Swings - Perform 10-12 swings on each leg" / "TIPS: Hold onto ...":
                    # the heading's own text is a sentence of its own
                    current[-1] += "."
                current.append(line.text)
                if spoken and _ends_open(spoken[-1]) and _dose_line(line.text):
                    spoken[-1] += "."  # "... then lower" + "12 reps per side": two sentences
                # "Hold: 30 seconds. Repeat twice." says the rest after its label's value.
                spoken.append(" ".join(split_sentences(line.text)[1:]) if line.label == "quiet"
                              else line.text)
            elif line.label == "drop":
                drop = True
    flush()
    return out


def _dose_line(text: str) -> bool:
    """A line that is only a dose and starts with it: "12 reps per side", "(3 x 15)"."""
    return dose_only(text) and bool(DOSE_START_RE.match(normalize_numbers(text)))


_OPEN_END = {"and", "or", "then", "the", "a", "an", "your", "with", "to", "of", "on", "in",
             "for", "about", "hold", "repeat", "do", "perform", "complete", "by", "at", "x"}


def _ends_open(text: str) -> bool:
    """Text that ends mid-sentence after a complete phrase ("... then lower"), not after a
    word that a wrapped line continues ("Hold for")."""
    words = text.split()
    return bool(words) and text[-1] not in ".!?:;,-" and words[-1].lower() not in _OPEN_END


# A line that announces a list of exercises: "The following are three exercises for
# stretching the lower back:", "Try these stretches:".
_ANNOUNCE_RE = re.compile(
    r"\b(?:following|these|here are|below)\b[^.!?]*\b(?:exercises|stretches|moves|movements|"
    r"drills|poses)\b[^.!?]*:$", re.IGNORECASE)


def _rest_only(text: str) -> bool:
    """ "Lay down and rest at the end to integrate the practice. Feel the effects ...": a
    rest after the routine, not an exercise (no dose, and no verb that moves)."""
    if not re.search(r"\b(?:rest|relax)\b", text, re.IGNORECASE) or DOSE_HINT_RE.search(
            normalize_numbers(text)):
        return False
    verbs = [imperative_verb(x) for x in split_sentences(text)]
    return not any(v and v not in WEAK_VERBS and v not in POSITION_VERBS for v in verbs)


def find_sections(lines: list[Line]) -> list[Section]:
    sections: list[Section] = [Section(None)]
    option = False  # after "Option B bridge:": its text belongs to the exercise above
    announced = False  # after "The following are three exercises:": each item is one
    for item in _paragraphs(lines):
        if isinstance(item, Line) and not (_OPTION_RE.match(item.text)
                                           and sections[-1].heading is not None):
            sections.append(Section(item))
            option = announced = False
            continue
        if isinstance(item, Line):
            option = True  # "Option A hinge: Stand, ...": a way to do the exercise above it
            continue
        current = sections[-1]
        if (announced or (current.paragraphs and not item.drop
                          and _ANNOUNCE_RE.search(current.paragraphs[-1].text))) and (
                item.listed and instructional(item.text) and len(split_sentences(item.text)) >= 2):
            # each item under "The following are three exercises:" is an exercise whose
            # name the page left out
            sections.append(Section(None, [item], orphan=True))
            announced = True
            continue
        if (not item.drop and current.heading is None and not current.orphan
                and current.paragraphs and len(sections) == 1
                and instructional(item.text) and starts_fresh(item.text)
                and not any(instructional(p.text) for p in current.paragraphs)):
            # the introduction's prose, then "Begin lying on your side, ...": the first
            # exercise lost its heading
            sections.append(Section(None, [item], orphan=True, context=" ".join(
                p.text for p in current.paragraphs)))
            continue
        if (
            not item.drop
            and not option
            and not (item.step and current.heading is not None)
            and current.paragraphs
            and instructional(item.text)
            and starts_fresh(item.text)
            and _complete(current)
            # the next step in a list of steps ("- Sit your hips back ..."), or the first
            # under a name and its description ("Calf stretch" / "This exercise ..." / "1. Stand")
            and not (item.listed and (current.paragraphs[-1].listed or (
                current.heading is not None and not any(p.listed for p in current.paragraphs))))
            and (not current.heading or not (current.heading.inline
                                              and current.heading.inline == item.text))
            and not _rest_only(item.text)
        ):
            sections.append(Section(None, [item], orphan=True))
            continue
        option = False
        current.paragraphs.append(item)
    return [s for s in sections if s.heading or s.paragraphs]


def _complete(section: Section) -> bool:
    """An exercise that already has its starting position, or its dose; or a named one
    that already gives two instructions or more ("Arm Swings" / "... Do six forward
    rotations ... Repeat with your left arm.")."""
    if section.heading is not None and imperative_count(section.body) >= 2:
        return True
    if not instructional(section.body):
        return False
    text = section.all_text
    if DOSE_HINT_RE.search(normalize_numbers(text)):
        return True
    return any(starts_fresh(p.text) for p in section.paragraphs)


def _is_exercise(section: Section) -> bool:
    heading = section.heading
    if heading and _NOT_EXERCISE_HEADING_RE.search(heading.text):
        return False
    if heading and not _name_ok(heading.text):
        return False
    body = section.all_text
    if not body or _about_routine(section):
        return False
    if all(whole_routine(x) or for_every_exercise(x) for x in split_sentences(body)):
        # "Complete this circuit three times." under "Instructions"; "Hold each stretch
        # for 30 seconds." before the first stretch
        return False
    if heading is None and _set_up_only(body):
        return False  # "Sit comfortably, legs crossed" over the poses: where they start
    if heading is None and not section.orphan:
        # Text before the first heading is the introduction unless it is mostly instructions.
        sentences = split_sentences(section.body)
        # ("Hold each stretch for 30 seconds." gives every exercise's dose; it instructs none)
        strong = sum(1 for x in sentences if (imperative_verb(x) or "") not in ("", *WEAK_VERBS)
                     and not for_every_exercise(x))
        return bool(sentences) and strong / len(sentences) >= 0.5 and instructional(body)
    if heading and SELF_NUMBERED_RE.match(heading.text) and (
            instructional(body) or len(body.split()) > 12 or imperative_count(body)):
        return True  # "Exercise 1: A's" over a description: the page numbers its exercises
    if heading and re.search(r"\b(?:sets|reps)\s*:\s*\d", body, re.IGNORECASE):
        return True  # a handout's row: "Knee extension" / "Sets: 3 Reps: 10 Freq: daily"
    if instructional(section.body) or (heading and heading.inline and instructional(body)):
        return True
    if heading and _dosed_steps(body):
        return True  # "Start standing up straight, ... Do ten repetitions on one side ..."
    if heading and heading.inline and DOSE_START_RE.match(normalize_numbers(heading.inline)):
        return True  # "Clamshells - 3x15 each side", a table row "Name — 3 sets. 10 reps. ..."
    # A name with only a dose under it ("Glute Bridge — 3 x 12").
    return bool(heading) and len(split_sentences(body)) <= 2 and (
        dose_only(body) or bool(DOSE_START_RE.match(normalize_numbers(body))))


def _set_up_only(body: str) -> bool:
    """Text that only takes a starting position, in one sentence with no dose and no other
    verb ("Sit comfortably, legs crossed, hips elevated"): the set-up of what follows."""
    sentences = split_sentences(body)
    return len(sentences) == 1 and starts_fresh(sentences[0]) and not any(
        imperative_verb(x) for x in sentences[0].split(",")[1:])


def _dosed_steps(body: str) -> bool:
    """Text under a name that instructs in two sentences or more, one of them giving its
    dose ("Start standing up straight, ... Do ten repetitions on one side."), though its
    verbs are weak ones: the exercise's steps."""
    sentences = split_sentences(body)
    steps = [x for x in sentences if imperative_verb(x)]
    return len(steps) >= 2 and any(
        find_in_sentence(x, stretchy=False)[0] for x in steps
        if not for_every_exercise(x) and not whole_routine(x))


# Text about the routine as a whole: "aim to perform these exercises 2-3 times per week".
_ROUTINE_REF_RE = re.compile(
    # ("the following basic hip strengthening exercises should be performed ...")
    r"\b(?:these|those|the|all(?: of)?(?: the| these)?|your|other)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:exercises|stretches|moves|movements|drills|workouts)\b", re.IGNORECASE)


def _about_routine(section: Section) -> bool:
    """A section whose every sentence speaks of the exercises in the plural is advice
    about the routine ("Maintenance: ... perform these exercises 2-3 times per week")."""
    sentences = split_sentences(section.body)
    if bool(sentences) and all(_ROUTINE_REF_RE.search(x) for x in sentences):
        return True
    # (its own line's text so, then remarks that instruct nothing: "Rehabilitation: ... aim
    # to perform these exercises every other day ..." / "It's important to note ...")
    inline = section.heading.inline if section.heading else ""
    rest = split_sentences(section.body)[len(split_sentences(inline)):]
    return bool(inline) and all(_ROUTINE_REF_RE.search(x) for x in split_sentences(inline)) and (
        not any(imperative_verb(x) for x in rest))


def _name_ok(text: str) -> bool:
    return bool(re.search(r"[^\W\d_]", text)) and len(text) <= 120


def split_intro(sections: list[Section]) -> tuple[list[str], list[Section], list[str]]:
    """The introduction's paragraphs, the exercises, and all text outside the exercises
    (introduction and closing, where "repeat the circuit 3 times" is said)."""
    intro: list[str] = []
    exercises: list[Section] = []
    routine_text: list[str] = []
    by_name: dict[str, Section] = {}
    sections = _captioned(sections)
    chosen = _shape_peers(sections, _numbered_peers(sections, [_is_exercise(s) for s in sections]))
    sections, chosen = _listed_names(sections, chosen)
    group: list[str] = []  # rounds said under the last group heading between exercises
    used = True  # the group's rounds went to an exercise after it
    for section, is_exercise in zip(sections, chosen, strict=True):
        if not is_exercise:
            texts = [p.text for p in section.paragraphs if not p.drop]
            if exercises and section.heading is not None:
                if not used:
                    routine_text.extend(group)
                group = [x for t in texts for x in split_sentences(t)
                         if read_circuit(x, routine_level=True) is not None]
                used = not group
                texts = [t for t in texts if not any(x in group for x in split_sentences(t))]
            if section.heading is not None:
                routine_text.append(section.heading.text)
            routine_text.extend(texts)
        if is_exercise:
            section.rounds = list(group)
            used = True
            # ("Bicycle Crunches" in the list, "Bicycle Crunch" over its steps: one move)
            key = "-".join(singular(w) for w in slugify(clean_name(
                section.heading.text)).split("-")) if section.heading else ""
            if key and key in by_name and (
                    _shape(by_name[key]) != _shape(section)
                    or _described(by_name[key]) != _described(section)) and not _one_list(
                        sections, by_name[key], section):
                # the same exercise twice (a summary table or list and a section); the same
                # name in the same shape twice, both instructed or neither, is the page's
                # list naming it twice
                by_name[key].paragraphs.extend(section.paragraphs)
                continue
            if key:
                by_name[key] = section
            exercises.append(section)
        elif not exercises:
            intro.extend(p.text for p in section.paragraphs
                         if not p.drop and len(p.text.split()) >= 6)
    if not used:  # rounds under a heading after the last exercise: the whole routine's
        routine_text.extend(group)
    routine_text.extend(_closing_text(exercises))
    routine_text.extend(_closing_dose(exercises))
    return intro, exercises, routine_text


def _one_list(sections: list[Section], first: Section, later: Section) -> bool:
    """Two items of one list ("- 25 knee pull-ins (a faster version ...)" ... "- Repeat 25
    knee pull-ins"): a circuit doing the move again, not one exercise said twice."""
    at = next(i for i, s in enumerate(sections) if s is first)
    to = next(i for i, s in enumerate(sections) if s is later)
    return all(s.heading is not None and s.heading.numbered and s.heading.level == 0
               for s in sections[at:to + 1])


_NUMBER_ONLY_RE = re.compile(r"^(?:exercise|stretch|drill|move|movement|pose|step|no\.?)?\s*#?"
                             r"\d{1,2}\s*[:.)]?$", re.IGNORECASE)


def _name_line(text: str) -> bool:
    """A line that could name an exercise: not a sentence ("Repeat."), not an instruction."""
    return not re.search(r"[.!?:;,]$", text.strip()) and not imperative_verb(text) and (
        _name_ok(text)) and not DOSE_HINT_RE.search(normalize_numbers(text))


def _captioned(sections: list[Section]) -> list[Section]:
    """Each exercise's name over a second short line before its text (an image's caption:
    "Cat/Cow Stretch" / "Cat Position Cow Position" / "1. Begin on your hands ..."): where
    most named texts on the page sit under two such lines of one shape, the first line is
    the name and the second is left out (unless the first only numbers it: "Exercise 1" /
    "Squats")."""
    pairs = [i for i, (one, two) in enumerate(itertools.pairwise(sections))
             if one.heading is not None and not one.paragraphs and not one.heading.inline
             and not one.heading.numbered and (i == 0 or sections[i - 1].paragraphs)
             and two.heading is not None and two.paragraphs and _shape(one) == _shape(two)
             and not one.orphan and _name_line(one.heading.text)]
    named = [s for s in sections if s.heading is not None and s.paragraphs]
    if len(pairs) < 2 or 3 * len(pairs) < 2 * len(named):
        return sections
    out: list[Section] = []
    skip = -1
    for i, section in enumerate(sections):
        if i == skip:
            continue
        if i in pairs:
            first, second = section.heading, sections[i + 1].heading
            assert first is not None and second is not None
            heading = second if _NUMBER_ONLY_RE.match(first.text.strip()) else first
            out.append(Section(heading, sections[i + 1].paragraphs, rounds=section.rounds))
            skip = i + 1
            continue
        out.append(section)
    return out


def _described(section: Section) -> bool:
    """A section with instructions or a description, not only a name and its dose."""
    return bool(imperative_count(section.body)) or len(section.body.split()) > 15


def _listed_names(sections: list[Section], chosen: list[bool]) -> tuple[list[Section],
                                                                          list[bool]]:
    """A list of bare names under a line about the exercises ("The three exercises
    include:" / "- Dead Bugs" / "- Side Plank (each side)" / "- Plank") is the routine when
    it names more exercises than were found by their text: each listed name is an
    exercise, with the text of the section under the same heading further on."""
    start = next((i for i in range(1, len(sections) - 1) if _bare_item(sections[i])
                  and _bare_item(sections[i + 1]) and not _bare_item(sections[i - 1])), None)
    if start is None:
        return sections, chosen
    before = sections[start - 1]
    about = " ".join([before.heading.text if before.heading else "",
                      *(p.text for p in before.paragraphs[-1:])])
    end = start
    while end < len(sections) and _bare_item(sections[end]):
        end += 1
    if end < len(sections) and _bare_item(sections[end], last=True):
        end += 1  # the list's last item, with the page's next paragraph under it
    if not ROUTINE_WORD_RE.search(about) or sum(chosen) >= end - start:
        return sections, chosen
    out_sections = list(sections)
    out_chosen = [False] * len(sections)
    for i in range(start, end):
        heading = sections[i].heading
        assert heading is not None
        key = slugify(clean_name(re.sub(r"\s*\([^()]*\)\s*$", "", heading.text)))
        for j in range(end, len(sections)):
            later = sections[j].heading
            if later is not None and slugify(clean_name(later.text)) == key:
                out_sections[i] = Section(heading, sections[j].paragraphs)
                out_sections[j] = Section(later)
                break
        out_chosen[i] = True
    last = out_sections[end - 1]
    if last.paragraphs and last is sections[end - 1] and _bare_item(last, last=True):
        # the page's next paragraph under the list's last item ("Repeat 2 more times (3 sets
        # total)") is the page's, not the item's
        assert last.heading is not None
        out_sections[end - 1] = Section(last.heading)
        out_sections.insert(end, Section(None, last.paragraphs))
        out_chosen.insert(end, False)
    return out_sections, out_chosen


def _bare_item(section: Section, last: bool = False) -> bool:
    """A list item (or a short line) that is only a short name, with nothing under it
    (``last``: but for paragraphs that are not list items)."""
    heading = section.heading
    return bool(heading and (heading.numbered or (
        heading.level == 0 and not _ROUTINE_TITLE_RE.search(heading.text))) and not heading.inline
                and (not section.paragraphs
                     or (last and not any(p.listed for p in section.paragraphs)))
                and len(re.sub(r"\s*\([^()]*\)$", "", heading.text).split()) <= 6)


def _shape(section: Section) -> tuple[int, bool, bool] | None:
    """What a heading looks like: its Markdown level, whether it is a list item, and
    whether its instructions share its line. None for a section without a heading."""
    heading = section.heading
    return None if heading is None else (heading.level, heading.numbered, bool(heading.inline))


def _shape_peers(sections: list[Section], chosen: list[bool]) -> list[bool]:
    """Headings of the same shape in a row are peers (the page's list of exercises): in a
    run of three or more where most are exercises by their text, every one with text under
    it is too ("Straight Leg Raises" whose text is cut short, a foam-rolling step), from the
    first exercise on (a heading before it introduces the list)."""
    out = list(chosen)
    i = 0
    while i < len(sections):
        shape = _shape(sections[i])
        j = i + 1
        while j < len(sections) and shape is not None and (
                _shape(sections[j]) == shape or (sections[j].orphan and j + 1 < len(sections)
                                                 and _shape(sections[j + 1]) == shape)
                or (_group_heading(sections[j], shape) and j + 1 < len(sections)
                    and _shape(sections[j + 1]) == shape)):
            j += 1
        # ("## Strength" between "### Squats" runs groups the exercises, breaking no run)
        run = [k for k in range(i, j) if sections[k].heading is not None
               and _shape(sections[k]) == shape]
        if shape is not None and len(run) >= 3 and 2 * sum(chosen[k] for k in run) >= len(run):
            first = next(k for k in run if chosen[k])  # not an introduction's heading before
            # (unless it instructs: "Arm Swings" / "... Do six forward rotations. Repeat ...")
            while run.index(first) > 0 and _leads_run(sections[run[run.index(first) - 1]]):
                first = run[run.index(first) - 1]
            for k in run[run.index(first):]:
                heading = sections[k].heading
                assert heading is not None
                out[k] = out[k] or bool(
                    (_some_text(sections[k]) or (_cut_off(sections, k) and out[k - 1]))
                    and _name_ok(heading.text)
                    and not _NOT_EXERCISE_HEADING_RE.search(heading.text)
                    and not _about_routine(sections[k]))
        i = max(j, i + 1)
    return out


def _some_text(section: Section) -> bool:
    """Text under a peer heading that could be an exercise's: an instruction, a dose, or
    more than a line's remark ("See you next week" under "Stay strong" is a sign-off)."""
    body = section.body
    return bool(body) and (imperative_count(body) > 0 or bool(DOSE_HINT_RE.search(
        normalize_numbers(body))) or len(split_sentences(body)) >= 2 or len(body.split()) > 12
        or bool(re.match(r"^\(?\d", normalize_numbers(body))))  # "10 forward, 10 backward"


def _cut_off(sections: list[Section], k: int) -> bool:
    """The page's text ends at this heading (a stored page cut short: "Towel curls" /
    "Picture of the t"): nothing after it but a fragment of a few words."""
    rest = " ".join(" ".join([s.heading.text if s.heading else "", s.body])
                    for s in sections[k + 1:])
    heading = sections[k].heading
    return (heading is not None and len(heading.text) >= 4 and not sections[k].paragraphs
            and not _ROUTINE_TITLE_RE.search(heading.text) and len(rest.split()) <= 3)


def _leads_run(section: Section) -> bool:
    """A peer heading before the run's first exercise is one too where it instructs
    (:func:`_instructs`), or gives one instruction under a name that is not the routine's
    ("Push-ups" / "Keep your body in a straight line from head to heels."), not a word on
    the exercises ("Your Care Instructions" / "Here are some exercises ... Start slowly.")."""
    heading = section.heading
    return _instructs(section) or bool(
        heading is not None and imperative_count(section.body) >= 1
        and not _ROUTINE_TITLE_RE.search(heading.text) and not ROUTINE_WORD_RE.search(heading.text)
        and not _NOT_EXERCISE_HEADING_RE.search(heading.text) and not _about_routine(section)
        and not re.search(r"\b(?:exercises|stretches|moves|drills|workouts)\b", section.body,
                          re.IGNORECASE))


def _instructs(section: Section) -> bool:
    """Two instructions, or one with a dose or under a Markdown heading ("### Arm circles" /
    "Make big circles with your arms. 10 forward, 10 back."), and not advice about the
    routine."""
    count = imperative_count(section.body)
    level = section.heading.level if section.heading else 0
    dosed = any(find_in_sentence(x, stretchy=False)[0] for x in split_sentences(section.body))
    return (count >= 2 or (count == 1 and (level >= 2 or dosed))) and not _about_routine(
        section)


def _group_heading(section: Section, shape: tuple[int, bool, bool] | None) -> bool:
    """A Markdown heading of a higher level than the run's ("## Warm-up" over "### Arm
    circles"): it groups the run's exercises."""
    heading = section.heading
    return bool(heading and shape and shape[0] > 1 and 0 < heading.level < shape[0])


def _numbered_peers(sections: list[Section], chosen: list[bool]) -> list[bool]:
    """Headings numbered in sequence ("1) Clam Pt 1", "2) Clam Pt 2", ...) are peers: where
    at least one of three or more is an exercise by its text, every one with text under
    it is (a position described without an imperative verb is still an exercise)."""
    out = list(chosen)
    run: list[int] = []

    def close() -> None:
        if len(run) >= 3 and any(chosen[i] for i in run):
            for i in run:
                heading = sections[i].heading
                assert heading is not None
                out[i] = out[i] or bool(
                    sections[i].body and _name_ok(heading.text)
                    and not _NOT_EXERCISE_HEADING_RE.search(heading.text)
                    and not _about_routine(sections[i]))
        run.clear()

    for i, section in enumerate(sections):
        number = section.heading.number if section.heading else None
        if section.heading is None and section.orphan:
            continue
        if number is None and section.heading is not None and not section.paragraphs:
            continue  # a frequency line between the items ("Every 2-3 days", "Daily")
        if number is None:
            close()
            continue
        previous = sections[run[-1]].heading if run else None
        if previous is not None and previous.number is not None and number != previous.number + 1:
            close()
        run.append(i)
    close()
    return out


def _closing_dose(exercises: list[Section]) -> list[str]:
    """Closing words that give one dose for every exercise ("Start with 5 reps for each
    exercise. Do each rep slowly ...") at the end of the last exercise, in its paragraph or
    one of their own, maybe before a sign-off ("Happy Running!"): taken from it, from that
    sentence on, and returned."""
    if len(exercises) < 2 or not exercises[-1].paragraphs:
        return []
    paragraphs = exercises[-1].paragraphs
    for k in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 4), -1):
        last = paragraphs[k]
        sentences = split_sentences(last.text)
        at = next((i for i, x in enumerate(sentences) if for_every_exercise(x)), None)
        if at is None:
            continue
        if last.drop or (at == 0 and k == 0) or last.spoken is not None:
            return []
        closing = " ".join([*sentences[at:], *(p.text for p in paragraphs[k + 1:] if not p.drop)])
        del paragraphs[k + 1:]
        if at == 0:
            paragraphs.pop()
        else:
            last.text = " ".join(sentences[:at])
        return [closing]
    return []


def _one_liner(section: Section) -> bool:
    """A list item that is a whole exercise: "3. Single leg glute bridge - 3x10 each leg"."""
    heading = section.heading
    return bool(heading and heading.numbered and heading.inline and section.paragraphs
                and section.paragraphs[0].text == heading.inline)


def _closing_text(exercises: list[Section]) -> list[str]:
    """Paragraphs after a list of one-line exercises are the article's closing words
    ("Takes about 25 min total. Go slow on the clamshells."), not the last exercise's:
    they are taken from it and returned."""
    if len(exercises) < 2 or not all(_one_liner(s) for s in exercises[-2:]):
        return []
    last = exercises[-1]
    rest = last.paragraphs[1:]
    last.paragraphs[1:] = []
    return [p.text for p in rest if not p.drop]



# A title that names a routine, not one exercise: "5 Stretches for Runners", "Knee Exercises".
_ROUTINE_TITLE_RE = re.compile(
    r"\b\d+\b|\b(?:exercises|stretches|workouts?|routines?|drills|moves|movements|"
    r"program(?:me)?s?|plan|circuits?|sequence|flow|poses)\b", re.IGNORECASE)


def single_exercise(title: str, sections: list[Section]) -> Section | None:
    """A page that is one exercise ("Walking Lunges for Distance" / "- Begin at the goal
    line ..." / "REPS: 4 x 50 yards"): where no section is an exercise of its own (or one
    without a heading), the title names one exercise and the page's text instructs it (two
    instructions or more), the whole text is that exercise, its name the title. None for
    any other page."""
    series = re.match(r"^[^:|]{2,60}[:|]\s+(?P<name>[^:|]{2,60})$", title or "")
    if series and _ROUTINE_TITLE_RE.search(title) and not _ROUTINE_TITLE_RE.search(
            series.group("name")):
        title = series.group("name")  # "Back Exercises: Pelvic Tilt": a series' one exercise
    if not title or _ROUTINE_TITLE_RE.search(title) or not _name_ok(title):
        return None
    paragraphs = [p for s in sections for p in s.paragraphs
                  if not p.drop and not (s.heading and _NOT_EXERCISE_HEADING_RE.search(
                      s.heading.text))]
    strong = [v for p in paragraphs for v in map(imperative_verb, split_sentences(p.text))
              if v and v not in WEAK_VERBS]
    dosed = any(find_in_sentence(x, stretchy=False)[0]
                for p in paragraphs for x in split_sentences(p.text))
    # (two instructions, or one with a dose: "Run 80-100 metres, ... Do 4-6 strides.")
    if len(strong) < (1 if dosed else 2) or not any(instructional(p.text) for p in paragraphs):
        return None
    heading = Line("heading", re.sub(r"\s*\([^()]*\)\s*$", "", title) or title)
    return Section(heading, paragraphs)


# "You should drive the knee up": an instruction in other words.
_MODAL_RE = re.compile(r"^(?:you|we)\s+(?:should|need to|want to|will|must|can)\s+",
                       re.IGNORECASE)


def lenient_exercises(sections: list[Section]) -> list[Section]:
    """The last try before a page is refused: headings of one shape, two or more, each with
    text under it that instructs at all or gives a dose ("A Skip" / "start by bringing your
    knee up ..."), are the exercises. Better an import to review than none."""
    shapes: dict[tuple[int, bool, bool] | None, list[Section]] = {}
    for section in sections:
        heading = section.heading
        body = section.body
        if (heading is None or not body or not _name_ok(heading.text)
                or _NOT_EXERCISE_HEADING_RE.search(heading.text) or _about_routine(section)
                or len(heading.text.split()) > 8):
            continue
        if imperative_count(body) or DOSE_HINT_RE.search(normalize_numbers(body)) or any(
                _MODAL_RE.match(x) and imperative_verb(_MODAL_RE.sub("", x))
                for x in split_sentences(body)):
            shapes.setdefault(_shape(section), []).append(section)
    best = max(shapes.values(), key=len, default=[])
    return best if len(best) >= 2 else []


# A move introduced in running prose: "start with a calf stretch: ...", "Then, move on to a
# downward dog, holding ...", "Next, try a runner's stretch against the wall", "is to do heel
# raises which involve ...", "you can progress to walking on your tip toes".
_PROSE_MOVE_RE = re.compile(
    r"\b(?:(?:start(?:ing)?|begin(?:ning)?|finish(?:ing)?|end(?:ing)?|follow(?:ing)? up)\s+with|"
    r"(?:move|moving|go|going)\s+on\s+to|progress(?:ing)?\s+to|(?:then|next),?\s+(?:try|do|add)|"
    # "Now onto the goblet squat, great for ...": the next move, announced
    r"(?:now|next|and now),?\s+on\s*to|"
    r"(?<!to )\btry|(?<=to )do)\s+(?:(?:a|an|the)\s+)?"
    r"(?P<name>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){0,6}?)"
    r"(?=\s*[:,;.!?]|\s+(?:which|that|whilst|while|with|for|against|holding|by|to|until|so|and|"
    r"as|before|after|from|using|on\s+(?:each|both|the\s+(?:other|opposite)))\b|\s*$)",
    re.IGNORECASE)
_NOT_PROSE_MOVE_RE = re.compile(
    r"^(?:and|or|but|then|of|in|on|at|to|for|from|this|that|it|them|these|those|so|not|your|"
    r"my|our|any|some|more|"
    r"another|all|each|both|"
    r"one|other|same|again|something|anything|nothing|what|how|well|too|much|many|few|"
    r"(?:exercises?|stretch(?:es|ing)?|routines?|workouts?|sessions?|sets?|reps?|"
    r"repetitions?|moves?|movements?|drills?)$)\b", re.IGNORECASE)


# The moves counted and listed in a sentence: "The workout consists of two exercises,
# kettlebell swings, and goblet squats, performed as ...".
_PROSE_LIST_RE = re.compile(
    r"\b(?:consists? of|includes?|is made up of|combines?|uses?|has)\s+(?P<n>\d)\s+(?:\w+\s+)?"
    r"(?:exercises|moves|movements|stretches|drills)\s*[,:]\s*(?P<list>[^.;!?]+)", re.IGNORECASE)


# A sentence that opens by naming the move it instructs: "For external rotation, stand ...",
# "In the internal rotation, stand ...", "When doing the A-skip, pay attention to ...".
_LEAD_NAME_RE = re.compile(
    r"^(?P<lead>(?:when|while)\s+(?:doing|performing)|to\s+(?:do|perform)|for|in|during)\s+"
    r"(?:the\s+|an?\s+|your\s+)?(?P<name>[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,3}),\s+"
    r"(?P<rest>\S.*)$", re.IGNORECASE)
# Not a move's name after "For ..., " / "In ..., ": a time, a purpose, a manner, a position.
_NOT_LEAD_NAME_RE = re.compile(
    r"\b(?:this|that|these|those|each|every|extra|best|more|addition|order|case|general|"
    r"example|instance|fact|short|summary|position|place|morning|evening|day|week|time|times|"
    r"beginners?|support|safety|balance|comfort|results?|progress(?:ion)?|start|end|"
    r"meantime|doubt|particular)\b", re.IGNORECASE)


def _lead_name(sentence: str) -> str | None:
    """The move a sentence opens by naming ("For external rotation, stand ..." ->
    "external rotation"), or None. After "for" or "in" the rest must instruct; "when doing
    the X" names a move whatever follows."""
    m = _LEAD_NAME_RE.match(sentence.strip())
    if not m:
        return None
    name = m.group("name")
    if _NOT_LEAD_NAME_RE.search(name) or _NOT_PROSE_MOVE_RE.match(name) or name.lower().endswith(
            "ing"):
        return None
    if m.group("lead").lower() in ("for", "in", "during") and not imperative_verb(m.group("rest")):
        return None
    return name


def _prose_list(sentence: str) -> list[str]:
    """The names a sentence counts and lists ("two exercises, kettlebell swings, and goblet
    squats"), or none."""
    m = _PROSE_LIST_RE.search(normalize_numbers(sentence))
    if not m:
        return []
    parts = [re.sub(r"^(?:and|or|then)\s+", "", p.strip(), flags=re.IGNORECASE)
             for p in re.split(r",|\s+and\s+", m.group("list"))]
    parts = [p for p in parts if p]
    n = int(m.group("n"))
    names = parts[:n]
    if len(names) < n or not all(
            1 <= len(x.split()) <= 4 and re.fullmatch(r"[A-Za-z][A-Za-z' -]*", x)
            and not _NOT_PROSE_MOVE_RE.match(x) for x in names):
        return []
    return names


# A move named as the next one: "Another exercise that isolates the hip abductors is hip
# hikes.", "The next stretch is the figure four."
_ANOTHER_RE = re.compile(
    r"\b(?:another|one more|a second|the (?:next|second|third|last|final))\s+(?:good\s+|great\s+|"
    r"simple\s+|useful\s+)?(?:exercise|move|stretch|drill)\b[^.;:]{0,60}?\b(?:is|are)\s+"
    r"(?:the\s+|an?\s+)?(?P<name>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){0,3}?)\s*[.;:!]",
    re.IGNORECASE)


def prose_exercises(sections: list[Section]) -> list[Section]:
    """The last try before a page is refused: a routine told in running prose, each move
    introduced by a word of sequence ("start with a calf stretch: ...", "Then, move on to a
    downward dog, holding for 30 seconds.", "Next, try a runner's stretch ..."). Two such
    moves or more are the exercises, each with the sentences from its own to the next one's
    (within its paragraph), named from the text and flagged for review. A sentence that
    counts and lists the moves ("consists of two exercises, kettlebell swings, and goblet
    squats") names them instead."""
    found: list[Section] = []
    seen: set[str] = set()
    before: list[str] = []  # what instructs before the first move named
    for section in sections:
        current: Section | None = None
        for paragraph in section.paragraphs:
            if paragraph.drop:
                continue
            if current is not None and not (
                    current.heading is not None and current.heading.tag == "another"
                    and (imperative_count(paragraph.text)
                         or DOSE_HINT_RE.search(normalize_numbers(paragraph.text)))):
                current = None  # (a move named as "another" goes on while its text instructs)
            for sentence in split_sentences(paragraph.text):
                listed = _prose_list(sentence)
                if len(listed) >= 2 and not found:
                    # (the moves are named only; what follows may be said of them all)
                    return [Section(Line("heading", x[:1].upper() + x[1:], named=sentence),
                                    [Paragraph(sentence)]) for x in listed]
                names = [m for m in _PROSE_MOVE_RE.finditer(sentence)
                         if not _NOT_PROSE_MOVE_RE.match(m.group("name"))
                         and not re.match(r"\d", normalize_numbers(m.group("name")))]
                new = [m.group("name") for m in names if slugify(m.group("name")) not in seen
                       and not any(slugify(m.group("name")).startswith(k + "-") for k in seen)]
                led = _lead_name(sentence)
                if led and slugify(led) not in seen:
                    new.insert(0, led)
                other = _ANOTHER_RE.search(sentence)
                another = bool(other and not _NOT_PROSE_MOVE_RE.match(other.group("name"))
                               and slugify(other.group("name")) not in seen)
                if another and other:
                    new.insert(0, other.group("name"))
                    told = " ".join(before)
                    named = next((n for pattern, n in MOVEMENTS if re.search(
                        pattern, told.lower())), None) if imperative_count(told) >= 2 else None
                    if not found and named:
                        # "Another exercise ... is hip hikes": the text before it is the
                        # exercise before it
                        seen.add(slugify(named))
                        found.append(Section(Line("heading", named, named=told),
                                             [Paragraph(x) for x in before]))
                if new:
                    name = new[0]
                    if not name.split()[0].lower().endswith("ing"):
                        # "a figure four stretch on your back": where it is done ("walking on
                        # your tip toes" is the move itself)
                        name = re.split(r"\s+(?:on|in|at|into|onto)\s+(?:your|the|a|an)\b", name)[0]
                    if len(name.split()) > 5:
                        continue
                    seen.add(slugify(name))
                    heading = Line("heading", name[:1].upper() + name[1:], named=sentence,
                                   tag="another" if another else "")
                    current = Section(heading, [Paragraph(sentence)])
                    found.append(current)
                elif current is not None:
                    current.paragraphs.append(Paragraph(sentence))
                elif not found:
                    before.append(sentence)
    return found if len(found) >= 2 else []


# A move named only in its dose: "Perform 3 sets of 15 heel drops 2-3 times per day".
_DOSE_NAMED_RE = re.compile(
    r"\b(?:perform|do|complete|try)\s+(?:\d+(?:\s*-\s*\d+)?\s*(?:sets?|rounds?)\s+of\s+)?"
    r"\d+(?:\s*-\s*\d+)?\s+(?P<name>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){0,3}?)"
    r"(?=\s+(?:\d|each|per|on|a\s+day|times|every|with|for|twice|daily)\b|\s*[,.;:!]|\s*$)",
    re.IGNORECASE)
_UNIT_WORDS_RE = re.compile(
    r"^(?:sets?|reps?|repetitions?|times|seconds?|secs?|minutes?|mins?|hours?|days?|weeks?|"
    r"rounds?|breaths?|counts?|steps|meters?|metres?|yards?|miles?|laps?)\b", re.IGNORECASE)


# The move an instruction says to perform, without a count: "Now perform a posterior pelvic
# tilt followed by ...", "Do a slow bird dog, then ..." (a name of two words or more).
_PERFORM_A_RE = re.compile(
    r"\b(?:perform|do|complete)\s+(?:a|an|one)\s+(?P<name>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){1,3}?)"
    r"(?=\s+(?:followed|then|and|with|for|until|while|by|to|on|in|at|from|as)\b|\s*[,.;:!]|\s*$)",
    re.IGNORECASE)


def dose_named_exercise(title: str, sections: list[Section]) -> Section | None:
    """A page that is one exercise named only in its dose ("Instructions: Perform 3 sets of
    15 heel drops 2-3 times per day" over its numbered steps): the move the dose counts
    names it, where the page's text instructs (two instructions or more); else the move an
    instruction says to perform ("Now perform a posterior pelvic tilt followed by ..."),
    where another instruction moves too. None for any other page."""
    paragraphs = [Paragraph(title)] if title else []
    paragraphs += [p for s in sections for p in s.paragraphs if not p.drop]
    strong = [v for p in paragraphs for v in map(imperative_verb, split_sentences(p.text))
              if v and v not in WEAK_VERBS]
    if not strong:
        return None
    for paragraph in paragraphs if len(strong) >= 2 else []:
        for m in _DOSE_NAMED_RE.finditer(normalize_numbers(paragraph.text)):
            name = m.group("name")
            if _UNIT_WORDS_RE.match(name) or _NOT_PROSE_MOVE_RE.match(name) or (
                    name.lower().endswith("ly") and " " not in name):  # ("bilaterally")
                continue
            heading = Line("heading", name[:1].upper() + name[1:], named=paragraph.text)
            return Section(heading, paragraphs)
    for paragraph in paragraphs:
        for m in _PERFORM_A_RE.finditer(paragraph.text):
            name = m.group("name")
            if (_UNIT_WORDS_RE.match(name) or _NOT_PROSE_MOVE_RE.match(name)
                    or _NOT_LEAD_NAME_RE.search(name) or len(name.split()) < 2):
                continue
            heading = Line("heading", name[:1].upper() + name[1:], named=paragraph.text)
            return Section(heading, paragraphs)
    return None


# Verbs that set the move up rather than do it: "Place a towel on the floor", "Put a band
# around your knees" (with the starting positions: "Lie ...", "Stand ...").
_SET_UP_VERBS = frozenset({"place", "put", "fill", "tie", "loop", "wrap", "attach", "anchor"})
# Where an instruction's first clause ends: "... and hold for 20 seconds", "... for at least
# 60 seconds", "..., keeping ...", "... until you feel ...".
_CLAUSE_END_RE = re.compile(
    r"\s*[,;:(]|\s+(?:then|until|while|so that|as you|using|without|for\s+(?:at least\s+|about\s+|"
    r"up to\s+|around\s+)?\d+)\b", re.IGNORECASE)


def _instruction_name(text: str) -> str | None:
    """A name for an unnamed item from its first instruction that moves ("While lying down,
    point your feet and toes toward your head and hold ..." -> "Point your feet and toes
    toward your head"); set-up and position sentences are passed over while a moving one
    follows. None where nothing instructs."""
    clauses: list[tuple[str, str]] = []
    for sentence in split_sentences(text):
        verb = imperative_verb(sentence)
        if not verb:
            continue
        m = re.search(rf"\b{re.escape(verb)}\b", sentence, re.IGNORECASE)
        if not m:
            continue
        clause = sentence[m.start():]
        end = _CLAUSE_END_RE.search(clause)
        clause = clause[:end.start()] if end else clause
        for k in re.finditer(r"\s+and\s+", clause):  # "... and hold ...": a second step
            if imperative_verb(clause[k.end():]):
                clause = clause[:k.start()]
                break
        clause = clause.strip(" .!")
        if 2 <= len(clause.split()) <= 10:
            clauses.append((verb, clause))
    moving = [c for v, c in clauses
              if v not in WEAK_VERBS and v not in POSITION_VERBS and v not in _SET_UP_VERBS]
    chosen = (moving or [c for _, c in clauses] or [""])[0]
    return chosen[:1].upper() + chosen[1:] if chosen else None


def numbered_items(lines: list[Line]) -> list[Section]:
    """The last try before a page is refused: a numbered list of paragraphs with no names
    ("1. While lying down, point your feet ... Repeat 3 times." / "2. Place a towel on the
    floor. Curl the towel ..."), numbered 1, 2, 3 ..., each item two sentences or more that
    instruct, most of them with a dose: each item is an exercise, named from its first
    instruction that moves and flagged for review. (A list of one-line steps is one
    exercise's steps, not this.)"""
    best: list[Line] = []
    run: list[Line] = []
    for line in lines:
        if line.kind == "blank":
            continue
        item = line.kind == "body" and line.numbered and not line.label
        if item and run and line.number == (run[-1].number or 0) + 1:
            run.append(line)
        else:
            run = [line] if item and line.number == 1 else []
        if len(run) > len(best):
            best = list(run)
    if len(best) < 2:
        return []
    texts = [ln.text for ln in best]
    if not all(len(split_sentences(t)) >= 2 and imperative_count(t) for t in texts):
        return []
    if sum(1 for t in texts if DOSE_HINT_RE.search(normalize_numbers(t))) * 2 < len(texts):
        return []
    names = [_instruction_name(t) for t in texts]
    if not all(names):
        return []
    return [Section(Line("heading", name or "", named=text), [Paragraph(text, listed=True)])
            for name, text in zip(names, texts, strict=True)]
