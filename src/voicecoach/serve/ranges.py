"""HTTP range requests (RFC 9110 section 14): which bytes of a file a request asks for.

Decides how a ``Range`` header is answered, given the file's size:

* ``bytes=N-M``, ``bytes=N-`` and the suffix form ``bytes=-N`` select one range
  (``M`` past the end is cut to the end; a suffix longer than the file is the file);
* a range that starts at or past the end, or a suffix of zero bytes, is
  unsatisfiable: the caller answers 416 with ``Content-Range: bytes */SIZE``;
* anything else (another unit, bad syntax, ``N > M``, several ranges) is ignored
  and the whole file is sent with 200, as the RFC allows. Phones and browsers
  ask for one range at a time, and a multipart answer would gain nothing here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPEC = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)
_MAX_DIGITS = 19  # more than any file; keeps int() cheap on hostile input


class Unsatisfiable(Exception):
    """The range lies wholly outside the file (answer 416)."""


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    def content_range(self, size: int) -> str:
        return f"bytes {self.start}-{self.end}/{size}"


def parse_range(header: str | None, size: int) -> ByteRange | None:
    """The one range ``header`` asks for, or None for the whole file.

    Raises :class:`Unsatisfiable` when the range cannot be met for a file of ``size`` bytes.
    """
    if not header:
        return None
    match = _SPEC.match(header)
    if not match:
        return None  # another unit, several ranges, or bad syntax: ignored
    first, last = match.groups()
    if len(first) > _MAX_DIGITS or len(last) > _MAX_DIGITS:
        if first and len(first) > _MAX_DIGITS:
            raise Unsatisfiable(header)  # a start beyond any file
        last = str(2**63) if last else ""  # an end beyond any file: to the end
    if first == "" and last == "":
        return None
    if first == "":  # suffix: the last N bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable(header)
        return ByteRange(max(size - suffix, 0), size - 1)
    start = int(first)
    if last != "" and int(last) < start:
        return None  # invalid: ignored
    if start >= size:
        raise Unsatisfiable(header)
    end = size - 1 if last == "" else min(int(last), size - 1)
    return ByteRange(start, end)
