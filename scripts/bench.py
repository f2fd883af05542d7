"""Benchmarks: print figures and ratios against baselines measured in the same run.

    .venv/bin/python scripts/bench.py            # all
    .venv/bin/python scripts/bench.py render     # one of: render, memory, mix, startup,
                                                 # batch, play
    .venv/bin/python scripts/bench.py --quick    # CI: it runs (memory, on a tiny routine)

These machines are noisy (2 shared cores): read the ratios, not the seconds,
and run twice before believing a change. Nothing here is a pass/fail test.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from voicecoach import export, mix, render, script, sources, timeline
from voicecoach import session as sessions
from voicecoach.speech import SpeechCache


def best(func, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_render() -> None:
    """Cold render (empty speech cache) and warm renders, without and with music,
    against ffmpeg alone encoding the same audio (the finished samples, same format)."""
    session = sessions.apply(sources.load("hip"))
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        cold_cache = SpeechCache(tmp_path / "cache")
        start = time.perf_counter()
        cold = render.to_file(session, tmp_path / "cold.mp3", cold_cache)
        cold_s = time.perf_counter() - start
        serial_cache = SpeechCache(tmp_path / "serial", workers=1)
        start = time.perf_counter()
        serial_cache.prepare(script.phrases(script.build(session)))
        serial_s = time.perf_counter() - start
        song = tmp_path / "song.flac"  # a 3-minute stand-in for the user's music
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i",
                        "sine=frequency=220:duration=180", "-f", "lavfi", "-i",
                        "anoisesrc=d=180:a=0.05", "-filter_complex", "amix=inputs=2",
                        "-ac", "2", str(song)], check=True)
        print(f"render: hip, {cold.timeline.duration / 60:.1f} min of audio, "
              f"{cold.synthesised} phrases")
        print(f"  cold render           {cold_s:6.2f} s   phases {fmt(cold.phases)}")
        print(f"  speech, one process   {serial_s:6.2f} s   (as rendered, pool when it pays, "
              f"{os.cpu_count()} cores: {cold.phases['speech']:.2f} s)")
        cases = [
            ("MP3 mono", export.Format(), None, None),
            ("MP3 stereo + music", export.Format(channels=2), song, 44100),
        ]
        for label, form, music_path, mix_rate in cases:
            def warm(form: export.Format = form, music_path: Path | None = music_path,
                     mix_rate: int | None = mix_rate) -> render.RenderResult:
                cache = SpeechCache(tmp_path / "cache", **(
                    {"mix_rate": mix_rate} if mix_rate else {}))
                return render.to_file(session, tmp_path / "warm.mp3", cache, fmt=form,
                                      music=music_path)
            last = warm()
            warm_s = best(warm)
            cache = SpeechCache(tmp_path / "cache", **({"mix_rate": mix_rate} if mix_rate
                                                      else {}))
            laid = render.speak(session, cache)[1]
            samples = mix.track(laid, cache.clip)
            if music_path is not None:
                from voicecoach import loudness
                from voicecoach import music as bed

                samples = samples[:, None] + bed.bed(
                    music_path, laid, form.channels, loudness.integrated(samples, laid.rate))
            final, _ = render.master(samples, laid.rate, form, 1.0, None)
            raw = tmp_path / "final.raw"
            raw.write_bytes(final.astype("<i2").tobytes())
            encode_s = best(lambda raw=raw, laid=laid, form=form: ffmpeg_alone(
                raw, laid.rate, form, tmp_path / "enc.mp3"))
            print(f"  warm, {label:<20} {warm_s:6.2f} s   phases {fmt(last.phases)}")
            print(f"  ffmpeg encode only          {encode_s:6.2f} s   (baseline)   "
                  f"warm / encode x{warm_s / encode_s:.2f}")


def ffmpeg_alone(raw: Path, rate: int, form: export.Format, target: Path) -> None:
    """The baseline: ffmpeg by itself encoding the finished samples (a raw file) to the
    same format, with its default settings otherwise (one pass, one process)."""
    channels = 2 if form.channels == 2 else 1
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "s16le", "-ar", str(rate),
                    "-ac", str(channels), "-i", str(raw), "-c:a", "libmp3lame",
                    "-b:a", f"{form.bitrate}k", "-ar", str(form.sample_rate), str(target)],
                   check=True)


MEMORY_CASES = [("16 min", {}), ("92 min", {"sets": 4, "duration": 300}),
                ("180 min", {"sets": 8, "duration": 300})]
MEMORY_CHILD = """
import json, resource, sys, tempfile, time
from pathlib import Path
from voicecoach import export, render, sources
from voicecoach import session as sessions
from voicecoach.speech import SpeechCache
args = json.loads(sys.argv[1])
options = sessions.Options(sets={"*": args["sets"]} if args.get("sets") else {},
                           duration={"*": args["duration"]} if args.get("duration") else {})
session = sessions.apply(sources.load(args.get("routine", "hip")), options)
start = time.perf_counter()
with tempfile.TemporaryDirectory() as tmp:
    result = render.to_file(session, Path(tmp) / "m.mp3", SpeechCache())
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"minutes": result.timeline.duration / 60, "rss": own,
                  "seconds": time.perf_counter() - start}))
"""


def bench_memory(quick: bool = False) -> None:
    """Peak resident memory of a warm render (its own process; ffmpeg apart) for 16, 92
    and 180 minutes of hip, against a bare interpreter with voicecoach's imports."""
    import json

    def child(code: str, *args: str) -> dict:
        out = subprocess.run([sys.executable, "-c", code, *args], check=True,
                             capture_output=True, text=True).stdout
        return json.loads(out.strip().splitlines()[-1])

    bare = child("import json, resource, numpy, scipy.signal, voicecoach.render; "
                 "print(json.dumps({'rss': resource.getrusage(resource.RUSAGE_SELF)"
                 ".ru_maxrss / 1024}))")["rss"]
    print("memory: peak RSS of a warm render of hip, MP3 mono (its own process; ffmpeg apart)")
    print(f"  imports only         {bare:7.1f} MB   (baseline)")
    first = None
    tiny = str(Path(__file__).parent.parent / "tests" / "data" / "tiny.yaml")
    for label, args in [("tiny", {"routine": tiny})] if quick else MEMORY_CASES:
        got = child(MEMORY_CHILD, json.dumps(args))
        first = first or got["rss"]
        print(f"  {label:<8} ({got['minutes']:5.1f} min) {got['rss']:7.1f} MB   "
              f"x{got['rss'] / first:.2f} of 16 min   +{got['rss'] - bare:.0f} MB over imports"
              f"   {got['seconds']:.1f} s")


def fmt(phases: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.2f}" for k, v in phases.items())


def bench_mix() -> None:
    """Mixing time against session length, and against a chain of pydub `+`."""
    from pydub import AudioSegment

    cache = SpeechCache()
    print("mix: one buffer (numpy) vs pydub `+` in a loop (the quadratic baseline)")
    for sets in (1, 2, 4):
        session = sessions.apply(sources.load("hip"), sessions.Options(sets={"*": sets}))
        plan = render.speak(session, cache)[1]
        numpy_s = best(lambda plan=plan: mix.mix(plan, cache.clip))
        row = (f"  {plan.duration / 60:5.1f} min, {len(plan.events):5d} events: "
               f"buffer {numpy_s:6.3f} s")
        if sets <= 2:
            def concat(plan: timeline.Timeline = plan) -> None:
                out = AudioSegment.empty()
                for event in plan.events:
                    data = mix.render_event(event, cache.clip, plan.rate)
                    raw = data.tobytes() if data is not None else bytes(2 * event.length)
                    out = out + AudioSegment(data=raw, sample_width=2,
                                             frame_rate=plan.rate, channels=1)
            plus_s = best(concat, repeat=1)
            row += f"   pydub + {plus_s:6.2f} s   (x{plus_s / numpy_s:.0f} slower)"
        print(row)


def bench_startup() -> None:
    """`voicecoach --help` and `voicecoach plan hip`, against a bare interpreter."""
    exe = Path(sys.executable).with_name("voicecoach")

    def wall(args: list[str]) -> float:
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(args, check=True, capture_output=True)
            runs.append(time.perf_counter() - start)
        return statistics.median(runs)

    bare = wall([sys.executable, "-c", "pass"])
    helps = wall([str(exe), "--help"])
    plans = wall([str(exe), "plan", "hip"])
    print("startup (median of 5)")
    print(f"  python -c pass        {bare:6.3f} s   (baseline)")
    print(f"  voicecoach --help     {helps:6.3f} s   x{helps / bare:.1f}")
    print(f"  voicecoach plan hip   {plans:6.3f} s   x{plans / bare:.1f}")


def bench_batch(quick: bool = False) -> None:
    """Three levels of hip in one command (`render hip --level easy,standard,hard`)
    against the same three files by three separate commands, warm speech cache."""
    exe = Path(sys.executable).with_name("voicecoach")
    routine = str(Path(__file__).parent.parent / "tests" / "data" / "tiny.yaml") if quick \
        else "hip"
    levels = ["easy", "standard", "hard"]
    with tempfile.TemporaryDirectory() as tmp:
        def wall(*args: str) -> float:
            start = time.perf_counter()
            subprocess.run([str(exe), "render", routine, *args], check=True,
                           capture_output=True)
            return time.perf_counter() - start

        wall("--level", ",".join(levels), "-o", f"{tmp}/warm")  # the speech cache full
        separate = sum(wall("--level", level, "-o", f"{tmp}/one-{level}.mp3")
                       for level in levels)
        together = wall("--level", ",".join(levels), "-o", f"{tmp}/batch")
    print(f"batch: {Path(routine).stem} at three levels, warm, MP3 mono, "
          f"{os.cpu_count()} cores")
    print(f"  three separate commands  {separate:6.2f} s   (baseline)")
    print(f"  one command, --level easy,standard,hard  {together:6.2f} s   "
          f"x{together / separate:.2f}")


def bench_play(quick: bool = False) -> None:
    """Time to first sound of `play hip` through a real PulseAudio null sink, cold (empty
    speech cache, engine not started) and warm, each in a fresh process, from the call
    to `play_session`; baseline: the same with the whole session synthesised, mixed and
    mastered before the first sound (`stream=False`). Also when the whole session is
    ready, how long playing waited for samples after the first sound, and how much of
    the session played at the name's gain before the file's took over."""
    import json

    sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
    from pulse import MISSING, pulse_server  # the test suite's PulseAudio set-up

    if MISSING:
        print(f"play: skipped (no {', '.join(MISSING)}: install pulseaudio, "
              f"pulseaudio-utils)")
        return

    child_code = """
import io, json, sys, threading, time
from pathlib import Path
from rich.console import Console
from voicecoach import sources
from voicecoach import session as sessions
from voicecoach.play import live, play_session
from voicecoach.play.keys import ScriptedKeys
from voicecoach.speech import SpeechCache
args = json.loads(sys.argv[1])
seen = {}
class Spy(live.Transport):
    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        seen["t"] = self
live.Transport = Spy
session = sessions.apply(sources.load(args["routine"]), sessions.Options(
    sets={"*": args["sets"]} if args.get("sets") else {},
    duration={"*": args["duration"]} if args.get("duration") else {}))
done = {"stalled": 0.0}
def watch():
    while "t" not in seen or not seen["t"].program.done:
        t = seen.get("t")
        if t is not None and t.first_sound is not None and t.stalled:
            done["stalled"] += 0.005
        time.sleep(0.005)
    done["at"] = time.monotonic()
threading.Thread(target=watch, daemon=True).start()
start = time.monotonic()
play_session(session, SpeechCache(Path(args["cache"])), keys=ScriptedKeys(
    [(args["quit"], "q")], time.monotonic, time.sleep), console=Console(file=io.StringIO()),
    stream=args["stream"])
t = seen["t"]
print(json.dumps({"first": t.first_sound - start, "ready": done.get("at", float("nan")) - start,
                  "estimated": t.program.kept / t.program.rate, "stalled": done["stalled"]}))
"""
    routine = str(Path(__file__).parent.parent / "tests" / "data" / "tiny.yaml") if quick \
        else "hip"
    with tempfile.TemporaryDirectory() as tmp, pulse_server(Path(tmp) / "pulse") as env:
        def child(cache: str, stream: bool, **more: int) -> dict:
            out = subprocess.run(
                [sys.executable, "-c", child_code, json.dumps(
                    {"routine": routine, "cache": f"{tmp}/{cache}", "stream": stream,
                     "quit": 2.0 if quick else 30.0 if more else 12.0, **more})],
                env={**os.environ, **env}, check=True, capture_output=True, text=True).stdout
            return json.loads(out.strip().splitlines()[-1])

        runs: dict[tuple[str, bool], dict] = {}  # the cold ones first: the caches empty
        runs["cold", False] = child("baseline", False)
        runs["cold", True] = child("cache", True)
        runs["warm", False] = child("baseline", False)
        runs["warm", True] = min((child("cache", True) for _ in range(3)),
                                 key=lambda r: r["first"])
        if not quick:  # 92 minutes (4 sets of 5 minutes): the measuring takes longest
            child("cache", True, sets=4, duration=300)  # its speech cached
            runs["warm, 92 min", False] = child("cache", False, sets=4, duration=300)
            runs["warm, 92 min", True] = child("cache", True, sets=4, duration=300)
    print(f"play: time to first sound, {Path(routine).stem} through a PulseAudio null sink, "
          f"a fresh process each, from the call to play_session")
    for label in ("cold", "warm", "warm, 92 min"):
        if (label, True) not in runs:
            continue
        base, got = runs[label, False], runs[label, True]
        print(f"  {label + ', whole session first':<34} {base['first']:6.3f} s   (baseline)")
        print(f"  {label + ', streamed':<34} {got['first']:6.3f} s   "
              f"x{base['first'] / got['first']:.0f} sooner   whole session ready " + (
                  f"at {got['ready']:.2f} s" if got["ready"] == got["ready"] else
                  "later than q") + f", {got['stalled']:.2f} s waited for samples; the "
              f"first {got['estimated']:.1f} s at the name's gain")


if __name__ == "__main__":
    quick = "--quick" in sys.argv  # CI: does it run (a tiny routine; no figures to read)
    which = [a for a in sys.argv[1:] if a != "--quick"] or (
        ["memory", "batch", "play"] if quick else ["startup", "mix", "memory", "render", "batch",
                                           "play"])
    for name in which:
        if name == "memory":
            bench_memory(quick)
        elif name == "batch":
            bench_batch(quick)
        elif name == "play":
            bench_play(quick)
        else:
            globals()[f"bench_{name}"]()
