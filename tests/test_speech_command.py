"""voicecoach.speech.command: ``--tts-command``, any speech program that writes a WAV,
run without a shell; tested with the real espeak-ng command line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from voicecoach.errors import DependencyError, FlagError
from voicecoach.session import Voice
from voicecoach.speech import SpeechCache, clips
from voicecoach.speech.command import TtsCommand

ESPEAK = "espeak-ng -v en-us -w {out} {text}"
DANGER = "Say \"it's\"; touch {mark}; $(touch {mark}) `touch {mark}` {{out}} done"


@pytest.mark.parametrize(("template", "message"), [
    ("", "is empty"),
    ("espeak-ng {text}", "needs {out}"),
    ("espeak-ng -w {out} {txt}", "unknown placeholder {txt}"),
    ("espeak-ng -w {out} 'unclosed", "cannot split"),
    ("{text} -w {out}", "cannot be a placeholder"),
])
def test_bad_templates_are_one_line(template: str, message: str) -> None:
    with pytest.raises(FlagError, match=message.replace("{", r"\{").replace("}", r"\}")):
        TtsCommand.parse(template)


def test_the_text_is_one_argument_and_never_looked_at_again(tmp_path: Path) -> None:
    command = TtsCommand.parse("espeak-ng -s {rate} --voice={voice} -w {out} {text} {{x}}")
    text = "a; b $(rm -rf ~) {out} 'q' \"d\""
    argv = command.argv(text, tmp_path / "o.wav", 150, "en-gb")
    assert argv[1:] == ["-s", "150", "--voice=en-gb", "-w", str(tmp_path / "o.wav"), text,
                        "{x}"]
    assert Path(argv[0]).name == "espeak-ng"
    assert TtsCommand.parse("piper -m x.onnx -f {out}").uses_stdin


def test_a_missing_program_is_a_missing_piece() -> None:
    with pytest.raises(DependencyError, match="'no-such-tts' is not installed"):
        SpeechCache(voice=Voice(command="no-such-tts -w {out} {text}"))


@pytest.mark.audio
def test_espeak_ng_command_line_makes_the_clips(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path / "c", voice=Voice(command=ESPEAK), warn=pytest.fail)
    plain = SpeechCache(tmp_path / "c", warn=pytest.fail)
    assert cache.key("Go.") != plain.key("Go.")  # the command is in the key
    assert cache.key("Go.") != SpeechCache(tmp_path / "c", voice=Voice(
        command="espeak-ng -v en-gb -w {out} {text}")).key("Go.")
    clip = cache.clip("Three, two, one, go.")
    assert 0.8 < clip.size / cache.mix_rate < 4
    assert cache.synthesised == 1
    again = SpeechCache(tmp_path / "c", voice=Voice(command=ESPEAK))
    assert (again.clip("Three, two, one, go.") == clip).all() and again.synthesised == 0


@pytest.mark.audio
def test_quotes_semicolons_and_substitutions_are_spoken_not_run(tmp_path: Path) -> None:
    mark = tmp_path / "ran"
    text = DANGER.format(mark=mark)
    cache = SpeechCache(tmp_path / "c", voice=Voice(command=ESPEAK))
    clip = cache.clip(text)
    assert not mark.exists()
    # the same text given straight to espeak-ng as one argument: the same sound
    direct = tmp_path / "direct.wav"
    subprocess.run([shutil.which("espeak-ng") or "espeak-ng", "-v", "en-us", "-w",
                    str(direct), text], check=True)
    samples, rate = clips.read(direct)
    assert clip.size == clips.resample(clips.trim(samples, rate), rate, cache.mix_rate).size
    assert clip.size / cache.mix_rate > 4  # every word of it said


@pytest.mark.audio
def test_any_rate_and_layout_is_resampled(tmp_path: Path) -> None:
    """A program writing 48 kHz 24-bit stereo: a clip at the mix rate, of the same length."""
    script = tmp_path / "tone.py"
    script.write_text(
        "import sys, subprocess\n"
        "subprocess.run(['ffmpeg', '-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi',\n"
        "  '-i', 'sine=frequency=440:duration=1.5:sample_rate=48000', '-ac', '2',\n"
        "  '-c:a', 'pcm_s24le', sys.argv[1]], check=True)\n")
    cache = SpeechCache(tmp_path / "c", mix_rate=44100, voice=Voice(
        command=f"{sys.executable} {script} {{out}}"))
    clip = cache.clip("ignored")
    assert clip.size / 44100 == pytest.approx(1.5, abs=0.05)


@pytest.mark.audio
def test_render_with_the_command_line(tmp_path: Path) -> None:
    """End to end through the CLI, in a fresh process: the engine is never started."""
    out = tmp_path / "s.mp3"
    code = (
        "import sys; from voicecoach.cli import app; from voicecoach.speech import engine\n"
        "try:\n app(sys.argv[1:])\n"
        "except SystemExit as e:\n print('started', engine.started()); raise\n")
    run = subprocess.run(
        [sys.executable, "-c", code, "render", str(Path(__file__).parent / "data/tiny.yaml"),
         "--only", "wall-sit", "-o", str(out), "--tts-command",
         "espeak-ng -v en-gb -s {rate} -w {out} {text}"],
        capture_output=True, text=True, timeout=300,
        env={**__import__("os").environ, "VOICECOACH_CACHE_DIR": str(tmp_path / "c")})
    assert run.returncode == 0, run.stderr
    assert "started False" in run.stdout and out.stat().st_size > 1000
