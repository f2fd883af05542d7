"""The ASGI application (Starlette): which request gets which answer.

Decides the HTTP behaviour of ``voicecoach serve``:

* Only ``GET`` and ``HEAD``; anything else is 405.
* With a token, every path starts ``/t/TOKEN/``: no prefix is 401, a wrong token is
  403 (compared in constant time). Without one, paths start at ``/``.
* The path is checked before anything is looked up: a NUL, a backslash, an empty,
  ``.`` or ``..`` segment, also once more percent-decoded (double encoding), is
  400. Then a file is served only if its name is in the folder's listing at that
  moment (:mod:`.library`): everything else is 404. There is no directory listing.
* Files are opened read-only (without following a final symbolic link) and sent
  from the open file, so a session re-rendered mid-download (the renderer replaces
  files atomically) never mixes two versions. Range requests follow :mod:`.ranges`
  (206 with ``Content-Range``, 416 with ``bytes */SIZE``), with ``Accept-Ranges``,
  ``ETag``, ``Last-Modified``, ``If-None-Match``/``If-Modified-Since`` (304) and
  ``If-Range``.
* The page and the feed are built per request (new sessions appear without a
  restart) and sent with ``Cache-Control: no-cache``; every response carries
  ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer``.
* An unexpected error is logged and answered 500 without details; the server goes on.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
from collections.abc import AsyncIterator
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from .feed import chapters_json, rss
from .library import Library, Listing, ServedFile
from .page import CSP, render_page
from .ranges import ByteRange, Unsatisfiable, parse_range
from .urls import Urls, prefix_for

log = logging.getLogger("voicecoach.serve")

CHUNK = 64 * 1024
COMMON_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
_HOST = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")


def _plain(status: int, text: str, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(
        text + "\n", status_code=status,
        headers={**COMMON_HEADERS, "Cache-Control": "no-store", **(headers or {})},
    )


def _bad_path(path: str) -> bool:
    """A path that tries to leave its folder, in plain, encoded or double-encoded form."""
    for candidate in (path, unquote(path)):
        if "\x00" in candidate or "\\" in candidate:
            return True
        segments = candidate.split("/")[1:]
        if any(s in ("", ".", "..") for s in segments[:-1]) or segments[-1:] in ([".."], ["."]):
            return True
    return False


class _Sessions:
    """The request handler, bound to one folder and token."""

    def __init__(self, directory: Path, token: str | None, base_url: str | None,
                 title: str) -> None:
        self.library = Library(directory)
        self.folder = Path(directory).name
        self.token = token
        self.prefix = prefix_for(token)
        self.base_url = base_url.rstrip("/") if base_url else None
        self.title = title

    async def handle(self, request: Request) -> Response:
        try:
            return await self._answer(request)
        except Exception:  # a bug: log it, answer without details, keep serving
            log.exception("error answering %s %s", request.method, request.url.path)
            return _plain(500, "Internal error.")

    async def _answer(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return _plain(405, "Only GET and HEAD.", {"Allow": "GET, HEAD"})
        path: str = request.scope.get("path", "/")
        if _bad_path(path):
            return _plain(400, "Bad path.")
        if self.token is not None:
            parts = path.split("/", 3)  # "", "t", TOKEN, rest
            if len(parts) < 3 or parts[1] != "t":
                return _plain(401, "This address needs its token: open the link "
                              "`voicecoach serve` printed.")
            if not secrets.compare_digest(parts[2].encode(), self.token.encode()):
                return _plain(403, "Wrong token.")
            if len(parts) == 3:
                return RedirectResponse(f"{self.prefix}/", status_code=308,
                                        headers=COMMON_HEADERS)
            path = "/" + parts[3]
        if path in ("/", "/index.html"):
            return self._page(await self._listing())
        if path == "/feed.xml":
            return self._feed(request, await self._listing())
        kind, _, name = path[1:].partition("/")
        if not name or "/" in name:
            return _plain(404, "Not found.")
        listing = await self._listing()
        if kind == "files":
            served = listing.files.get(name)
            if served is None:
                return _plain(404, "Not found.")
            return await _send_file(request, served)
        if kind == "chapters" and name.endswith(".json"):
            session = listing.session(name[: -len(".json")])
            if session is None:
                return _plain(404, "Not found.")
            return Response(chapters_json(session), media_type="application/json",
                            headers={**COMMON_HEADERS, "Cache-Control": "no-cache"})
        if kind == "art":
            session = listing.session(name)
            if session is None or session.embedded_art is None:
                return _plain(404, "Not found.")
            mime, data = session.embedded_art
            return Response(data, media_type=mime, headers={
                **COMMON_HEADERS, "Cache-Control": "no-cache",
                "ETag": f'"{session.sha256[:32]}"',
            })
        return _plain(404, "Not found.")

    async def _listing(self) -> Listing:
        """The folder now (read in a worker thread: a new MP3 is hashed once)."""
        return await anyio.to_thread.run_sync(self.library.listing)

    def _page(self, listing: Listing) -> Response:
        html = render_page(listing, Urls(self.prefix), folder=self.folder)
        return Response(html, media_type="text/html; charset=utf-8", headers={
            **COMMON_HEADERS, "Cache-Control": "no-cache", "Content-Security-Policy": CSP,
        })

    def _feed(self, request: Request, listing: Listing) -> Response:
        body = rss(listing, Urls(self.prefix, self._origin(request)), title=self.title)
        return Response(body, media_type="application/rss+xml; charset=utf-8",
                        headers={**COMMON_HEADERS, "Cache-Control": "no-cache"})

    def _origin(self, request: Request) -> str:
        """``scheme://host:port`` for absolute links: the configured base URL, else the
        Host the client used (checked), else the address the server listens on."""
        if self.base_url:
            return self.base_url
        host = request.headers.get("host", "")
        if not _HOST.match(host):
            server = request.scope.get("server") or ("127.0.0.1", 80)
            address = f"[{server[0]}]" if ":" in str(server[0]) else str(server[0])
            host = f"{address}:{server[1]}"
        return f"{request.url.scheme}://{host}"


# --------------------------------------------------------------------------- files


def _open(path: Path) -> BinaryIO | None:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    return os.fdopen(fd, "rb")


def _not_modified(request: Request, etag: str, mtime: float) -> bool:
    match = request.headers.get("if-none-match")
    if match is not None:
        tags = [t.strip().removeprefix("W/") for t in match.split(",")]
        return "*" in tags or etag in tags
    since = request.headers.get("if-modified-since")
    if since:
        try:
            return int(mtime) <= parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
    return False


def _range_applies(request: Request, etag: str, last_modified: str) -> bool:
    """``If-Range``: the range holds only while the file is the one the client has."""
    condition = request.headers.get("if-range")
    return condition is None or condition.strip() in (etag, last_modified)


async def _chunks(fh: BinaryIO, start: int, length: int) -> AsyncIterator[bytes]:
    try:
        await anyio.to_thread.run_sync(fh.seek, start)
        remaining = length
        while remaining > 0:
            chunk = await anyio.to_thread.run_sync(fh.read, min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        fh.close()


async def _send_file(request: Request, served: ServedFile) -> Response:
    fh = await anyio.to_thread.run_sync(_open, served.path)
    if fh is None:
        return _plain(404, "Not found.")
    close = True
    try:
        st = os.fstat(fh.fileno())
        size = st.st_size
        etag = f'"{size:x}-{st.st_mtime_ns:x}"'
        last_modified = formatdate(st.st_mtime, usegmt=True)
        headers = {
            **COMMON_HEADERS,
            "Accept-Ranges": "bytes",
            "ETag": etag,
            "Last-Modified": last_modified,
            "Cache-Control": "no-cache",
        }
        if _not_modified(request, etag, st.st_mtime):
            return Response(status_code=304, headers=headers)
        span: ByteRange | None = None
        if _range_applies(request, etag, last_modified):
            try:
                span = parse_range(request.headers.get("range"), size)
            except Unsatisfiable:
                return _plain(416, "Range not satisfiable.", {
                    "Content-Range": f"bytes */{size}", "Accept-Ranges": "bytes",
                })
        start, length, status = (0, size, 200) if span is None else (
            span.start, span.length, 206)
        headers["Content-Length"] = str(length)
        if span is not None:
            headers["Content-Range"] = span.content_range(size)
        if request.method == "HEAD":
            return Response(status_code=status, headers=headers, media_type=served.media_type)
        close = False
        return StreamingResponse(_chunks(fh, start, length), status_code=status,
                                 headers=headers, media_type=served.media_type)
    finally:
        if close:
            fh.close()


def make_app(
    directory: Path,
    token: str | None = None,
    *,
    base_url: str | None = None,
    title: str = "voicecoach sessions",
) -> Starlette:
    """The ASGI app serving the sessions in ``directory``.

    ``token``: required as the path prefix ``/t/TOKEN/`` of every URL when given.
    ``base_url``: ``scheme://host:port`` for the feed's absolute links; by default
    taken from each request's Host header.
    """
    handler = _Sessions(Path(directory), token, base_url, title)
    methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
    return Starlette(routes=[Route("/{path:path}", handler.handle, methods=methods)])
