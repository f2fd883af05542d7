"""Building the routine: exercise sections and their doses to a validated routine.

For each exercise section this decides its name (its heading, else a well-known movement
named in its text, else "Exercise N"; both flagged for review), its category (roll,
stretch, isometric or strength), its equipment, and its routine fields from the dose
findings (:mod:`.doses`): where the article gives no dose, a default for the category is
used and marked as guessed. A number of rounds stated for the whole routine ("Perform 3
rounds of the following", "repeat the whole circuit 3 times", in the introduction, the
closing text or after the last exercise) becomes the sets of every exercise that gives
none, quoted and flagged for review. The result is validated as a
:class:`~voicecoach.routine.Routine` and returned as an :class:`~.result.ImportResult`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import ArticleError
from ..routine import Range, Routine, slugify
from ..words import MOVEMENTS
from .doses import (
    DoseFindings,
    alternating,
    normalize_numbers,
    per_side_counted,
    per_side_in,
    read_dose,
)
from .names import clean_name
from .result import ImportedExercise, ImportResult, quote
from .sections import Section
from .sentences import split_sentences
from .shape import for_every_exercise, read_circuit, whole_routine
from .spoken import short_cue, spoken_instructions

__all__ = ["build_result", "name_from_text"]

# --------------------------------------------------------------------------- building

_STRETCHY_NAME_RE = re.compile(
    r"\b(?:stretch|pose|opener|release|plank|wall sit|hang|hollow|isometric|hold)\b|asana\b",
    re.IGNORECASE,
)
_ROLL_RE = re.compile(r"\bfoam[- ]?roll|\broller\b|\bmassage\b|\blacrosse ball|\bmassage ball",
                      re.IGNORECASE)
_ISOMETRIC_RE = re.compile(r"\b(?:plank|wall sit|hollow hold|dead hang|isometric|balance)\b",
                           re.IGNORECASE)
_EQUIPMENT = [
    ("foam roller", r"\bfoam roller"), ("chair", r"\bchair\b"),
    ("medicine ball", r"\bmedicine ball"), ("dumbbell", r"\bdumbbells?\b"),
    ("kettlebell", r"\bkettlebells?\b"), ("resistance band", r"\bresistance band|\bloop band"),
    ("mini band", r"\bmini[- ]band"), ("stability ball", r"\b(?:stability|exercise|swiss) ball"),
    ("platform or step", r"\bplatform\b|\bbox\b|\bstep (?:or|stool)|\bsturdy step"),
    ("bench", r"\bbench\b"), ("yoga mat", r"\b(?:yoga|exercise) mat\b"),
    ("towel", r"\btowel\b"), ("strap", r"\bstrap\b"), ("lacrosse ball", r"\blacrosse ball"),
]


_TAKE_TURNS_RE = re.compile(r"\brepeat with the (?:opposite|other) (?:leg|arm)\b|"
                            # "land on the same foot and then switch" (a skip)
                            r"\bsame (?:foot|leg|side)\b[^.;]*\bthen switch\b", re.IGNORECASE)


# A dose for every stretch, not every exercise: "Hold each stretch for 30 seconds".
_STRETCHES_ONLY_RE = re.compile(r"\b(?:each|every|all(?: the)?|these|the) stretch(?:es)?\b",
                                re.IGNORECASE)


def _category(name: str, text: str) -> str:
    """roll, stretch, isometric or strength."""
    if _ROLL_RE.search(name) or (_ROLL_RE.search(text) and re.search(r"\broll", text, re.I)):
        return "roll"
    if _ISOMETRIC_RE.search(name):
        return "isometric"
    if _STRETCHY_NAME_RE.search(name) or (re.search(
        r"\bfeel (?:a|the) (?:gentle |deep |good )?stretch\b", text, re.IGNORECASE
    ) and not re.search(r"\brepeat\b|\breps?\b|\brepetitions?\b", text, re.IGNORECASE)):
        return "stretch"
    return "strength"



@dataclass
class _Built:
    fields: dict[str, Any]
    imported: ImportedExercise
    circuit: list[str] = field(default_factory=list)  # sentences about the whole routine
    rounds: list[str] = field(default_factory=list)  # rounds said for its group only




def _fmt(rng: Range) -> str:
    return str(rng)


def _dose_text(fields: dict[str, Any]) -> str:
    parts = []
    sets = fields.get("sets")
    if fields.get("reps") is not None:
        reps = f"{_fmt(fields['reps'])} reps"
        parts.append(f"{_fmt(sets)} sets of {reps}" if sets else reps)
        if fields.get("hold") is not None:
            parts.append(f"hold {_fmt(fields['hold'])} s each")
    else:
        if fields.get("hold") is not None:
            parts.append(f"hold {_fmt(fields['hold'])} s")
        elif fields.get("duration") is not None:
            parts.append(f"{_fmt(fields['duration'])} s")
        elif fields.get("distance") is not None:
            parts.append(f"{_fmt(fields['distance'])} m")
        if sets:
            parts.append(f"{_fmt(sets)} sets")
    text = ", ".join(parts)
    return text + (" per side" if fields.get("per_side") else "")


def _resolve(
    dose: DoseFindings, category: str, notes: list[str], timed: bool = False
) -> tuple[dict[str, Any], dict[str, str]]:
    """Routine fields from the findings, and the sentence each came from; ``timed``: the
    move is worked for its time, not held; with reps in it ("30-second side plank with 10
    knee pull-ins") the reps are its dose and the time is noted."""
    fields: dict[str, Any] = {}
    sources: dict[str, str] = {}

    def take(name: str) -> None:
        found = dose.first(name)
        if found is None:
            return
        fields[name] = found.value
        sources[name] = found.sentence
        if found.note:
            notes.append(found.note)
        others = [v for v in dose.values(name) if v != found.value]
        if others:
            notes.append(
                f"the article also gives {name} {', '.join(map(str, others))}; "
                f"used {found.value}"
            )

    take("distance")
    times = next((f for f in dose.findings if f.field == "reps" and re.match(
        r"\d+(?:\.\d+)?(?:\s*(?:-|to)\s*\d+)?\s*(?:x\b|times\b)",
        normalize_numbers(f.sentence)[f.start:], re.IGNORECASE)), None)
    if "distance" in fields and dose.first("sets") is None and times is not None:
        # "25-50 m of each drill ... Complete each drill 3x": the distance 3 times
        fields["sets"], sources["sets"] = times.value, times.sentence
    if "distance" not in fields:
        take("reps")
        take("hold")
        if "reps" not in fields and "hold" not in fields:
            take("duration")
        elif "hold" not in fields and dose.first("duration") is not None:
            found = dose.first("duration")
            assert found is not None
            if timed:  # (a routine's exercise has one dose: the reps, the time noted)
                notes.append(f"the reps are done inside a time of {found.value} s: the time "
                             "is not kept (one dose an exercise)")
            elif category in ("stretch", "isometric"):
                fields["hold"], sources["hold"] = found.value, found.sentence
            else:
                notes.append(f"ignored a time of {found.value} s next to the reps")
    take("sets")
    if fields.get("sets") == Range(1, 1):
        fields.pop("sets")
    if dose.per_side_sentence and "distance" not in fields:
        fields["per_side"] = True
        sources["per_side"] = dose.per_side_sentence
    if dose.rests:
        notes.append("the article gives a rest: " + quote(dose.rests[0]))
    return fields, sources


def _guess(category: str, per_side: bool) -> tuple[dict[str, Any], str]:
    if category == "roll":
        return {"duration": Range(60.0, 60.0)}, "the article gives no time; one minute" + (
            " per side" if per_side else "")
    if category in ("stretch", "isometric"):
        return {"hold": Range(30.0, 30.0)}, "the article gives no time; a 30-second hold"
    return {"reps": Range(10.0, 10.0)}, "the article gives no number of reps; 10 is usual"


def shared_dose(routine_text: list[str]) -> list[str]:
    """Sentences outside the exercises that give one dose for every exercise."""
    found = []
    for paragraph in routine_text:
        for sentence in split_sentences(paragraph):
            if for_every_exercise(sentence):
                found.append(sentence)
    return found


def _build_one(section: Section, index: int, warnings: list[str],
               shared: list[str] | None = None) -> _Built:
    notes: list[str] = []
    text = section.all_text
    needs_review = False
    if section.heading is not None:
        name = clean_name(section.heading.text)
        name_confidence = 1.0
        if section.heading.named:  # a heading the page left out
            name_confidence, needs_review = 0.6, True
            notes.append(f"the article gives this exercise no heading; named {name!r} from "
                         f"its text: {quote(section.heading.named, focus=name)}")
    else:
        name = ""
    if not name:
        found = name_from_text(text)
        told = name_from_text(section.context) if section.context else None
        if told and (not found or (told != found and set(found.lower().split()) < set(
                told.lower().split()))):
            # the introduction names the move more closely ("the side plank works ...")
            # than its instructions do ("half the time you can do on the front plank")
            found = told
        needs_review = True
        if found:
            name, name_confidence = found, 0.6
            notes.append(f"the article gives this exercise no heading; named {name!r} "
                         "from its text")
        else:
            name, name_confidence = f"Exercise {index}", 0.3
            notes.append("the article gives this exercise no heading or recognizable name")
    category = _category(name, text)
    sentences = split_sentences(text)
    circuit = [x for x in sentences if whole_routine(x)]
    sentences = [x for x in sentences if x not in circuit]
    # A stretch's bare time is a hold; a plank's ("Plank: 30 seconds") is timed work unless
    # the text says hold ("Hold for 20 seconds").
    # (a circuit's "30-second boat pose" is worked for its time, whatever the move)
    timed = section.heading is not None and section.heading.tag == "timed"
    dose = read_dose(sentences, stretchy=category == "stretch" and not timed)
    if dose.per_side_sentence is None and section.heading and per_side_in(section.heading.text):
        dose.per_side_sentence = section.heading.text  # "Side Plank (each side)"
    if (dose.per_side_sentence and alternating(f"{name}. {text}")
            and not per_side_counted(dose.per_side_sentence)):
        notes.append("the sides alternate within each rep; not per side: "
                     + quote(dose.per_side_sentence))
        dose.per_side_sentence = None
    fields, sources = _resolve(dose, "strength" if timed else category, notes, timed)
    # (a strength exercise's hold is a pause inside each rep: "Hold for 3 to 5 seconds, ...")
    paused = category == "strength" and set(fields) & {"reps", "hold", "duration",
                                                         "distance"} == {"hold"}
    if shared and all(_STRETCHES_ONLY_RE.search(x) for x in shared) and re.search(
            r"\bstrength", f"{name} {text}", re.IGNORECASE) and not re.search(
            r"\bstretch", f"{name} {text}", re.IGNORECASE):
        # "Hold each stretch for 30 seconds" is not said of a move that strengthens ("To
        # strengthen arch muscles, ... pull the towel")
        shared = None
    if shared and "distance" in fields and not {"reps", "sets"} & set(fields):
        # "one repetition of each drill" beside a drill's distance ("A-Skips (50 yards)"):
        # the repetitions of the distance are its sets, as "4 x 50 yards" is
        common = read_dose(shared, stretchy=False)
        common.per_side_sentence = None
        more, more_sources = _resolve(common, "strength", notes)
        if "reps" in more and not {"sets", "hold", "duration", "distance"} & set(more):
            fields["sets"], sources["sets"] = more["reps"], more_sources["reps"]
            notes.append("sets from the line for every exercise: " + quote(shared[0]))
    if shared and (paused or not any(k in fields for k in ("reps", "hold", "duration",
                                                           "distance"))):
        # The article's one dose for every exercise ("Do 10 reps of each").
        common = read_dose(shared, stretchy=category == "stretch")
        common.per_side_sentence = None  # "10 reps each side of each exercise": an option
        more, more_sources = _resolve(common, category, notes)
        if paused:
            more = {k: v for k, v in more.items() if k in ("reps", "sets")}
        for key, value in more.items():
            if key not in fields:
                fields[key], sources[key] = value, more_sources[key]
        if more:
            notes.append("dose from the line for every exercise: " + quote(shared[0]))
    guessed = not any(k in fields for k in ("reps", "hold", "duration", "distance"))
    dose_confidence = 1.0
    if (guessed and category == "strength" and fields.get("per_side")
            and _TAKE_TURNS_RE.search(sources.get("per_side", ""))):
        # no count, and "then repeat with the opposite leg" inside a rep: the legs take
        # turns (a walking lunge, a dead bug), not a count per side
        notes.append("no count given; not per side: " + quote(sources.pop("per_side")))
        fields.pop("per_side")
    if guessed:
        guess, why = _guess(category, bool(fields.get("per_side")))
        fields.update(guess)
        for key in guess:
            sources[key] = "guessed: " + why
        notes.append(why)
        dose_confidence = 0.4
        needs_review = True
    elif any(n.startswith("the article also gives") for n in notes):
        dose_confidence = 0.6
        needs_review = True
    kind = ("reps" if "reps" in fields else "timed" if "duration" in fields
            else "distance" if "distance" in fields else "hold")
    equipment = [label for label, pattern in _EQUIPMENT if re.search(pattern, text, re.I)]
    paragraphs = [p.say for p in section.paragraphs if not p.drop]
    if not paragraphs and section.heading is not None and section.heading.inline:
        paragraphs = [section.heading.inline]
    instructions = spoken_instructions(paragraphs, skip=whole_routine)
    exercise_fields: dict[str, Any] = {
        "name": name,
        "instructions": instructions,
        "equipment": equipment,
        **fields,
    }
    cue = short_cue(instructions)
    if cue:
        exercise_fields["cue"] = cue
    source_phrase = next((sources[k] for k in ("reps", "hold", "duration", "distance", "sets")
                          if k in sources and not sources[k].startswith("guessed:")), None)
    imported = ImportedExercise(
        name=name,
        slug=slugify(name),
        kind=kind,
        dose=_dose_text(fields),
        per_side=bool(fields.get("per_side")),
        source_phrase=source_phrase,
        confidence=round(name_confidence * dose_confidence, 2),
        guessed=guessed,
        needs_review=needs_review,
        notes=notes,
        field_sources=sources,
        defaults={k: v for k, v in fields.items()
                  if sources.get(k, "").startswith("guessed:")},
    )
    for note in notes:
        if needs_review or guessed:
            warnings.append(f"{name}: {note}")
    return _Built(exercise_fields, imported, circuit, list(section.rounds))


def _unique_slugs(built: list[_Built]) -> None:
    seen: set[str] = set()
    for item in built:
        base = slugify(item.imported.name)
        slug, n = base, 2
        while slug in seen:
            slug, n = f"{base}-{n}", n + 1
        seen.add(slug)
        item.fields["slug"] = slug
        item.imported.slug = slug


def _description(intro: list[str]) -> str:
    text = ""
    for paragraph in intro:
        if text and len(text) + len(paragraph) > 600:
            break
        text = f"{text} {paragraph}".strip()
    return text


def _written_out(built: list[_Built]) -> bool:
    """The page writes its rounds out, one list of the same moves under each ("Round 1" /
    "20 Swings" ... "Round 2" / "15 Swings" ...): every move comes back, so a number of
    rounds said in the text is already in the list (or a client's, or advice)."""
    names = [b.imported.name.lower() for b in built]
    return len(names) >= 4 and all(names.count(n) >= 2 for n in names)


def _apply_circuit(built: list[_Built], routine_text: list[str], warnings: list[str]) -> None:
    """"Repeat the whole circuit 3 times" said for the routine: sets for every exercise that
    gives none of its own, quoted and flagged for review."""
    found: list[tuple[Range, str]] = []
    for paragraph in routine_text:
        for sentence in split_sentences(paragraph):
            value = read_circuit(sentence, routine_level=True)
            if value is not None:
                found.append((value, sentence))
    for item in built:
        for sentence in item.circuit:
            value = read_circuit(sentence, routine_level=False)
            if value is not None:
                found.append((value, sentence))
    if not found and not any(item.rounds for item in built):
        return
    if _written_out(built):
        return
    rounds, sentence = found[0] if found else (Range(1, 1), "")
    others = sorted({str(v) for v, _ in found if v != rounds})
    also = f" (the article also says {', '.join(others)})" if others else ""
    applied = []
    for item in built:
        ex = item.imported
        scoped = [(v, x) for x in item.rounds
                  if (v := read_circuit(x, routine_level=True)) is not None]
        if not scoped and not found:
            continue
        rounds, sentence = scoped[0] if scoped else found[0]
        if "sets" in item.fields:
            ex.notes.append(f"the article repeats the whole routine {rounds} times"
                            f"{also}; this exercise keeps its own {item.fields['sets']} sets")
            continue
        item.fields["sets"] = rounds
        ex.field_sources["sets"] = sentence
        ex.dose = _dose_text(item.fields)
        ex.needs_review = True
        ex.notes.append(
            f"sets {rounds} from the whole routine's rounds{also}: " + quote(sentence)
            + "; each exercise's sets are played back to back, not as rounds of the circuit"
        )
        applied.append(ex.name)
    if applied:
        warnings.append(f"the article repeats the whole routine {rounds} times ("
                        f"{quote(sentence)}); set {rounds} sets on {len(applied)} "
                        "exercise(s) that give none; they are played set by set, not as "
                        "rounds of the circuit")


def _apply_sides(built: list[_Built], routine_text: list[str], warnings: list[str]) -> None:
    """"Begin with your right knee forward, and then repeat on the other side" said once
    outside the exercises (no count in it): the whole sequence is done on each side, so
    every exercise that says nothing of sides is per side, quoted and flagged for review."""
    said = next((x for p in routine_text for x in split_sentences(p)
                 if per_side_in(x) and not re.search(r"\d", normalize_numbers(x))
                 and re.search(r"\b(?:repeat|switch|change|then)\b", x, re.IGNORECASE)
                 # (the sequence as a whole: "Begin with your right knee forward ...", "repeat
                 # the flow on the other side"; not "for single-leg moves, switch legs")
                 and re.search(r"\b(?:begin|start)\b[^.;]*\b(?:right|left)\b|\b(?:sequence|flow|"
                               r"series|routine|circuit|whole|entire|everything)\b", x,
                               re.IGNORECASE)), None)
    if said is None:
        return
    applied = []
    for item in built:
        ex = item.imported
        if item.fields.get("per_side") or "distance" in item.fields or alternating(
                f"{ex.name}. {item.fields.get('instructions', '')}"):
            continue
        item.fields["per_side"] = True
        ex.per_side = True
        ex.field_sources["per_side"] = said
        ex.dose = _dose_text(item.fields)
        ex.needs_review = True
        ex.notes.append("per side from the words for the whole routine: " + quote(said))
        applied.append(ex.name)
    if applied:
        warnings.append(f"the article does the whole routine on each side ({quote(said)}); "
                        f"set per side on {len(applied)} exercise(s)")


def build_result(title: str, intro: list[str], sections: list[Section], origin: str,
                 name: str | None, routine_text: list[str] | None = None) -> ImportResult:
    """The validated routine from the exercise sections, with what was read for each.

    ``intro`` becomes the description; ``routine_text`` (introduction and closing words)
    may give rounds of the whole routine; ``name`` overrides the title as the name.
    """
    warnings: list[str] = []
    shared = shared_dose(routine_text or [])
    sections = _item_numbers_dropped(sections)
    built = [_build_one(s, i, warnings, shared) for i, s in enumerate(sections, 1)]
    _apply_circuit(built, routine_text or [], warnings)
    _apply_sides(built, routine_text or [], warnings)
    _unique_slugs(built)
    routine_name = (name or title or "Imported routine").strip()[:200] or "Imported routine"
    source = f"{title} ({origin})" if title and not origin.startswith("<") else title or origin
    data: dict[str, Any] = {
        "name": routine_name,
        "description": _description(intro),
        "source": source,
        "exercises": [b.fields for b in built],
    }
    if name:
        data["slug"] = slugify(name)
    try:
        routine = Routine.model_validate(data)
    except Exception as exc:  # pydantic ValidationError: a bug in the importer's output
        raise ArticleError(f"{origin}: the imported routine is not valid ({exc})") from None
    exercises = [b.imported for b in built]
    if not title:
        warnings.insert(0, "the article has no title; review the routine name")
    return ImportResult(routine, exercises, title or routine_name, warnings, origin)


# --------------------------------------------------------------------------- naming


_ITEM_NUMBER_RE = re.compile(r"^(\d{1,2})\s+(?=[^\W\d])")


def _item_numbers_dropped(sections: list[Section]) -> list[Section]:
    """Headings numbered 1, 2, 3 ... with no mark after the number ("1 Plank" / "2 Side
    plank"): the list's numbers, not counts of the moves, so not part of the names."""
    heads = [s.heading for s in sections]
    numbers = [_ITEM_NUMBER_RE.match(h.text) if h is not None else None for h in heads]
    if len(sections) < 2 or not all(numbers):
        return sections
    first = int(numbers[0].group(1)) if numbers[0] else 0
    if [int(m.group(1)) for m in numbers if m] != list(range(first, first + len(sections))):
        return sections
    return [replace(s, heading=replace(h, text=h.text[m.end():]))
            for s, h, m in zip(sections, heads, numbers, strict=True) if h and m]




def name_from_text(text: str) -> str | None:
    """A movement name for instructions that lost their heading, or None."""
    low = text.lower()
    for pattern, name in MOVEMENTS:
        if re.search(pattern, low):
            return name
    return None
