"""MP3 on all cores: the session cut at frame boundaries, the parts encoded by
parallel ffmpeg processes, the frames joined into one gapless file.

How a join stays gapless:

* Frames. An MP3 frame (MPEG-1) holds 1152 samples; LAME delays its output by
  ``D`` samples (576, plus ffmpeg's 529 for the decoder), so frame ``J`` of any
  encode decodes the input's samples ``[J*1152 - D, (J+1)*1152 - D)``. A part
  that starts encoding at a multiple of 1152 output samples makes frames on the
  single-pass grid: its frame ``j`` is the whole file's frame ``S/1152 + j``.
* Priming. Each part starts :data:`PRIME` frames before the first frame it keeps
  and runs :data:`TAIL` frames past the last (the MDCT overlap, the
  psychoacoustic look-ahead, the resampler's filter, the encoder's flush): the
  frames kept were made from the same samples, in the same context, as a single
  pass would make them. The first part starts at 0, the last runs to the end.
* The bit reservoir. A frame may start its data in the bytes of the frames
  before it; a part's first kept frame would borrow from priming frames that
  are thrown away. Parallel encodes therefore run without the reservoir
  (``-reservoir 0``): every frame is self-contained.
* The header. One Xing/LAME "Info" frame for the whole file, from the first
  part's: frame count, byte count, seek table, the encoder delay and the end
  padding (so a gapless decoder, ffmpeg's among them, gives exactly the
  planned samples), and both CRCs.

Only MPEG-1 rates (32, 44.1, 48 kHz) are split; anything else, and every other
format, goes through the single pass in :mod:`voicecoach.encode`.
"""

from __future__ import annotations

import array
import contextlib
import functools
import math
import os
import subprocess
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import encode
from .errors import OutputError

FRAME = 1152  # samples per MPEG-1 layer III frame
PRIME = 8  # frames encoded before the first one a part keeps
TAIL = 4  # frames encoded after the last one a part keeps
MIN_FRAMES = 400  # fewer frames a part (~10 s) and the process start is not worth it
RATES = (32000, 44100, 48000)  # MPEG-1: 1152-sample frames
BITRATES = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
FEED = 1 << 16  # samples a feeder hands ffmpeg at a time
COPY = 1 << 22  # bytes read at a time when the parts are joined


@dataclass(frozen=True)
class Part:
    """One ffmpeg process's share: input samples ``[start, end)`` (at the input rate),
    the frames to drop before the first kept, and how many to keep (None: the rest)."""

    start: int
    end: int
    drop: int
    keep: int | None


def parts_for(total: int, rate: int, out_rate: int, count: int) -> list[Part]:
    """``count`` parts of ``total`` input samples, cut at output frame boundaries whose
    input position is a whole sample (so every part resamples on the same grid)."""
    step = out_rate // math.gcd(rate, out_rate)  # output samples between whole input ones
    grid = FRAME * step // math.gcd(FRAME, step)
    out_total = total * out_rate // rate
    frames = -(-out_total // FRAME) + 1
    cuts = [round(k * frames / count) for k in range(count + 1)]
    parts = []
    for k in range(count):
        first, last = cuts[k], cuts[k + 1]
        begin = max(0, (first - PRIME) * FRAME) // grid * grid if k else 0
        start = begin * rate // out_rate
        end = total if k == count - 1 else min(
            total, -(-(last + TAIL) * FRAME * rate // out_rate))
        parts.append(Part(start, end, first - begin // FRAME,
                          None if k == count - 1 else last - first))
    return parts


def worth_it(total: int, rate: int, out_rate: int, workers: int) -> int:
    """How many parts to encode ``total`` samples in (1: a single pass)."""
    if out_rate not in RATES or workers < 2:
        return 1
    frames = total * out_rate // rate // FRAME
    return max(1, min(workers, frames // MIN_FRAMES))


# --- the bitstream -------------------------------------------------------------------

def _header_length(h: int, pos: int) -> int:
    """The length of the MPEG-1 layer III frame whose 4-byte header is ``h``."""
    if (h >> 21) != 0x7FF or (h >> 19) & 3 != 3 or (h >> 17) & 3 != 1:
        raise OutputError(f"parallel MP3: no frame header at byte {pos}")
    bitrate = BITRATES[(h >> 12) & 15] * 1000
    sr = (44100, 48000, 32000)[(h >> 10) & 3]
    length = 144 * bitrate // sr + ((h >> 9) & 1)
    if length <= 4:
        raise OutputError(f"parallel MP3: a free-format frame at byte {pos}")
    return length


def frames_in(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Offsets and lengths of every MPEG-1 layer III frame in the file at ``path``, in
    order, read a few megabytes at a time (never whole, and not mapped: mapped pages
    would count as the process's memory)."""
    offsets = array.array("q")  # 8 bytes a frame, not a Python int's 36
    pos = 0
    with path.open("rb") as f:
        size = os.fstat(f.fileno()).st_size
        while pos + 4 <= size:
            block = os.pread(f.fileno(), COPY, pos)
            at = 0
            while at + 4 <= len(block):
                offsets.append(pos + at)
                at += _header_length(int.from_bytes(block[at:at + 4], "big"), pos + at)
            pos += at
    starts = np.frombuffer(offsets, dtype=np.int64) if offsets else np.zeros(0, np.int64)
    return starts, np.diff(np.append(starts, pos))


def crc16(data: bytes, crc: int = 0) -> int:
    """CRC-16 (polynomial 0x8005, reflected: the LAME tag's)."""
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


_TABLE = [crc16(bytes([i])) for i in range(256)]


def xing_offset(frame: bytes) -> int | None:
    """Where the Xing/Info tag starts in ``frame``, or None when it is an audio frame."""
    mono = (frame[3] >> 6) == 3
    at = 4 + (17 if mono else 32)
    return at if frame[at:at + 4] in (b"Xing", b"Info") else None


def info(frame: bytes) -> tuple[int, int, int]:
    """(frames, delay, padding) recorded in a Xing/LAME frame."""
    at = xing_offset(frame)
    if at is None:
        raise OutputError("parallel MP3: a part has no Xing/LAME header")
    flags = int.from_bytes(frame[at + 4:at + 8], "big")
    pos = at + 8
    count = int.from_bytes(frame[pos:pos + 4], "big") if flags & 1 else 0
    pos += 4 * bool(flags & 1) + 4 * bool(flags & 2) + 100 * bool(flags & 4) + 4 * bool(flags & 8)
    dp = int.from_bytes(frame[pos + 21:pos + 24], "big")
    return count, dp >> 12, dp & 0xFFF


def header_for(template: bytes, sizes: np.ndarray, samples: int, music_crc: int) -> bytes:
    """The Xing/LAME frame for audio frames of ``sizes`` bytes decoding to ``samples``
    samples, whose bytes have the CRC ``music_crc``: ``template`` (a part's own) with
    the counts, seek table, padding and CRCs redone."""
    frame = bytearray(template)
    at = xing_offset(template)
    assert at is not None
    flags = int.from_bytes(frame[at + 4:at + 8], "big")
    if flags & 15 != 15:
        raise OutputError("parallel MP3: the Xing header lacks a field it needs")
    total_bytes = len(frame) + int(sizes.sum())
    n = len(sizes)
    frame[at + 8:at + 12] = n.to_bytes(4, "big")
    frame[at + 12:at + 16] = total_bytes.to_bytes(4, "big")
    starts = np.concatenate([[0], np.cumsum(sizes)]) + len(frame)
    toc = bytes(min(255, int(starts[min(n, i * n // 100)] * 256 // total_bytes))
                for i in range(100))
    frame[at + 16:at + 116] = toc
    lame = at + 120
    _, delay, _ = info(template)
    padding = n * FRAME - delay - samples
    if not 0 <= padding < 4096:
        raise OutputError(f"parallel MP3: end padding {padding} out of range")
    frame[lame + 21:lame + 24] = ((delay << 12) | padding).to_bytes(3, "big")
    frame[lame + 28:lame + 32] = total_bytes.to_bytes(4, "big")
    frame[lame + 32:lame + 34] = music_crc.to_bytes(2, "big")
    # the tag's own CRC: over the frame's first 190 bytes (the field itself zero), as
    # ffmpeg computes it for mono and stereo alike
    frame[lame + 34:lame + 36] = b"\0\0"
    frame[lame + 34:lame + 36] = _crc_update(0, bytes(frame[:190])).to_bytes(2, "big")
    return bytes(frame)


def _crc_update(crc: int, data: bytes) -> int:
    table = _TABLE
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


CRC_BLOCK = 1024  # bytes a lane of the vectorised CRC takes


@functools.cache
def _crc_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The byte table, and the two tables that run a CRC on over CRC_BLOCK zero bytes
    (a linear map of its 16 bits: one table for each byte of it)."""
    table = np.array(_TABLE, dtype=np.uint32)
    zeros = bytes(CRC_BLOCK)
    low = np.array([_crc_update(v, zeros) for v in range(256)], dtype=np.uint32)
    high = np.array([_crc_update(v << 8, zeros) for v in range(256)], dtype=np.uint32)
    return table, low, high


def crc16_fast(data: bytes) -> int:
    """:func:`crc16` of ``data`` (from 0), tens of times faster: the bytes are cut
    into blocks whose CRCs numpy computes side by side, then chained. CRC-16/ARC starts
    at 0 with no final xor, so it is linear: zeros in front change nothing (the blocks
    are padded there), and CRC(A + B) is CRC(A) run on over len(B) zero bytes, xor CRC(B)."""
    if len(data) < 4 * CRC_BLOCK:
        return _crc_update(0, data)
    table, low, high = _crc_tables()
    lanes = -(-len(data) // CRC_BLOCK)
    buf = np.zeros(lanes * CRC_BLOCK, dtype=np.uint8)
    buf[buf.size - len(data):] = np.frombuffer(data, dtype=np.uint8)
    columns = buf.reshape(lanes, CRC_BLOCK).T.copy()  # one row a byte position
    crc = np.zeros(lanes, dtype=np.uint32)
    for column in columns:
        crc = (crc >> 8) ^ table[(crc ^ column) & 0xFF]
    total = 0
    low_, high_ = low.tolist(), high.tolist()
    for value in crc.tolist():
        total = low_[total & 0xFF] ^ high_[total >> 8] ^ value
    return total


def crc16_combine(first: int, second: int, length: int) -> int:
    """The CRC of A + B from CRC(A), CRC(B) and len(B) (CRC-16/ARC is linear)."""
    _, low, high = _crc_tables()
    low_, high_ = low.tolist(), high.tolist()
    for _ in range(length // CRC_BLOCK):
        first = low_[first & 0xFF] ^ high_[first >> 8]
    return _crc_update(first, bytes(length % CRC_BLOCK)) ^ second


def join(parts: list[Part], files: list[Path], target: Path) -> None:
    """Write one MP3 to ``target`` from the parts' files (each with its own Xing frame
    first), a few megabytes at a time: the header first, for the frames it counts."""
    spans: list[tuple[Path, int, int]] = []  # the kept frames of each part: file, bytes
    sizes: list[np.ndarray] = []
    template = b""
    samples = 0
    music = 0
    for k, (part, path) in enumerate(zip(parts, files, strict=True)):
        starts, lengths = frames_in(path)
        with path.open("rb") as f:
            head = os.pread(f.fileno(), int(lengths[0]), int(starts[0]))
            if k == 0:
                template = head
            count = len(starts) - 1
            last = count if part.keep is None else part.drop + part.keep
            if part.keep is not None and count < last:
                raise OutputError(f"parallel MP3: part {k} made {count} frames, "
                                  f"{last} wanted")
            a, b = int(starts[1 + part.drop]), int(starts[last] + lengths[last])
            for at in range(a, b, COPY):
                piece = os.pread(f.fileno(), min(COPY, b - at), at)
                music = crc16_combine(music, crc16_fast(piece), len(piece))
        spans.append((path, a, b))
        sizes.append(lengths[1 + part.drop:last + 1])
        if part.keep is None:  # the last: its own header says how many samples it holds
            frames, delay, padding = info(head)
            kept_before = sum(len(x) for x in sizes[:-1])
            samples = (kept_before - part.drop) * FRAME + (frames * FRAME - delay - padding)
    with target.open("wb") as out:
        out.write(header_for(template, np.concatenate(sizes), samples, music))
        for path, a, b in spans:
            with path.open("rb") as f:
                f.seek(a)
                left = b - a
                while left:
                    piece = f.read(min(COPY, left))
                    if not piece:
                        raise OutputError("parallel MP3: a part file ended early")
                    out.write(piece)
                    left -= len(piece)


# --- the processes -------------------------------------------------------------------

class _Spool:
    """The samples as they come, on disk, for the feeders to read when they are there."""

    def __init__(self, frame_bytes: int) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by encode_mp3)
        self.frame_bytes = frame_bytes
        self.written = 0
        self.done = False
        self.failed = False
        self.cond = threading.Condition()

    def add(self, chunk: np.ndarray) -> None:
        data = np.ascontiguousarray(chunk, dtype="<i2").tobytes()
        self.file.write(data)
        self.file.flush()
        with self.cond:
            self.written += len(data) // self.frame_bytes
            self.cond.notify_all()

    def finish(self, failed: bool = False) -> None:
        with self.cond:
            self.done = True
            self.failed = failed
            self.cond.notify_all()

    def read(self, start: int, end: int) -> bytes | None:
        """Samples ``[start, end)`` once written (None: the producer stopped short)."""
        with self.cond:
            self.cond.wait_for(lambda: self.written >= end or self.done)
            if self.written < end:
                return None
        return os.pread(self.file.fileno(), (end - start) * self.frame_bytes,
                        start * self.frame_bytes)


def encode_mp3(
    chunks: Iterable[np.ndarray],
    frames: int,
    channels: int,
    rate: int,
    target: Path,
    *,
    command: list[str],
    count: int,
    timeout: float,
    codec: encode.Codec,
) -> None:
    """Encode the samples ``chunks`` gives (``frames`` at ``rate``) in ``count`` parts,
    each by ``command`` (ffmpeg's, up to its output options, reading s16le from stdin),
    and write the joined MP3 to ``target``."""
    out_rate = int(command[command.index("-ar", command.index("pipe:0")) + 1])
    parts = parts_for(frames, rate, out_rate, count)
    spool = _Spool(2 * channels)
    stalled = threading.Event()
    with tempfile.TemporaryDirectory(prefix="voicecoach-mp3-") as tmp:
        outs = [Path(tmp) / f"part{k}.mp3" for k in range(len(parts))]
        errs = [tempfile.TemporaryFile() for _ in parts]  # noqa: SIM115 (closed below)
        procs = [subprocess.Popen(
            [*command, "-reservoir", "0", "-write_xing", "1", "-f", "mp3", str(out)],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=err)
            for out, err in zip(outs, errs, strict=True)]

        def feed(part: Part, proc: subprocess.Popen) -> None:
            assert proc.stdin is not None
            with contextlib.suppress(BrokenPipeError, ValueError):
                for a in range(part.start, part.end, FEED):
                    data = spool.read(a, min(part.end, a + FEED))
                    if data is None:
                        break
                    proc.stdin.write(data)
            with contextlib.suppress(BrokenPipeError):
                proc.stdin.close()

        def stop() -> None:
            stalled.set()
            for proc in procs:
                if proc.poll() is None:
                    proc.kill()

        feeders = [threading.Thread(target=feed, args=(p, proc), daemon=True)
                   for p, proc in zip(parts, procs, strict=True)]
        watchdog = threading.Timer(timeout, stop)
        watchdog.daemon = True
        watchdog.start()
        ok = False
        try:
            for t in feeders:
                t.start()
            for chunk in chunks:
                spool.add(chunk)
            ok = True
        finally:
            spool.finish(failed=not ok)
            for t in feeders:
                t.join()
            for proc in procs:
                if not ok and proc.poll() is None:
                    proc.kill()
                proc.wait()
            watchdog.cancel()
            spool.file.close()
        texts = []
        for err in errs:
            err.seek(0)
            texts.append(err.read().decode("utf-8", "replace").strip())
            err.close()
        if stalled.is_set():
            raise OutputError(f"ffmpeg stalled: no MP3 after {timeout:.0f} s; "
                              "nothing was replaced")
        for proc, text in zip(procs, texts, strict=True):
            encode.failed(codec, proc.returncode, text)
        if spool.written != frames:
            raise OutputError(f"parallel MP3: {spool.written} samples given, {frames} planned")
        if not all(out.is_file() and out.stat().st_size for out in outs):
            raise OutputError("ffmpeg reported success but wrote no MP3; nothing was replaced")
        join(parts, outs, target)
