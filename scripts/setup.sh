#!/usr/bin/env bash
# Shared set-up for scripts/run and scripts/test (sourced, not run):
# system packages, a virtual environment, and voicecoach installed in it.
# Idempotent: the second time it checks and does nothing.
#
#   VOICECOACH_VENV   where the virtual environment lives (default: .venv in the repo)
#   PYTHON            the Python to build it with (default: python3, 3.10 or newer)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VOICECOACH_VENV:-$ROOT/.venv}"

say() { printf 'voicecoach setup: %s\n' "$*" >&2; }

# The list is read whole before it is searched: `ldconfig -p | grep -q` lets grep quit at
# the first match, ldconfig dies of SIGPIPE, and under `set -o pipefail` the library
# looks missing (scripts/run then tried to reinstall eSpeak NG).
have_lib() {
    local libs
    libs="$(ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null)" || true
    case "$libs" in *"$1"*) return 0 ;; *) return 1 ;; esac
}

# install_system PACKAGE... : Debian/Ubuntu packages, as root or through sudo.
install_system() {
    local run=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            run=(sudo)
        else
            say "need root or sudo to install: $*"
            say "install them yourself (Debian/Ubuntu: apt-get install $*), then run this again"
            return 1
        fi
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        say "this is not a Debian/Ubuntu system; install these yourself: $*"
        say "macOS: brew install ffmpeg (speech uses the system voices)"
        say "Windows: winget install ffmpeg (speech uses SAPI5)"
        return 1
    fi
    say "installing system packages: $*"
    local log
    log="$(mktemp)"
    if "${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$log" 2>&1 &&
        "${run[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends "$@" >>"$log" 2>&1; then
        rm -f "$log"
        return 0
    fi
    tail -n 20 "$log" >&2
    say "could not install: $* (the full apt log is in $log)"
    return 1
}

# ensure_system [--test]: eSpeak NG and ffmpeg (and PulseAudio for the tests).
ensure_system() {
    local missing=()
    case "$(uname -s)" in
        Linux)
            have_lib libespeak-ng.so || missing+=(espeak-ng)
            command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
            # A fresh Debian/Ubuntu has Python without venv (or no Python at all).
            if [ ! -x "$VENV/bin/python" ]; then
                if ! command -v "${PYTHON:-python3}" >/dev/null 2>&1; then
                    missing+=(python3 python3-venv)
                elif ! "${PYTHON:-python3}" -c 'import ensurepip, venv' >/dev/null 2>&1; then
                    missing+=(python3-venv)
                fi
            fi
            if [ "${1:-}" = "--test" ]; then
                command -v pulseaudio >/dev/null 2>&1 || missing+=(pulseaudio)
                command -v parec >/dev/null 2>&1 || missing+=(pulseaudio-utils)
                # The phone page is tested in a real headless browser.
                command -v chromium >/dev/null 2>&1 || missing+=(chromium)
                command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
            fi
            ;;
        Darwin)
            command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
            if [ ${#missing[@]} -gt 0 ] && command -v brew >/dev/null 2>&1; then
                brew install ffmpeg && missing=()
            fi
            ;;
    esac
    [ ${#missing[@]} -eq 0 ] || install_system "${missing[@]}"
}

# ensure_venv EXTRAS: the virtual environment with voicecoach[EXTRAS], editable.
ensure_venv() {
    local extras="${1:-}" python="${PYTHON:-python3}" spec stamp want
    if [ ! -x "$VENV/bin/python" ]; then
        if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
            say "voicecoach needs Python 3.10 or newer ($python is $("$python" --version 2>&1))"
            return 1
        fi
        say "creating the virtual environment in $VENV"
        "$python" -m venv "$VENV" || {
            say "could not create a virtual environment (Debian: apt-get install python3-venv)"
            return 1
        }
    fi
    spec="$ROOT"
    [ -z "$extras" ] || spec="$ROOT[$extras]"
    # The stamp records what was installed from which pyproject.toml: nothing to do
    # when it matches (an install with the test extras serves a plain run too).
    stamp="$VENV/.voicecoach-setup"
    sum="$(cksum < "$ROOT/pyproject.toml")"
    if [ -f "$stamp" ] && { [ "$(cat "$stamp")" = "$sum $extras" ] ||
                            { [ -z "$extras" ] && [ "$(cat "$stamp")" = "$sum test" ]; }; }; then
        return 0
    fi
    say "installing voicecoach${extras:+[$extras]} into $VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$spec" || return 1
    printf '%s' "$sum $extras" > "$stamp"
}
