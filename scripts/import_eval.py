"""Measure the article importer on real published articles (tests/data/corpus).

Each article ``NN-name.txt|.md|.html`` has an answer key ``NN-name.key.yaml`` written from the
text alone. For every article this imports it (in-process through
``voicecoach.importer.import_path``, or, if that cannot be imported, through
``voicecoach import ARTICLE --json`` in a subprocess) and compares:

* the exercise count (exact);
* the exercise names: expected and imported names are aligned in order; a pair matches when
  difflib's ratio is >= 0.8 after lowercasing and stripping numbering and punctuation (a key
  may list other accepted names under ``aka``), or (``--matcher tokens``, the default) when
  the names have the same words up to plurals, case, hyphens, "a"/"the" and bracketed
  remarks ("Clam Shells" = "Clamshell", "Row (band)" = "Row"); ``--matcher ratio`` is the
  difflib test alone, as before 2026-11;
* for each matched exercise, each dose field (reps, sets, hold, duration, distance, per_side):
  right or wrong. A range must match as a range. "—" in the key means the importer must give
  no value; a value there is a *distractor* (counted apart, and those that are the importer's
  own guessed defaults are counted apart again). ``sets: 1`` that the article never stated
  (no "sets" entry in the exercise's field sources) counts as no value. A per_side of "—"
  or false in the key expects false.

Dose accuracy counts the fields of every expected exercise; those of an exercise whose name
was not found are all wrong. "stated" is the same over the fields where the key has a value.

Run: .venv/bin/python scripts/import_eval.py
[--set tune|holdout|fresh|fresh2|fresh3|fresh4|fresh5|exam|all|dev] [-v] [--markdown]
[--from N] [--to N] (only the articles numbered N and up / up to N, e.g. a batch collected
later, measured apart) [--matcher tokens|ratio]. ``all`` is tune and holdout; ``fresh`` (pages
first seen after the tuning, issue 14) is measured only on its own. Since the ninth round
the holdout and fresh sets are development data too; in the tenth, ``dev`` is tune, holdout,
fresh, fresh2 and fresh3 (the ninth round's validation set), ``fresh4`` validates; in the
eleventh, fresh4 joins ``dev`` and ``fresh5`` validates. The test part is ``exam``: pages
collected and keyed by someone who wrote no importer code, before the importer ever ran on
them; measure it, totals only, and never study its pages.
(``scripts/importbench`` is the same.) ``--markdown`` also prints a table for BENCHMARKS.md.
It measures; it always exits 0.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"
SETS = ("tune", "holdout")  # ``all``: the first split, kept so old figures stay comparable
# ``dev``: all studied (fresh3 since the tenth round, fresh4 since the eleventh)
DEV = ("tune", "holdout", "fresh", "fresh2", "fresh3", "fresh4")
TEST = "exam"  # the test part since the ninth round: measured only, never studied
VALIDATION = "fresh5"  # decides merges in the eleventh round: totals only, never studied
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
FIELDS = ("reps", "sets", "hold", "duration", "distance", "per_side")
NUMERIC = ("reps", "sets", "hold", "duration", "distance")
NONE = "—"
RATIO = 0.8
CLI = ROOT / ".venv" / "bin" / "voicecoach"

Span = tuple[float, float]
Value = Span | bool | None


# --------------------------------------------------------------------------- reading


def parts(which: str) -> tuple[str, ...]:
    return {"all": SETS, "dev": DEV}.get(which, (which,))


def articles(which: str) -> list[Path]:
    found: list[Path] = []
    for name in parts(which):
        folder = CORPUS / name
        if not folder.is_dir():  # a set not collected yet
            continue
        found += sorted(p for p in folder.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES)
    return found


def keys_without_text(which: str) -> list[Path]:
    """Keys whose article text is not here: their pages are left out of every figure."""
    return [key for name in parts(which) for key in sorted((CORPUS / name).glob("*.key.yaml"))
            if not any(key.with_name(key.name.removesuffix(".key.yaml") + s).is_file()
                       for s in ARTICLE_SUFFIXES)]


def key_path(article: Path) -> Path:
    return article.with_name(article.stem + ".key.yaml")


def parse_span(value: Any) -> Span | None:
    """A key or importer value as (low, high); None for "—"/null. Raises ValueError if bad."""
    if value is None or value == NONE:
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, int | float):
        return (float(value), float(value))
    if isinstance(value, list | tuple) and len(value) == 2:
        low, high = parse_span(value[0]), parse_span(value[1])
        if low is None or high is None:
            raise ValueError(f"bad range: {value!r}")
        return (low[0], high[0])
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:[-–]\s*(\d+(?:\.\d+)?)\s*)?", value)
        if m:
            first = float(m.group(1))
            return (first, float(m.group(2)) if m.group(2) else first)
    raise ValueError(f"not a number, range or {NONE}: {value!r}")


def parse_side(value: Any) -> bool | None:
    if value is None or value == NONE:
        return None
    if isinstance(value, bool):
        return value
    raise ValueError(f"per_side must be true, false or {NONE}: {value!r}")


@dataclass
class Expected:
    name: str
    names: list[str]
    doses: dict[str, Value]


def read_key(path: Path) -> tuple[dict[str, Any], list[Expected]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    expected = []
    for item in data["exercises"]:
        names = [str(item["name"])] + [str(a) for a in item.get("aka") or []]
        doses: dict[str, Value] = {f: parse_span(item.get(f, NONE)) for f in NUMERIC}
        doses["per_side"] = parse_side(item.get("per_side", NONE))
        expected.append(Expected(str(item["name"]), names, doses))
    return data, expected


# --------------------------------------------------------------------------- importing


@dataclass
class Got:
    name: str
    doses: dict[str, Value]
    guessed: bool
    flagged: bool = False  # marked for review ("check") in the import


def _got_from_json(item: dict[str, Any]) -> Got:
    sources = item.get("field_sources") or {}
    doses: dict[str, Value] = {}
    for f in NUMERIC:
        span = parse_span(item.get(f))
        if f == "sets" and span == (1.0, 1.0) and "sets" not in sources:
            span = None  # the routine's default, not read from the article
        doses[f] = span
    doses["per_side"] = bool(item.get("per_side"))
    return Got(str(item.get("name", "")), doses, bool(item.get("guessed")),
               bool(item.get("needs_review")))


def _in_process() -> Callable[[Path], list[dict[str, Any]]] | None:
    try:
        from voicecoach.importer import import_path  # type: ignore[attr-defined]
    except Exception:  # the module may be mid-restructuring: use the CLI instead
        return None

    def run(article: Path) -> list[dict[str, Any]]:
        result = import_path(article)
        data: dict[str, Any] = json.loads(result.to_json())
        return list(data["exercises"])

    return run


def _subprocess(article: Path) -> list[dict[str, Any]]:
    cli = str(CLI) if CLI.exists() else "voicecoach"
    proc = subprocess.run([cli, "import", str(article), "--json"], capture_output=True,
                          text=True, timeout=120, check=False)
    if proc.returncode != 0:
        message = (proc.stderr or proc.stdout).strip().splitlines()
        raise RuntimeError(message[-1] if message else f"exit {proc.returncode}")
    data: dict[str, Any] = json.loads(proc.stdout)
    return list(data["exercises"])


# --------------------------------------------------------------------------- scoring

_NUMBERING_RE = re.compile(
    r"^\s*(?:(?:step|exercise|#)\s*)?(?:[a-z]?\d+[.):]?|[a-z][.)])\s*[-–—:]?\s*", re.IGNORECASE)


def norm(name: str) -> str:
    text = name.replace("’", "'").lower()
    text = _NUMBERING_RE.sub("", text)
    text = re.sub(r"[^\w\s]|_", " ", text)
    return " ".join(text.split())


_STOP_WORDS = frozenset({"a", "an", "the"})
MATCHERS = ("tokens", "ratio")
MATCHER = "tokens"  # set by --matcher


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(name: str) -> str:
    """The name's words without bracketed remarks, numbering, case, hyphens, plurals or
    articles, run together: "Clam Shells" and "Clamshell" are both "clamshell"."""
    text = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", name)
    words = [_singular(w) for w in norm(text).split() if w not in _STOP_WORDS]
    return "".join(words)


def similar(expected: Expected, got: Got) -> float:
    """difflib's ratio of the normalized names; with the token matcher (the default), 1.0
    where the names have the same words up to plurals, case, hyphens, articles and
    bracketed remarks ("Glute Bridges" / "Glute bridge", "Row (band)" / "Row")."""
    g = norm(got.name)
    ratio = max(difflib.SequenceMatcher(None, norm(n), g).ratio() for n in expected.names)
    if MATCHER == "tokens" and tokens(got.name) and any(
            tokens(n) == tokens(got.name) for n in expected.names):
        return 1.0
    return ratio


def align(expected: list[Expected], got: list[Got]) -> list[tuple[int, int]]:
    """Pairs (expected index, got index) in order, maximizing matches (then similarity)."""
    n, m = len(expected), len(got)
    sim = [[similar(e, g) for g in got] for e in expected]
    best: list[list[tuple[int, float]]] = [[(0, 0.0)] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            options = [best[i + 1][j], best[i][j + 1]]
            if sim[i][j] >= RATIO:
                c, s = best[i + 1][j + 1]
                options.append((c + 1, s + sim[i][j]))
            best[i][j] = max(options)
    pairs = []
    i = j = 0
    while i < n and j < m:
        if sim[i][j] >= RATIO:
            c, s = best[i + 1][j + 1]
            if best[i][j] == (c + 1, s + sim[i][j]):
                pairs.append((i, j))
                i, j = i + 1, j + 1
                continue
        if best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


@dataclass
class Score:
    articles: int = 0
    errors: int = 0
    counts_right: int = 0
    expected: int = 0
    names: int = 0
    fields: int = 0
    right: int = 0
    stated: int = 0
    stated_right: int = 0
    distractors: int = 0
    guessed_distractors: int = 0
    extra: int = 0  # imported exercises the key does not have (a wrong name or a non-exercise)
    extra_flagged: int = 0  # of those, marked for review in the import
    flagged_right: int = 0  # exercises matched to the key but marked for review anyway
    failures: dict[str, int] = field(default_factory=dict)

    def add(self, other: Score) -> None:
        for name in ("articles", "errors", "counts_right", "expected", "names", "fields",
                     "right", "stated", "stated_right", "distractors", "guessed_distractors",
                     "extra", "extra_flagged", "flagged_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for kind, n in other.failures.items():
            self.failures[kind] = self.failures.get(kind, 0) + n


def show(value: Value) -> str:
    if value is None:
        return NONE
    if isinstance(value, bool):
        return "yes" if value else "no"
    low, high = (int(v) if float(v).is_integer() else v for v in value)
    return str(low) if low == high else f"{low}-{high}"


def score_article(expected: list[Expected], got: list[Got],
                  verbose: bool) -> tuple[Score, list[str]]:
    s = Score(articles=1, expected=len(expected), fields=len(expected) * len(FIELDS))
    s.counts_right = int(len(got) == len(expected))
    lines: list[str] = []
    for e in expected:
        s.stated += sum(1 for f in FIELDS if e.doses[f] is not None)
    pairs = align(expected, got)
    s.names = len(pairs)
    matched = {i for i, _ in pairs}
    taken = {j for _, j in pairs}
    s.extra = sum(1 for j in range(len(got)) if j not in taken)
    s.extra_flagged = sum(1 for j, g in enumerate(got) if j not in taken and g.flagged)
    s.flagged_right = sum(1 for j in taken if got[j].flagged)
    for i, j in pairs:
        e, g = expected[i], got[j]
        for f in FIELDS:
            want, have = e.doses[f], g.doses[f]
            if f == "per_side":
                ok = bool(want) == bool(have)
                distractor = want is None and bool(have)
            else:
                ok = want == have
                distractor = want is None and have is not None
            if ok:
                s.right += 1
                s.stated_right += int(want is not None)
                continue
            if distractor:
                s.distractors += 1
                s.guessed_distractors += int(g.guessed)
                kind = f"{f}: value where the text gives none"
            elif have is None or (f == "per_side" and not have):
                kind = f"{f}: missed"
            else:
                kind = f"{f}: wrong value"
            s.failures[kind] = s.failures.get(kind, 0) + 1
            if verbose:
                lines.append(f"      {e.name}: {f} want {show(want)}, got {show(have)}"
                             + (" (guessed)" if g.guessed else ""))
    for i, e in enumerate(expected):
        if i not in matched:
            s.failures["name not found"] = s.failures.get("name not found", 0) + 1
            if verbose:
                close = max(got, key=lambda g: similar(e, g), default=None)
                hint = f" (closest: {close.name!r})" if close else ""
                lines.append(f"      missing: {e.name!r}{hint}")
    if verbose:
        taken = {j for _, j in pairs}
        for j, g in enumerate(got):
            if j not in taken:
                lines.append(f"      extra: {g.name!r}")
    if len(got) != len(expected):
        kind = "too many exercises" if len(got) > len(expected) else "too few exercises"
        s.failures[kind] = s.failures.get(kind, 0) + 1
    return s, lines


def pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f} %" if d else "    — "


def summary(label: str, s: Score) -> str:
    return (f"{label}: {s.articles} articles ({s.errors} refused) | doses right "
            f"{pct(s.right, s.fields)} ({s.right}/{s.fields}), stated doses right "
            f"{pct(s.stated_right, s.stated)} ({s.stated_right}/{s.stated}) | names right "
            f"{pct(s.names, s.expected)} ({s.names}/{s.expected}) | count right "
            f"{s.counts_right}/{s.articles} | distractor doses {s.distractors} "
            f"(guessed defaults {s.guessed_distractors})")


def review_summary(label: str, s: Score) -> str:
    """How well the import's review marks ("check") what it got wrong: the exercises it
    imported that the key does not have, and the right ones it marked anyway."""
    return (f"{label} review: wrong exercises marked for review {s.extra_flagged}/{s.extra} "
            f"({pct(s.extra_flagged, s.extra).strip()}); right ones marked "
            f"{s.flagged_right}/{s.names} ({pct(s.flagged_right, s.names).strip()})")


def markdown(totals: dict[str, Score]) -> str:
    """The totals as a Markdown table (the targets of issue 14 in the last row)."""
    rows = ["| part | articles | refused | doses right | stated doses right | names right "
            "| count right | distractors |",
            "|---|---|---|---|---|---|---|---|"]
    for part, s in totals.items():
        rows.append(f"| {part} | {s.articles} | {s.errors} | {pct(s.right, s.fields).strip()} "
                    f"({s.right}/{s.fields}) | {pct(s.stated_right, s.stated).strip()} "
                    f"({s.stated_right}/{s.stated}) | {pct(s.names, s.expected).strip()} "
                    f"({s.names}/{s.expected}) | {s.counts_right}/{s.articles} | "
                    f"{s.distractors} |")
    rows.append(f"| target ({TEST}) | | | 90 % | | 90 % | 9 in 10 | 0 |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--set", choices=(*DEV, VALIDATION, TEST, "all", "dev"), default="tune")
    parser.add_argument("-v", "--verbose", action="store_true", help="show every miss")
    parser.add_argument("--from", dest="first", type=int, default=0, metavar="N",
                        help="only articles numbered N and up (NN-name.txt)")
    parser.add_argument("--to", dest="last", type=int, default=10**6, metavar="N",
                        help="only articles numbered up to N")
    parser.add_argument("--markdown", action="store_true",
                        help="also print the totals as a Markdown table for BENCHMARKS.md")
    parser.add_argument("--matcher", choices=MATCHERS, default="tokens",
                        help="tokens (default): also accept names with the same words up to "
                        "plurals, case, hyphens and bracketed remarks; ratio: difflib only")
    args = parser.parse_args(argv)
    global MATCHER
    MATCHER = args.matcher

    runner = _in_process()
    how = "in-process (voicecoach.importer.import_path)"
    if runner is None:
        runner = _subprocess
        how = "subprocess (voicecoach import --json)"
    print(f"importer: {how}; name matcher: {MATCHER}")
    missing = keys_without_text(args.set)
    if missing:
        print(f"{len(missing)} key(s) have no article text here and are left out: "
              + ", ".join(f"{k.parent.name}/{k.name.removesuffix('.key.yaml')}" for k in missing))

    totals: dict[str, Score] = {}
    for article in articles(args.set):
        number = re.match(r"\d+", article.name)
        if number and not args.first <= int(number.group()) <= args.last:
            continue
        part = article.parent.name
        _, expected = read_key(key_path(article))
        error = ""
        try:
            got = [_got_from_json(item) for item in runner(article)]
        except Exception as exc:  # an article the importer refuses scores zero
            got, error = [], f"{type(exc).__name__}: {exc}".splitlines()[0][:100]
        s, lines = score_article(expected, got, args.verbose)
        if error:
            s.errors = 1
            s.failures["refused"] = 1
        totals.setdefault(part, Score()).add(s)
        print(f"{part}/{article.name:48} count {len(got):2}/{len(expected):2} "
              f"names {s.names:2}/{s.expected:2}  doses {s.right:3}/{s.fields:3}  "
              f"distractors {s.distractors}" + (f"  REFUSED {error}" if error else ""))
        for line in lines:
            print(line)

    print()
    overall = Score()
    for part, s in totals.items():
        print(summary(part, s))
        overall.add(s)
    if len(totals) > 1:
        print(summary("all", overall))
    for part, s in totals.items():
        print(review_summary(part, s))
    if len(totals) > 1:
        print(review_summary("all", overall))
    if args.markdown:
        print()
        print(markdown(totals))
    print("\nfailure kinds (all sets shown):")
    for kind, n in sorted(overall.failures.items(), key=lambda kv: -kv[1]):
        print(f"  {n:4}  {kind}")
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # it measures; it never fails the build
        print(f"import_eval: {type(exc).__name__}: {exc}", file=sys.stderr)
    sys.exit(0)
