"""Reading doses and sides from sentences (voicecoach.importer.doses)."""

from __future__ import annotations

import pytest

from voicecoach.importer.doses import (
    alternating,
    find_in_sentence,
    normalize_numbers,
    per_side_counted,
    per_side_in,
    read_dose,
)
from voicecoach.routine import Range


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Repeat 10–15 times and switch legs.", [("reps", "10-15")]),
        ("Do 10-15 reps.", [("reps", "10-15")]),
        ("Repeat 15 times per side.", [("reps", "15")]),
        ("Bench press x 12", [("reps", "12")]),
        ("Do 3 sets of 10.", [("sets", "3"), ("reps", "10")]),
        ("2–3 sets of 12–16 repetitions per leg", [("sets", "2-3"), ("reps", "12-16")]),
        ("3 x 12", [("sets", "3"), ("reps", "12")]),
        ("Hold for 5–10 seconds, release.", [("hold", "5-10")]),
        ("Hold for two seconds.", [("hold", "2")]),
        ("Hold for a count of ten.", [("hold", "10")]),
        ("March in place for 30 seconds.", [("duration", "30")]),
        ("Roll for 1-2 minutes.", [("duration", "60-120")]),
        ("Continue for 20 meters.", [("distance", "20")]),
        ("Walk 20 to 30 feet.", [("distance", "6-9")]),
        ("Repeat twenty-five times.", [("reps", "25")]),
        ("Do this three times a week.", []),
        ("Do it a couple of times a week.", []),
        ("Great for runners over 40.", []),
        ("Watch the video (0:17).", []),
        ("Stand with your feet hip-width apart.", []),
        ("Place your heels six inches from the wall.", []),
        ("Bend your knee to a 90-degree angle.", []),
        ("Stand two feet from the wall.", []),
        ("Rest for 30 seconds between sets.", []),
        ("Sit for a second and then stand back up.", []),
        ("Lift your leg a few inches.", []),
        # Shorthand and labelled doses from real pages.
        ("3x10", [("sets", "3"), ("reps", "10")]),
        ("x3 sets of 20", [("sets", "3"), ("reps", "20")]),
        ("Side plank - x3, 30s each side", [("sets", "3"), ("duration", "30")]),
        ("10 reps each leg", [("reps", "10")]),
        ("12/side", [("reps", "12")]),
        ("4 x 8/leg", [("sets", "4"), ("reps", "8")]),
        ("Reps: 10", [("reps", "10")]),
        ("Sets: 3", [("sets", "3")]),
        ("Hold: 30 seconds", [("hold", "30")]),
        ("Hold 30–60 seconds.", [("hold", "30-60")]),
        ("Hold for 10s", [("hold", "10")]),
        ("1 minute each side", [("duration", "60")]),
        ("Hold for a count of 5.", [("hold", "5")]),
        ("Stay for five to ten breaths.", [("hold", "20-40")]),
        ("AMRAP in 60 seconds", [("duration", "60")]),
        ("Squeeze your glutes at the top for 2 seconds.", [("hold", "2")]),
        ("Do 3 sets of 10 steps in each direction.", [("sets", "3"), ("reps", "10")]),
        ("Walk 10 yards.", [("distance", "9")]),
        # A second set said in words; "between 8 and 12" is a range.
        ("Rest, and then complete another set of 15 reps.", [("sets", "2"), ("reps", "15")]),
        ("Repeat 10-15 times, rest for one minute, repeat again.",
         [("reps", "10-15"), ("sets", "2")]),
        ("Rest for a minute and repeat the exercise.", [("sets", "2")]),
        ("Rest, then repeat on the other side.", []),
        ("Here is another set of hip exercises.", []),
        ("Do between 8 and 12 reps.", [("reps", "8-12")]),
        ("Run in place, for about 1-2 minutes.", [("duration", "60-120")]),
        ("hold 5 seconds, x 10", [("hold", "5"), ("reps", "10")]),
        # times after the reps count sets
        ("Do 15 reps twice.", [("reps", "15"), ("sets", "2")]),
        ("Do five in each direction.", [("reps", "5")]),
        # times in a session are reps; sessions a day are a frequency
        ("Repeat 2 to 4 times a session, up to 5 sessions a day.", [("reps", "2-4")]),
        ("Do ten on the left and then repeat on the right side.", [("reps", "10")]),
        # relaxing is a resting pose's time, not a rest, unless it is between reps
        ("Lie flat and relax for 5 minutes.", [("duration", "300")]),
        ("Relax for 10 seconds between reps.", []),
        ("If the pain lasts more than 30 minutes after you stop, do less.", []),
        ("Try 15 reps, 3 times.", [("reps", "15"), ("sets", "3")]),
        # the movement's own noun before "each leg"; a body part is not one
        ("Perform 10-12 swings on each leg", [("reps", "10-12")]),
        ("Place 2 hands on each side of the mat.", []),
        # reps counted in the movement's own noun, not in exercises or days
        ("Do six forward rotations and six backward rotations.", [("reps", "6")]),
        ("Complete 10 swings and switch legs.", [("reps", "10")]),
        ("Do 3 exercises from this list.", []),
        ("Do these on 3 days.", []),
        ("Start with 5 repetitions and work up to 8 to 12.", [("reps", "5-12")]),
        # Numbers that are not doses.
        ("Updated March 3, 2024", []),
        ("5 min read", []),
        ("Watch the 10-minute video.", []),
        ("It takes about 20 minutes total.", []),
        ("Pain affects up to 80% of adults over 65.", []),
        ("Do them 2 to 3 times a week.", []),
        ("See a doctor within 48 hours.", []),
        ("A 2019 study (n=40) found less pain.", []),
        ("Bands cost $14.99 on Amazon.", []),
        ("Lift your leg 6 inches off the floor.", []),
        ("Step 1 of 4", []),
        ("Popular since the 1990s.", []),
        ("Rest 60s between sets.", []),
    ],
)
def test_dose_sentences(sentence: str, expected: list[tuple[str, str]]) -> None:
    found, _ = find_in_sentence(sentence, stretchy=False)
    assert [(f.field, str(f.value)) for f in found] == expected


def test_a_plain_time_in_a_stretch_is_a_hold() -> None:
    found, _ = find_in_sentence("Stay here for 30 seconds.", stretchy=True)
    assert [(f.field, f.value) for f in found] == [("hold", Range(30, 30))]


def test_a_count_of_timed_holds_in_a_stretch_is_reps_and_of_timed_work_sets() -> None:
    found, _ = find_in_sentence("3 x 20-30 seconds", stretchy=True)
    assert [(f.field, str(f.value)) for f in found] == [("reps", "3"), ("hold", "20-30")]
    found, _ = find_in_sentence("3 x 20-30 seconds", stretchy=False)
    assert [(f.field, str(f.value)) for f in found] == [("sets", "3"), ("duration", "20-30")]


def test_rests_are_kept_apart() -> None:
    found, rests = find_in_sentence("Rest for 30 seconds between sets.", stretchy=False)
    assert (found, rests) == ([], ["Rest for 30 seconds between sets."])


def test_breaths_are_noted() -> None:
    found, _ = find_in_sentence("Stay for 5 breaths.", stretchy=False)
    assert [(f.field, f.value, f.note) for f in found] == [
        ("hold", Range(20, 20), "read '5 breaths' as a hold of about 4 s per breath")]


def test_read_dose_collects_findings_rests_and_the_first_per_side_sentence() -> None:
    sentences = ["Lie on your side.", "Lift your leg 12 times.", "Rest 30 seconds between sets.",
                 "Switch sides and repeat.", "Do 3 sets."]
    findings = read_dose(sentences, stretchy=False)
    assert [(f.field, str(f.value), f.sentence) for f in findings.findings] == [
        ("reps", "12", "Lift your leg 12 times."), ("sets", "3", "Do 3 sets.")]
    assert findings.rests == ["Rest 30 seconds between sets."]
    assert findings.per_side_sentence == "Switch sides and repeat."
    assert findings.first("reps") is findings.findings[0]
    assert findings.first("hold") is None
    assert findings.values("sets") == [Range(3, 3)]


@pytest.mark.parametrize(
    ("sentence", "per_side"),
    [
        ("Repeat on the other side.", True),
        ("Do 10 on each leg.", True),
        ("15 reps per side", True),
        ("Switch sides and repeat.", True),
        ("Repeat 10 times, and switch legs.", True),
        ("Do it on the left and then on the right.", True),
        ("Lie on your side with your arms at your sides.", False),
        ("Place a hand on each side of the bench.", False),
        ("Alternate legs as you walk.", False),
        ("Do 3 sets of 10 steps in each direction.", True),
        ("12/side", True),
        ("15 reps each leg", True),
        ("Rock gently from side to side.", False),
        ("Squeeze each glute.", True),
        ("Hold the stretch for 20 seconds before swapping.", True),
        ("Once you've done 30 seconds, repeat with your right leg.", True),
        ("Repeat with your hands on a bench.", False),
        ("Hold one end of the towel in each hand.", False),
        ("Hold for 30 seconds and repeat on other side.", True),
        ("Hold for 30 seconds and repeat on second side.", True),
        # a subject at the sentence's start, and a switch to something else, are not sides
        ("Each knee drive should be quick.", False),
        ("each side", True),  # a bracketed remark: "Side Plank (each side)"
        ("If you cannot feel it, switch the other variation in the video.", False),
        ("Hold, then switch to the other side.", True),
        ("Switch to the opposite leg and repeat.", True),
    ],
)
def test_per_side(sentence: str, per_side: bool) -> None:
    assert per_side_in(sentence) is per_side


def test_number_words() -> None:
    assert normalize_numbers("ten to fifteen times, hold for thirty seconds") == (
        "10 to 15 times, hold for 30 seconds"
    )
    assert normalize_numbers("a couple of reps") == "a couple of reps"
    assert normalize_numbers("Hold (0:17) for 1,000 seconds — twice") == (
        "Hold for 1000 seconds-2 times")
    assert normalize_numbers("AMRAP in 60 seconds") == "for 60 seconds"


def _read(sentence: str) -> list[tuple[str, str]]:
    from voicecoach.importer.doses import find_in_sentence

    return [(f.field, str(f.value)) for f in find_in_sentence(sentence, False)[0]]


def test_counts_work_up_to_and_long_distances() -> None:
    assert _read("Hold for 10 counts.") == [("hold", "10")]
    assert _read("Do about 10 of these at first and work up to 20.") == [("reps", "10-20")]
    assert _read("Jog for 1 km.") == [("distance", "1000")]
    assert _read("Repeat 10 times, working up to 15.") == [("reps", "10-15")]


def test_one_dose_line_for_every_exercise_and_captions_are_not_exercises() -> None:
    from voicecoach.importer import import_text

    text = ("Quick Glutes\n\nDo 12 reps of each exercise.\n\n"
            "Bridge\nPicture of a bridge\nLie on your back and lift your hips.\n\n"
            "Clamshell\nLie on your side and open your knees.\n\n"
            "A1 – Squat – 60 seconds\n")
    result = import_text(text, "<stdin>")
    names = [ex.name for ex in result.routine.exercises]
    assert names == ["Bridge", "Clamshell", "Squat"]
    reps = [ex.reps for ex in result.routine.exercises]
    assert [str(r) for r in reps[:2]] == ["12", "12"]
    assert not result.exercises[0].guessed
    assert str(result.routine.exercises[2].duration) == "60"


def test_alternating_and_counted_per_side() -> None:
    assert alternating("Alternating Shoulder Taps")
    assert alternating("Twist to the left, then the right. That is one rep.")
    assert not alternating("Lie on your back.")
    assert per_side_counted("Do 10 on each leg.")
    assert not per_side_counted("Repeat on the opposite side.")
    assert per_side_counted("Hold 30 seconds each side.")
    # no count before "each foot": it does not count the dose
    assert not per_side_counted("Run in slow motion, alternately letting each foot do the work.")


def test_alternating_work_is_not_per_side_unless_counted_per_side() -> None:
    from voicecoach.importer import import_text

    text = ("Core Pair\n\nAlternating Toe Taps\nLie on your back and tap one foot down, "
            "then repeat on the other side. Do 12 reps.\n\nAlternating Lunges\nStep forward "
            "into a lunge, alternating legs. Do 8 reps on each leg.\n")
    taps, lunges = import_text(text, "<stdin>").routine.exercises
    assert (taps.per_side, lunges.per_side) == (False, True)


def test_prime_marks_before_a_hold_per_set_numbers_and_iterations() -> None:
    assert _read("1\\' Hold") == [("hold", "60")]
    assert _read("1'ea side Hold") == [("hold", "60")]
    assert _read('30" hold') == [("hold", "30")]
    assert _read('3 Sets, 10/12/15 Reps, 30" Weight,') == [("sets", "3"), ("reps", "10-15")]
    assert _read("10-20 iterations") == [("reps", "10-20")]


def test_what_a_rep_is_and_a_progression_target_are_not_doses() -> None:
    assert _read("Repeat on the other side. That is one rep.") == []
    assert _read("That is one rep.") == []
    assert _read("Hold as long as you can, until you can hold for 2 minutes.") == []


def test_a_name_over_its_dose_line_is_an_exercise_not_the_title() -> None:
    from voicecoach.importer import import_text

    text = ("Push Up Plus\n2 Sets, 12 Reps\nStart in a tall plank and push the floor away.\n\n"
            "Doorway Stretch\n1\\' Hold\nStep forward through the doorway.\n\n"
            "Cross Body Stretch\n1\\'ea side Hold\nPull one arm across your chest.\n")
    result = import_text(text, "<stdin>")
    exercises = result.routine.exercises
    assert [ex.name for ex in exercises] == ["Push Up Plus", "Doorway Stretch",
                                             "Cross Body Stretch"]
    assert (str(exercises[0].sets), str(exercises[0].reps)) == ("2", "12")
    assert [str(ex.hold) for ex in exercises[1:]] == ["60", "60"]
    assert exercises[2].per_side and not exercises[1].per_side
