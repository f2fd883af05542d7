"""Running the server: where it listens, the token, what it prints, then uvicorn.

Decides the policy the CLI only passes flags to:

* The loopback address (127.0.0.1) by default; ``lan=True`` listens on every
  interface (0.0.0.0), prints a warning line, and then a token is always required:
  the one given, or one made with :func:`secrets.token_urlsafe`. A token given
  without ``lan`` is required too. Tokens are URL-safe (letters, digits, ``-_.~``),
  8 characters or more, since they travel in the path.
* The socket is bound before anything is printed, so a busy port is a clear error
  (:class:`~voicecoach.errors.FlagError`) and ``port=0`` prints the port it got.
* It prints the page's address (with the LAN address when on the network), the
  feed's, and (when a phone can reach it) a QR code of the page, through
  ``console_print`` (plain strings: no markup, no colour codes), then serves until
  Ctrl-C, after which it returns normally (stopping is the usual way out of a
  server, not an interruption).
"""

from __future__ import annotations

import ipaddress
import re
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import FlagError
from .app import make_app
from .library import Library
from .qr import qr_text
from .urls import prefix_for

DEFAULT_PORT = 8000
LOOPBACK = "127.0.0.1"
EVERYWHERE = "0.0.0.0"
_TOKEN = re.compile(r"^[A-Za-z0-9._~-]{8,256}$")


@dataclass(frozen=True)
class Listen:
    """Where to listen and which token to require (None: no token)."""

    host: str
    token: str | None

    @property
    def exposed(self) -> bool:
        """True when other machines can reach the server."""
        return not _is_loopback(self.host)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_token(token: str) -> str:
    if not _TOKEN.match(token):
        raise FlagError(
            "--token must be 8 or more letters, digits, '-', '_', '.' or '~' "
            "(it travels in every URL)",
            hint="leave it out with --lan and a strong one is made for you",
        )
    return token


def plan_listen(*, lan: bool = False, host: str | None = None,
                token: str | None = None) -> Listen:
    """The address and token for these flags (a token is made when exposed without one)."""
    if token is not None:
        check_token(token)
    address = host or (EVERYWHERE if lan else LOOPBACK)
    listen = Listen(address, token)
    if listen.exposed and token is None:
        listen = Listen(address, secrets.token_urlsafe(18))
    return listen


def lan_address() -> str | None:
    """This machine's address on the local network (the one its default route uses),
    found without sending anything; None when there is no network."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: a UDP connect sends nothing
            address = str(probe.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith(("127.", "0.")) else address


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if port and "in use" in str(exc).lower():
            raise FlagError(
                f"port {port} is already in use on {host}",
                hint=f"pick another with --port {port + 1} (or --port 0 for any free one)",
            ) from None
        raise FlagError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


def _url(host: str, port: int, prefix: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}{prefix}/"


def page_urls(listen: Listen, port: int) -> list[str]:
    """The page's addresses to print, the one for the phone (the QR code's) first."""
    prefix = prefix_for(listen.token)
    if listen.host in (EVERYWHERE, "::"):
        urls = [_url(lan_address() or socket.gethostname(), port, prefix)]
        return [*urls, _url(LOOPBACK, port, prefix)]
    return [_url(listen.host, port, prefix)]


def run(
    directory: Path,
    *,
    lan: bool = False,
    host: str | None = None,
    port: int = DEFAULT_PORT,
    token: str | None = None,
    console_print: Callable[[str], None] = print,
    qr: bool = True,
) -> None:
    """Serve the sessions in ``directory`` until Ctrl-C, then return.

    ``lan``: listen on the local network (0.0.0.0) with a token; ``host`` overrides
    the address; ``port`` 0 picks a free one; ``token``: required in every URL
    (made when ``lan`` and not given). Lines go to ``console_print`` (plain text).
    Raises :class:`~voicecoach.errors.FlagError` for a missing folder, a bad token
    or a port that cannot be had.
    """
    import uvicorn

    folder = Path(directory)
    if not folder.is_dir():
        raise FlagError(
            f"{folder}: no such folder" if not folder.exists() else f"{folder}: is not a folder",
            hint="render a session first: voicecoach render hip (writes output/hip.mp3)",
        )
    listen = plan_listen(lan=lan, host=host, token=token)
    sock = _bind(listen.host, port)
    actual_port = int(sock.getsockname()[1])
    urls = page_urls(listen, actual_port)
    count = len(Library(folder).listing().sessions)

    say = console_print
    say(f"Serving {count} session{'s' if count != 1 else ''} from {folder} "
        "(new ones appear without a restart)")
    if listen.exposed:
        say(f"WARNING: listening on the local network ({listen.host}:{actual_port}): anyone "
            "on this network with the link below, token included, can download these "
            "sessions. Use it on a network you trust, and stop it when done.")
    say(f"  page  {urls[0]}")
    say(f"  feed  {urls[0]}feed.xml  (subscribe in a podcast app)")
    for other in urls[1:]:
        say(f"  also  {other}")
    if qr and listen.exposed:
        say(qr_text(urls[0]))
        say("Scan the code with the phone's camera to open the page.")
    elif not listen.exposed:
        say("Only this computer can open it; add --lan to reach it from a phone on "
            "this network.")
    say("Press Ctrl-C to stop.")

    app = make_app(folder, listen.token)
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, server_header=False,
        proxy_headers=False, lifespan="off", timeout_graceful_shutdown=2,
    )
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn stops cleanly, then re-raises the Ctrl-C
        pass
    finally:
        sock.close()
    say("Stopped.")
