"""``voicecoach serve``: rendered sessions onto a phone without cables.

A small read-only web server (Starlette on uvicorn) for one folder of sessions:
a page made for a phone (:mod:`.page`), a podcast feed with Podcasting 2.0
chapters (:mod:`.feed`), the files themselves with range requests (:mod:`.app`,
:mod:`.ranges`), and a QR code for the terminal (:mod:`.qr`). What may be served
is decided in :mod:`.library`, the URL layout in :mod:`.urls`, and where it
listens and with which token in :mod:`.server`.

The CLI calls :func:`run`; tests build the ASGI app with :func:`make_app`.
"""

from __future__ import annotations

from .app import make_app
from .qr import qr_text
from .server import DEFAULT_PORT, Listen, lan_address, plan_listen, run

__all__ = ["DEFAULT_PORT", "Listen", "lan_address", "make_app", "plan_listen", "qr_text", "run"]
