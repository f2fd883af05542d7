"""Does an MP3 encoder setting lose anything audible on the coach's speech?

Renders hip's mastered samples (the exact audio a render hands the encoder), encodes
them with ffmpeg's one-pass default (the baseline) and with each candidate setting,
decodes every file again and compares it with the source:

* PESQ (ITU-T P.862.2, wideband, MOS-LQO 1.0-4.64) over 10-second windows with speech,
  when the ``pesq`` package is installed (``pip install cython pesq``: it compiles);
* SNR and segmental SNR (dB) against the source, at the source's rate, and the SNR
  above 8 kHz (the band PESQ does not cover; the speech reaches 11 kHz);
* lower bitrates of the baseline as anchors: a setting that scores like the baseline
  and above the anchors has lost nothing the measures can hear.

    .venv/bin/python scripts/mp3quality.py            # hip, all settings
    .venv/bin/python scripts/mp3quality.py --minutes 4

It measures; it exits 0. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from voicecoach import encode, export, loudness, mix, parallel, render, sources
from voicecoach import session as sessions
from voicecoach.speech import SpeechCache

OUT_RATE = 44100
WINDOW = 10.0  # seconds a PESQ score covers


def source_samples(minutes: float | None) -> tuple[np.ndarray, int]:
    """hip's mastered 16-bit samples, as render.to_file gives them to the encoder."""
    session = sessions.apply(sources.load("hip"))
    cache = SpeechCache()
    laid = render.speak(session, cache)[1]
    fmt = export.Format()
    total = laid.total if minutes is None else min(laid.total, int(minutes * 60 * laid.rate))
    with loudness.Stream(render.channelled(mix.Ranges(laid, cache.clip), 1), total,
                         laid.rate, 1) as stream:
        stream.analyse(loudness.default_target(1), ceiling_db=fmt.codec.ceiling,
                       hard_margin=loudness.HARD_MARGIN)
        return np.concatenate(list(stream.chunks())), laid.rate


def ffmpeg_encode(samples: np.ndarray, rate: int, target: Path, *options: str) -> float:
    start = time.perf_counter()
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "s16le", "-ar", str(rate),
                    "-ac", "1", "-i", "pipe:0", "-c:a", "libmp3lame", "-ar", str(OUT_RATE),
                    *options, "-id3v2_version", "0", "-f", "mp3", str(target)],
                   input=samples.astype("<i2").tobytes(), check=True)
    return time.perf_counter() - start


def parallel_encode(samples: np.ndarray, rate: int, target: Path, *options: str) -> float:
    start = time.perf_counter()
    command = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "s16le", "-ar", str(rate),
               "-ac", "1", "-i", "pipe:0", "-map", "0:a", "-c:a", "libmp3lame", *options,
               "-ar", str(OUT_RATE), "-ac", "1", "-id3v2_version", "0"]
    parallel.encode_mp3([samples], samples.size, 1, rate, target, command=command, count=2,
                        codec=encode.CODECS["mp3"],
                        timeout=600)
    return time.perf_counter() - start


def decode(path: Path, rate: int) -> np.ndarray:
    out = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-ar", str(rate),
                          "-f", "s16le", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(out, dtype="<i2").astype(np.float64)


def snr(ref: np.ndarray, got: np.ndarray, rate: int) -> tuple[float, float]:
    n = min(ref.size, got.size)
    ref, got = ref[:n], got[:n]
    noise = ref - got
    whole = 10 * np.log10((ref ** 2).sum() / max(1e-9, (noise ** 2).sum()))
    seg = round(0.02 * rate)
    k = n // seg
    r = (ref[:k * seg] ** 2).reshape(k, seg).sum(axis=1)
    e = (noise[:k * seg] ** 2).reshape(k, seg).sum(axis=1)
    speech = r > 1e-3 * r.max()
    segmental = np.clip(10 * np.log10(r[speech] / np.maximum(e[speech], 1e-9)), -10, 35)
    return float(whole), float(segmental.mean())


def band_snr(ref: np.ndarray, got: np.ndarray, rate: int, low: float = 8000.0) -> float:
    """SNR (dB) above ``low`` Hz, the band PESQ's wideband mode does not hear."""
    from scipy.signal import stft

    n = min(ref.size, got.size)
    f, _, r = stft(ref[:n], rate, nperseg=1024)
    _, _, g = stft(got[:n], rate, nperseg=1024)
    band = f >= low
    signal = float((np.abs(r[band]) ** 2).sum())
    noise = float((np.abs(r[band] - g[band]) ** 2).sum())
    return 10 * np.log10(signal / max(noise, 1e-12))


def pesq_scores(ref: np.ndarray, got: np.ndarray, rate: int) -> list[float] | None:
    try:
        from pesq import pesq
    except ImportError:
        return None
    from scipy.signal import resample_poly

    n = min(ref.size, got.size)
    g = math.gcd(16000, rate)
    r16 = resample_poly(ref[:n] / 32768, 16000 // g, rate // g)
    g16 = resample_poly(got[:n] / 32768, 16000 // g, rate // g)
    win = int(WINDOW * 16000)
    scores = []
    for a in range(0, r16.size - win + 1, win):
        ra, ga = r16[a:a + win], g16[a:a + win]
        if np.sqrt((ra ** 2).mean()) < 0.01:  # mostly silence: PESQ has nothing to say
            continue
        scores.append(float(pesq(16000, ra, ga, "wb")))
    return scores


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minutes", type=float, default=None, help="only the first N minutes")
    args = ap.parse_args()
    samples, rate = source_samples(args.minutes)
    print(f"mp3 quality: hip's mastered speech, {samples.size / rate / 60:.1f} min, "
          f"mono {rate} Hz -> MP3 {OUT_RATE} Hz")
    cases: list[tuple[str, object, tuple[str, ...]]] = [
        ("one pass, 64 kbps (baseline)", ffmpeg_encode, ("-b:a", "64k")),
        ("one pass, 64 kbps, -reservoir 0", ffmpeg_encode, ("-b:a", "64k", "-reservoir", "0")),
        ("two parts joined, 64 kbps", parallel_encode, ("-b:a", "64k")),
        ("one pass, 64 kbps, -q 5", ffmpeg_encode, ("-b:a", "64k", "-compression_level", "5")),
        ("one pass, 64 kbps, -q 7", ffmpeg_encode, ("-b:a", "64k", "-compression_level", "7")),
        ("two parts joined, 64 kbps, -q 7", parallel_encode,
         ("-b:a", "64k", "-compression_level", "7")),
        ("anchor: one pass, 56 kbps", ffmpeg_encode, ("-b:a", "56k")),
        ("anchor: one pass, 48 kbps", ffmpeg_encode, ("-b:a", "48k")),
        ("anchor: one pass, 32 kbps", ffmpeg_encode, ("-b:a", "32k")),
    ]
    ref = samples.astype(np.float64)
    base_mos = None
    print(f"  {'setting':<34} {'encode':>7} {'SNR':>6} {'segSNR':>7} {'>8kHz':>6} "
          f"{'PESQ':>6} {'min':>5} {'vs base':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for k, (label, encoder, options) in enumerate(cases):
            target = Path(tmp) / f"{k}.mp3"
            seconds = encoder(samples, rate, target, *options)  # type: ignore[operator]
            got = decode(target, rate)
            if abs(got.size - ref.size) > 0:
                print(f"  ({label}: {got.size - ref.size:+d} samples against the source)")
            whole, seg = snr(ref, got, rate)
            high = band_snr(ref, got, rate)
            scores = pesq_scores(ref, got, rate)
            if scores:
                mos = float(np.mean(scores))
                base_mos = mos if base_mos is None else base_mos
                extra = f"{mos:6.3f} {min(scores):5.2f} {mos - base_mos:+8.3f}"
            elif scores is None:
                extra = "   (pip install cython pesq for PESQ)"
            else:
                extra = "   (no window with speech)"
            print(f"  {label:<34} {seconds:6.2f}s {whole:6.2f} {seg:7.2f} {high:6.2f} {extra}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
