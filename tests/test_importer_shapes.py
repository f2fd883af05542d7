"""Page shapes and dose phrasings met on real pages, each on a made-up page of that shape
(voicecoach.importer, issue 14, eighth round)."""

from __future__ import annotations

from voicecoach.importer import import_text
from voicecoach.importer.doses import find_in_sentence
from voicecoach.importer.lines import Line, classify
from voicecoach.importer.marks import label_of
from voicecoach.importer.sections import Paragraph, Section, _is_exercise
from voicecoach.importer.text import normalize
from voicecoach.routine import Range


def _names(text: str) -> list[str]:
    return [e.name for e in import_text(text, "<test>").exercises]


def _fields(text: str) -> list[dict[str, object]]:
    return [{k: getattr(e, k) for k in ("reps", "sets", "hold", "duration", "distance",
                                        "per_side")}
            for e in import_text(text, "<test>").routine.exercises]


def _found(sentence: str, stretchy: bool = False) -> dict[str, Range]:
    return {f.field: f.value for f in find_in_sentence(sentence, stretchy)[0]}


def test_headings_that_number_themselves_as_exercises() -> None:
    page = (
        "Sprint Prep\n\nSome words about why a warm-up matters before fast running.\n\n"
        "Sprint Prep Exercise 1: Ankle Hops\n\nThe point of ankle hops is stiffness. "
        "You are bouncing on the balls of the feet with straight knees.\n\n"
        "Do 2x hopping over 20m.\n\n"
        "Sprint Prep Exercise 2: Wall Drives\n\nThe point of wall drives is posture and "
        "the angle of the body when you push off hard.\n"
    )
    assert _names(page) == ["Ankle Hops", "Wall Drives"]
    first = _fields(page)[0]
    assert first["distance"] == Range(20, 20) and first["sets"] == Range(2, 2)


def test_a_name_and_a_description_over_a_list_of_steps() -> None:
    page = (
        "Do these for a stiff neck:\n"
        "Chin Tucks. Chin tucks ease the strain of a forward head.\n"
        "- Sit tall with your shoulders relaxed.\n"
        "- Draw your chin straight back and hold for 5 seconds.\n"
        "- Repeat 10 times.\n"
        "Shoulder Rolls. The shoulder roll loosens the upper back.\n"
        "- Stand with your arms by your sides.\n"
        "- Roll your shoulders back in big circles 15 times.\n"
    )
    assert _names(page) == ["Chin Tucks", "Shoulder Rolls"]
    assert [f["reps"] for f in _fields(page)] == [Range(10, 10), Range(15, 15)]


def test_items_under_a_line_announcing_exercises_are_exercises() -> None:
    page = (
        "Hip Care\n\nA few words on why hips get stiff when you sit all day.\n\n"
        "Hip Openers\n\nThe following are two exercises for the hips:\n"
        "- Lie on your back with both knees bent. Let your knees drop to one side and hold "
        "for 30 seconds. Repeat on the other side.\n"
        "- Lying on your back, hug one knee toward your chest. Hold for 20 seconds. Repeat "
        "with the other knee.\n"
    )
    assert _names(page) == ["Knee Rolls", "Knee to Chest"]
    assert [f["per_side"] for f in _fields(page)] == [True, True]


def test_a_count_after_each_side_is_counted_per_side() -> None:
    page = (
        "Core\n\nBird Dog\n\nKneel on hands and knees. Lift one arm and the opposite leg, "
        "hold for 3 seconds, then alternate and repeat on each side 8 times.\n"
    )
    first = _fields(page)[0]
    assert first["per_side"] is True and first["reps"] == Range(8, 8)


def test_a_lettered_handout_with_field_labels_and_tips() -> None:
    page = (
        "A.Calf stretch\n\n"
        "Benefit of exercise: to keep the calf long\n\n"
        "Equipment required: a wall\n\n"
        "Repetition: 3 times to the left then 3 times to the right\n\n"
        "Hints and tips:\n\n"
        "Keep the back heel on the floor\n\n"
        "Do not bounce in the stretch\n\n"
        "1 Starting position:Stand facing a wall with one foot behind the other.\n\n"
        "2 Movement / action:Lean into the wall. Hold this position for 20 seconds.\n\n"
        "B. Chest stretch\n\n"
        "Benefit of exercise: to open the chest\n\n"
        "Repetition: 2 times to the left then 2 times to the right\n\n"
        "1 Starting position:Stand in a doorway with one forearm on the frame.\n\n"
        "2 Movement / action:Step through the doorway. Hold for 15 seconds.\n"
    )
    assert _names(page) == ["Calf stretch", "Chest stretch"]
    fields = _fields(page)
    assert [(f["reps"], f["hold"], f["per_side"]) for f in fields] == [
        (Range(3, 3), Range(20, 20), True), (Range(2, 2), Range(15, 15), True)]


def test_numbered_name_colon_text_items_whatever_the_text() -> None:
    page = (
        "Park Circuit\n\nDo the circuit below 3 times. Complete 15 repetitions of each "
        "exercise.\n\n"
        "  1. Jumping Jacks: Jump your feet wide and bring your arms overhead\n"
        "  2. Walking Lunges: Count the step of each leg as one\n"
        "  3. Bench Dips: Sit on the edge of a bench and lower your hips\n"
        "  4. Bear Crawl: across the grass. Keep your knees low\n"
    )
    assert _names(page) == ["Jumping Jacks", "Walking Lunges", "Bench Dips", "Bear Crawl"]
    assert [(f["reps"], f["per_side"]) for f in _fields(page)] == [(Range(15, 15), False)] * 4


def test_photo_credits_pronoun_bullets_and_a_related_questions_footer() -> None:
    page = (
        "Hallway Warm-Up\n\nWhy warm up? Good reasons include:\n\n"
        "  • They raise your heart rate\n  • They loosen stiff hips\n\n"
        "SPORTSMAG Photography | Jo Bloggs\n\n"
        "Leg Swings\n\nStand side-on to a wall and swing one leg forward and back 10 times on "
        "each leg.\n\n"
        "Arm Circles\n\nStand tall and circle your arms 15 times. This completes one rep.\n\n"
        "Continue Learning about Warm-Ups\n\n"
        "How long should I warm up?\nMost people need 10 minutes ...\n"
    )
    assert _names(page) == ["Leg Swings", "Arm Circles"]
    assert [f["reps"] for f in _fields(page)] == [Range(10, 10), Range(15, 15)]


def test_a_yoga_sequence_whose_first_pose_lost_its_name() -> None:
    page = (
        "After the Long Drive\n\n"
        "This flow of Pigeon pose variations eases hips stiff from the car.\n\n"
        "  • From Table Top, inhale to slide your left knee forward. Exhale to lower your "
        "hips toward the mat.\n  • Breathe deeply for five breaths.\n\n"
        "Sleeping Swan\n\n  • From there, exhale to fold forward over your front shin.\n"
        "  • Stay for five breaths.\n"
    )
    assert _names(page) == ["Pigeon Pose", "Sleeping Swan"]
    assert [f["hold"] for f in _fields(page)] == [Range(20, 20), Range(20, 20)]


def test_numbered_items_that_give_the_amount_before_the_move_and_then_instruct() -> None:
    page = (
        "The 5-15 Finisher\n\nGo through the circuit below twice.\n\n"
        "1. 5 burpees. Drop your hands to the floor and jump your feet back. Jump up.\n\n"
        "2. 15 lunges. Step forward and lower your back knee. Push back up.\n"
    )
    assert _names(page) == ["Burpees", "Lunges"]
    assert [f["reps"] for f in _fields(page)] == [Range(5, 5), Range(15, 15)]


def test_a_sequence_done_on_each_side_makes_every_pose_per_side() -> None:
    page = (
        "Desk Break Flow\n\nThese poses flow into each other. Begin with your left leg, "
        "and then repeat the flow on the other side.\n\n"
        "Low Lunge\n\nStep your left foot forward and sink your hips. Stay for 5 breaths.\n\n"
        "Lizard\n\nFrom Low Lunge, lower both hands inside your front foot. Stay for 5 "
        "breaths.\n"
    )
    assert [f["per_side"] for f in _fields(page)] == [True, True]
    result = import_text(page, "<test>")
    assert all(e.needs_review for e in result.exercises)


def test_reps_of_a_count_are_sets_and_with_each_leg_is_per_side() -> None:
    assert _found("Do two to three reps of 12 hops with each leg.") == {
        "sets": Range(2, 3), "reps": Range(12, 12)}
    page = ("Hops\n\nSkipping Drill\n\nSkip forward on the balls of your feet. Do 2 reps of 10 "
            "skips with each leg.\n")
    assert _fields(page)[0]["per_side"] is True


def test_a_label_that_comes_again_starts_an_exercise_that_lost_its_name() -> None:
    page = (
        "Track Drills\n\nDrills for better form.\n\n"
        "Straight Leg Bounds\n\nWhy: Bounds build power in the hips.\n\n"
        "How: Bound forward with straight legs for 20 metres.\n\n"
        "Why: Carioca improves lateral agility and footwork.\n\n"
        "How: Move sideways, crossing one foot in front of the other, for 20 metres.\n"
    )
    result = import_text(page, "<test>")
    assert [e.name for e in result.exercises] == ["Straight Leg Bounds", "Carioca"]
    assert result.exercises[1].needs_review
    assert [f["distance"] for f in _fields(page)] == [Range(20, 20), Range(20, 20)]


def test_the_other_foot_helping_and_each_foot_described_are_not_per_side() -> None:
    from voicecoach.importer.doses import per_side_in

    assert not per_side_in("Press down through the ball of each foot as you rise.")
    assert not per_side_in("Then hook your other foot behind your ankle to pull it further.")
    assert per_side_in("Hold for 20 seconds, then the other leg.")
    assert per_side_in("Then repeat with your other leg.")


def test_where_a_drill_is_done_is_not_its_distance() -> None:
    assert _found("Within your 40 metre area, bound for 20 metres, then jog back.") == {
        "distance": Range(20, 20)}
    assert _found("Mark out a 10 m grid and shuffle for 10 metres.") == {
        "distance": Range(10, 10)}


def test_after_a_time_stop_and_repeat_another_way() -> None:
    assert _found("After 45 seconds, stop and repeat, moving the other way round.") == {
        "duration": Range(45, 45), "sets": Range(2, 2)}
    assert _found("Take a short rest then repeat with the arms overhead.") == {
        "sets": Range(2, 2)}


def test_words_glued_where_a_line_broke_and_reps_of_a_held_time() -> None:
    from voicecoach.importer.doses import per_side_in

    assert _found("Hold for 20 secondsand repeat up tothree times.", stretchy=True) == {
        "hold": Range(20, 20), "reps": Range(3, 3)}
    assert per_side_in("Hold it, then relax beforeswitching sides.")
    assert _found("Squeeze and hold for 8, 6-second reps.") == {
        "reps": Range(8, 8), "hold": Range(6, 6)}
    assert _found("Do twelve 3-second holds.") == {"reps": Range(12, 12), "hold": Range(3, 3)}


def test_a_name_said_in_the_first_sentence_of_an_item() -> None:
    page = (
        "Two Ladder Drills\n\nLadder drills sharpen your feet. Here are two of them.\n\n"
        "  1. For the Icky Shuffle, step in with both feet and out to the side, moving up "
        "the ladder.\n"
        "  2. For the Lateral Hop, hop sideways into each box on one foot. Repeat 4 times.\n"
    )
    assert _names(page) == ["Icky Shuffle", "Lateral Hop"]


def test_headings_with_any_instruction_under_them_rather_than_a_refusal() -> None:
    page = (
        "Skipping Drills\n\nSkips teach rhythm and knee drive; they are a staple of sprint "
        "training and worth learning well.\n\n"
        "Power Skip\n\nYou should drive the knee up and reach for height on every skip.\n\n"
        "Low Skip\n\nYou should keep the skips short and quick, with the arms relaxed.\n\n"
        "Make sure your feet land under your hips.\n"
    )
    assert _names(page) == ["Power Skip", "Low Skip"]


def test_a_sentence_listing_moves_with_their_amounts_is_a_circuit() -> None:
    page = ("Hotel Room Burner\n\nNo gym? Do this before breakfast: 15 air squats, 10 "
            "press-ups, 20 mountain climbers and a 40-second plank. Repeat 2 times.\n")
    assert _names(page) == ["Air squats", "Press-ups", "Mountain climbers", "Plank"]
    fields = _fields(page)
    assert [f["reps"] for f in fields[:3]] == [Range(15, 15), Range(10, 10), Range(20, 20)]
    assert all(f["sets"] == Range(2, 2) for f in fields)


def test_a_per_side_phrase_after_a_counted_move_is_its_dose() -> None:
    page = "Legs\n\n- 12 lunges each leg\n- 20 squats\n"
    assert _names(page) == ["Lunges", "Squats"]
    assert _fields(page)[0]["per_side"] is True


def test_swimming_and_laps() -> None:
    page = ("Pool Session\n\nEasy Swim\n\nSwim 6 lengths at an easy pace.\n\n"
            "Kick Drill\n\nKick with a board for 2 laps.\n")
    assert _names(page) == ["Easy Swim", "Kick Drill"]
    assert [f["reps"] for f in _fields(page)] == [Range(6, 6), Range(2, 2)]
    assert _found("Most tracks are 400 meters (4 laps = 1 mile).") == {}


def test_shorthand_names_and_bare_counts() -> None:
    page = "Arms\n\nPush-ups x 12\nStep-downs x 10\n"
    assert _names(page) == ["Push-ups", "Step-downs"]
    assert _found("8 switches.") == {"reps": Range(8, 8)}
    assert _found("About 10 swings each side.") == {"reps": Range(10, 10)}
    assert _found("3 exercises.") == {}


def test_a_tempo_label_is_not_an_exercise() -> None:
    page = ("Ankles (do this 3x a week)\n\nTempo: 3-1-1. Rest 60 seconds between sets.\n\n"
            "Heel Raises\n\nRise up slowly, 3 sets of 15.\n")
    assert _names(page) == ["Heel Raises"]


def test_mixed_unit_ranges_times_after_a_distance_and_a_knee_lifted_in_turn() -> None:
    from voicecoach.importer.doses import per_side_in

    assert _found("Hold for 30 seconds to 1 minute.", stretchy=True) == {"hold": Range(30, 60)}
    assert _found("Bound for 30 metres, twice.") == {"distance": Range(30, 30),
                                                     "sets": Range(2, 2)}
    assert not per_side_in("March forward lifting each knee to hip height.")
    assert per_side_in("Do 10 lifts on each knee.")


def test_levels_counts_each_way_and_verb_names_before_shorthand() -> None:
    page = ("Hamstrings\n\nBridge\nLevel 1: Lie on your back and lift your hips, 2 x 10.\n"
            "Level 2: Lift on one leg.\n\nNordic Curl\nKneel and lower slowly. 3 sets of 5.\n")
    assert _names(page) == ["Bridge", "Nordic Curl"]
    page = ("Warm-up:\nJumping jacks: 30 seconds\nArm circles: 10 forward, 10 backward\n"
            "Leg swings: 10 per leg\n")
    assert _names(page) == ["Jumping jacks", "Arm circles", "Leg swings"]
    assert _fields(page)[1]["reps"] == Range(10, 10)
    page = "Pull Day\n\n- Push-up x 10\n- Row x 12 each arm\n- Press x 8\n"
    assert _names(page) == ["Push-up", "Row", "Press"]


def test_an_introduction_that_gives_every_stretch_its_hold_is_not_an_exercise() -> None:
    page = (
        "<html><body><h1>3 Desk Stretches</h1>"
        "<p>Stretching at work eases stiffness. Hold each stretch for 20 seconds.</p><ul>"
        "<li><strong>Neck stretch:</strong> Tilt your ear toward your shoulder.</li>"
        "<li><strong>Chest opener:</strong> Clasp your hands behind your back and lift.</li>"
        "<li><strong>Seated twist:</strong> Turn your torso and hold the chair back.</li>"
        "</ul></body></html>"
    )
    assert _names(page) == ["Neck stretch", "Chest opener", "Seated twist"]
    assert all(f["hold"] == Range(20, 20) for f in _fields(page))


def test_a_repeated_label_without_a_named_move_and_a_name_after_tips() -> None:
    page = (
        "Hip Care\n\nIntro words about hips and sitting.\n\n"
        "Hip Hinge\n\nWhy: Your hips get stiff from sitting.\n\n"
        "How: Stand tall and push your hips back. Do 10.\n\n"
        "Why: Your back thanks you later.\n\n"
        "Tips:\n\nKeep the spine long all the way\n\n"
        "Reach for the Sky\n\nLie on your back and reach your arms up 10 times.\n"
    )
    assert _names(page) == ["Hip Hinge", "Reach for the Sky"]


def test_switching_legs_in_the_introduction_is_not_the_whole_sequence() -> None:
    page = ("Leg Day\n\nLeg day builds strength for running and hiking. The moves below are "
            "classics. For single-leg moves, switch legs and repeat.\n\n"
            "Squat\n\nStand tall and sit back. Do 12 reps.\n\n"
            "Deadlift\n\nHinge at the hips and lower the bar. Do 8 reps.\n")
    assert [f["per_side"] for f in _fields(page)] == [False, False]


def test_how_many_and_how_often_labels() -> None:
    page = ("Knee Exercises\n\nHeel Slides\nLie down and slide one heel towards you. Hold for "
            "5 seconds.\nHow many: Repeat 10 times with each leg.\nHow often: 3 times a day.\n\n"
            "Quad Sets\nTighten your thigh and press your knee down. Hold for 5 seconds.\n"
            "How many: Repeat 10 times.\n")
    assert _names(page) == ["Heel Slides", "Quad Sets"]
    assert [(f["reps"], f["per_side"]) for f in _fields(page)] == [
        (Range(10, 10), True), (Range(10, 10), False)]


def test_about_a_time_after_a_comma_is_the_dose() -> None:
    assert _found("Reach one arm overhead and lean, about 15 seconds each side.",
                  stretchy=True) == {"hold": Range(15, 15)}
    assert _found("The whole routine takes about 10 minutes.") == {}


def test_circuit_shapes_rest_lines_minutes_and_rounds_with_inline_moves() -> None:
    page = ("Tabata Core\n\nPlank – 20 seconds\nRest – 10 seconds\n"
            "Bicycle crunches – 20 seconds\nRest – 10 seconds\n")
    assert _names(page) == ["Plank", "Bicycle crunches"]
    page = ("EMOM 9\n\nMinute 1: 10 kettlebell swings\nMinute 2: 8 goblet squats\n"
            "Minute 3: 12 push-ups\nRepeat 3 times through.\n")
    assert _names(page) == ["Kettlebell swings", "Goblet squats", "Push-ups"]
    page = "Track Night\n\n3 rounds: 200m run, 15 air squats, 10 burpees.\n"
    assert _names(page) == ["Run", "Air squats", "Burpees"]
    fields = _fields(page)
    assert fields[0]["distance"] == Range(200, 200)
    assert all(f["sets"] == Range(3, 3) for f in fields)


def test_a_flattened_handout_whose_names_run_into_their_steps() -> None:
    page = ("Hip Exercises\nPatient name: ________\n"
            "1. Single Leg Bridge Lie on your back and lift one leg. Repeat 10 times.\n"
            "2. Side leg raise Lie on your side and lift the top leg. Repeat 12 times.\n")
    assert _names(page) == ["Single Leg Bridge", "Side leg raise"]
    assert [f["reps"] for f in _fields(page)] == [Range(10, 10), Range(12, 12)]
    from voicecoach.importer.lines import classify

    assert classify(["- From Low Lunge, Twist toward the front knee."])[0].kind == "body"


def test_a_later_sentence_that_raises_the_dose_over_time() -> None:
    from voicecoach.importer.doses import read_dose

    dose = read_dose(["Tighten your stomach and hold for two seconds.",
                      "Over time increase this until it is held for 8 seconds."], False)
    assert [(f.field, f.value) for f in dose.findings] == [("hold", Range(2, 8))]
    dose = read_dose(["Do 10 repetitions.", "Gradually build up to 15 repetitions."], False)
    assert [(f.field, f.value) for f in dose.findings] == [("reps", Range(10, 15))]
    dose = read_dose(["Do 10 reps.", "The reps increase by 2 each set until you reach 20 reps."],
                     False)
    assert dose.findings[0].value == Range(10, 10)


def test_drills_each_over_a_distance_and_a_one_move_page_with_its_dose() -> None:
    page = ("Race Warm-Up\n\nJog easily first. Then do the following drills, each over 30 "
            "metres, walking back between them:\n\n- High knees\n- Butt kicks\n- Carioca\n")
    assert [f["distance"] for f in _fields(page)] == [Range(30, 30)] * 3
    page = ("Strides\n\nStrides are short accelerations. Run 80-100 metres, building to a fast "
            "pace, then walk back.\n")
    assert _names(page) == ["Strides"]


def test_a_poses_other_name_is_not_a_heading() -> None:
    page = ("Evening Yoga\n\nChild's Pose\nSanskrit: Balasana\nKneel and fold forward. Stay "
            "for 1 minute.\n\nCorpse Pose\nAlso known as: Savasana\nLie flat and let go. Stay "
            "for 5 minutes.\n")
    assert _names(page) == ["Child's Pose", "Corpse Pose"]


def test_form_fields_question_and_answer_and_same_as_above() -> None:
    page = ("Home Programme\n\nExercise: Calf raise\nSets: 3\nRepetitions: 15\n\n"
            "Exercise: Bridge\nSets: 2\nRepetitions: 10\n")
    assert _names(page) == ["Calf raise", "Bridge"]
    page = ("Q: Which stretches help tight hips?\n\nA: Here are two:\n\n"
            "Kneeling hip stretch. Kneel on one knee and push your hips forward. Hold 30 "
            "seconds each side.\n\n"
            "Standing hip stretch. Same as above but standing. Lean your hips forward. Hold 30 "
            "seconds each side.\n")
    assert _names(page) == ["Kneeling hip stretch", "Standing hip stretch"]


# --------------------------------------------------------------------------- ninth round


def test_amount_first_items_with_remarks_repeats_and_two_moves_on_a_line() -> None:
    page = (
        "Quick Legs\n\nA short set of words about this little leg workout for busy days.\n\n"
        "The Workout\n"
        "- 12 box steps (photo above), followed by 8 jump squats on or off your toes\n"
        "- 45-second wall sit\n"
        "- 12 box steps, 8 jump squats\n"
        "- 16 lateral lunges (per side)\n"
        "- 20 calf raises (a slower version of the hops: rise up on both feet, pause, "
        "then lower)\n"
        "- Repeat 16 lateral lunges (per side)\n"
        "- 40-second side plank with 6 hip dips\n"
        "- 45-second wall sit to finish!\n"
    )
    assert _names(page) == ["Box steps", "Jump squats", "Wall sit", "Box steps", "Jump squats",
                            "Lateral lunges", "Calf raises", "Lateral lunges",
                            "Side plank with hip dips", "Wall sit"]
    fields = _fields(page)
    assert fields[0]["reps"] == Range(12, 12) and fields[1]["reps"] == Range(8, 8)
    assert fields[5]["per_side"] and fields[7]["per_side"] and not fields[6]["per_side"]
    assert fields[8]["reps"] == Range(6, 6)
    assert fields[9]["duration"] == Range(45, 45)


def test_bare_names_with_remarks_between_a_dose_for_all_and_rounds_after() -> None:
    page = (
        "Park Circuit\n\nHead to the park with a bottle of water and a towel today.\n\n"
        "The plan is to do 45 seconds of each of these exercises back to back.\n\n"
        "1. Burpees\n2. High knees\n3. Bench push-ups (hands on the bench, or on a low wall "
        "if the bench is too high)\n4. Lunges (forward or backward)\n5. Skaters\n\n"
        "Repeat 3 more times (4 sets total)\n\nStretch afterwards and drink plenty.\n"
    )
    assert [n.split(" (")[0] for n in _names(page)] == [
        "Burpees", "High knees", "Bench push-ups", "Lunges", "Skaters"]
    for fields in _fields(page):
        assert fields["duration"] == Range(45, 45) and fields["sets"] == Range(4, 4)
        assert fields["reps"] is None


def test_a_caption_line_under_each_name_is_left_out() -> None:
    page = (
        "Stiff shoulders can make desk work hard. Here are two simple moves to loosen them.\n\n"
        "Wall Slides\n\nStart Position End Position\n\n"
        "1. Stand with your back against a wall.\n"
        "2. Slide your arms up the wall and back down slowly.\n\n"
        "Doorway Stretch\n\nDoorway StretchDoorway Stretch\n\n"
        "1. Stand in a doorway with your forearms on the frame.\n"
        "2. Lean forward until you feel a stretch in your chest.\n"
    )
    assert _names(page) == ["Wall Slides", "Doorway Stretch"]


def test_each_direction_is_per_side_only_for_steps() -> None:
    from voicecoach.importer.doses import per_side_in

    assert not per_side_in("Make ten circles in each direction.")
    assert not per_side_in("Do 2 sets of 12 reps each way.")
    assert per_side_in("Take 10 steps each way.")


def test_labels_without_colons_over_steps_phases_and_benefit_lists() -> None:
    page = (
        "Easy Neck Care\n"
        "A few gentle moves for a stiff neck after a long day at the desk.\n"
        "Exercise 1: Chin Tuck\n"
        "How to Do It\n"
        "- Sit tall with your shoulders relaxed\n"
        "- Draw your chin straight back\n"
        "- Hold for 5 seconds\n"
        "- Do 10 repetitions\n"
        "Benefits\n"
        "- Eases neck tension\n"
        "- Better posture\n"
        "Exercise 2: Neck Tilt\n"
        "How to Do It\n"
        "- Sit tall\n"
        "- Left: Tilt your ear toward your left shoulder\n"
        "- Hold 10 seconds\n"
        "- Right: Tilt your ear toward your right shoulder\n"
        "- Repeat 5 times\n"
        "Benefits\n"
        "- Loosens the sides of the neck\n"
    )
    assert _names(page) == ["Chin Tuck", "Neck Tilt"]
    fields = _fields(page)
    assert fields[0]["reps"] == Range(10, 10) and fields[0]["hold"] == Range(5, 5)
    assert fields[1]["reps"] == Range(5, 5) and fields[1]["hold"] == Range(10, 10)


def test_a_routine_told_in_running_prose() -> None:
    page = (
        "Morning Hip Stretches\n\n"
        "Tight hips are common if you sit a lot. Each morning, start with a hip flexor stretch: "
        "kneel on one knee and push your hips forward. Hold for 20 to 30 seconds, then switch "
        "sides. Then, move on to a pigeon pose, holding for 45 seconds. Next, try a figure "
        "four stretch on your back. Cross one ankle over the other knee and pull it in. Hold "
        "for 30 seconds and switch sides.\n\n"
        "Doing this three times a week is plenty for most people.\n"
    )
    assert _names(page) == ["Hip flexor stretch", "Pigeon pose", "Figure four stretch"]
    fields = _fields(page)
    assert fields[0]["hold"] == Range(20, 30) and fields[0]["per_side"]
    assert fields[1]["hold"] == Range(45, 45) and not fields[1]["per_side"]
    assert fields[2]["hold"] == Range(30, 30) and fields[2]["per_side"]
    page = ("Quick Finisher\n\nThis finisher consists of two moves, jump squats and mountain "
            "climbers, done one after the other. It will leave you breathless.\n")
    assert _names(page) == ["Jump squats", "Mountain climbers"]


def test_a_numbered_name_ends_the_bulleted_steps_above_it() -> None:
    page = (
        "Loosening up the calves matters for anyone who runs or walks a lot.\n\n"
        "1. Wall Calf Stretch\n"
        "- How to do it:\n"
        "- Face a wall with one foot behind the other.\n"
        "- Lean in until you feel the back calf stretch.\n"
        "- Hold for 30 seconds, then switch legs.\n"
        "2. Step Calf Drop\n"
        "- How to do it:\n"
        "- Stand on a step with your heels over the edge.\n"
        "- Lower your heels slowly, then rise up.\n"
        "- Repeat 12 times.\n"
        "3. Seated Towel Pull\n"
        "- How to do it:\n"
        "- Sit with your legs straight and loop a towel around one foot.\n"
        "- Pull gently and hold for 20 seconds.\n"
    )
    assert _names(page) == ["Wall Calf Stretch", "Step Calf Drop", "Seated Towel Pull"]
    assert _fields(page)[1]["reps"] == Range(12, 12)


def test_teaching_points_and_an_optional_extra_under_a_one_exercise_title() -> None:
    page = (
        "How to do wall push-ups\n\nTeaching Points\n\n"
        "- Stand an arm's length from a wall\n- Place your palms on the wall at shoulder height\n"
        "- Bend your elbows and bring your chest toward the wall\n- Push back to the start\n"
        "- Aim for 10-12 repetitions per set, and up to three sets\n"
        "- Optional: wear a weighted vest held in each hand for 5 minutes\n"
    )
    assert _names(page) == ["Wall push-ups"]
    fields = _fields(page)[0]
    assert fields["reps"] == Range(10, 12) and fields["sets"] == Range(3, 3)
    assert fields["duration"] is None


def test_a_bare_name_that_reads_like_a_step_in_a_list_of_names() -> None:
    page = (
        "Classic Barre Order\n\nThe moves of a barre class, in the order you will do them:\n\n"
        "- Plie\n- Releve\n- Leg lifts\n- Lift and lower\n\nPlie\n\nStand with your heels "
        "together and bend your knees out over your toes, then rise.\n"
    )
    assert _names(page) == ["Plie", "Releve", "Leg lifts", "Lift and lower"]


def test_roman_numbered_names_with_dose_lines_between_them() -> None:
    page = (
        "Breath Holds\n\nA short breathing practice for the evening.\n\n"
        "I. Box breath - square breathing\n\nBreathe in for four counts and hold. Begin "
        "with a 4 second hold. Repeat 5 times.\n\n3 easy breaths\n\n"
        "II. Long exhale\n\nBreathe in, then breathe out slowly and hold the exhale 6 seconds. "
        "Repeat 4 times.\n\n3 easy breaths\n\n"
        "III. Humming breath\n\nInhale fully, then hum as you exhale. Repeat 6 times.\n"
    )
    names = _names(page)
    assert [n.split(" - ")[0] for n in names] == ["Box breath", "Long exhale", "Humming breath"]
    assert [f["reps"] for f in _fields(page)] == [Range(5, 5), Range(4, 4), Range(6, 6)]


def test_for_both_exercises_gives_the_dose_of_each() -> None:
    from voicecoach.importer.shape import for_every_exercise

    assert for_every_exercise("For both exercises practice for 2-3 sets of 10-15 repetitions.")
    assert for_every_exercise("Do 3 sets of 8 for all of these moves.")
    assert not for_every_exercise("Good for both knees: do 3 sets of 8.")
    page = (
        "Band Rows\n\nA little band work for the upper back.\n\n"
        "Seated Row: Sit tall with the band around your feet and pull your elbows back.\n"
        "Face Pull: Anchor the band at head height and pull it toward your face.\n"
        "For both exercises do 3 sets of 12 repetitions.\n"
    )
    assert [(f["sets"], f["reps"]) for f in _fields(page)] == [(Range(3, 3), Range(12, 12))] * 2


def test_a_groups_time_budget_and_a_name_with_a_count_of_something_in_words() -> None:
    page = (
        "Wrist Care\n"
        "Phase 1\n"
        "1. Mobility Exercises Time required: 10 minutes\n"
        "Finger Spreads 2 sets of full hand openings\n"
        "Starting Position\n"
        "- Rest your forearm on a table.\n"
        "Movement\n"
        "- Spread your fingers wide, then close them.\n"
        "Wrist Circles 2 sets of 10 reps\n"
        "Starting Position\n"
        "- Hold your arm out in front of you.\n"
        "Movement\n"
        "- Draw slow circles with your hand.\n"
    )
    assert _names(page) == ["Finger Spreads", "Wrist Circles"]
    fields = _fields(page)
    assert fields[0]["sets"] == Range(2, 2) and fields[0]["duration"] is None


def test_one_exercise_named_only_in_its_dose() -> None:
    page = (
        "Instructions: Do 2 sets of 12 toe taps 3 times per day for 6 weeks\n\n"
        "1. Sit on a chair with your feet flat on the floor.\n"
        "2. Lift your toes while keeping your heels down.\n"
        "3. Lower them slowly and tap the floor.\n"
    )
    assert _names(page) == ["Toe taps"]
    fields = _fields(page)[0]
    assert fields["reps"] == Range(12, 12) and fields["sets"] == Range(2, 2)


def test_what_one_rep_is_and_an_easier_versions_dose_are_no_doses() -> None:
    from voicecoach.importer.doses import per_side_in, read_dose

    assert _found("One repetition includes both sides.") == {}
    assert not per_side_in("One repetition includes both sides.")
    dose = read_dose(["Lift the opposite arm and leg.",
                      "To make this easier, you can keep the feet down and pause for 2 seconds.",
                      "Complete two sets of 8 to 10 repetitions."], False)
    assert [(f.field, f.value) for f in dose.findings] == [("sets", Range(2, 2)),
                                                           ("reps", Range(8, 10))]


def test_the_first_name_of_a_run_with_a_single_cue_and_a_distance_label() -> None:
    page = (
        "Arm Finisher\n\nDo each move for 40 seconds, then rest 20 seconds.\n\n"
        "Diamond push-ups\nKeep your elbows close to your ribs.\n\n"
        "Bench dips\nUse a steady bench. Lower until your elbows bend to 90 degrees.\n\n"
        "Plank shoulder taps\nFrom a high plank, tap each shoulder with the other hand.\n"
    )
    assert _names(page) == ["Diamond push-ups", "Bench dips", "Plank shoulder taps"]
    page = (
        "<html><body><h2>Drills</h2><h3>Skips</h3><p>Skip forward, driving the knee up.</p>"
        "<ul><li>Distance: 30 meters</li><li>Sets: 2</li></ul><h3>Shuffles</h3><p>Move "
        "sideways with quick feet.</p><ul><li>Distance: 30 meters</li><li>Sets: 2</li></ul>"
        "</body></html>"
    )
    assert _names(page) == ["Skips", "Shuffles"]
    assert [(f["distance"], f["sets"]) for f in _fields(page)] == [(Range(30, 30),
                                                                    Range(2, 2))] * 2


def test_the_same_count_each_way_is_not_per_side() -> None:
    from voicecoach.importer.doses import per_side_in

    assert not per_side_in("Swing it in small circles, 10 times clockwise and 10 times "
                           "anticlockwise.")
    assert _found("Do 8 forward and 8 backward.") == {"reps": Range(8, 8)}


def test_a_lettered_item_with_a_one_word_name() -> None:
    page = ("Pull Day\n\nA1. Lat pulldown - 3 x 10\nA2. Seated row - 3 x 12\n"
            "B. Plank - 3 x 40 sec\n")
    assert _names(page) == ["Lat pulldown", "Seated row", "Plank"]
    assert _fields(page)[2]["duration"] == Range(40, 40)


def test_half_a_minute_and_half_a_mile() -> None:
    assert _found("Hold for half a minute.") == {"hold": Range(30, 30)}
    assert _found("Walk half a mile.") == {"distance": Range(805, 805)}
    assert _found("Hold for a minute.") == {"hold": Range(60, 60)}


def test_a_reps_tempo_is_not_a_time_of_work() -> None:
    assert _found("Lower over 3 seconds.") == {}
    assert _found("Hold for 5 seconds at the top, then lower over 3 seconds.") == {
        "hold": Range(5, 5)}


def test_a_count_of_times_beside_a_distance_counts_its_sets() -> None:
    page = (
        "Sprint Drills\n\nA few drills before the fast running starts.\n\n"
        "High knees\nDrive the knees up quickly as you move forward.\n\n"
        "Bounds\nJump from one foot to the other, reaching with each stride.\n\n"
        "Carioca\nMove sideways, crossing the back foot in front and then behind.\n\n"
        "Do about 30 m of each drill, walking back. Complete each drill 2x before the next.\n"
    )
    assert [(f["distance"], f["sets"]) for f in _fields(page)] == [(Range(30, 30),
                                                                    Range(2, 2))] * 3


def test_a_work_and_rest_interval_is_every_moves_dose() -> None:
    from voicecoach.importer.shape import for_every_exercise

    assert for_every_exercise("30 seconds of work, 30 seconds of rest.")
    assert for_every_exercise("Go 40 s on, 20 s off.")
    page = ("Tabata Lite\n\nFast moves for a short session.\n\nSquat jumps\nJump up from a "
            "squat and land softly.\n\nSkaters\nLeap from side to side, landing on one foot.\n\n"
            "Mountain climbers\nDrive your knees in from a high plank.\n\n"
            "20 seconds of work, 10 seconds of rest.\n")
    assert [f["duration"] for f in _fields(page)] == [Range(20, 20)] * 3


# --------------------------------------------------------------------------- tenth round


def test_a_long_line_wrapped_on_in_lower_case_is_no_name() -> None:
    page = (
        "Back Care\n\nDo these slowly.\n\n"
        "Knee Hug\n\nPull one knee in to the chest and hold it there.\nHold 10 seconds. "
        "Repeat 5 times.\n\n"
        "Seated Twist\n\nOn a firm chair with back held tall, gently\n"
        "turn the trunk to one side and back. Repeat 8 times.\n\n"
        "Heel Slide\n\nSlide one heel along the floor and back.\nRepeat 10 times.\n"
    )
    assert _names(page) == ["Knee Hug", "Seated Twist", "Heel Slide"]


def test_a_label_the_page_repeats_under_each_exercise_is_no_name() -> None:
    page = (
        "Hip Set\n\nOutline\n1. Bridges x 12\n2. Fire Hydrants x 10 each leg\n"
        "3. Side Steps x 15\n\nDescriptions\n\n"
        "Bridges\n\nPay-off for climbers:\n\nIt wakes up the glutes before a climb.\n\n"
        "Instructions:\nLie on your back and lift the hips. Hold 5 seconds at the top.\n\n"
        "Fire Hydrants\n\nPay-off for climbers:\n\nIt opens the hip to the side.\n\n"
        "Instructions:\nOn all fours, lift one knee out to the side.\n\n"
        "Side Steps\n\nPay-off for climbers:\n\nIt trains the side of the hip.\n\n"
        "Instructions:\nStep to the side with a band round the knees.\n"
    )
    assert _names(page) == ["Bridges", "Fire Hydrants", "Side Steps"]
    assert _fields(page)[0]["hold"] == Range(5, 5)


def test_a_pictures_credit_under_the_name_is_no_name() -> None:
    page = (
        "Best Stretches for Cyclists\n\n2. Pigeon Pose\n\n\nSource: Flickr\n\n"
        "Pigeon pose opens the hips. From all fours, bring one knee forward behind the wrist "
        "and lower the hips toward the floor.\n"
    )
    assert _names(page) == ["Pigeon Pose"]


def test_a_ladder_written_out_round_by_round_is_its_first_rounds_moves() -> None:
    page = (
        "Ladder Day\n\nA quick ladder for the park.\n\nThe plan:\n\n"
        "- 10 Lunges, 10 Sit-ups, 10 Lunges, 5 Tuck Jumps\n"
        "- 9 Lunges, 9 Sit-ups, 9 Lunges, 4 Tuck Jumps\n"
        "- 8 Lunges, 8 Sit-ups, 8 Lunges, 3 Tuck Jumps\n\n"
        "...down to the last round:\n\n"
        "- 1 Lunge, 1 Sit-up, 1 Lunge, 1 Tuck Jump (one tuck jump from round 5 on)\n\n"
        "Go as fast as you can and note your time for next week.\n"
    )
    assert _names(page) == ["Lunges", "Sit-ups", "Lunges", "Tuck Jumps"]
    assert [f["reps"] for f in _fields(page)] == [Range(10, 10)] * 3 + [Range(5, 5)]


def test_the_same_moves_again_with_the_same_counts_stay_a_circuits_moves() -> None:
    page = (
        "Core Ten\n\nA short core circuit.\n\n- 10 crunches, 10 leg raises\n- 30-second plank\n"
        "- 10 crunches, 10 leg raises\n- 30-second plank\n"
    )
    assert _names(page) == ["Crunches", "Leg raises", "Plank", "Crunches", "Leg raises",
                            "Plank"]


def test_numbered_paragraphs_without_names_are_exercises_named_from_their_moves() -> None:
    page = (
        "Stretches for Sore Wrists\n\n"
        "1. While seated at a table, bend your wrist back with the other hand and hold for "
        "15 seconds. Repeat 4 times.\n\n"
        "2. Place a soft ball in your palm. Squeeze the ball as hard as is comfortable. "
        "Repeat 10 times.\n\n"
        "3. Rest your forearm on the table. Turn the palm up and down slowly for at least "
        "30 seconds.\n\n"
        "Why do wrists hurt? Long hours at a keyboard strain the tendons.\n"
    )
    assert _names(page) == ["Bend your wrist back with the other hand",
                            "Squeeze the ball as hard as is comfortable",
                            "Turn the palm up and down slowly"]
    fields = _fields(page)
    assert fields[0]["hold"] == Range(15, 15) and fields[0]["reps"] == Range(4, 4)
    assert fields[1]["reps"] == Range(10, 10) and fields[2]["duration"] == Range(30, 30)
    assert all(f["sets"] == Range(1, 1) for f in fields)


def test_repeat_for_both_legs_is_per_side() -> None:
    from voicecoach.importer.doses import per_side_in

    assert per_side_in("Repeat for both legs.")
    assert per_side_in("Hold 20 seconds, then repeat on both arms.")
    assert not per_side_in("Repeat with both feet together.")
    assert not per_side_in("Stand with both feet on the step.")


def test_prose_that_opens_each_move_by_naming_it() -> None:
    page = (
        "Band work for the hips. Tie a band round both knees and stand tall. For the side "
        "step, bend the knees a little and step sideways, keeping the band tight. In the "
        "monster walk, step forward and out on a diagonal, one foot then the other. For "
        "extra support, hold a chair. When doing the glute kickback, it should feel like the "
        "whole hip is working, not the lower back.\n"
    )
    assert _names(page) == ["Side step", "Monster walk", "Glute kickback"]


def test_an_unnamed_move_takes_the_closer_name_its_introduction_gives() -> None:
    page = (
        "Our number three, the side plank trains the obliques, the hips and the deep muscles "
        "of the lower back that most of us neglect.\n\n"
        "Why bother? A strong side of the trunk steadies you on uneven ground.\n\n"
        "Lie on your side with your legs stacked and your elbow under the shoulder. Lift the "
        "hips off the floor and hold, then repeat on the other side. Aim for half as long as "
        "your front plank.\n"
    )
    assert _names(page) == ["Side Plank"]


def test_a_stretch_felt_in_the_back_or_front_of_the_thigh_is_named_for_that_muscle() -> None:
    from voicecoach.importer.build import name_from_text

    assert name_from_text("Lie down and straighten the knee until a stretch is felt in the "
                          "back of your thigh.") == "Hamstring Stretch"
    assert name_from_text("Pull the heel to your seat; you should feel the stretch in the "
                          "front of the thigh.") == "Quad Stretch"


def test_another_exercise_named_in_prose_follows_the_one_before_it() -> None:
    page = (
        "Two Moves for Stronger Ankles\n\n"
        "Stand on one foot near a wall. Rise up onto your toes, then lower slowly. "
        "Do three sets of 15 calf raises.\n\n"
        "Another exercise that trains the ankle is heel walks. Lift the front of both feet "
        "off the floor and walk forward on your heels.\n\n"
        "Keep your knees soft as you go. Walk 20 metres, turn and come back.\n"
    )
    assert _names(page) == ["Calf Raises", "Heel walks"]
    fields = _fields(page)
    assert fields[0]["reps"] == Range(15, 15) and fields[0]["sets"] == Range(3, 3)
    assert fields[1]["distance"] == Range(20, 20)


def test_a_link_to_another_article_is_no_name() -> None:
    from voicecoach.importer.lines import classify

    lines = classify(["More: 5 Core Exercises That Build Stability", "",
                      "Next: Lie on your back and lift the hips."])
    assert [ln.kind for ln in lines][:2] == ["blank"] * 2 and lines[2].kind != "blank"
    page = (
        "Hip Basics\n\nTwo moves for the hips.\n\nBridge\nLie on your back and lift the hips. "
        "Repeat 10 times.\n\nMore: 7 Stretches Every Runner Should Know\n\n"
        "Clamshell\nLie on your side and open the top knee. Repeat 12 times.\n"
    )
    assert _names(page) == ["Bridge", "Clamshell"]


def test_an_adverb_after_a_count_names_no_move() -> None:
    from voicecoach.importer.sections import Paragraph, dose_named_exercise

    found = dose_named_exercise("", [Section(None, [Paragraph(
        "Stand on a step and lift one hip. Lower it slowly. Complete two sets of 20 "
        "bilaterally.")])])
    assert found is None or found.heading is None or found.heading.text != "Bilaterally"


def test_an_image_file_name_run_into_the_text_is_split_off() -> None:
    from voicecoach.importer.text import normalize

    assert normalize("seated-calf-stretch-2Sit on the floor with one leg out.") == (
        "seated-calf-stretch-2\nSit on the floor with one leg out.")
    assert normalize("Well-known drills help.") == "Well-known drills help."
    page = ("seated-calf-stretchSit on the floor with one leg straight. Loop a towel round "
            "the ball of the foot and pull it toward you. Hold for 20 seconds, then swap legs.")
    assert len(_names(page)) == 1


def test_a_one_exercise_page_named_by_the_move_it_says_to_perform() -> None:
    page = (
        "WHY: This helps the neck and upper back feel less stiff after desk work.\n"
        "HOW: Sit tall on a firm chair. Rest your hands on your thighs. Now perform a slow "
        "chin tuck followed by a gentle return to the start.\n"
        "TIPS: Keep the eyes level the whole time.\n"
    )
    assert _names(page) == ["Slow chin tuck"]


def test_a_dose_for_each_stretch_is_not_a_strength_moves_dose() -> None:
    page = (
        "Foot Care\n\nHold each stretch for 20 seconds and do it twice.\n\n"
        "Calf stretch\nLean on a wall with one leg back until you feel a stretch in the "
        "calf. Switch legs.\n\n"
        "Toe spread\nTo strengthen the small foot muscles, spread your toes as wide as you "
        "can, then relax them.\n\n"
        "Arch stretch\nPull the toes back until you feel a stretch in the arch.\n"
    )
    holds = [f["hold"] for f in _fields(page)]
    assert holds[0] == Range(20, 20) and holds[2] == Range(20, 20)
    assert holds[1] != Range(20, 20)


def test_a_circuits_timed_move_is_worked_for_its_time() -> None:
    page = (
        "Ten-Minute Core\n\nGo straight through the list.\n\n"
        "- 12 crunches\n- 40-second cobra pose\n- 20-second side plank with 6 hip dips\n"
        "- 10 leg raises\n"
    )
    fields = _fields(page)
    assert (fields[1]["duration"], fields[1]["hold"]) == (Range(40, 40), None)
    assert (fields[2]["hold"], fields[2]["reps"]) == (None, Range(6, 6))


def test_sets_of_timed_holds_are_holds() -> None:
    assert _found("3 sets of 30-second holds") == {"sets": Range(3, 3), "hold": Range(30, 30)}
    assert _found("Do two 20-second stretches.") == {"hold": Range(20, 20)} or _found(
        "Do two 20-second stretches.").get("hold") == Range(20, 20)
    assert _found("3 sets of 30 seconds") == {"sets": Range(3, 3), "duration": Range(30, 30)}


def test_rocking_over_to_the_opposite_side_is_not_per_side() -> None:
    from voicecoach.importer.doses import per_side_in

    assert not per_side_in("Pause, and then slowly roll your knees to the opposite side.")
    assert per_side_in("Hold for 20 seconds, then the other leg.")
    assert per_side_in("Do ten, then switch to the opposite side.")


def test_a_one_exercise_page_of_bulleted_steps_under_two_set_up_labels() -> None:
    from voicecoach.importer.marks import label_of
    from voicecoach.importer.names import is_step, titleish

    assert is_step("Balance on the ball of the foot of one leg")
    assert not is_step("Reach for the Sky")
    assert label_of("Floor instructions") == "keep"
    assert label_of("Exercise instructions") == ""
    assert not titleish("The knees must remain straight")
    page = (
        "Muscles work as they lengthen too, and training that phase protects the tendon for "
        "the long run, as many runners find out the hard way.\n\n"
        "Instructions: on the floor\n\n"
        "  • Stand facing a wall and rest your fingers on it\n"
        "  • Rise onto the balls of both feet\n"
        "  • Shift your weight onto one foot with the heel still up\n"
        "  • Balance on the ball of the foot of one leg\n"
        "  • Lower the heel slowly to the floor\n"
        "  • Resume pushing up onto both feet\n"
        "  • Lift both heels again and go on\n\n"
        "Stair instructions:\n\n"
        "  • Stand on the edge of a stair\n"
        "  • Lift the heels, then lower on one leg\n\n\n"
        "  • The knees must remain straight\n"
        "  • Keep the ankle from rolling out\n"
    )
    assert len(_names(page)) == 1


def test_a_breaths_counts_are_not_a_hold() -> None:
    assert _found("Breathe in for 4 counts, hold for 7 counts, then exhale for 8 counts.",
                  stretchy=True) == {"hold": Range(7, 7)}
    assert _found("Inhale over 4 counts and exhale over 4 counts.", stretchy=True) == {}


def test_a_count_done_bilaterally_is_per_side() -> None:
    from voicecoach.importer.doses import per_side_in

    assert per_side_in("Complete three sets of 12 bilaterally.")
    assert not per_side_in("Do the bilateral bridges with both feet down.")


def test_a_training_goal_over_advice_is_no_exercise() -> None:
    page = (
        "Dumbbell Basics\n\nSome words on why free weights are worth learning.\n\n"
        "Building strength – use a heavier dumbbell and keep to 5-8 reps.\n"
        "Improving endurance – use a lighter dumbbell and go for 15-20 reps.\n\n"
        "The circuit:\n\n- 3 rounds\n- 12 dumbbell rows\n- 10 thrusters\n"
    )
    assert _names(page) == ["Dumbbell rows", "Thrusters"]


def test_prose_that_announces_the_next_move_and_no_move_after_a_conjunction() -> None:
    from voicecoach.importer.sections import Paragraph, prose_exercises

    text = ("Now onto the hip hinge, great for the hamstrings. Push the hips back and try "
            "and get low. Next, on to the reverse lunge, a friendly move for the knees. Step "
            "back and lower the knee.")
    found = prose_exercises([Section(None, [Paragraph(text)])])
    assert [s.heading.text for s in found if s.heading] == ["Hip hinge", "Reverse lunge"]
    found = prose_exercises([Section(None, [Paragraph(
        "Warm up well. Do 12 of these in total, then try and get lower.")])])
    assert found == []


def test_a_rest_after_the_last_exercise_is_no_exercise() -> None:
    page = (
        "Evening Breath Work\n\nA short practice before bed.\n\n"
        "Box breathing\n\nInhale, hold, exhale and hold again, each for 4 seconds. Repeat 5 "
        "times.\n\n"
        "Humming breath\n\nBreathe in through the nose and hum as you breathe out. Repeat 6 "
        "times.\n\n"
        "Lie down and rest at the end to let the practice settle. Notice how your body feels.\n"
    )
    assert _names(page) == ["Box breathing", "Humming breath"]


def test_a_repeated_label_over_a_list_keeps_its_list() -> None:
    page = (
        "Two Day Plan\n\nEasy strength for beginners.\n\nMonday\n\nOn the mat:\n"
        "- 10 squats\n- 10 push-ups\n\nThursday\n\nOn the mat:\n- 12 lunges\n- 20 crunches\n"
    )
    assert _names(page) == ["Squats", "Push-ups", "Lunges", "Crunches"]


def test_rolling_under_each_foot_is_per_side() -> None:
    from voicecoach.importer.doses import per_side_in

    assert per_side_in("Roll a tennis ball slowly under each foot for a minute.")
    assert not per_side_in("Stand with a small towel under each foot.")


def test_rounds_written_out_take_no_rounds_said_in_the_text() -> None:
    page = (
        "Gym Day\n\nLast week I did this with a friend, completing 3 rounds.\n\n"
        "Round 1\n\n12 Goblet Squats\n20 Mountain Climbers\n\n"
        "Round 2\n\n10 Goblet Squats\n16 Mountain Climbers\n\n"
        "Round 3\n\n8 Goblet Squats\n12 Mountain Climbers\n"
    )
    result = import_text(page, "<test>")
    assert len(result.exercises) == 6
    assert not any("sets" in e.field_sources for e in result.exercises)
    assert result.routine.exercises[0].reps == Range(12, 12)


def test_one_repetition_of_each_drill_beside_its_distance_is_one_set() -> None:
    page = (
        "Track Prep\n\nMy drills before a run (I only do one repetition of each drill).\n\n"
        "- High Knees (40 metres)\n- Grapevine (30 metres)\n- Strides (80 metres)\n"
    )
    result = import_text(page, "<test>")
    assert [e.name for e in result.exercises] == ["High Knees", "Grapevine", "Strides"]
    assert all("sets" in e.field_sources for e in result.exercises)
    assert [x.sets for x in result.routine.exercises] == [Range(1, 1)] * 3
    assert result.routine.exercises[0].distance == Range(40, 40)


def test_left_and_right_as_one_count_is_a_rep_not_a_hold_nor_per_side() -> None:
    page = (
        "Abs Day\n\n- Seated Twist - 30 repetitions (Right and Left is a 1 count)\n"
        "- Crunch - 20 repetitions\n\nSeated Twist\n\nSit with knees bent. Turn to the "
        "right, then across to the other side - that's one count.\n\nCrunch\n\n"
        "Lie on your back and curl up.\n"
    )
    twist = _fields(page)[0]
    assert twist["reps"] == Range(30, 30)
    assert twist["hold"] is None and not twist["per_side"]


def test_a_count_down_and_a_count_up_is_a_tempo_not_a_hold() -> None:
    assert "hold" not in _found("Lower down for two counts and up for one count.")
    assert _found("Hold for 5 counts.")["hold"] == Range(5, 5)


def test_a_list_item_giving_every_exercise_its_time_is_no_exercise() -> None:
    page = (
        "Core Blast\n\nHow to do it:\n\n- Devote 45 seconds to each exercise\n"
        "- Rest 15 seconds between each exercise\n\nDead Bug\n\nLie on your back and lower "
        "the opposite arm and leg.\n\nBird Dog\n\nOn all fours, reach one arm forward and "
        "the opposite leg back.\n"
    )
    assert _names(page) == ["Dead Bug", "Bird Dog"]
    assert [f["duration"] for f in _fields(page)] == [Range(45, 45)] * 2


def test_twice_once_for_each_side_is_per_side_not_two_reps() -> None:
    found = _found("You'll do this one twice - once for each side.")
    assert "reps" not in found


def test_a_levels_dose_beside_the_exercises_own_is_a_versions() -> None:
    page = (
        "Core Day\n\n  • Plank Jacks – 40 seconds\n  • Crunches – 20 reps\n\n"
        "Plank Jacks\n\n1. From a high plank, hop the feet apart and back together.\n"
        "2. Repeat this out and in motion for 40 seconds\n\nLevel 1: Step the feet in and "
        "out, or just hold the plank for 40 seconds.\n\nCrunches\n\nLie on your back and "
        "curl up.\n"
    )
    climbers = _fields(page)[0]
    assert climbers["duration"] == Range(40, 40) and climbers["hold"] is None


def test_a_lead_in_naming_this_exercise_is_no_name() -> None:
    page = (
        "Knee Care\n\nA few moves for sore knees.\n\nWall Slide\n\nFor this exercise:\n\n"
        "- Stand with your back to a wall\n- Slide down until the knees bend a little\n"
        "- Do two sets of 8 repetitions\n\nStep Up\n\nTo start this exercise:\n\n"
        "- Stand in front of a low step\n- Step up with one foot and back down\n"
        "- Do 12 repetitions on each leg\n"
    )
    assert _names(page) == ["Wall Slide", "Step Up"]
    fields = _fields(page)
    assert fields[0]["reps"] == Range(8, 8) and fields[0]["sets"] == Range(2, 2)
    assert fields[1]["reps"] == Range(12, 12) and fields[1]["per_side"]


def test_steps_marked_by_round_bullets_are_bullet_items() -> None:
    page = (
        "Knee Care\n\nA few moves for sore knees.\n\nWall Slide\n\n"
        "● Stand with your back to a wall\n● Slide down until the knees bend a little\n"
        "● Do two sets of 8 repetitions\n\nStep Up\n\n"
        "● Stand in front of a low step\n● Step up with one foot and back down\n"
        "● Do 12 repetitions on each leg\n"
    )
    assert _names(page) == ["Wall Slide", "Step Up"]
    assert normalize("● Stand tall\n  ■ Breathe out") == "• Stand tall\n• Breathe out"


def test_a_step_that_goes_on_with_then_is_no_name() -> None:
    page = (
        "Back Ease\n\nTwo moves for the lower back.\n\nKnee Hug\n\n"
        "- Loosen up with a short stroll, then lie down\n- Pull both knees to your chest\n"
        "- Hold for 15 seconds\n\nPelvic Rock\n\n- Lie on your back with knees bent\n"
        "- Rock the pelvis up and back 10 times\n"
    )
    assert _names(page) == ["Knee Hug", "Pelvic Rock"]


def test_name_period_paragraphs_whose_steps_adjust_and_align() -> None:
    page = (
        "Evening Unwind\n\nEasy pose. Lying down with knees bent and feet flat. Adjust your "
        "feet until the weight is even. Stay for 2 minutes.\n\nNeck release. Sitting tall "
        "with the shoulders down. Align the head over the spine. Hold for 20 seconds.\n"
    )
    assert _names(page) == ["Easy pose", "Neck release"]


def test_minutes_on_end_in_a_pose_are_its_time_not_a_hold() -> None:
    assert _found("Breathe here for 5 minutes.", stretchy=True) == {"duration": Range(300, 300)}
    assert _found("Stay here for 30 seconds.", stretchy=True) == {"hold": Range(30, 30)}
    assert _found("Hold for 5 minutes.", stretchy=True) == {"hold": Range(300, 300)}


def test_a_name_period_paragraph_apart_from_the_run_of_its_shape_is_named_too() -> None:
    page = (
        "Hip Openers\n\nFigure four. Lie on your back and cross one ankle over the other "
        "knee. Hold for 30 seconds.\n\nSitting tall with the legs long, reach for your toes "
        "and breathe for 20 seconds.\n\nFrog pose. Kneel and widen the knees. Sink the hips "
        "back for 40 seconds.\n\nLizard lunge. Step one foot forward outside the hands. "
        "Hold for 30 seconds.\n"
    )
    assert _names(page)[0] == "Figure four"
    assert _names(page)[-2:] == ["Frog pose", "Lizard lunge"]


def test_a_longer_name_before_a_bare_dose_among_name_dose_lines() -> None:
    page = (
        "Quiet Back Flow\n\nA gentle flow.\n\nCat cow: 6 breaths\n"
        "Seated side bend with both arms reaching overhead: 4 breaths\nChild pose: 8 breaths\n"
    )
    assert _names(page) == ["Cat cow", "Seated side bend with both arms reaching overhead",
                            "Child pose"]


def test_a_numbered_item_that_only_labels_notes_is_no_name() -> None:
    page = (
        "Side-Lying Leg Lift\n\n1. Lie on your side with the legs straight.\n\n"
        "2. Lift the top leg toward the ceiling and lower it.\n\n"
        "3. Perform 2 sets of 12 repetitions.\n\n4. Further Instructions\n\n"
        "a. Keep the hips stacked and do not roll back.\n"
    )
    result = import_text(page, "<test>")
    assert [e.name for e in result.exercises] == ["Side-Lying Leg Lift"]
    assert result.routine.exercises[0].reps == Range(12, 12)
    assert [ln.kind for ln in classify(["4. Further Instructions", "5. Coaching Notes"])] == [
        "body", "body"]


def test_a_one_exercise_page_titled_by_its_series_then_its_name() -> None:
    page = (
        "Neck Exercises: Chin Tuck\n\nSit tall in a chair with your feet flat.\n\n"
        "  • Draw your chin straight back without tipping the head.\n\n"
        "  • Hold for 5 seconds. Relax.\n\n  • Repeat 8 times.\n"
    )
    result = import_text(page, "<test>")
    assert [e.name for e in result.exercises] == ["Chin Tuck"]
    assert result.routine.exercises[0].reps == Range(8, 8)


def test_a_starting_position_over_name_dose_lines_is_no_exercise() -> None:
    page = (
        "Morning Flow\n\nA short flow to wake the spine.\n\n"
        "Kneel tall, hands on the hips, shoulders soft\n"
        "Camel: 5 breaths\nChild pose: 5 breaths\nThread the needle: 5 breaths per side\n"
    )
    assert _names(page) == ["Camel", "Child pose", "Thread the needle"]


def test_a_page_titled_by_its_rounds_repeats_the_routine() -> None:
    page = "3 Rounds\n\n15 Air Squats\n10 Push Ups\n\nMove fast and breathe.\n"
    result = import_text(page, "<test>")
    assert [e.name for e in result.exercises] == ["Air Squats", "Push Ups"]
    assert [x.sets for x in result.routine.exercises] == [Range(3, 3)] * 2


def test_a_workouts_goal_and_score_are_labels_not_exercises() -> None:
    assert label_of("Goal") and label_of("Score")
    lines = classify(["Goal: Under 12 Min", "Score: total time with rest"])
    assert [ln.kind for ln in lines] == ["body", "body"] and all(ln.label for ln in lines)


def test_a_load_to_use_is_no_exercise() -> None:
    heading = Line("heading", "Ideal weight for men: 16-24 kg KB")
    text = "Hinge at the hips and drive the bell up to eye level. Do 15 reps."
    assert not _is_exercise(Section(heading, [Paragraph(text)]))
    assert _is_exercise(Section(Line("heading", "KB Swings"), [Paragraph(text)]))


def test_a_holds_bare_number_takes_the_rests_unit() -> None:
    from voicecoach.importer.doses import read_dose
    dose = read_dose(["Hold for 45, rest for 15 seconds, and switch sides."], stretchy=True)
    assert [(f.field, f.value) for f in dose.findings] == [("hold", Range(45, 45))]
    assert dose.findings[0].sentence.startswith("Hold for 45, rest")


def test_what_a_move_is_good_for_says_nothing_of_sides() -> None:
    from voicecoach.importer.doses import read_dose
    dose = read_dose(["Great for both sides and the stomach!", "Twist and touch the floor."],
                     stretchy=False)
    assert dose.per_side_sentence is None


def test_a_first_line_in_capitals_like_the_names_after_it_is_an_exercise() -> None:
    page = (
        "WALL ANGEL STRETCH\nStand with your back flat against a wall. Slide your arms up "
        "and down 10 times.\nDOORWAY CHEST STRETCH\nPlace your forearms on the door frame. "
        "Lean through for 20 seconds.\nSEATED NECK TILT\nSit tall. Tilt your ear to your "
        "shoulder for 15 seconds.\n"
    )
    assert [n.lower() for n in _names(page)] == ["wall angel stretch", "doorway chest stretch",
                                                 "seated neck tilt"]


def test_repeat_the_sequence_after_its_counts_counts_sets() -> None:
    from voicecoach.importer.doses import read_dose
    dose = read_dose(["Walk forward 10 steps on your toes; then take 10 steps on your heels.",
                      "Repeat the sequence two times."], stretchy=False)
    fields = {f.field: f.value for f in dose.findings}
    assert fields["sets"] == Range(2, 2) and fields["reps"] == Range(10, 10)


def test_a_listed_move_in_the_plural_is_its_section_in_the_singular() -> None:
    page = (
        "Core Day 9\n\nHere is today's workout:\n\n  • Dead Bugs – 40 seconds\n"
        "  • Hollow Holds – 20 seconds\n\nHow to do the Exercises\n\nDead Bug\n\n"
        "  1. Lie on your back with arms up\n  2. Lower the opposite arm and leg\n\n"
        "Hollow Hold\n\n  1. Lie on your back\n  2. Lift the shoulders and legs off the floor\n"
    )
    assert len(_names(page)) == 2


def test_a_one_word_last_step_is_no_name() -> None:
    lines = classify(["1. Lie on your back with the knees bent",
                      "2. Press your lower back into the floor, pulling your belly in",
                      "3. Relax"])
    assert [ln.kind for ln in lines] == ["body", "body", "body"]


def test_advice_on_the_following_exercises_under_a_group_heading_is_no_exercise() -> None:
    heading = Line("heading", "Knee Strengthening – Starter Exercises")
    text = ("To begin with, the following basic knee strengthening exercises should be "
            "performed approximately 8 times, 2 times daily. As your knee strength improves, "
            "the exercises can be progressed by gradually increasing the repetitions.")
    assert not _is_exercise(Section(heading, [Paragraph(text)]))


def test_switching_legs_after_each_set_is_per_side() -> None:
    from voicecoach.importer.doses import per_side_in
    assert per_side_in("Do 2 sets of 8 reps, switching legs after each set.")
    assert per_side_in("Do 2 sets of 8 reps and change your legs after each set.")


def test_a_muscle_tightened_for_a_time_is_held() -> None:
    assert _found("Tighten the thigh muscle for 6 seconds.") == {"hold": Range(6, 6)}


def test_repeat_on_the_named_side_and_switch_leg_are_per_side() -> None:
    from voicecoach.importer.doses import per_side_in
    assert per_side_in("Repeat on right side.")
    assert per_side_in("Roll for two minutes and then switch leg.")
    assert not per_side_in("Lie on your right side.")


def test_an_amount_first_item_with_its_purpose_heads_a_list_of_named_drills() -> None:
    page = (
        "My Pre-Run Drills\n\nWhat I do before every run:\n\n"
        "- 5 minute brisk walk to get your legs moving\n- High Knees (40 metres)\n"
        "- Butt Kicks (40 metres)\n- Strides (80 metres)\n"
    )
    assert _names(page) == ["Brisk walk", "High Knees", "Butt Kicks", "Strides"]
    assert _fields(page)[0]["duration"] == Range(300, 300)


def test_a_two_sentence_step_between_steps_is_no_name() -> None:
    lines = classify(["1. Stand beside a counter with your feet together.",
                      "2. Take a breath. Rise onto your toes slowly.",
                      "3. Come down over three seconds and repeat."])
    assert [ln.kind for ln in lines] == ["body", "body", "body"]


def test_repeat_on_the_uninvolved_side_is_per_side() -> None:
    from voicecoach.importer.doses import per_side_in
    assert per_side_in("Repeat the exercise standing on the uninvolved leg.")


def test_headings_numbered_without_a_mark_keep_the_numbers_out_of_the_names() -> None:
    text = ("Core circuit\n\n1 Plank\n\nGet into a press-up position and keep your back "
            "straight. Hold for 20 seconds.\n\n2 Side plank\n\nLie on your side and raise your "
            "hips. Hold for 20 seconds.\n\n3 Clams\n\nLie on your side, knees bent, and open "
            "your top knee. Complete 10 reps.\n")
    result = import_text(text, "<test>")
    assert [e.name for e in result.exercises] == ["Plank", "Side plank", "Clams"]
