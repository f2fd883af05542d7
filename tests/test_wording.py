"""voicecoach.wording: doses and times in words, and instructions that agree with the dose."""

from __future__ import annotations

from voicecoach import wording
from voicecoach.session import Dose


def test_doses_read_as_sentences() -> None:
    assert wording.spoken(Dose("reps", 2, False, reps=8)) == "Two sets of eight."
    assert wording.spoken(Dose("reps", 1, True, reps=10)) == "Ten reps, each side."
    assert wording.spoken(Dose("reps", 1, False, reps=1)) == "One rep."
    assert wording.spoken(Dose("reps", 1, False, reps=10, hold=2)) == (
        "Ten reps, holding 2 seconds at the top.")
    assert wording.spoken(Dose("hold", 3, False, hold=30)) == "Three sets. Hold for 30 seconds."
    assert wording.spoken(Dose("timed", 1, True, duration=60)) == "1 minute, each side."
    assert wording.spoken(Dose("distance", 1, False, distance=400, duration=120,
                               movement="running")) == "Run 400 meters, about 2 minutes."


def test_times_and_equipment_in_words() -> None:
    assert wording.spoken_duration(100) == "1 minute 40 seconds"
    assert wording.spoken_duration(60) == "1 minute"
    assert wording.spoken_duration(1) == "1 second"
    assert wording.about_time(42) == "40 seconds"
    assert wording.about_time(500) == "8 and a half minutes"
    assert wording.with_article("chair") == "a chair"
    assert wording.with_article("exercise mat") == "an exercise mat"
    assert wording.with_article("dumbbells") == "dumbbells"
    assert wording.join(["a", "b", "c"]) == "a, b and c"


def test_mentions_read_dose_numbers_in_instructions() -> None:
    found = wording.mentions("Repeat ten to fifteen times, hold for 2 minutes, 3 sets.")
    assert [(m.field, m.low, m.high) for m in found] == [
        ("reps", 10, 15), ("seconds", 120, 120), ("sets", 3, 3)]
    assert wording.mentions("Bend to a 90-degree angle, sit for a second.") == []


def test_instructions_are_made_to_agree_with_the_dose() -> None:
    dose = Dose("reps", 1, True, reps=12, hold=8)
    text = "Hold for two seconds, lower, repeat 10–15 times and switch legs."
    assert wording.agree(text, dose) == (
        "Hold for 8 seconds, lower, repeat 12 times and switch legs.")
    hold = Dose("hold", 1, True, hold=5)
    assert wording.agree("Hold for 5–10 seconds.", hold) == "Hold for 5 seconds."
    assert wording.agree("Hold for 5 seconds.", hold) == "Hold for 5 seconds."
    # "or" between two things is not a range of numbers
    assert wording.agree("Hold a medicine ball or dumbbell.", hold) == (
        "Hold a medicine ball or dumbbell.")


def test_a_time_in_minutes_and_seconds_is_one_mention() -> None:
    (one,) = wording.mentions("1 minute 30 seconds, each side.")
    assert (one.field, one.low) == ("seconds", 90)
    assert not wording.contradicts(one, Dose("timed", 1, True, duration=90))


def test_distance_said_the_way_a_coach_pictures_it() -> None:
    def said(meters: float, movement: str | None, seconds: int) -> str:
        return wording.spoken(Dose("distance", 1, False, distance=meters, duration=seconds,
                                   movement=movement))

    assert said(10, "walking", 8) == "Walk 10 meters, two lengths of a room, about 10 seconds."
    assert said(5, None, 10) == "5 meters, the length of a room, about 10 seconds."
    assert said(20, "lunging", 80) == (
        "Lunge for 20 meters, 25 lunges, about 1 minute 20 seconds.")
    assert said(400, "running", 120) == "Run 400 meters, about 2 minutes."
    assert said(5000, "running", 1500) == "Run 5 kilometers, about 25 minutes."
    assert said(1500, "running", 450) == "Run 1.5 kilometers, about 7 and a half minutes."
    assert wording.distance(1200) == "1200 meters"
