"""The server's URL layout, in one place, so every link carries the token.

Decides the paths (all under ``PREFIX``, which is ``/t/TOKEN`` when a token is set
and empty otherwise; the token travels as a path prefix, so relative links, the QR
code, the feed and its enclosures all keep it without query strings a podcast app
might drop):

    PREFIX/                      the page
    PREFIX/feed.xml              the podcast feed
    PREFIX/files/NAME            a session file (NAME.mp3, .vtt, .json, .jpg/.png/.webp)
    PREFIX/chapters/NAME.json    Podcasting 2.0 chapters of NAME (an MP3 file name)
    PREFIX/art/NAME              the artwork embedded in NAME (an MP3 file name)

File names are percent-encoded as one path segment.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from .library import Session


def segment(name: str) -> str:
    """``name`` percent-encoded as one path segment (``/`` and ``%`` included)."""
    return quote(name, safe="")


def prefix_for(token: str | None) -> str:
    return f"/t/{segment(token)}" if token else ""


@dataclass(frozen=True)
class Urls:
    """Links for one response. ``origin`` is ``scheme://host[:port]``, or empty for
    path-only links (the page); the feed needs absolute ones."""

    prefix: str = ""
    origin: str = ""

    def _at(self, path: str) -> str:
        return f"{self.origin}{self.prefix}{path}"

    def page(self) -> str:
        return self._at("/")

    def feed(self) -> str:
        return self._at("/feed.xml")

    def file(self, name: str) -> str:
        return self._at(f"/files/{segment(name)}")

    def chapters(self, session: Session) -> str:
        return self._at(f"/chapters/{segment(session.name)}.json")

    def art(self, session: Session) -> str | None:
        if session.artwork is not None:
            return self.file(session.artwork)
        if session.embedded_art is not None:
            return self._at(f"/art/{segment(session.name)}")
        return None
