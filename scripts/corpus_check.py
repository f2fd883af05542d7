"""Check the corpus' article texts against their answer keys (tests/data/corpus).

The texts are kept out of the repository and put back by hand from the search tool's
stored pages (tests/data/corpus/README.md). For each key of the sets named (default: all)
this prints one line: MISSING (no text beside the key, and not listed in LOST.txt), LOST
(listed there), OK, or CHECK with what the text lacks: a key name (or aka) none of whose
words mostly appear, or a small dose number that is not in it. A CHECK is often genuine (a
number written as a word, a breath counted as 4 s, yards turned into metres); a wrong page
or a copy error shows as many missing names at once.

Run: .venv/bin/python scripts/corpus_check.py [SET ...]
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import yaml
from import_eval import ARTICLE_SUFFIXES as SUFFIXES
from import_eval import CORPUS, NUMERIC


def words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z0-9]+", text.lower())
            if len(w) > 2 or w.isdigit()}


def lost() -> set[str]:
    path = CORPUS / "LOST.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def check(key: Path, gone: set[str]) -> str:
    stem = key.name.removesuffix(".key.yaml")
    entry = f"{key.parent.name}/{stem}"
    texts = [key.with_name(stem + s) for s in SUFFIXES if key.with_name(stem + s).is_file()]
    if not texts:
        return f"{'LOST' if entry in gone else 'MISSING'} {entry}"
    text = texts[0].read_text(encoding="utf-8", errors="replace")
    have = words(text)
    exercises = (yaml.safe_load(key.read_text(encoding="utf-8")) or {}).get("exercises") or []
    names, numbers = [], set()
    for ex in exercises:
        aliases = [str(ex.get("name", "")), *(str(a) for a in ex.get("aka") or [])]
        if not any(words(a) and len(words(a) & have) / len(words(a)) >= 0.6 for a in aliases):
            names.append(aliases[0])
        for field in NUMERIC:
            numbers |= set(re.findall(r"\d+", str(ex.get(field, ""))))
    found = set(re.findall(r"\d+", text))
    small = sorted((n for n in numbers if n not in found and int(n) < 60), key=int)
    status = "OK" if not names and not small else "CHECK"
    return (f"{status} {texts[0].parent.name}/{texts[0].name} ({len(text)} characters)"
            + (f" names missing: {names}" if names else "")
            + (f" numbers missing: {small}" if small else ""))


def main(argv: list[str]) -> int:
    known = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
    sets = argv or known
    unknown = [name for name in sets if name not in known]
    if unknown:
        print(f"corpus_check: no set {', '.join(unknown)} (the sets: {', '.join(known)})",
              file=sys.stderr)
        return 2
    gone = lost()
    for name in sets:
        for key in sorted((CORPUS / name).glob("*.key.yaml")):
            print(check(key, gone))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:  # (piped into head: the rest is not wanted)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
