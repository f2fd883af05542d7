"""The web page: one card per session, made for a phone.

Decides what the page shows and how it behaves: for each session its title,
duration, chapters (the exercise list, each a button that seeks the player to its
start), equipment, artwork, an HTML5 audio player, a download link and the
transcript; the chapter playing is highlighted (``aria-current``) as the audio
plays. The layout fits 360 px wide (long titles wrap, nothing overflows), tap
targets are at least 48 px tall, and colours follow ``prefers-color-scheme``.

Every string taken from a file is untrusted (titles come from shared routine files)
and goes through :func:`html.escape`; numbers reach the script through
``data-`` attributes, never as code. The one script and style sheet are inline
and allowed by hash in the Content-Security-Policy (:data:`CSP`), so an injected
script could not run even if escaping failed.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

from .feed import clean, clock
from .library import Listing, Session
from .urls import Urls

STYLE = """
:root { color-scheme: light dark; --bg: #f6f7f9; --card: #fff; --fg: #14171a;
  --muted: #5b6670; --accent: #0b62d6; --accent-fg: #fff; --line: #dde2e7;
  --now: #e3efff; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0f1216; --card: #1a1f25; --fg: #e8ecf0; --muted: #a3adb8;
    --accent: #5aa2ff; --accent-fg: #081018; --line: #2c343d; --now: #1d3150; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 17px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main { max-width: 42rem; margin: 0 auto; padding: 0 12px; }
header { padding-top: 16px; }
h1 { font-size: 1.5rem; margin: 0 0 8px; }
h2 { font-size: 1.2rem; margin: 0; overflow-wrap: anywhere; }
a { color: var(--accent); }
.bar { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 16px; }
.button { display: inline-flex; align-items: center; justify-content: center;
  min-height: 48px; padding: 10px 16px; border-radius: 12px; text-decoration: none;
  background: var(--accent); color: var(--accent-fg); font-weight: 600; }
.button.quiet { background: transparent; color: var(--accent);
  border: 1px solid var(--line); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 16px;
  padding: 16px; margin: 0 0 16px; }
.head { display: flex; gap: 12px; align-items: center; }
.art { width: 72px; height: 72px; border-radius: 10px; object-fit: cover; flex: none; }
.meta, .equipment, .empty { color: var(--muted); margin: 4px 0 0; overflow-wrap: anywhere; }
audio { display: block; width: 100%; margin: 12px 0 8px; }
ol { list-style: none; margin: 0; padding: 0; }
li + li { border-top: 1px solid var(--line); }
.chapter { display: flex; gap: 12px; width: 100%; min-height: 48px; padding: 8px 6px;
  border: 0; border-radius: 8px; background: transparent; color: inherit; font: inherit;
  text-align: left; cursor: pointer; align-items: center; }
.chapter .at { color: var(--muted); font-variant-numeric: tabular-nums; min-width: 3.2em; }
.chapter .name { overflow-wrap: anywhere; }
.chapter[aria-current="true"] { background: var(--now); font-weight: 600; }
.links { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0 0; }
code { overflow-wrap: anywhere; }
""".strip()

SCRIPT = """
(function () {
  var players = Array.prototype.slice.call(document.querySelectorAll("audio"));
  function seek(audio, at) {
    var go = function () { audio.currentTime = at; audio.play().catch(function () {}); };
    if (audio.readyState >= 1) { go(); }
    else { audio.addEventListener("loadedmetadata", go, { once: true }); audio.load(); }
  }
  document.querySelectorAll(".card").forEach(function (card) {
    var audio = card.querySelector("audio");
    var buttons = Array.prototype.slice.call(card.querySelectorAll(".chapter"));
    if (!audio) { return; }
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        seek(audio, parseFloat(button.getAttribute("data-start")) || 0);
      });
    });
    function mark() {
      var t = audio.currentTime;
      buttons.forEach(function (button) {
        var start = parseFloat(button.getAttribute("data-start")) || 0;
        var end = parseFloat(button.getAttribute("data-end")) || Infinity;
        var now = t >= start && t < end;
        if (now) { button.setAttribute("aria-current", "true"); }
        else { button.removeAttribute("aria-current"); }
      });
    }
    audio.addEventListener("timeupdate", mark);
    audio.addEventListener("seeked", mark);
    audio.addEventListener("play", function () {
      players.forEach(function (other) { if (other !== audio) { other.pause(); } });
    });
  });
})();
""".strip()


def _hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


CSP = (
    "default-src 'none'; img-src 'self'; media-src 'self'; "
    f"style-src {_hash(STYLE)}; script-src {_hash(SCRIPT)}; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def _text(value: str) -> str:
    return escape(clean(value), quote=True)


def _size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(size // 1000, 1)} kB"


def _card(n: int, session: Session, urls: Urls) -> str:
    title = _text(session.title)
    meta = [clock(session.duration) if session.duration else "length unknown"]
    if session.chapters:
        count = len(session.chapters)
        meta.append(f"{count} chapter{'s' if count != 1 else ''}")
    meta.append(_size(session.size))
    art = urls.art(session)
    parts = [f'<article class="card" id="session-{n}">', '<div class="head">']
    if art:
        parts.append(f'<img class="art" src="{escape(art)}" alt="" width="72" height="72">')
    parts.append(
        f'<div><h2>{title}</h2><p class="meta">{escape(" · ".join(meta))}</p></div></div>'
    )
    if session.equipment:
        equipment = "; ".join(_text(e) for e in session.equipment)
        parts.append(f'<p class="equipment">Equipment: {equipment}</p>')
    audio = escape(urls.file(session.name))
    parts.append(
        f'<audio controls preload="metadata" src="{audio}" aria-label="Play {title}"></audio>'
    )
    if session.chapters:
        parts.append(f'<ol class="chapters" aria-label="Chapters of {title}">')
        for chapter in session.chapters:
            parts.append(
                f'<li><button type="button" class="chapter" data-start="{chapter.start:.3f}"'
                f' data-end="{chapter.end:.3f}"><span class="at">{clock(chapter.start)}</span>'
                f'<span class="name">{_text(chapter.title)}</span></button></li>'
            )
        parts.append("</ol>")
    parts.append('<p class="links">')
    parts.append(
        f'<a class="button" href="{audio}" download="{escape(session.name)}">Download MP3</a>'
    )
    if session.transcript:
        parts.append(
            f'<a class="button quiet" href="{escape(urls.file(session.transcript))}">'
            "Transcript</a>"
        )
    parts.append("</p></article>")
    return "\n".join(parts)


def render_page(listing: Listing, urls: Urls, *, folder: str = "") -> str:
    """The whole page for ``listing``, with path-only links from ``urls``."""
    cards = [_card(n, s, urls) for n, s in enumerate(listing.sessions, 1)]
    if not cards:
        where = f" in {_text(folder)}" if folder else ""
        cards = [
            f'<p class="empty">No sessions yet{where}. Render one with '
            "<code>voicecoach render hip -o FOLDER/hip.mp3</code> and reload this page.</p>"
        ]
    count = len(listing.sessions)
    feed = escape(urls.feed())
    return "\n".join([
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        '<meta name="referrer" content="no-referrer">',
        "<title>voicecoach sessions</title>",
        f'<link rel="alternate" type="application/rss+xml" title="voicecoach" href="{feed}">',
        f"<style>{STYLE}</style>",
        "</head><body>",
        "<header><h1>voicecoach</h1>",
        f'<p class="meta">{count} session{"s" if count != 1 else ""}</p>',
        f'<p class="bar"><a class="button quiet" href="{feed}">Podcast feed</a>'
        f'<a class="button quiet" href="{escape(urls.page())}">Reload</a></p>',
        "</header>",
        "<main>",
        *cards,
        "</main>",
        f"<script>{SCRIPT}</script>",
        "</body></html>",
        "",
    ])
