"""Lines, titles and sections of an article (voicecoach.importer.lines, .sections)."""

from __future__ import annotations

import pytest
from test_importer_build import summary

from voicecoach.errors import ArticleError
from voicecoach.importer import import_text
from voicecoach.importer.lines import classify, take_title
from voicecoach.importer.names import clean_name
from voicecoach.importer.sections import find_sections, split_intro
from voicecoach.routine import Range


@pytest.mark.parametrize(
    ("line", "kind", "text", "inline"),
    [
        ("## 1. Glute Bridge", "heading", "Glute Bridge", ""),
        ("**Plank**", "heading", "Plank", ""),
        ("Step 1: Squat", "heading", "Squat", ""),
        ("1) Lunge — Step forward.", "heading", "Lunge", "Step forward."),
        ("Clamshells - 3x15 each side", "heading", "Clamshells", "3x15 each side"),
        ("Lie on your back. Repeat 10 times.", "body", "Lie on your back. Repeat 10 times.", ""),
        ("How often should I do these?", "heading", "How often should I do these?", ""),
        ("Share it:", "blank", "", ""),
        ("Reps: 10", "body", "Reps: 10", ""),
        ("Muscles worked: glutes", "body", "", ""),
        ("30 seconds: side plank. Roll onto one elbow.", "heading", "side plank",
         "30 seconds. Roll onto one elbow."),
        ("2 sets of 10: bridges! Lift your hips.", "heading", "bridges",
         "2 sets of 10. Lift your hips."),
        # a dash glued to the name: "Name- instruction"
        ("Knee to Chest- Lay with back flat on the floor.", "heading", "Knee to Chest",
         "Lay with back flat on the floor."),
        ("Warm-up laps", "heading", "Warm-up laps", ""),
        # a bulleted step in lower case is not a name; a capitalised one may be
        ("• Let them slowly fall", "body", "Let them slowly fall", ""),
        ("• Reach for the Sky", "heading", "Reach for the Sky", ""),
        # a handout's number glued to its name
        ("1Bridge [Arms Crossed]", "heading", "Bridge [Arms Crossed]", ""),
        # a step with a lead-in clause is not a name, bulleted or not
        ("With this exercise, lie on the side", "body", "With this exercise, lie on the side", ""),
        # more ways to number an item
        ("(1) Squat", "heading", "Squat", ""), ("1/ Squat", "heading", "Squat", ""),
        ("1 – Glute Bridge", "heading", "Glute Bridge", ""),
        ("Step 1 – Squat", "heading", "Squat", ""),
        ("10 - 15 reps", "body", "10 - 15 reps", ""),
        # a bold name with its dose in brackets
        ("1. **Bird dog (3 x 10 each side)**", "heading", "Bird dog", "3 x 10 each side."),
        # a dose in brackets, then its count: "x 10" counts the holds
        ("Quad sets (hold 5 seconds) x 10", "heading", "Quad sets", "hold 5 seconds, x 10"),
        # handout labels
        ("Position: Lying down or sitting", "body", "Lying down or sitting", ""),
        ("Repeat: 10 x every 1-2 hours", "body", "10 x every 1-2 hours", ""),
    ],
)
def test_classify_one_line(line: str, kind: str, text: str, inline: str) -> None:
    [got] = classify([line])
    assert (got.kind, got.text, got.inline) == (kind, text, inline)


def test_a_heading_after_a_dropped_label_line_is_not_a_wrapped_line() -> None:
    lines = classify(["Leg Swings - Perform 10 swings on each leg",
                      "Caution: Gradually increase the range of motion",
                      "Butt Kicks - Perform 15 on each leg",
                      "Lunge Walk - Perform 10-12 on each leg (use the hands for balance)",
                      "Skips - Perform 10 on each leg"])
    assert [x.text for x in lines if x.kind == "heading"] == [
        "Leg Swings", "Butt Kicks", "Lunge Walk", "Skips"]


def test_a_plank_given_a_bare_time_is_timed_work_and_a_held_one_a_hold() -> None:
    text = ("Core\n\nPlank: 30 seconds\n\nGet in a push up position on your forearms.\n\n"
            "Side Plank\n\nLie on your side and lift your hips. Hold for 20 seconds.\n")
    assert summary(import_text(text, "<stdin>")) == [
        {"name": "Plank", "kind": "timed", "duration": Range(30, 30)},
        {"name": "Side Plank", "kind": "hold", "hold": Range(20, 20)},
    ]


def test_classify_stops_at_the_author_bio() -> None:
    lines = classify(["Squat", "Stand tall.", "About the Author", "Jo is a coach."])
    assert [(x.kind, x.text) for x in lines] == [("heading", "Squat"), ("body", "Stand tall.")]


def test_title_is_the_first_level_one_heading_and_is_not_repeated() -> None:
    title, rest = take_title(classify(["Intro line", "# My Routine", "My Routine", "Squat"]))
    assert title == "My Routine"
    assert [(x.kind, x.text) for x in rest] == [
        ("heading", "Intro line"), ("blank", ""), ("heading", "Squat")]


@pytest.mark.parametrize(
    ("heading", "name"),
    [("1. GLUTE BRIDGE", "Glute Bridge"), ("How to do a Plank", "Plank"),
     ("**Side Lunge (3 x 10)**", "Side Lunge"), ("step-up:", "Step-up"),
     # a quoted other name after "or"
     ('Butt kicks or "C\'s"', "Butt kicks"), ('High knees or "A\'s" Or A - skips', "High knees"),
     ("Hip hinge or bridge", "Hip hinge or bridge"),
     # what kind of exercise it is, then its name; a bare "Stretch:" is kept
     ("Hip Strengthening Exercise: Clamshells", "Clamshells"),
     ("Stretch: your hamstrings", "Stretch: your hamstrings"),
     # the item's number without a separator
     ("Exercise 1 Knee extension", "Knee extension"), ("Stretch #2 Quad stretch", "Quad stretch")],
)
def test_clean_name(heading: str, name: str) -> None:
    assert clean_name(heading) == name


def test_intro_exercises_and_closing_words() -> None:
    lines = classify(("Knees\n\nThese moves help your knees when you run every day.\n\n"
                      "Wall Sit\nSlide down a wall. Hold for 30 seconds.\n\n"
                      "## FAQ\n\nHow long? As long as it takes.").split("\n"))
    _, lines = take_title(lines)
    intro, exercises, routine_text = split_intro(find_sections(lines))
    assert intro == ["These moves help your knees when you run every day."]
    assert [s.heading.text for s in exercises if s.heading] == ["Wall Sit"]
    assert routine_text == ["These moves help your knees when you run every day.", "FAQ",
                            "How long? As long as it takes."]


def test_orphan_with_a_known_movement_is_named_and_flagged() -> None:
    text = ("Routine\n\nHeel Slides\nLie on your back and slide one heel toward you. Repeat 10 "
            "times.\n\nStand in front of a box and step up onto it. Repeat 12 times.\n")
    result = import_text(text, "<stdin>")
    assert [e.name for e in result.exercises] == ["Heel Slides", "Step-Ups"]
    assert result.exercises[1].needs_review
    assert result.exercises[1].confidence == 0.6


def test_faq_questions_and_breadcrumbs_are_not_exercises() -> None:
    text = ("Home > Fitness > Knees\n\nKnee Routine\n\nWall Sit\nStand with your back "
            "against a wall and slide down. Hold for 30 seconds.\n\n"
            "How long should I hold each stretch?\n\nHold each one for 60 seconds if you "
            "can.\n")
    result = import_text(text, "<stdin>")
    assert result.title == "Knee Routine"
    assert [e.name for e in result.exercises] == ["Wall Sit"]
    assert str(result.routine.exercises[0].hold) == "30"
    assert not result.exercises[0].needs_review


def test_dose_labels_keep_their_meaning() -> None:
    text = ("Core\n\nDead Bug\nSets: 3\nReps: 10 each side\nLie on your back with your "
            "arms up. Lower one arm and the opposite leg, then switch.\n\nHollow Hold\n"
            "Hold: 20-30 seconds\nLie on your back and lift your shoulders and legs.\n")
    assert summary(import_text(text, "<stdin>")) == [
        {"name": "Dead Bug", "kind": "reps", "reps": Range(10, 10), "sets": Range(3, 3),
         "per_side": True},
        {"name": "Hollow Hold", "kind": "hold", "hold": Range(20, 30)},
    ]


def test_a_name_colon_remark_line_beside_name_colon_instructions_is_a_heading() -> None:
    lines = classify(["Clam shells: Lie on your side and open your knees 10 times.",
                      "Touch downs: Not like in football. Step down slowly from a box.",
                      "Note: go slowly."])
    assert [(x.kind, x.text) for x in lines] == [
        ("heading", "Clam shells"), ("heading", "Touch downs"), ("body", "go slowly.")]
    alone = classify(["Touch downs: Not like in football. Step down slowly from a box."])
    assert alone[0].kind == "body"


def test_a_page_that_is_one_exercise_is_named_by_its_title() -> None:
    text = ("Walking Lunges for Distance\n\n"
            "• Begin at the goal line and step forward into a lunge\n\n"
            "• Lower down until the back knee almost touches the ground\n\n"
            "• Raise to standing and repeat with the opposite leg in a continuous walk\n\n"
            "REPS: 4 x 50 yards\n\nBENEFITS: it builds endurance.\n")
    assert summary(import_text(text, "<stdin>")) == [
        {"name": "Walking Lunges for Distance", "kind": "distance",
         "distance": Range(46, 46), "sets": Range(4, 4)}]


@pytest.mark.parametrize("text", [
    # a title that names a routine: not one exercise
    ("Knee Exercises\n\nThese help your knees a lot. Many people like them. Doctors agree "
     "they work. Lie on your back. Lift your leg.\n"),
    # one instruction is not an exercise's text
    "Lower Back Rotation\n\nThis stretch helps. Many people like it. Lie on your back.\n",
])
def test_a_page_is_one_exercise_only_when_its_title_and_text_say_so(text: str) -> None:
    with pytest.raises(ArticleError, match="no exercises found"):
        import_text(text, "<stdin>")


def test_a_page_of_advice_and_two_instructions_is_one_exercise() -> None:
    text = ("Lower Back Rotation\n\nThese help your back a lot. Many people like them. "
            "Doctors agree they work. Lie on your back. Roll your knees to one side.\n")
    assert [e.name for e in import_text(text, "<stdin>").exercises] == ["Lower Back Rotation"]


def test_a_name_dash_remark_line_among_name_dash_instruction_lines_is_an_exercise() -> None:
    lines = classify(["Here are my favorite dynamic stretches",
                      "Arm Swings – rotate arms in small circles that get bigger.",
                      "High Knees – lift knees as high as comfortable as you walk forward.",
                      "Butt Kicks – pretty self explanatory. Start slowly and speed up.",
                      "Forward Bend- With feet apart, pointing forward, bend at the hips."])
    assert [x.text for x in lines if x.kind == "heading"][1:] == [
        "Arm Swings", "High Knees", "Butt Kicks", "Forward Bend"]


def test_a_heading_dose_without_a_full_stop_is_a_sentence_of_its_own() -> None:
    text = ("Warm Up\n\nDo these before you run.\n\n"
            "Leg Swings - Perform 10-12 swings on each leg\n"
            "TIPS: Hold onto an object for balance. Keep the leg relaxed.\n"
            "Lunge Walk - Perform 10-12 on each leg\n"
            "TIPS: Use the hands for balance.\n")
    assert summary(import_text(text, "<stdin>")) == [
        {"name": "Leg Swings", "kind": "reps", "reps": Range(10, 12), "per_side": True},
        {"name": "Lunge Walk", "kind": "reps", "reps": Range(10, 12), "per_side": True}]


def test_a_dash_between_two_numbers_does_not_split_a_name_from_its_text() -> None:
    [line] = classify(["I like to do about 25 - 50 m of each drill and walk back."])
    assert line.kind == "body"
    [line] = classify(["Drill 2 - Lie on your back and lift your hips."])
    assert (line.kind, line.text) == ("heading", "Drill 2")


def test_a_dose_for_every_drill_before_a_sign_off_is_the_routine_s() -> None:
    text = ("Drills\n\nHigh Knees\n\nDrive your knees up with each stride. Lift them high.\n\n"
            "B Skips\n\nKick the leg forward as you skip. Pull the foot back.\n\n"
            "I like to do about 25 - 50 m of each drill and walk back.\n\nHappy Running!\n")
    assert summary(import_text(text, "<stdin>")) == [
        {"name": "High Knees", "kind": "distance", "distance": Range(25, 50)},
        {"name": "B Skips", "kind": "distance", "distance": Range(25, 50)}]


def test_options_are_ways_to_do_the_exercise_above_them() -> None:
    text = ("Knee Strength\n\n1. Straight leg raise\nHow: Lie on your back. Lift the leg.\n"
            "Dosage: 2 sets of 10 reps.\n"
            "2. Hip hinge or bridge (pick one)\n"
            "Option A hinge: Stand, soft knees, push hips back, return.\n"
            "Option B bridge: Lie, knees bent, lift hips, lower slow.\n"
            "Dosage: 2-3 sets of 8-12 reps.\n")
    assert summary(import_text(text, "<stdin>")) == [
        {"name": "Straight leg raise", "kind": "reps", "reps": Range(10, 10), "sets": Range(2, 2)},
        {"name": "Hip hinge or bridge (pick one)", "kind": "reps", "reps": Range(8, 12),
         "sets": Range(2, 3)}]


def test_some_cues_label_the_exercise_s_steps() -> None:
    text = ("Hip Routine\n\nHip Strengthening Exercise: Clamshells\n\nSome Cues:\n"
            "1. Place hand on hips to feel the movement.\n2. Don't lean back\n"
            "3. Keep feet together\n\nRepeat 10 times each side.\n")
    assert summary(import_text(text, "<stdin>")) == [
        {"name": "Clamshells", "kind": "reps", "reps": Range(10, 10), "per_side": True}]


def test_steps_with_weak_verbs_and_a_dose_under_a_name_are_an_exercise() -> None:
    text = ("Knee Strengthening\n\nSquats\n\nStand in front of a chair. Sit back and lower "
            "your hips. Stand up again. Repeat 10 times.\n\n(Click image to open as a pop-up)\n\n"
            "Stationary lunge\n\nStart standing up straight, hands on hips. The back stays "
            "straight and the chest up. The front knee shouldn't pass your toes. Do ten "
            "repetitions on one side and repeat on the other side.\n")
    assert summary(import_text(text, "<stdin>")) == [
        {"name": "Squats", "kind": "reps", "reps": Range(10, 10)},
        {"name": "Stationary lunge", "kind": "reps", "reps": Range(10, 10), "per_side": True}]


def test_a_fresh_start_after_a_named_exercise_s_weak_steps_lost_its_heading() -> None:
    text = ("Warm Up\n\nArm Swings\n\nYour upper body should stay relaxed. Do six forward "
            "rotations. Repeat with your left arm.\n\n"
            "Lie on your back with your arms out. Touch your right foot to your left hand. "
            "Repeat 10 times.\n\n"
            "Leg Swings\n\nStand on your right foot and swing your left leg. Repeat 10 times.\n\n"
            "Ankle Bounce\n\nLean against a wall and raise both heels. Repeat 20 times.\n")
    got = summary(import_text(text, "<stdin>"))
    assert [(x["name"], x["reps"]) for x in got] == [
        ("Arm Swings", Range(6, 6)), ("Exercise 2", Range(10, 10)),
        ("Leg Swings", Range(10, 10)), ("Ankle Bounce", Range(20, 20))]


def test_an_exercise_right_after_the_introduction_s_prose_lost_its_heading() -> None:
    text = ("Hip Exercises\n\nYou can never have enough hip strength. Here is another set of "
            "exercises for runners.\n\n"
            "Lie on your side, propped on an elbow. Kick the top leg forward. Repeat 10 times.\n\n"
            "Side Frog\n\nLie propped on your side. Draw your heels together. Repeat 10 times.\n\n"
            "Clam with lift\n\nLie on your side with your knees bent. Lift the knee. "
            "Repeat 10 times.\n")
    result = import_text(text, "<stdin>")
    assert [e.name for e in result.exercises][1:] == ["Side Frog", "Clam with lift"]
    assert len(result.exercises) == 3 and result.exercises[0].needs_review
    assert result.routine.description.startswith("You can never have enough hip strength.")


def test_a_bare_list_of_names_is_the_routine_to_its_last_item() -> None:
    text = ("Track Workout\n\nPerform the following routine in order. Each exercise lasts "
            "30-45 seconds, so you'll need a watch.\n\n- Jog\n- Inchworms\n- Burpees\n"
            "- Walk (Active Rest)\n\nFrom standing, bend over and walk your hands forward "
            "to a plank.\n")
    result = import_text(text, "<stdin>")
    assert [(e.name, str(e.duration)) for e in result.routine.exercises] == [
        ("Jog", "30-45"), ("Inchworms", "30-45"), ("Burpees", "30-45"),
        ("Walk (Active Rest)", "30-45")]


def test_names_after_their_text_move_before_their_dose_line() -> None:
    text = ("Desk Stretches\n\nTry these stretches at your desk to feel like new.\n\n"
            "3 x 20-30 seconds\n\nRaise one arm and pull it across the body.\n\n"
            "Cross-body shoulder stretch\n\n10-20 iterations\n\nRoll both shoulders back.\n\n"
            "backward shoulder rolls\n\n3x20 - 30 seconds\n\nTilt your head to the side.\n\n"
            "side bending stretch\n")
    assert summary(import_text(text, "<stdin>")) == [
        {"name": "Cross-body shoulder stretch", "kind": "reps", "reps": Range(3, 3),
         "hold": Range(20, 30)},
        {"name": "Backward shoulder rolls", "kind": "reps", "reps": Range(10, 20)},
        {"name": "Side bending stretch", "kind": "reps", "reps": Range(3, 3),
         "hold": Range(20, 30)}]


def test_names_before_their_dose_lines_stay_where_they_are() -> None:
    text = ("Core\n\nPlank\n\n3 x 20 seconds\n\nHold a push-up position on your forearms.\n\n"
            "Bridge\n\n3 x 10\n\nLie on your back and lift your hips.\n\n"
            "Bird dog\n\n3 x 8\n\nReach out one arm and the opposite leg.\n")
    assert [e.name for e in import_text(text, "<stdin>").exercises] == [
        "Plank", "Bridge", "Bird dog"]


def test_the_same_name_twice_in_the_same_shape_is_two_exercises() -> None:
    text = ("Knee Exercises\n\nKnee extension\n\nSets: 3 Reps: 10\n\nKnee flexion\n\n"
            "Sets: 1 Reps: 20\n\nKnee extension\n\nSets: 3 Reps: 10 Hold: 5\n")
    assert [e.name for e in import_text(text, "<stdin>").exercises] == [
        "Knee extension", "Knee flexion", "Knee extension"]


def test_a_summary_line_and_the_described_section_of_one_exercise_are_one() -> None:
    text = ("Shoulder Playlist\n\nPush Up Plus\n\n2 Sets, 12 Reps\n\n"
            "High Row\n\n3 Sets, 10 Reps\n\n"
            "Push Up Plus\n\n2 Sets 12 Reps Start in the tall plank position. Drive your hands "
            "into the ground and push your upper back to the ceiling.\n")
    assert [e.name for e in import_text(text, "<stdin>").exercises] == ["Push Up Plus", "High Row"]


def test_the_first_numbered_step_under_a_name_and_its_description_is_not_a_new_exercise() -> None:
    text = ("Plantar Fasciitis Exercises\n\nTowel stretch\n\n1. Sit with your legs extended.\n"
            "2. Pull back with the towel. Hold for 15 to 30 seconds.\n\nCalf stretch\n\n"
            "This exercise stretches the calf. Do this exercise 3 or 4 times a day.\n\n"
            "1. Stand facing a wall with your hands on the wall.\n"
            "2. Bend your front knee. Hold the stretch for 15 to 30 seconds. "
            "Repeat 2 to 4 times.\n")
    assert summary(import_text(text, "<stdin>")) == [
        {"name": "Towel stretch", "kind": "hold", "hold": Range(15, 30)},
        {"name": "Calf stretch", "kind": "reps", "reps": Range(2, 4), "hold": Range(15, 30)}]


def test_a_circuit_of_amount_first_lines_is_its_moves() -> None:
    text = ("Quick Home Circuit\n\nWarm up for 5 minutes first.\n\n3 rounds:\n10 squats\n"
            "10 push-ups\n20 lunges (10 each leg)\n30 second plank\n\n"
            "Rest 1 minute between rounds.\n")
    assert summary(import_text(text, "<stdin>")) == [
        {"name": "Squats", "kind": "reps", "reps": Range(10, 10), "sets": Range(3, 3),
         "needs_review": True},
        {"name": "Push-ups", "kind": "reps", "reps": Range(10, 10), "sets": Range(3, 3),
         "needs_review": True},
        {"name": "Lunges", "kind": "reps", "reps": Range(10, 10), "sets": Range(3, 3),
         "per_side": True, "needs_review": True},
        {"name": "Plank", "kind": "timed", "duration": Range(30, 30), "sets": Range(3, 3),
         "needs_review": True}]


def test_one_amount_first_line_is_not_a_circuit() -> None:
    [line] = classify(["10 squats"])
    assert (line.kind, line.inline) != ("heading", "10 reps")
    [line] = classify(["Warm up for 5 minutes first."])
    assert line.kind == "body"  # "Warm up for" is cut off, not a name


def test_a_listicle_s_links_are_not_a_circuit() -> None:
    lines = classify(["- 5 Best Running Shoes", "- 7 Tips for Beginners",
                      "- 10 stretches for runners"])
    assert all(not (x.kind == "heading" and x.inline.endswith("reps")) for x in lines)


def test_a_dose_line_for_every_stretch_and_a_question_are_not_exercises() -> None:
    text = ("<html><body><h1>Post-run stretches</h1><p>Hold each stretch for 30 seconds.</p>"
            "<h2>Quad stretch</h2><p>Stand on one leg and pull your heel to your bottom.</p>"
            "<h2>Calf stretch</h2><p>Press your hands on a wall and step one foot back.</p>"
            "<h2>Why stretch?</h2><p>Stretching helps you recover.</p></body></html>")
    assert summary(import_text(text, "<stdin>")) == [
        {"name": "Quad stretch", "kind": "hold", "hold": Range(30, 30)},
        {"name": "Calf stretch", "kind": "hold", "hold": Range(30, 30)}]


@pytest.mark.parametrize("names", [
    "High knees\nButt kicks\nA-skips\nCarioca\n",  # short lines
    "- High knees\n- Butt kicks\n- A-skips\n- Carioca\n",  # a bulleted list
])
def test_bare_names_under_a_dose_line_for_every_drill_are_the_routine(names: str) -> None:
    text = f"Running Drills\n\nPerform these drills for 20 seconds each:\n\n{names}"
    assert [(e.name, str(e.duration)) for e in import_text(text, "<stdin>").routine.exercises] == [
        ("High knees", "20"), ("Butt kicks", "20"), ("A-skips", "20"), ("Carioca", "20")]


@pytest.mark.parametrize(("first", "title"), [
    ("Plantar Fasciitis", "Plantar Fasciitis"),  # a title of its own
    ("CITY PHYSIOTHERAPY CLINIC", "Foot Exercises"),  # a letterhead above the title
])
def test_a_letterhead_is_not_the_title_but_a_plain_first_line_is(first: str, title: str) -> None:
    text = (f"{first}\n\nFoot Exercises\n\nTowel stretch\n\nSit with your legs out. Pull the "
            "towel. Hold for 30 seconds.\n")
    result = import_text(text, "<stdin>")
    assert result.title == title
    assert [e.name for e in result.exercises] == ["Towel stretch"]


def test_advice_about_these_exercises_then_remarks_is_not_an_exercise() -> None:
    text = ("Hip Stability\n\nClamshells: Lie on your side and lift the top knee. Repeat 10 "
            "times.\nFire hydrants: Get on all fours and lift one knee out. Repeat 10 times.\n"
            "Glute bridges: Lie on your back and lift your hips. Repeat 10 times.\n"
            "Rehabilitation: If you're recovering from an injury, aim to perform these "
            "exercises every other day.\nIt's important to note that rest matters too.\n")
    assert [e.name for e in import_text(text, "<stdin>").exercises] == [
        "Clamshells", "Fire hydrants", "Glute bridges"]


def test_a_last_heading_where_the_stored_page_is_cut_is_an_exercise() -> None:
    text = ("Warm Up\n\nWalking lunge\n\nStep forward into a lunge. Repeat 10 times.\n\n"
            "Walking carioca\n\nWalk sideways crossing your feet. Repeat 10 times.\n\n"
            "High knee walk\n\nPull one knee to your chest as you walk. Repeat 10 times.\n\n"
            "Quad stretch\n\nR\n")
    assert [e.name for e in import_text(text, "<stdin>").exercises] == [
        "Walking lunge", "Walking carioca", "High knee walk", "Quad stretch"]


def test_a_sign_off_in_the_exercises_shape_is_not_an_exercise() -> None:
    text = ("Core\n\nBridge\n- Lie on your back\n- Lift your hips\n3 x 12\n\n"
            "Clam\n- Lie on your side\n- Open your knee\n3 x 15\n\n"
            "Bird dog\n- Kneel on all fours\n- Reach out an arm\n3 x 8\n\n"
            "Stay strong\nSee you next week\n")
    assert [e.name for e in import_text(text, "<stdin>").exercises] == [
        "Bridge", "Clam", "Bird dog"]


def test_group_headings_do_not_break_a_run_of_exercise_headings() -> None:
    text = ("# Full Body Session\n\n## Warm-up\n\n### Arm circles\nMake big circles with your "
            "arms. 10 forward, 10 back.\n\n### Leg swings\nHold a wall and swing one leg 10 "
            "times each leg.\n\n## Strength\n\n### Squats\nStand tall and sit back. 12 reps.\n\n"
            "### Push-ups\nLower your chest to the floor and press up. 10 reps.\n")
    assert [e.name for e in import_text(text, "<stdin>").exercises] == [
        "Arm circles", "Leg swings", "Squats", "Push-ups"]


def test_name_full_stop_instruction_paragraphs_are_named_exercises() -> None:
    text = ("Glute Routine\n\nDo these three moves before every run.\n\n"
            "Glute bridge. Lie on your back with knees bent and lift your hips. Do 15 reps.\n\n"
            "Side-lying leg raise. Lie on your side and lift your top leg. Do 12 on each side.\n\n"
            "Good job. Now rest and drink some water.\n")
    assert summary(import_text(text, "<stdin>")) == [
        {"name": "Glute bridge", "kind": "reps", "reps": Range(15, 15)},
        {"name": "Side-lying leg raise", "kind": "reps", "reps": Range(12, 12), "per_side": True}]


def test_one_name_full_stop_paragraph_or_a_step_is_not_a_name() -> None:
    lines = classify(["Stand tall. Lift your arms over your head.", "",
                      "Glute bridge. Lie on your back and lift your hips."])
    assert [x.kind for x in lines if x.kind != "blank"] == ["body", "body"]
