"""The podcast feed and its chapter files: what a podcast app subscribes to.

Decides the feed's shape: RSS 2.0 with the iTunes namespace (``itunes:duration``,
``itunes:image``, ...) and the Podcasting 2.0 namespace (``podcast:chapters``
pointing at a JSON chapters file, ``podcast:transcript`` at the WebVTT transcript).
One item per session, newest first, with

* a GUID that stays the same for the same audio (file name + content hash), so an
  app neither loses nor duplicates an episode when the server restarts;
* an enclosure with the absolute URL, the exact length in bytes and ``audio/mpeg``;
* the duration in whole seconds, the file's modification time as an RFC 2822
  ``pubDate``, and the exercise list (the chapters, with start times) as description.

The XML is built with ElementTree (which escapes text and attributes); characters
XML 1.0 cannot hold at all are dropped from text read from files.
"""

from __future__ import annotations

import json
import re
import time
from email.utils import formatdate
from xml.etree import ElementTree as ET

from .library import Listing, Session
from .urls import Urls

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
CHAPTERS_TYPE = "application/json+chapters"

ET.register_namespace("itunes", ITUNES)
ET.register_namespace("podcast", PODCAST)
ET.register_namespace("atom", ATOM)

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    """``text`` without the characters XML 1.0 (and so HTML) cannot carry."""
    return _NOT_XML.sub("", text)


def clock(seconds: float) -> str:
    """``M:SS`` or ``H:MM:SS`` (whole seconds, cut: a chapter at 6.9 s shows 0:06)."""
    whole = max(int(seconds), 0)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def description(session: Session) -> str:
    """The exercise list, one chapter a line with its start time, then the equipment."""
    lines = [f"{clock(c.start)} {clean(c.title)}" for c in session.chapters]
    if session.equipment:
        lines.append("Equipment: " + "; ".join(clean(e) for e in session.equipment))
    return "\n".join(lines) or clean(session.title)


def _sub(parent: ET.Element, tag: str, content: str | None = None, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib)
    if content is not None:
        element.text = content
    return element


def rss(listing: Listing, urls: Urls, *, title: str = "voicecoach sessions") -> bytes:
    """The feed for ``listing``; ``urls`` must be absolute (with an origin)."""
    root = ET.Element("rss", {"version": "2.0"})
    channel = _sub(root, "channel")
    _sub(channel, "title", clean(title))
    _sub(channel, "link", urls.page())
    _sub(channel, "description", "Voice-guided exercise sessions rendered by voicecoach.")
    _sub(channel, "language", "en")
    _sub(channel, "generator", "voicecoach")
    newest = max((s.mtime for s in listing.sessions), default=time.time())
    _sub(channel, "lastBuildDate", formatdate(newest, usegmt=True))
    _sub(channel, f"{{{ATOM}}}link", href=urls.feed(), rel="self", type="application/rss+xml")
    _sub(channel, f"{{{ITUNES}}}author", "voicecoach")
    _sub(channel, f"{{{ITUNES}}}summary", "Voice-guided exercise sessions.")
    _sub(channel, f"{{{ITUNES}}}explicit", "false")
    _sub(channel, f"{{{ITUNES}}}type", "episodic")
    _sub(channel, f"{{{ITUNES}}}category", text="Health & Fitness")
    cover = next((urls.art(s) for s in listing.sessions if s.has_art), None)
    if cover:
        _sub(channel, f"{{{ITUNES}}}image", href=cover)
        image = _sub(channel, "image")
        _sub(image, "url", cover)
        _sub(image, "title", clean(title))
        _sub(image, "link", urls.page())

    for session in listing.sessions:
        item = _sub(channel, "item")
        _sub(item, "title", clean(session.title))
        text = description(session)
        _sub(item, "description", text)
        _sub(item, f"{{{ITUNES}}}summary", text)
        _sub(item, "guid", session.guid, isPermaLink="false")
        _sub(item, "pubDate", formatdate(session.mtime, usegmt=True))
        _sub(item, "link", urls.page())
        _sub(item, "enclosure", url=urls.file(session.name), length=str(session.size),
             type="audio/mpeg")
        _sub(item, f"{{{ITUNES}}}duration", str(round(session.duration)))
        _sub(item, f"{{{ITUNES}}}episodeType", "full")
        _sub(item, f"{{{ITUNES}}}explicit", "false")
        art = urls.art(session)
        if art:
            _sub(item, f"{{{ITUNES}}}image", href=art)
        _sub(item, f"{{{PODCAST}}}chapters", url=urls.chapters(session), type=CHAPTERS_TYPE)
        if session.transcript:
            _sub(item, f"{{{PODCAST}}}transcript", url=urls.file(session.transcript),
                 type="text/vtt")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def chapters_json(session: Session) -> bytes:
    """Podcasting 2.0 JSON chapters (version 1.2.0) from the MP3's CHAP frames."""
    data = {
        "version": "1.2.0",
        "title": clean(session.title),
        "chapters": [
            {"startTime": round(c.start, 3), "endTime": round(c.end, 3), "title": clean(c.title)}
            for c in session.chapters
        ],
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
