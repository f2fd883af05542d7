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
