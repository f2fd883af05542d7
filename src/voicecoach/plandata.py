"""``plan --json``: the session as data, for scripts.

The shape is stable (``"schema": 1``; fields are added, never renamed or removed,
without raising it) and documented in the README. Times are seconds, estimated
from the text as ``plan`` estimates them (``"estimated": true``); ``render``'s
cue sheet has the exact ones.
"""

from __future__ import annotations

import json
from typing import Any

from .session import Session, Step
from .timeline import Timeline

SCHEMA = 1


def _seconds(samples: int, rate: int) -> float:
    return round(samples / rate, 3)


def step_data(step: Step) -> dict[str, Any]:
    d = step.dose
    return {
        "position": step.position,
        "slug": step.slug,
        "name": step.name,
        "kind": d.kind,
        "dose": d.describe(),
        "sets": d.sets,
        "per_side": d.per_side,
        "reps": d.reps,
        "hold": d.hold,
        "duration": d.duration,
        "distance": d.distance,
        "movement": d.movement,
        "pace": d.pace if d.kind == "distance" else None,
        "tempo": d.tempo if d.kind == "reps" else None,
        "rest": d.rest if d.sets > 1 else None,
        "equipment": list(step.equipment),
        "changed": sorted(step.changed),
    }


def session_data(session: Session, laid: Timeline) -> dict[str, Any]:
    """The session (steps with their concrete doses), its settings and the estimated
    timeline's chapters and duration."""
    rate = laid.rate
    return {
        "schema": SCHEMA,
        "routine": {"name": session.name, "slug": session.slug},
        "settings": dict(session.settings),
        "voice": {"name": session.voice.name, "rate": session.voice.rate,
                  "volume": session.voice.volume},
        "tones": session.tones,
        "pacing": {"switch": session.pacing.switch, "transition": session.pacing.transition,
                   "lead_in": session.pacing.lead_in, "ready": session.pacing.ready},
        "equipment": list(session.equipment),
        "steps": [step_data(step) for step in session.steps],
        "estimated": True,
        "duration": round(laid.duration, 3),
        "chapters": [{"index": c.index, "title": c.title, "start": _seconds(c.start, rate),
                      "end": _seconds(c.end, rate)} for c in laid.chapters],
    }


def to_json(session: Session, laid: Timeline) -> str:
    return json.dumps(session_data(session, laid), indent=2, ensure_ascii=False) + "\n"
