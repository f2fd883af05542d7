"""voicecoach serve: the page, the feed, chapters, range requests, safety, the token.

Real parts: the sessions are rendered once per module by the real tool (eSpeak NG
and ffmpeg), the app is spoken to through Starlette's TestClient, and a real
uvicorn server (started through :func:`voicecoach.serve.run` in a subprocess, on a
free loopback port) over real HTTP with urllib and http.client.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest
import segno
from starlette.testclient import TestClient

from voicecoach.errors import FlagError
from voicecoach.serve import make_app, plan_listen, qr_text
from voicecoach.serve.library import safe_name
from voicecoach.serve.qr import qr_rows
from voicecoach.serve.ranges import ByteRange, Unsatisfiable, parse_range

DATA = Path(__file__).parent / "data"
CACHE = "/tmp/vc-cache-serve"
HOSTILE_TITLE = "<script>alert(1)</script>"
HOSTILE_GEAR = '<img src=x onerror="alert(2)">'
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
TOKEN = "test-token-1234567890"


def voicecoach_bin() -> str:
    beside = Path(sys.executable).with_name("voicecoach")
    return str(beside) if beside.exists() else shutil.which("voicecoach") or "voicecoach"


def render(routine: Path, target: Path) -> None:
    """Render ``routine`` to ``target`` (with transcripts) with the real tool."""
    env = {**os.environ, "VOICECOACH_CACHE_DIR": CACHE}
    result = subprocess.run(
        [voicecoach_bin(), "render", str(routine), "-o", str(target), "--transcript"],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert target.is_file()


def hostile_routine(folder: Path) -> Path:
    """tiny.yaml with a hostile name and hostile equipment."""
    text = (DATA / "tiny.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^name: .*$", f"name: {json.dumps(HOSTILE_TITLE)}", text, count=1,
                  flags=re.M)
    text = text.replace(
        "    instructions: Lift one knee.\n",
        f"    instructions: Lift one knee.\n    equipment: [{json.dumps(HOSTILE_GEAR)}]\n",
    )
    path = folder / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two real sessions (tiny, hostile) with transcripts: rendered once per module."""
    out = tmp_path_factory.mktemp("rendered")
    render(DATA / "tiny.yaml", out / "tiny.mp3")
    render(hostile_routine(tmp_path_factory.mktemp("routines")), out / "hostile.mp3")
    return out


def _drop_artwork(path: Path) -> None:
    """Remove the cover every render embeds (the chapters keep their order)."""
    from voicecoach.export import in_order_id3

    tags = in_order_id3()(str(path))
    tags.delall("APIC")
    tags.save(str(path), v2_version=3)


@pytest.fixture(scope="module")
def folder(rendered: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The served folder: the two sessions, tiny's artwork, and things never to serve."""
    base = tmp_path_factory.mktemp("served")
    root = base / "sessions"
    root.mkdir()
    for item in rendered.iterdir():
        shutil.copy2(item, root / item.name)
    segno.make("tiny").save(str(root / "tiny.png"), kind="png", scale=4)
    _drop_artwork(root / "tiny.mp3")  # an MP3 without embedded artwork, beside tiny.png
    outside = base / "outside"
    outside.mkdir()
    shutil.copy(rendered / "tiny.mp3", outside / "secret.mp3")
    (outside / "secret.txt").write_text("root:x:0:0 secret\n")
    (root / "escape.mp3").symlink_to(outside / "secret.mp3")
    (root / "escape.vtt").symlink_to(outside / "secret.txt")
    (root / "tiny.jpg").symlink_to(outside / "secret.txt")  # art that points out
    shutil.copy(rendered / "tiny.mp3", root / ".hidden.mp3")
    shutil.copy(rendered / "tiny.mp3", root / ".tiny.mp3.x8k2f1.part")
    (root / "notes.txt").write_text("not a session\n")
    (root / "sub").mkdir()
    shutil.copy(rendered / "tiny.mp3", root / "sub" / "inner.mp3")
    return root


@pytest.fixture(scope="module")
def client(folder: Path) -> Iterator[TestClient]:
    with TestClient(make_app(folder), base_url="http://phone.test:8000") as c:
        yield c


def ffprobe_duration(path: Path) -> float:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
         str(path)], capture_output=True, text=True, check=True,
    ).stdout
    return float(out.strip())


def chap_frames(path: Path) -> list[tuple[str, float, float]]:
    from mutagen.id3 import ID3

    tags = ID3(str(path))
    toc = tags.getall("CTOC")[0]
    frames = {f.element_id: f for f in tags.getall("CHAP")}
    return [
        (str(frames[i].sub_frames["TIT2"]), frames[i].start_time / 1000,
         frames[i].end_time / 1000)
        for i in toc.child_element_ids
    ]


def links(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]*)"', html)


# --------------------------------------------------------------------------- units


@pytest.mark.parametrize(("header", "expected"), [
    ("bytes=0-99", ByteRange(0, 99)),
    ("bytes=100-", ByteRange(100, 999)),
    ("bytes=-10", ByteRange(990, 999)),
    ("bytes=-5000", ByteRange(0, 999)),
    ("bytes=990-5000", ByteRange(990, 999)),
    ("bytes=999-999", ByteRange(999, 999)),
    ("BYTES = 5 - 6", ByteRange(5, 6)),
    ("bytes=0-99999999999999999999999", ByteRange(0, 999)),
    (None, None),
    ("", None),
    ("bytes=5-1", None),
    ("bytes=0-1,5-6", None),
    ("items=0-1", None),
    ("bytes=abc", None),
    ("bytes=-", None),
])
def test_parse_range(header: str | None, expected: ByteRange | None) -> None:
    assert parse_range(header, 1000) == expected


@pytest.mark.parametrize("header", [
    "bytes=1000-", "bytes=1000-2000", "bytes=-0", "bytes=99999999999999999999999-",
])
def test_parse_range_unsatisfiable(header: str) -> None:
    with pytest.raises(Unsatisfiable):
        parse_range(header, 1000)
    with pytest.raises(Unsatisfiable):
        parse_range("bytes=0-", 0)


def test_qr_text_draws_the_code() -> None:
    url = "http://192.168.1.20:8000/t/abcdefghijklmnopqrstuvwx/"
    rows = qr_rows(url)
    text = qr_text(url)
    lines = text.splitlines()
    assert len(lines) == (len(rows) + 1) // 2
    assert {len(line) for line in lines} == {len(rows[0])}
    assert set(text) <= {"█", "▀", "▄", " ", "\n"}
    assert "\x1b" not in text
    # the finder pattern's dark top edge, after the two-module quiet zone
    assert rows[2][2:9] == [True] * 7 and rows[0] == [False] * len(rows[0])
    assert qr_text(url, invert=True).translate(str.maketrans("█▀▄ ", " ▄▀█")) == text


def test_plan_listen() -> None:
    local = plan_listen()
    assert (local.host, local.token, local.exposed) == ("127.0.0.1", None, False)
    lan = plan_listen(lan=True)
    assert lan.host == "0.0.0.0" and lan.exposed
    assert lan.token and len(lan.token) >= 20 and lan.token != plan_listen(lan=True).token
    assert plan_listen(lan=True, token=TOKEN).token == TOKEN
    assert plan_listen(token=TOKEN) == plan_listen(host="127.0.0.1", token=TOKEN)
    for bad in ("short", "has space in it", "slash/in/it/x", "pct%2e%2e%2e"):
        with pytest.raises(FlagError):
            plan_listen(token=bad)


@pytest.mark.parametrize(("name", "ok"), [
    ("hip.mp3", True), ("Hip – ünïcode 100%.mp3", True), (".hidden.mp3", False),
    (".hip.mp3.abcd.part", False), ("a\\b.mp3", False), ("a/b.mp3", False),
    ("..", False), ("nul\x00.mp3", False), ("bad\udcff.mp3", False),
])
def test_safe_name(name: str, ok: bool) -> None:
    assert safe_name(name) is ok


# --------------------------------------------------------------------------- page


@pytest.mark.audio
def test_page_lists_sessions_with_chapters_and_escapes(client: TestClient, folder: Path) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"
    assert "script-src 'sha256-" in response.headers["content-security-policy"]
    html = response.text
    assert html.count('<article class="card"') == 2
    assert "Tiny Test Routine" in html
    for title, _, _ in chap_frames(folder / "tiny.mp3"):
        assert title in html
    # the hostile title and equipment are shown as text, never as markup
    assert HOSTILE_TITLE not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Equipment: &lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html
    assert html.count("<script") == 1
    # players, downloads, artwork (the PNG; the jpg symlink points out of the folder)
    assert '<audio controls preload="metadata" src="/files/tiny.mp3"' in html
    assert 'href="/files/hostile.mp3" download="hostile.mp3"' in html
    assert '<img class="art" src="/files/tiny.png"' in html
    assert 'data-start="0.000"' in html
    # nothing else of the folder is mentioned
    for never in ("escape", "hidden", ".part", "notes.txt", "inner", "secret", "tiny.jpg"):
        assert never not in html
    for link in links(html):
        assert client.get(link).status_code == 200, link


@pytest.mark.audio
def test_content_types(client: TestClient) -> None:
    expected = {
        "/files/tiny.mp3": "audio/mpeg",
        "/files/tiny.vtt": "text/vtt; charset=utf-8",
        "/files/tiny.json": "application/json",
        "/files/tiny.png": "image/png",
        "/chapters/tiny.mp3.json": "application/json",
        "/feed.xml": "application/rss+xml; charset=utf-8",
    }
    for path, media_type in expected.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"] == media_type, path
        assert response.headers["x-content-type-options"] == "nosniff"


# --------------------------------------------------------------------------- feed


@pytest.mark.audio
def test_feed(client: TestClient, folder: Path) -> None:
    response = client.get("/feed.xml")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-cache"
    raw = response.text
    assert f'xmlns:itunes="{ITUNES}"' in raw and f'xmlns:podcast="{PODCAST}"' in raw
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("./channel/item")
    assert len(items) == len(list(folder.glob("[!.]*.mp3"))) - 1 == 2  # escape.mp3 is out
    guids = set()
    for item in items:
        enclosure = item.find("enclosure")
        assert enclosure is not None
        url = enclosure.get("url", "")
        assert url.startswith("http://phone.test:8000/files/")
        name = url.rsplit("/", 1)[1]
        mp3 = folder / name
        assert enclosure.get("type") == "audio/mpeg"
        assert int(enclosure.get("length", "-1")) == mp3.stat().st_size
        duration = int(item.findtext(f"{{{ITUNES}}}duration", "-1"))
        assert abs(duration - ffprobe_duration(mp3)) <= 1
        published = email.utils.parsedate_to_datetime(item.findtext("pubDate", ""))
        assert abs(published.timestamp() - mp3.stat().st_mtime) < 1
        guid = item.findtext("guid", "")
        assert guid and guid not in guids
        guids.add(guid)
        description = item.findtext("description", "")
        for title, _, _ in chap_frames(mp3):
            assert title in description
        chapters = item.find(f"{{{PODCAST}}}chapters")
        assert chapters is not None and chapters.get("type") == "application/json+chapters"
        data = client.get(chapters.get("url", "")).json()
        assert data["version"] == "1.2.0"
        got = [(c["title"], c["startTime"], c["endTime"]) for c in data["chapters"]]
        assert got == chap_frames(mp3) and got
        assert client.get(url).content == mp3.read_bytes()
        if name == "hostile.mp3":
            assert item.findtext("title") == HOSTILE_TITLE  # escaped in XML, intact in value
            assert HOSTILE_GEAR in description
    # stable: the same GUIDs from another app on the same folder
    again = ET.fromstring(TestClient(make_app(folder)).get("/feed.xml").content)
    assert {g.text for g in again.iter("guid")} == guids


# --------------------------------------------------------------------------- ranges


@pytest.mark.audio
def test_range_requests(client: TestClient, folder: Path) -> None:
    data = (folder / "tiny.mp3").read_bytes()
    size = len(data)
    url = "/files/tiny.mp3"
    whole = client.get(url)
    assert whole.status_code == 200 and whole.content == data
    assert whole.headers["accept-ranges"] == "bytes"
    assert whole.headers["content-length"] == str(size)
    cases = {
        "bytes=0-0": (0, 0),
        "bytes=0-99": (0, 99),
        "bytes=1000-1999": (1000, 1999),
        f"bytes={size - 10}-": (size - 10, size - 1),
        "bytes=5000-": (5000, size - 1),
        "bytes=-1": (size - 1, size - 1),
        "bytes=-4096": (size - 4096, size - 1),
        f"bytes=-{size * 2}": (0, size - 1),
        f"bytes=100-{size * 3}": (100, size - 1),
    }
    for header, (start, end) in cases.items():
        response = client.get(url, headers={"Range": header})
        assert response.status_code == 206, header
        assert response.headers["content-range"] == f"bytes {start}-{end}/{size}", header
        assert response.headers["content-length"] == str(end - start + 1)
        assert response.content == data[start:end + 1], header
    for header in (f"bytes={size}-", f"bytes={size + 5}-{size + 10}", "bytes=-0"):
        response = client.get(url, headers={"Range": header})
        assert response.status_code == 416, header
        assert response.headers["content-range"] == f"bytes */{size}"
    for header in ("bytes=10-5", "bytes=0-1,4-5", "pages=1-2", "bytes=x-y"):  # ignored
        response = client.get(url, headers={"Range": header})
        assert response.status_code == 200 and response.content == data, header
    head = client.head(url, headers={"Range": "bytes=10-19"})
    assert head.status_code == 206 and head.headers["content-length"] == "10"
    assert head.content == b""
    etag = whole.headers["etag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    since = whole.headers["last-modified"]
    assert client.get(url, headers={"If-Modified-Since": since}).status_code == 304
    stale = client.get(url, headers={"Range": "bytes=0-9", "If-Range": '"old"'})
    assert stale.status_code == 200 and stale.content == data
    fresh = client.get(url, headers={"Range": "bytes=0-9", "If-Range": etag})
    assert fresh.status_code == 206 and fresh.content == data[:10]
    assert client.get(url, headers={"If-Modified-Since": "garbage"}).status_code == 200


# --------------------------------------------------------------------------- safety

NASTY = [
    "/files/../notes.txt",
    "/files/..%2fnotes.txt",
    "/files/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/files/%252e%252e%252fetc%252fpasswd",
    "/files/..%5c..%5cetc%5cpasswd",
    "/files/..\\..\\etc\\passwd",
    "/files//etc/passwd",
    "/files/%2fetc%2fpasswd",
    "/files/tiny.mp3%00.txt",
    "/files/escape.mp3",
    "/files/escape.vtt",
    "/files/tiny.jpg",
    "/files/.hidden.mp3",
    "/files/.tiny.mp3.x8k2f1.part",
    "/files/notes.txt",
    "/files/sub",
    "/files/sub/inner.mp3",
    "/files/sub%2finner.mp3",
    "/files/",
    "/files",
    "/etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/files/%c0%ae%c0%ae%2fetc%2fpasswd",
    "/files/C:%5cWindows%5cwin.ini",
    "/chapters/escape.mp3.json",
    "/chapters/..%2f..%2fetc%2fpasswd.json",
    "/art/escape.mp3",
    "/art/tiny.mp3",  # no embedded artwork
    "/files/%2e%2e",
    "/./files/tiny.mp3",
]


def _bad_answer(status: int, body: bytes) -> str | None:
    if not 400 <= status < 500:
        return f"status {status}"
    if b"root:" in body or b"Traceback" in body or b"secret" in body:
        return "leaks"
    return None


@pytest.mark.audio
def test_traversal_with_test_client(client: TestClient) -> None:
    for path in NASTY:
        if "/./" in path:
            continue  # httpx removes dot segments before sending; the raw test sends it
        response = client.get(path)
        assert _bad_answer(response.status_code, response.content) is None, path
    assert client.post("/files/tiny.mp3").status_code == 405
    assert client.request("DELETE", "/files/tiny.mp3").status_code == 405
    assert client.get("/files/tiny.mp3", headers={"Range": "bytes=0-3"}).status_code == 206


# --------------------------------------------------------------------------- real server


class Server:
    """``voicecoach.serve.run`` in a subprocess, on a free loopback port."""

    def __init__(self, folder: Path, token: str | None = None) -> None:
        code = (
            "import sys; from pathlib import Path; from voicecoach.serve import run; "
            "run(Path(sys.argv[1]), port=0, token=sys.argv[2] or None, "
            "console_print=lambda s: print(s, flush=True))"
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code, str(folder), token or ""],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.url = ""
        line = ""
        while not line.startswith("Press Ctrl-C"):  # the last line before it serves
            try:
                line = self.lines.get(timeout=30)
            except queue.Empty:
                self.stop()
                pytest.fail("the server did not start: " + "".join(self.output))
            match = re.match(r"\s+page\s+(\S+)", line)
            if match:
                self.url = match.group(1)
        parts = urlsplit(self.url)
        self.host, self.port = parts.hostname or "", parts.port or 80

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.output.append(line)
            self.lines.put(line)

    def raw(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        """A request with the path sent exactly as given (no normalising)."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            conn.putrequest("GET", path, skip_accept_encoding=True)
            for key, value in (headers or {}).items():
                conn.putheader(key, value)
            conn.endheaders()
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


@pytest.fixture(scope="module")
def server(folder: Path) -> Iterator[Server]:
    running = Server(folder)
    yield running
    assert running.stop() == 0, "".join(running.output)
    assert "Traceback" not in "".join(running.output)


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, _lower(response.headers.items()), response.read()
    except urllib.error.HTTPError as err:
        return err.code, _lower(err.headers.items()), err.read()


def _lower(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {key.lower(): value for key, value in items}


@pytest.mark.audio
def test_real_server_page_and_range(server: Server, folder: Path) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    assert any("Only this computer" in line for line in server.output)
    status, headers, body = fetch(server.url)
    assert status == 200 and b"Tiny Test Routine" in body
    assert headers["content-type"] == "text/html; charset=utf-8"
    data = (folder / "tiny.mp3").read_bytes()
    status, headers, body = fetch(server.url + "files/tiny.mp3", {"Range": "bytes=100-4195"})
    assert status == 206 and body == data[100:4196]
    assert headers["content-range"] == f"bytes 100-4195/{len(data)}"
    status, headers, _ = fetch(server.url + "files/tiny.mp3", {"Range": "bytes=-0"})
    assert status == 416 and headers["content-range"] == f"bytes */{len(data)}"
    status, _, body = fetch(server.url + "files/hostile.mp3")
    assert status == 200 and body == (folder / "hostile.mp3").read_bytes()
    feed = ET.fromstring(fetch(server.url + "feed.xml")[2])
    enclosures = [e.get("url", "") for e in feed.iter("enclosure")]
    assert all(u.startswith(f"http://127.0.0.1:{server.port}/files/") for u in enclosures)
    assert fetch(server.url, {"Host": "evil\"><x"})[0] in (200, 400)


@pytest.mark.audio
def test_real_server_refuses_traversal_and_keeps_serving(server: Server, folder: Path) -> None:
    data = (folder / "tiny.mp3").read_bytes()
    for path in NASTY:
        status, body = server.raw(path)
        assert _bad_answer(status, body) is None, (path, status)
        status, body = server.raw("/files/tiny.mp3", {"Range": "bytes=10-19"})
        assert status == 206 and body == data[10:20], path
    for header in ("bytes=99999999999999999999-", "bytes=-", "bytes=0-0,0-0,0-0", "\u00e9"):
        status, _ = server.raw("/files/tiny.mp3", {"Range": header.encode().decode("latin-1")})
        assert status in (200, 206, 416), header
    assert server.proc.poll() is None


@pytest.mark.audio
def test_real_server_under_load(server: Server, folder: Path) -> None:
    data = (folder / "tiny.mp3").read_bytes()
    size = len(data)

    def one(n: int) -> bool:
        start = (n * 7919) % (size - 5000)
        status, _, body = fetch(server.url + "files/tiny.mp3",
                                {"Range": f"bytes={start}-{start + 4999}"})
        return status == 206 and body == data[start:start + 5000]

    with ThreadPoolExecutor(max_workers=48) as pool:
        results = list(pool.map(one, range(300)))
    assert all(results), results.count(False)


@pytest.mark.audio
def test_real_server_with_token(folder: Path) -> None:
    running = Server(folder, TOKEN)
    try:
        assert running.url.endswith(f"/t/{TOKEN}/")
        assert fetch(running.url)[0] == 200
        base = f"http://127.0.0.1:{running.port}"
        assert fetch(base + "/")[0] == 401
        assert fetch(base + "/feed.xml")[0] == 401
        assert fetch(base + "/files/tiny.mp3")[0] == 401
        assert fetch(base + "/t/wrong-token-000000/files/tiny.mp3")[0] == 403
        status, _, body = fetch(running.url + "files/tiny.mp3", {"Range": "bytes=0-9"})
        assert status == 206 and body == (folder / "tiny.mp3").read_bytes()[:10]
    finally:
        assert running.stop() == 0, "".join(running.output)
    assert "Stopped." in "".join(running.output)


# --------------------------------------------------------------------------- token


@pytest.mark.audio
def test_token_required_everywhere(folder: Path) -> None:
    client = TestClient(make_app(folder, TOKEN), base_url="http://phone.test:8000")
    prefix = f"/t/{TOKEN}"
    for path in ("/", "/feed.xml", "/files/tiny.mp3", "/chapters/tiny.mp3.json", "/index.html"):
        assert client.get(path).status_code == 401, path
        assert client.get(f"/t/not-the-token-123{path}").status_code == 403, path
        assert client.get(f"/t/{TOKEN[:-1]}{path}").status_code == 403, path
        assert client.get(prefix + path).status_code == 200, path
    assert client.get(prefix, follow_redirects=False).status_code == 308
    html = client.get(prefix + "/").text
    found = links(html)
    assert len(found) >= 8
    for link in found:
        assert link.startswith(prefix + "/"), link
        assert client.get(link).status_code == 200, link
    feed = client.get(prefix + "/feed.xml").content
    root = ET.fromstring(feed)
    urls = [e.get("url") or e.get("href") or e.text or "" for e in root.iter()
            if e.tag in ("enclosure", "link", f"{{{PODCAST}}}chapters",
                         f"{{{PODCAST}}}transcript", f"{{{ITUNES}}}image",
                         "{http://www.w3.org/2005/Atom}link")]
    assert len(urls) >= 8
    for url in urls:
        assert url.startswith(f"http://phone.test:8000{prefix}/"), url
        assert client.get(urlsplit(url).path).status_code == 200, url


# --------------------------------------------------------------------------- live folder


@pytest.mark.audio
def test_new_session_appears_without_restart(rendered: Path, tmp_path: Path) -> None:
    shutil.copy2(rendered / "tiny.mp3", tmp_path / "tiny.mp3")
    client = TestClient(make_app(tmp_path))
    assert client.get("/").text.count('<article class="card"') == 1
    render(DATA / "tiny.yaml", tmp_path / "later.mp3")
    html = client.get("/").text
    assert html.count('<article class="card"') == 2 and "/files/later.mp3" in html
    assert len(ET.fromstring(client.get("/feed.xml").content).findall(".//item")) == 2
    assert client.get("/files/later.vtt").status_code == 200
    (tmp_path / "later.mp3").unlink()
    assert client.get("/files/later.mp3").status_code == 404
    assert client.get("/files/later.vtt").status_code == 404  # a transcript alone is not served


@pytest.mark.audio
def test_embedded_artwork_and_untagged_files(rendered: Path, tmp_path: Path) -> None:
    from mutagen.id3 import APIC, ID3

    shutil.copy2(rendered / "tiny.mp3", tmp_path / "art.mp3")
    png = tmp_path / "cover.png"
    segno.make("cover").save(str(png), kind="png", scale=3)
    tags = ID3(str(tmp_path / "art.mp3"))
    tags.delall("APIC")  # the drawn cover, replaced by this one
    tags.add(APIC(encoding=3, mime="image/png", type=3, desc="cover", data=png.read_bytes()))
    tags.save(v2_version=3)
    (tmp_path / "plain.mp3").write_bytes(b"\xff\xfb\x90\x00" + b"\x00" * 500)  # no tags
    (tmp_path / "empty.mp3").write_bytes(b"")
    client = TestClient(make_app(tmp_path))
    html = client.get("/").text
    assert '<img class="art" src="/art/art.mp3"' in html
    art = client.get("/art/art.mp3")
    assert art.status_code == 200 and art.headers["content-type"] == "image/png"
    assert art.content == png.read_bytes()
    assert "<h2>plain</h2>" in html and "<h2>empty</h2>" in html
    assert client.get("/files/empty.mp3", headers={"Range": "bytes=0-"}).status_code == 416
    assert client.get("/chapters/plain.mp3.json").json()["chapters"] == []
    assert ET.fromstring(client.get("/feed.xml").content).find(".//item") is not None


# --------------------------------------------------------------------------- browser


@pytest.mark.audio
def test_page_in_headless_chromium(server: Server, folder: Path, tmp_path: Path) -> None:
    """At 360 px: no horizontal scroll, tap targets >= 48 px, the player loads the file
    and reports its duration, tapping a chapter seeks there and highlights it, dark mode
    changes the colours. A screenshot is kept with the test's files."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        pytest.skip("needs Debian's chromium and chromium-driver")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--mute-audio",
                "--disable-dev-shm-usage", "--autoplay-policy=no-user-gesture-required"):
        options.add_argument(arg)
    browser = webdriver.Chrome(options=options, service=webdriver.ChromeService(driver))
    try:
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 360, "height": 780, "deviceScaleFactor": 2, "mobile": True})
        browser.get(server.url)
        card = "[...document.querySelectorAll('.card')].find(c => c.textContent" \
               ".includes('Tiny Test Routine'))"
        audio = f"{card}.querySelector('audio')"
        wait = WebDriverWait(browser, 30)
        wait.until(lambda b: b.execute_script(f"return {audio}.duration > 0"))
        duration = browser.execute_script(f"return {audio}.duration")
        assert abs(duration - ffprobe_duration(folder / "tiny.mp3")) < 0.5
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 360
        heights = browser.execute_script(
            "return [...document.querySelectorAll('.chapter, .button')]"
            ".map(e => e.getBoundingClientRect().height)")
        assert heights and min(heights) >= 48
        titles = chap_frames(folder / "tiny.mp3")
        index = 3
        start = titles[index][1]
        browser.execute_script(f"{card}.querySelectorAll('.chapter')[{index}].click()")
        wait.until(lambda b: b.execute_script(
            f"return !{audio}.seeking && {audio}.currentTime >= {start - 0.05}"))
        now = browser.execute_script(f"return {audio}.currentTime")
        assert start - 0.05 <= now < start + 3
        wait.until(lambda b: b.execute_script(
            f"return {card}.querySelectorAll('.chapter')[{index}]"
            ".getAttribute('aria-current') === 'true'"))
        assert browser.execute_script(
            f"return {card}.querySelectorAll('[aria-current]').length") == 1
        browser.save_screenshot(str(tmp_path / "serve-page-360px.png"))
        light = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        dark = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
        assert light != dark
        browser.save_screenshot(str(tmp_path / "serve-page-360px-dark.png"))
        logs = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
        assert not [e for e in logs if "Content Security Policy" in e["message"]], logs
    finally:
        browser.quit()


@pytest.mark.audio
def test_cli_serve_renders_then_serves(tmp_path: Path, data_dir: Path) -> None:
    """`voicecoach serve DIR --render ROUTINE`: the session is rendered into the folder,
    then served; the page lists it and its MP3 downloads whole."""
    folder = tmp_path / "sessions"
    voicecoach = Path(sys.executable).with_name("voicecoach")
    proc = subprocess.Popen(
        [str(voicecoach), "serve", str(folder), "--port", "0", "--render",
         str(data_dir / "tiny.yaml")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines: list[str] = []
    url = ""
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            match = re.match(r"\s+page\s+(\S+)", line)
            if match:
                url = match.group(1)
            if line.startswith("Press Ctrl-C"):
                break
        assert url, "".join(lines)
        status, _, body = fetch(url)
        assert status == 200 and b"Tiny Test Routine" in body
        mp3 = folder / "tiny.mp3"
        status, _, data = fetch(url.rstrip("/") + "/files/tiny.mp3")
        assert status == 200 and data == mp3.read_bytes()
        assert (folder / "tiny.json").is_file() and (folder / "tiny.vtt").is_file()
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=20)
    assert proc.returncode == 0, "".join(lines) + out
    assert "Traceback" not in "".join(lines) + out


@pytest.mark.audio
def test_feed_reads_in_a_feed_parser(client: TestClient, folder: Path) -> None:
    """What a podcast app sees: feedparser (a well-kept parser) reads every episode with
    its enclosure, length, type, duration and chapters link."""
    feedparser = pytest.importorskip("feedparser")
    parsed = feedparser.parse(client.get("/feed.xml").content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    entries = {e.title: e for e in parsed.entries}
    assert len(entries) == 2
    for entry in entries.values():
        (enclosure,) = entry.enclosures
        mp3 = folder / enclosure.href.rsplit("/", 1)[1]
        assert enclosure.type == "audio/mpeg" and int(enclosure.length) == mp3.stat().st_size
        assert abs(int(entry.itunes_duration) - ffprobe_duration(mp3)) <= 1
        assert entry.id and entry.published_parsed is not None
        chapters = client.get(f"/chapters/{mp3.name}.json").json()
        assert [c["title"] for c in chapters["chapters"]] == [t for t, _, _ in chap_frames(mp3)]
