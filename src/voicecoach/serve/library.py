"""The library: which files of the served folder are sessions, and what each one holds.

This module decides what may ever be served. The folder is listed afresh on every
request (one ``scandir``, cheap), so a session rendered while the server runs shows
up at once; what is read from each MP3 (tags, chapters, artwork, a content hash) is
cached under its inode, size and modification time, so only new or changed files
are read again.

A session is a visible regular ``*.mp3`` file directly in the folder. Its companions,
served beside it, are the files of the same stem that ``voicecoach render`` writes or
a user adds: ``NAME.vtt`` and ``NAME.json`` (the transcripts) and ``NAME.jpg``,
``NAME.jpeg``, ``NAME.png`` or ``NAME.webp`` (artwork). Nothing else is ever served:
hidden files (which include the renderer's ``.NAME.mp3.XXXX.part`` files), other
extensions, sub-folders, names that could not travel safely in a URL path segment,
and symbolic links that resolve outside the folder are left out of the listing,
and a request is answered only for a name found in it (an allow-list by name).

Everything read from a file (titles, chapter names, equipment) is untrusted text:
it is returned as plain strings here and escaped where it is written out.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import threading
from dataclasses import dataclass, field
from pathlib import Path

AUDIO_TYPE = "audio/mpeg"
SIDECAR_TYPES = {
    ".vtt": "text/vtt; charset=utf-8",
    ".json": "application/json",
}
ART_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}
# Embedded (APIC) artwork is served only with one of these types.
EMBEDDED_ART_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})



@dataclass(frozen=True)
class Chapter:
    title: str
    start: float  # seconds
    end: float  # seconds


@dataclass(frozen=True)
class ServedFile:
    """A file the server may send: its real path and content type."""

    path: Path
    media_type: str


@dataclass(frozen=True)
class Session:
    """One MP3 in the folder, with what the page and the feed show of it."""

    name: str  # the file name, e.g. "hip.mp3"
    path: Path
    size: int
    mtime: float
    title: str
    duration: float  # seconds; 0.0 when it could not be read
    chapters: tuple[Chapter, ...]
    equipment: tuple[str, ...]
    sha256: str
    transcript: str | None = None  # NAME.vtt, when present
    cue_sheet: str | None = None  # NAME.json, when present
    artwork: str | None = None  # NAME.jpg/png/..., when present
    embedded_art: tuple[str, bytes] | None = field(default=None, repr=False)  # (mime, data)

    @property
    def stem(self) -> str:
        return self.name[: -len(".mp3")]

    @property
    def guid(self) -> str:
        """Stable across restarts: the file name and a hash of its content (a re-render
        with different audio is a new episode; touching the file is not)."""
        return f"voicecoach:{self.name}:{self.sha256[:32]}"

    @property
    def has_art(self) -> bool:
        return self.artwork is not None or self.embedded_art is not None


@dataclass(frozen=True)
class Listing:
    """The folder as of one request: its sessions (newest first) and every servable file."""

    sessions: tuple[Session, ...]
    files: dict[str, ServedFile]

    def session(self, name: str) -> Session | None:
        for session in self.sessions:
            if session.name == name:
                return session
        return None


def safe_name(name: str) -> bool:
    """A name that can be served: visible, one path segment, printable, valid UTF-8."""
    if not name or name.startswith(".") or name.endswith(".part"):
        return False
    if "/" in name or "\\" in name or ".." in name:
        return False
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in name):
        return False
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes in the file name (surrogate escapes)
        return False
    return True


def _resolve(root: str, path: str) -> str | None:
    """The real path of ``path`` when it is a regular file inside ``root`` (symbolic
    links followed), else None: a link pointing out of the folder is not served."""
    real = os.path.realpath(path)
    try:
        if os.path.commonpath([root, real]) != root or real == root:
            return None
        return real if stat.S_ISREG(os.stat(real).st_mode) else None
    except (OSError, ValueError):
        return None


class Library:
    """The sessions of one folder, listed per request and read once per version."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._cache: dict[str, tuple[tuple[int, int, int], Session]] = {}
        self._lock = threading.Lock()

    def listing(self) -> Listing:
        """List the folder now. A missing or unreadable folder lists as empty."""
        root = os.path.realpath(self.directory)
        names: dict[str, tuple[str, os.stat_result]] = {}
        try:
            with os.scandir(root) as entries:
                for entry in entries:
                    if not safe_name(entry.name):
                        continue
                    real = _resolve(root, os.path.join(root, entry.name))
                    if real is None:
                        continue
                    try:
                        names[entry.name] = (real, os.stat(real))
                    except OSError:
                        continue
        except OSError:
            return Listing((), {})

        sessions: list[Session] = []
        files: dict[str, ServedFile] = {}
        for name, (real, st) in names.items():
            if not name.lower().endswith(".mp3") or len(name) <= 4:
                continue
            stem = name[:-4]
            companions = {ext: f"{stem}{ext}" for ext in (*SIDECAR_TYPES, *ART_TYPES)}
            present = {ext: n for ext, n in companions.items() if n in names}
            session = self._session(Path(root, name), Path(real), st, present)
            sessions.append(session)
            files[name] = ServedFile(Path(real), AUDIO_TYPE)
            for ext, companion in present.items():
                media_type = SIDECAR_TYPES.get(ext) or ART_TYPES[ext]
                files[companion] = ServedFile(Path(names[companion][0]), media_type)
        sessions.sort(key=lambda s: (-s.mtime, s.name))
        with self._lock:  # forget files that are gone
            for gone in set(self._cache) - {s.name for s in sessions}:
                del self._cache[gone]
        return Listing(tuple(sessions), files)

    def _session(
        self, listed: Path, real: Path, st: os.stat_result, present: dict[str, str]
    ) -> Session:
        name = listed.name
        key = (st.st_ino, st.st_size, st.st_mtime_ns)
        art = next((present[ext] for ext in ART_TYPES if ext in present), None)
        sidecars = (present.get(".vtt"), present.get(".json"), art)
        with self._lock:
            cached = self._cache.get(name)
        if cached and cached[0] == key:
            session = cached[1]
            if (session.transcript, session.cue_sheet, session.artwork) == sidecars:
                return session
        session = read_session(listed, real, st, *sidecars)
        with self._lock:
            self._cache[name] = (key, session)
        return session


# --------------------------------------------------------------------------- reading files


def read_session(
    listed: Path,
    path: Path,
    st: os.stat_result,
    transcript: str | None = None,
    cue_sheet: str | None = None,
    artwork: str | None = None,
) -> Session:
    """Read one MP3 (listed as ``listed``, really at ``path``): tags, chapters, duration.
    A file that cannot be parsed still lists (named after its file, with no chapters):
    it may be a plain MP3."""
    title = listed.name[:-4]
    duration = 0.0
    chapters: tuple[Chapter, ...] = ()
    embedded: tuple[str, bytes] | None = None
    try:
        from mutagen.mp3 import MP3

        audio = MP3(str(path))
        duration = float(getattr(audio.info, "length", 0.0) or 0.0)
        tags = audio.tags
        if tags is not None:
            tit2 = tags.get("TIT2")
            if tit2 is not None and str(tit2).strip():
                title = str(tit2).strip()
            chapters = _chapters(tags, duration)
            embedded = _embedded_art(tags)
    except Exception:  # mutagen raises many kinds on a damaged or foreign file
        pass
    equipment: tuple[str, ...] = ()
    if cue_sheet is not None:
        equipment = _equipment(listed.with_name(cue_sheet))
    return Session(
        name=listed.name,
        path=path,
        size=st.st_size,
        mtime=st.st_mtime,
        title=title,
        duration=duration,
        chapters=chapters,
        equipment=equipment,
        sha256=_sha256(path),
        transcript=transcript,
        cue_sheet=cue_sheet,
        artwork=artwork,
        embedded_art=embedded,
    )


def _chapters(tags: object, duration: float) -> tuple[Chapter, ...]:
    """CHAP frames in CTOC order (or by start time), in seconds."""
    getall = getattr(tags, "getall", None)
    if getall is None:
        return ()
    frames = {frame.element_id: frame for frame in getall("CHAP")}
    order: list[str] = []
    for toc in getall("CTOC"):
        if toc.flags & 0x02:  # top level
            order = [i for i in toc.child_element_ids if i in frames]
            break
    if not order:
        order = sorted(frames, key=lambda i: frames[i].start_time)
    chapters = []
    for n, element in enumerate(order, 1):
        frame = frames[element]
        sub = frame.sub_frames.get("TIT2")
        title = str(sub).strip() if sub is not None and str(sub).strip() else f"Chapter {n}"
        start = frame.start_time / 1000
        end = frame.end_time / 1000
        if duration and end > duration + 1:
            end = duration
        chapters.append(Chapter(title=title, start=start, end=max(end, start)))
    return tuple(chapters)


def _embedded_art(tags: object) -> tuple[str, bytes] | None:
    getall = getattr(tags, "getall", None)
    if getall is None:
        return None
    pictures = getall("APIC")
    # The front cover (type 3) first, then any other picture.
    pictures.sort(key=lambda p: p.type != 3)
    for picture in pictures:
        mime = str(picture.mime or "").lower()
        if mime == "image/jpg":
            mime = "image/jpeg"
        if mime in EMBEDDED_ART_TYPES and picture.data:
            return mime, bytes(picture.data)
    return None


def _equipment(cue_sheet: Path) -> tuple[str, ...]:
    """The session's equipment, from its cue sheet's ``equipment`` list."""
    try:
        if cue_sheet.stat().st_size > 20_000_000:
            return ()
        data = json.loads(cue_sheet.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    listed = data.get("equipment") if isinstance(data, dict) else None
    found: list[str] = []
    for item in listed if isinstance(listed, list) else ():
        if isinstance(item, str) and item.strip() and item.strip() not in found:
            found.append(item.strip())
    return tuple(found)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with contextlib.suppress(OSError), path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
