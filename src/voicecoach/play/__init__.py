"""Live play: the session spoken through the speakers, with a display and keys.

The parts, each replaceable in tests, in the order data flows:

- :mod:`.program`: the session's samples as they become ready (the render
  pipeline's own steps, in the background).
- :mod:`.transport`: position, pause, chapter seeks, key commands. Pure.
- :mod:`.sinks`: a device (miniaudio) or an injected clock pulls from the
  transport; :mod:`.devices` finds the outputs.
- :mod:`.keys` and :mod:`.display`: the terminal's keys and the live panel.
- :mod:`.live`: the loop that wires them together for the CLI.
"""

from __future__ import annotations

from .devices import list_devices
from .live import play_session

__all__ = ["list_devices", "play_session"]
