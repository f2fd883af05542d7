"""The QR code printed in the terminal, for a phone camera to open the page.

Decides how the code is drawn: plain text, no colour codes (so it prints the same
through Rich, ``typer.echo`` or a log file), two modules per character with the
Unicode half blocks, a quiet zone of two modules, error correction level M (segno
raises it when the URL leaves room). Light modules are drawn as full blocks, which
reads right on the usual light-text-on-dark terminal; ``invert=True`` is for dark
text on a light background.
"""

from __future__ import annotations

import segno

# (top module dark, bottom module dark) -> character, light drawn as a full block.
_CHARS = {
    (False, False): "\u2588",  # █
    (False, True): "\u2580",  # ▀ (top light)
    (True, False): "\u2584",  # ▄ (bottom light)
    (True, True): " ",
}


def qr_rows(url: str, *, border: int = 2) -> list[list[bool]]:
    """The code's modules, ``True`` for dark, quiet zone included."""
    code = segno.make(url, error="m", micro=False)
    return [[bool(module) for module in row] for row in code.matrix_iter(border=border)]


def qr_text(url: str, *, invert: bool = False, border: int = 2) -> str:
    """``url`` as a QR code made of text, one line per two rows of modules."""
    rows = qr_rows(url, border=border)
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    lines = []
    for top, bottom in zip(rows[::2], rows[1::2], strict=True):
        lines.append("".join(
            _CHARS[(t != invert, b != invert)] for t, b in zip(top, bottom, strict=True)
        ))
    return "\n".join(lines)
