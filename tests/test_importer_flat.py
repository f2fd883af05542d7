"""Flattened pages get their line breaks back (voicecoach.importer.flat)."""

from __future__ import annotations

from voicecoach.importer.flat import unflatten


def test_inline_bullets_with_lost_headings_become_headings_and_items() -> None:
    line = ("Warm up first Shake: your arms • Stand tall. • Shake both arms for 20 seconds. "
            "Shake: your legs • Stand on one leg. • Shake the other leg ten times.")
    assert unflatten(line).split("\n") == [
        "Warm up first", "", "## Shake: your arms", "",
        "- Stand tall.", "- Shake both arms for 20 seconds.", "", "## Shake: your legs", "",
        "- Stand on one leg.", "- Shake the other leg ten times.",
    ]


def test_lines_without_a_lost_heading_are_kept() -> None:
    line = "Works: glutes • hamstrings • calves • quads"
    assert unflatten(line) == line
    assert unflatten("Stand tall.\n• Lift your arms.") == "Stand tall.\n• Lift your arms."


def test_inline_name_dash_sentences_become_one_line_each() -> None:
    line = ("Do these drills before every run. Jumping jacks- jump your feet out, for about "
            "1-2 minutes. High knees- run in place, for about 1 minute. Butt kicks- kick your "
            "heels up, for about 1 minute.")
    assert unflatten(line).split("\n") == [
        "Do these drills before every run.", "",
        "Jumping jacks – Jump your feet out, for about 1-2 minutes.", "",
        "High knees – Run in place, for about 1 minute.", "",
        "Butt kicks – Kick your heels up, for about 1 minute."]


def test_a_paragraph_with_fewer_inline_names_is_kept() -> None:
    line = "Tip: keep your back flat. Note: stop if it hurts. Stand tall and breathe."
    assert unflatten(line) == line


def test_inline_name_dash_drills_import_with_their_times() -> None:
    from test_importer_build import summary

    from voicecoach.importer import import_text
    from voicecoach.routine import Range

    text = ("Running Warm Up\n\nDo these before a run. Jumping jacks- jump your feet out, for "
            "about 1-2 minutes. High knees- run in place, for about 1 minute. Butt kicks- kick "
            "your heels to your glutes, for about 1 minute.\n")
    assert summary(import_text(text, "<stdin>")) == [
        {"name": "Jumping jacks", "kind": "timed", "duration": Range(60, 120)},
        {"name": "High knees", "kind": "timed", "duration": Range(60, 60)},
        {"name": "Butt kicks", "kind": "timed", "duration": Range(60, 60)}]


def test_inline_names_may_have_hyphens_and_a_colon_for_a_dash() -> None:
    line = ("Try this before bed. Child's pose: kneel and sit back. Cat-cow: on all fours, arch "
            "your back. Corpse pose: lie flat and relax.")
    assert [x for x in unflatten(line).split("\n") if x][1:] == [
        "Child's pose – Kneel and sit back.", "Cat-cow – On all fours, arch your back.",
        "Corpse pose – Lie flat and relax."]
