"""Import an exercise article (plain text, Markdown or HTML) into a routine to review.

The approach, in four passes over normalized text:

1. **Lines.** Each line is classified: a heading (Markdown ``#``, a bold ``**Name**``,
   a numbered ``1.``/``1)``/``Step 1:`` name, or a short title-like line), a heading with
   its instructions on the same line ("Name — instructions", "Name: instructions"),
   body text, or junk (bylines, "Share it:", cookie and notification prompts, link
   teasers). Everything from a closing marker ("About the Author", "Never Miss a Post",
   "References" ...) on is dropped.
2. **Sections.** Headings split the article into sections of paragraphs. A section is an
   exercise when its text instructs movement: sentences in the imperative mood
   ("Lie ...", "Standing on one leg, bring ..."). Prose before the first exercise becomes
   the routine's description. A paragraph that starts from a new position ("Stand in
   front of ...") after an exercise that is already complete is an exercise of its own
   whose heading was lost; it is named from a table of well-known movements and
   flagged for review.
3. **Doses.** :mod:`voicecoach.importer_dose` reads reps, holds, times, distances, sets
   and sides from the instructions, ignoring numbers that are not doses.
4. **Routine.** Doses become routine fields; where the article gives none, a default
   for the kind of exercise is used and marked as guessed. A number of rounds stated
   for the whole routine ("Perform 3 rounds of the following", "repeat the whole circuit
   3 times", in the introduction, the closing text or after the last exercise) becomes
   the sets of every exercise that gives none, quoted and flagged for review. The result
   is validated as a :class:`~voicecoach.routine.Routine`, and
   :meth:`ImportResult.to_yaml` writes it with a comment on every value saying where it
   came from.

The instructions are spoken aloud, so they are cleaned for speech: dose labels and
dose-only fragments ("Sets: 3", "(3 x 15 each side)", "20 reps"; the dose is spoken
separately), page labels ("How to do it:", "Muscles worked: ..."), tips ("Make it
easier: ..."), captions and credits, Markdown, bullets and links are left out, and every
sentence ends with punctuation. Sentences that instruct and mention a dose ("Hold for two
seconds, lower your body back down and repeat 10 times.") stay. Each exercise gets a
one-line ``cue`` (for ``--brief``): its first instructive sentence, cut at a clause to
about 15 words.

Every problem with the input is raised as :class:`ArticleError`.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

from . import errors
from .importer_dose import Dose, name_from_text, normalize_numbers, read_circuit, read_dose
from .routine import Range, Routine, dump, slugify

if hasattr(errors, "ArticleError"):
    ArticleError = errors.ArticleError
else:

    class ArticleError(errors.VoicecoachError):  # type: ignore[no-redef]
        """An article that cannot be imported (unreadable, empty, or with no exercises)."""

        exit_code = errors.EXIT_BAD_INPUT


__all__ = [
    "ArticleError",
    "ImportResult",
    "ImportedExercise",
    "html_to_text",
    "import_path",
    "import_text",
    "review_rows",
]

MAX_CHARS = 2_000_000

# --------------------------------------------------------------------------- public types


@dataclass
class ImportedExercise:
    """What the importer read for one exercise, and how sure it is."""

    name: str
    slug: str
    kind: str  # "reps" | "hold" | "timed" | "distance"
    dose: str  # human: "10-15 reps per side"
    per_side: bool
    source_phrase: str | None  # the sentence the dose was read from
    confidence: float  # 0..1
    guessed: bool  # the dose is a default, not in the article
    needs_review: bool
    notes: list[str] = field(default_factory=list)
    field_sources: dict[str, str] = field(default_factory=dict)  # field -> sentence or guess


@dataclass
class ImportResult:
    routine: Routine
    exercises: list[ImportedExercise]
    title: str
    warnings: list[str]
    origin: str = "<stdin>"

    def to_yaml(self) -> str:
        """The routine file text, commented with where every dose value came from."""
        return _commented_yaml(self)

    def to_json(self) -> str:
        """The parsed result for scripting."""
        items = []
        for imported, exercise in zip(self.exercises, self.routine.exercises, strict=True):
            item: dict[str, Any] = asdict(imported)
            item["instructions"] = exercise.instructions
            item["equipment"] = list(exercise.equipment)
            for key in ("reps", "hold", "duration", "distance", "sets"):
                value = getattr(exercise, key)
                item[key] = None if value is None else _json_range(value)
            items.append(item)
        data = {
            "title": self.title,
            "origin": self.origin,
            "routine": {
                "name": self.routine.name,
                "slug": self.routine.slug,
                "description": self.routine.description,
            },
            "exercises": items,
            "warnings": list(self.warnings),
        }
        return json.dumps(data, indent=2, ensure_ascii=False)


def _json_range(value: Range) -> Any:
    def num(v: float) -> int | float:
        return int(v) if float(v).is_integer() else float(v)

    return num(value.low) if not value.is_range else [num(value.low), num(value.high)]


def review_rows(result: ImportResult) -> list[dict[str, str]]:
    """One row per exercise for a review table."""
    rows = []
    for ex in result.exercises:
        if ex.guessed:
            source = "guessed: the article gives no dose"
        else:
            source = _quote(ex.source_phrase or "")
        name = ex.name + (" (check)" if ex.needs_review else "")
        rows.append(
            {
                "exercise": name,
                "kind": ex.kind,
                "dose": ex.dose,
                "per side": "yes" if ex.per_side else "no",
                "source": source,
                "confidence": f"{ex.confidence:.2f}",
            }
        )
    return rows


# --------------------------------------------------------------------------- entry points


def import_path(path: str | Path) -> ImportResult:
    """Read an article file (UTF-8; ``-`` is stdin) and import it."""
    origin = str(path)
    if origin == "-":
        try:
            text = sys.stdin.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise ArticleError(f"<stdin>: cannot be read ({exc})") from None
        return import_text(text, "<stdin>")
    p = Path(path)
    try:
        if p.is_dir():
            raise ArticleError(f"{origin}: is a folder, not an article")
        data = p.read_bytes()
    except FileNotFoundError:
        raise ArticleError(f"{origin}: no such file") from None
    except OSError as exc:
        raise ArticleError(f"{origin}: cannot be read ({exc.strerror or exc})") from None
    if b"\x00" in data[:8192]:
        raise ArticleError(f"{origin}: is a binary file, not an article (plain text, "
                           "Markdown or HTML)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArticleError(f"{origin}: is not UTF-8 text",
                           hint="save the article as UTF-8 plain text or Markdown") from None
    if p.suffix.lower() in (".html", ".htm") or _looks_like_html(text):
        text = html_to_text(text)
    return import_text(text, origin)


def import_text(text: str, origin: str = "<stdin>", name: str | None = None) -> ImportResult:
    """Import an article's text. ``name`` overrides the routine's name (and slug)."""
    if not isinstance(text, str):
        raise ArticleError(f"{origin}: the article must be text")
    if not text.strip():
        raise ArticleError(f"{origin}: the article is empty")
    if len(text) > MAX_CHARS:
        raise ArticleError(f"{origin}: the article is too long ({len(text)} characters)")
    if _looks_like_html(text):
        text = html_to_text(text)
    lines = _classify(_tables_to_lines(_normalize(text)).split("\n"))
    title, lines = _take_title(lines)
    sections = _sections(lines)
    intro, exercise_sections, routine_text = _split_intro(sections)
    if not exercise_sections:
        raise ArticleError(
            f"{origin}: no exercises found",
            hint="an exercise is a name (a heading line) followed by instructions such as "
            "'Lie on your back ... repeat 10 times'",
        )
    return _build(title, intro, exercise_sections, origin, name, routine_text)


# --------------------------------------------------------------------------- normalizing

_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2032": "'", "\u00b4": "'", "\u2026": "...", "\ufeff": None})


_KEYCAP_RE = re.compile("(\\d)\ufe0f?\u20e3")
_EMOJI_RE = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0e\ufe0f\u20e3]+")


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _KEYCAP_RE.sub(r"\1.", text)  # "1️⃣ Fire Hydrants" is item 1
    text = _EMOJI_RE.sub(" ", text)
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " "
                   for ch in text)
    # Tab-separated rows (a table copied from a document) become "a | b | c" rows.
    text = re.sub(r"(?m)^[^\t\n]*\S\t+\S[^\n]*\t[^\n]*$",
                  lambda m: " | ".join(c.strip() for c in re.split(r"\t+", m.group(0))), text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)  # Markdown images
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # Markdown links -> their text
    text = re.sub(r"<(https?://[^>]+)>", " ", text)
    return "\n".join(_SPACES_RE.sub(" ", line).strip() for line in text.split("\n"))


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(
        re.search(r"<(?:p|h[1-6]|body|div|article)\b[^>]*>", head)
    )


class _HTMLText(HTMLParser):
    """HTML to Markdown-ish text: headings keep their ``#``, bold paragraphs their ``**``."""

    SKIP: ClassVar[frozenset[str]] = frozenset(
        {"script", "style", "noscript", "svg", "nav", "footer", "aside", "form", "button",
         "iframe", "template", "head", "figcaption"}
    )
    BLOCK: ClassVar[frozenset[str]] = frozenset(
        {"p", "div", "section", "article", "ul", "ol", "table", "blockquote", "br", "tr",
         "header", "main", "figure", "dl", "dt", "dd", "pre", "hr"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip += 1
        elif self.skip:
            return
        elif re.fullmatch(r"h[1-6]", tag):
            self.out.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in ("strong", "b"):
            self.out.append("**")
        elif tag in ("td", "th"):
            self.out.append(" | ")
        elif tag in self.BLOCK:
            self.out.append("\n\n" if tag not in ("br", "tr") else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif self.skip:
            return
        elif re.fullmatch(r"h[1-6]", tag) or tag in self.BLOCK:
            self.out.append("\n\n" if tag != "tr" else " |\n")
        elif tag in ("strong", "b"):
            self.out.append("**")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(" ".join(data.split("\n")))


def html_to_text(html: str) -> str:
    """The readable text of an HTML page (stdlib :mod:`html.parser`)."""
    parser = _HTMLText()
    try:
        parser.feed(html)
        parser.close()
    except Exception as exc:  # html.parser is lenient; anything it raises is bad input
        raise ArticleError(f"the HTML cannot be read ({exc})") from None
    text = "".join(parser.out)
    text = re.sub(r"\*\*\s*\*\*", "", text)
    return re.sub(r"\n{3,}", "\n\n", text)


# --------------------------------------------------------------------------- tables

_TABLE_ROW_RE = re.compile(r"^\|?(.+\|.+?)\|?$")
_TABLE_SEP_RE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")


def _cells(line: str) -> list[str]:
    return [_strip_emphasis(c.strip()) for c in line.strip().strip("|").split("|")]


def _table_row(header: list[str], cells: list[str]) -> str:
    """One table row as a "**Name** — dose." line."""
    name = ""
    dose: list[str] = []
    for title, cell in zip(header, cells, strict=False):
        key, value = title.lower(), cell.strip()
        if not value or value in ("-", "—", "–"):
            continue
        if not name and re.search(r"exercise|move|movement|name|drill|stretch", key):
            name = value
        elif re.search(r"sets?\s*(?:x|×|/|and|&)\s*reps?", key):
            dose.append(value)
        elif re.search(r"\b(?:sets|rounds)\b", key):
            dose.append(f"{value} sets" if re.fullmatch(r"[\d\s\-–—to]+", value) else value)
        elif re.search(r"\breps?\b|repetitions", key):
            if re.fullmatch(r"\d[\d\s\-–—]*(?:to\s*\d+)?", value):
                value += " reps"
            elif re.search(r"\d\s*(?:m|meters?|metres?|yards?|yds?|feet|ft|s|sec|seconds?|min|"
                           r"minutes?)\b", value, re.IGNORECASE):
                value = "for " + value
            else:
                value = re.sub(r"^(\d[\d\s\-–—]*(?:to\s*\d+)?)\s*(?=(?:each|per|on)\b)",
                               r"\1 reps ", value)
            dose.append(value)
        elif re.search(r"hold|time|duration|seconds|length", key):
            unit = "" if re.search(r"[a-z]", value, re.I) else " seconds"
            prefix = "hold " if "hold" in key else "for "
            dose.append(f"{prefix}{value}{unit}")
        elif re.search(r"distance|meters|yards", key):
            dose.append(f"for {value}" + ("" if re.search(r"[a-z]", value, re.I) else " meters"))
        elif re.search(r"note|instruction|how|cue|description", key):
            dose.append(value)
    if not name and cells:
        name = cells[0]
    if not name or not dose:
        return " | ".join(cells)
    return f"**{name}** — " + ". ".join(d.rstrip(".") for d in dose) + "."


def _table_header(cells: list[str]) -> bool:
    """A header row without a Markdown separator (a table copied from a PDF or a page):
    it names the exercise column and at least one dose column."""
    keys = [c.lower() for c in cells]
    named = any(re.search(r"\b(?:exercises?|moves?|movements?|drills?|stretch(?:es)?)\b", k)
                for k in keys)
    dosed = sum(1 for k in keys if re.search(
        r"\b(?:sets?|reps?|repetitions|hold|time|duration|distance|rounds)\b", k))
    return named and dosed >= 1 and all(len(k.split()) <= 4 for k in keys)


def _tables_to_lines(text: str) -> str:
    """Tables (| Exercise | Sets | Reps |) as one "Name — dose" line per row.

    Markdown tables have a separator row; tables from HTML or a document may not, and
    may have blank lines between rows, so a header naming its columns is enough.
    """
    lines = text.split("\n")
    out: list[str] = []
    i = 0

    def next_row(j: int) -> int:
        """The index of the next non-blank line if it is a row (within two blanks), or -1."""
        k = j
        while k < len(lines) and k - j < 3 and not lines[k].strip():
            k += 1
        return k if k < len(lines) and "|" in lines[k] else -1

    while i < len(lines):
        if i + 1 < len(lines) and "|" in lines[i] and _TABLE_ROW_RE.match(lines[i]):
            separated = bool(_TABLE_SEP_RE.match(lines[i + 1].strip()))
            header = _cells(lines[i])
            first = i + 2 if separated else next_row(i + 1)
            if separated or (first > 0 and _table_header(header)):
                out.append("")
                j = first
                while 0 <= j < len(lines) and "|" in lines[j]:
                    out.extend([_table_row(header, _cells(lines[j])), ""])
                    i = j
                    j = next_row(j + 1) if not separated else j + 1
                i = max(i + 1, first) if separated else i + 1
                continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


# --------------------------------------------------------------------------- lines

_STOP_RE = re.compile(
    r"^(?:about the (?:author|writer|expert)s?|author bio|meet the (?:author|expert)|"
    r"related (?:posts?|articles?|stories|reading|content)|you (?:may|might) also (?:like|enjoy)|"
    r"more from\b|more stories|references|sources|citations|bibliography|comments?|"
    r"\d+ comments?|leave a (?:comment|reply)|never miss a post|sign up for (?:our|the)|"
    r"join our newsletter|subscribe to (?:our|the)|recommended (?:for you|reading)|"
    r"popular (?:posts|stories)|trending|footnotes|disclaimer)\b",
    re.IGNORECASE,
)
_JUNK_RE = re.compile(
    r"^(?:by\s+\S|written by|reviewed by|medically reviewed|fact[- ]checked|"
    r"share(?: it| this| on)?\s*:?$|share (?:on|via|this)\b|tweet\b|pin it|email\s*:?$|"
    r"print\s*:?$|related\s*(?::|posts?|articles?)|read more|read next|see also|also read|"
    r"click\b|advertisement|sponsored|(?:photo(?:graph)?s?|image|credit|video)\s*(?::|by\b)|"
    r"(?:photo(?:graph)?|image|picture|illustration)s?\s+(?:credits?|courtesy|source)\b|"
    r"watch (?:the|this|our) video|updated\b|published\b|posted\b|last updated|"
    r"table of contents|jump to|skip to|follow us|learn more\b|you'?re all set|"
    r"\(?\d{1,2}:\d{2}\)?$|\w+ \d{1,2}, \d{4}(?: at \d.*)?$|photography\b|watch\s*:|"
    r"reading time\b|\d+[- ]min(?:ute)?s? read$|page \d+ of \d+$|page last reviewed|"
    r"next review due|media (?:last reviewed|review due)|(?:patient|client|name|date|tel|phone|"
    r"prepared by|therapist|physiotherapist|clinician)\s*:|"
    # forum and comment chrome: "r/running", "Posted by u/x", "3 yr. ago", "Reply", "Edit:"
    r"r/\w+$|u/\w+$|posted by u/|[•·]?\s*\d+\s*(?:yr|year|mo|month|wk|week|d|day|h|hr|hour|"
    r"min|minute)s?\.? ago$|level \d+$|upvote|downvote|reply$|report$|save$|edit\s*\d*\s*:|"
    r"[•·|]$|\d+(?:\.\d+)?k?$|\S+ says:$|(?:[^>›»]{1,40}\s[>›»]\s)+[^>›»]{1,60}$|"
    r"(?:step|slide|page|image|photo|part)\s+\d+\s*"
    r"(?:of|/)\s*\d+$|continue reading|story continues|scroll (?:down )?to continue|"
    # an author's bio line: "Jordan Blake is a certified running coach ..."
    r"[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,3},? (?:is|has been) an? (?:[\w-]+,? ){0,5}?"
    r"(?:writer|journalist|editor|coach|trainer|physiotherapist|physical therapist|instructor|"
    r"teacher|contributor|doctor|physician|author|dietitian|nutritionist|specialist)\b)",
    re.IGNORECASE,
)
_JUNK_ANYWHERE_RE = re.compile(
    r"cookies?\b|opt[- ]out|desktop notifications|push notifications|privacy policy|"
    r"terms of (?:use|service)|affiliate link|we may earn|newsletter|subscribe\b|"
    r"sign up\b|all rights reserved|copyright|©|\b\d+[- ]min(?:ute)?s? read\b|pinterest|"
    r"instagram|facebook|tiktok|youtube channel|follow me\b|in the comments|comments? below",
    re.IGNORECASE,
)
# Labels inside an exercise: kept (their text is instructions or dose) or dropped.
_KEEP_LABEL_RE = re.compile(
    r"^(?:how to(?: do it| perform it| do this)?|instructions|directions|steps?|form tips?|"
    r"tips?|coach(?:'s|ing)? (?:tips?|cues?)|pro tip|notes?|cues?|sets|reps|repetitions|"
    r"sets and reps|sets/reps|sets x reps|dose|dosage|do|do it|hold|time|duration|rest|"
    r"equipment|you'?ll need|what you'?ll need|start|starting position|movement|"
    r"the move|action)\s*$",
    re.IGNORECASE,
)
_DROP_LABEL_RE = re.compile(
    r"^(?:why(?: it works| do it|:)?|benefits?|muscles? worked|muscles? targeted|targets?|"
    r"works|primary muscles?|make it (?:easier|harder)|easier|harder|variations?|"
    r"progressions?|regressions?|modifications?|modify|common mistakes?|mistakes? to avoid|"
    r"avoid|caution|warning|good for|level|difficulty)\s*$",
    re.IGNORECASE,
)
_NOT_EXERCISE_HEADING_RE = re.compile(
    r"\b(?:bottom line|conclusion|summary|takeaways?|final (?:thoughts|words?)|faqs?|"
    r"frequently asked|how often|why (?:it|this|these|you)|benefits? of|what (?:is|are|causes)|"
    r"causes|symptoms|the research|the science|safety|precautions|disclaimer|references|"
    r"tl;?dr|in summary|wrap[- ]up|when to see|who should|how (?:to use|we|it works))\b|"
    r"^(?:the |your |our |this )?(?:workout|exercises|routine|moves|circuit|plan|"
    r"program(?:me)?|sequence|flow)s?$|^(?:\S+\s+){3,14}\S+\?$",
    re.IGNORECASE,
)
_LIST_RE = re.compile(
    r"^(?:[-*+•·▪◦]\s+|(?P<n>\d{1,2})\s*[.)]\s+|(?:step|exercise|move|movement|no\.?|#)\s*"
    r"(?P<m>\d{1,2})\s*[:.)\-]\s*)",
    re.IGNORECASE,
)
_MD_HEADING_RE = re.compile(r"^(#{1,6})\s*(.*?)\s*#*$")
_BOLD_RE = re.compile(r"^(?:\*\*|__)(?P<name>.+?)(?:\*\*|__)\s*(?P<rest>.*)$")
_SPLIT_RE = re.compile(r"\s+[-–—]+\s+|(?<=[^\W\d])—(?=[^\W\d])|:\s+|\.\s+(?=[A-Z])")
# Text that opens with a dose: "3x15 each side", "x3, 30s each", "10 reps per leg, ...".
_DOSE_START_RE = re.compile(
    r"^\(?(?:[x×]\s*\d|(?:for\s+)?\d+(?:\.\d+)?(?:\s*(?:-|to)\s*\d+)?\s*(?:[x×]|sets?\b|"
    r"reps?\b|repetitions?\b|times\b|seconds?\b|secs?\b|s\b|minutes?\b|mins?\b|meters?\b|"
    r"metres?\b|m\b|yards?\b|breaths?\b|rounds?\b|(?:on )?(?:each|per)\b))",
    re.IGNORECASE,
)
_SENTENCE_END_RE = re.compile(r"[.!?;,]\"?'?\)?$")
_DOSE_HINT_RE = re.compile(
    r"\d\s*(?:x|×|sets?|reps?|repetitions?|times|seconds?|secs?|minutes?|mins?|meters?|"
    r"metres?|yards?|breaths?|(?:on )?(?:each|per) (?:side|leg|arm|foot|direction|way))\b|"
    r"\b(?:sets|reps|hold)\s*[:=]|\bcount (?:of|to) \d|\d+s\b|\bAMRAP\b",
    re.IGNORECASE,
)


@dataclass
class Line:
    kind: str  # heading | body | blank
    text: str
    level: int = 0  # Markdown heading level; 0 for inferred headings
    inline: str = ""  # instructions or dose given on the heading's own line
    numbered: bool = False  # a list item (starts its own paragraph)
    # "drop": text under a dropped label ("Make it easier:"); "dropline": a descriptive label
    # with its value on the line ("Muscles worked: glutes"); "quiet": a dose or equipment
    # label ("Reps: 10"), read for the dose but not spoken.
    label: str = ""


def _strip_emphasis(text: str) -> str:
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])", r"\1", text)
    return text.replace("**", "").replace("`", "").strip()


def _is_label(text: str) -> str:
    """"keep", "drop" or "" for a short label such as "How to do it" or "Benefits"."""
    text = text.strip().rstrip(":.").strip()
    if _KEEP_LABEL_RE.match(text):
        return "keep"
    if _DROP_LABEL_RE.match(text):
        return "drop"
    return ""


_DOSE_LABEL_RE = re.compile(r"^(?:sets|reps|repetitions|rounds|hold|time|duration|rest)$",
                            re.IGNORECASE)
# Labels whose value is read (a dose, the equipment) but is not an instruction to speak.
_QUIET_LABEL_RE = re.compile(
    r"^(?:sets|reps|repetitions|sets and reps|sets/reps|sets x reps|rounds|dose|dosage|hold|"
    r"time|duration|rest|tempo|equipment|you'?ll need|what you'?ll need)$",
    re.IGNORECASE,
)
# Dropped labels that describe the exercise in a word or a list ("Muscles worked: glutes");
# the next line is a fresh start. Others ("Make it easier:") run on to the paragraph's end.
_DESCRIBE_LABEL_RE = re.compile(
    r"^(?:muscles? worked|muscles? targeted|targets?|works|primary muscles?|good for|level|"
    r"difficulty|benefits?)$",
    re.IGNORECASE,
)


def _label_kind(label: str, kept: str, value: str) -> str:
    """The Line.label for a labelled line: "drop", "dropline", "quiet" or ""."""
    label = label.strip().rstrip(":.").strip()
    if kept == "drop":
        return "dropline" if value.strip() and _DESCRIBE_LABEL_RE.match(label) else "drop"
    return "quiet" if value.strip() and _QUIET_LABEL_RE.match(label) else ""


def _keep_dose_label(label: str, value: str) -> str:
    """ "Reps: 10" keeps its label (it says what the number counts); "How to do it:" not."""
    label = label.strip().rstrip(":.").strip()
    if value and _DOSE_LABEL_RE.match(label) and re.match(r"\d|[a-z]+\b", normalize_numbers(
            value)):
        return f"{label}: {value}"
    return value


def _titleish(text: str) -> bool:
    """Short, name-like text: a possible exercise name."""
    words = text.split()
    if not words or len(words) > 10 or len(text) > 80:
        return False
    if not re.search(r"[^\W\d_]", text) or text.endswith(("?", ",", ";")):
        return False
    if not (text[0].isupper() or text[0].isdigit() or not text[0].isalpha()):
        return False
    if re.search(r"\b(?:you|your|you're)\b", text, re.IGNORECASE):
        capitals = sum(1 for w in words if w[0].isupper())
        return capitals >= len(words) * 0.6
    return not _SENTENCE_END_RE.search(text) or (
        text.endswith(".") and len(words) <= 4 and text.count(".") == 1
        and all(w[0].isupper() for w in words if w[0].isalpha())
    )


def _dose_only(text: str) -> bool:
    """A line that is only a dose: "3 sets of 12 reps", "Reps: 10-12", "(3 x 12)"."""
    if not _DOSE_HINT_RE.search(text):
        return False
    rest = re.sub(r"\d+|\b(?:x|sets?|reps?|repetitions?|of|times|seconds?|secs?|minutes?|mins?|"
                  r"meters?|metres?|yards?|hold|each|per|side|leg|on|to|and|or|the|for|rest|"
                  r"between|do|perform|complete|sides|legs|arm|arms|a|an)\b|[^\w]", " ",
                  normalize_numbers(text), flags=re.IGNORECASE)
    return len(rest.split()) <= 1


def _classify_one(raw: str) -> Line:
    text = raw.strip()
    if not text:
        return Line("blank", "")
    md = _MD_HEADING_RE.match(text)
    if md and (md.group(2) or "").strip():
        heading = _strip_emphasis(md.group(2))
        heading = _LIST_RE.sub("", heading).strip()
        name, inline = _split_name(heading)
        if name and _titleish(name) and inline:
            return Line("heading", name.rstrip(":"), len(md.group(1)), inline, True)
        return Line("heading", heading.rstrip(":"), len(md.group(1)), "", True)
    numbered = False
    lm = _LIST_RE.match(text)
    if lm:
        numbered = True
        text = text[lm.end():].strip()
    bold = _BOLD_RE.match(text)
    if bold and bold.group("name").strip():
        name = _strip_emphasis(bold.group("name")).strip().rstrip(":.").strip()
        rest = _strip_emphasis(bold.group("rest").lstrip(":.-–— "))
        label = _is_label(name)
        if label:
            kind = _label_kind(name, label, rest)
            rest = _keep_dose_label(name, rest)
            return Line("body", rest if label == "keep" else "", numbered=numbered, label=kind)
        if _titleish(name):
            return Line("heading", name, 0, rest, numbered)
    text = _strip_emphasis(text)
    if not text:
        return Line("blank", "")
    head, _, tail = text.partition(":")
    label = _is_label(head) if tail or text.endswith(":") else ""
    if label:
        kind = _label_kind(head, label, tail)
        tail = _keep_dose_label(head, tail.strip())
        return Line("body", tail if label == "keep" else "", numbered=numbered, label=kind)
    if text.endswith("?") and 4 <= len(text.split()) <= 15 and text[0].isupper():
        # A question on its own line heads a FAQ ("How often should I do these?").
        return Line("heading", text, 0, "", numbered)
    name, inline = _split_name(text)
    if name and inline and _DOSE_START_RE.match(normalize_numbers(inline)):
        return Line("heading", name, 0, inline, numbered)  # "Clamshells - 3x15 each side"
    if _titleish(text.rstrip(":")) and not _dose_only(text):
        return Line("heading", text.rstrip(":").strip(), 0, "", numbered)
    if name and inline:
        return Line("heading", name, 0, inline, numbered)
    return Line("body", text, numbered=numbered)


def _split_name(text: str) -> tuple[str, str]:
    """("Glute Bridge", "Lie on your back ...") for "Glute Bridge — Lie on your back ..."."""
    m = _SPLIT_RE.search(text)
    if not m or m.start() == 0:
        name, rest = text, ""
        paren = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", text)
        if paren and _dose_only(paren.group(2)):
            name, rest = paren.group(1), paren.group(2)
        return (name, rest) if rest else ("", "")
    name, rest = text[:m.start()].strip(), text[m.end():].strip()
    words = name.split()
    title_case = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha()) >= 0.6 * len(
        words
    )
    if (m.group().strip() == "." and not title_case) or (
        _imperative(name) and not all(w[:1].isupper() for w in words if w[:1].isalpha())
    ):
        return "", ""
    paren = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", name)
    if paren and _dose_only(paren.group(2)):
        name, rest = paren.group(1), f"{paren.group(2)}. {rest}".strip()
    if not _titleish(name) or _is_label(name) or _JUNK_RE.match(name):
        return "", ""
    if len(name.split()) > 7 or name.endswith(".") or _DOSE_HINT_RE.search(
            normalize_numbers(name)):
        return "", ""  # "AMRAP in 60 seconds: ..." is a dose, not a name
    first = _sentences(rest)[:1]
    if (_dose_only(rest) or _DOSE_START_RE.match(normalize_numbers(rest))
            or (first and _imperative(first[0]))):
        return name, rest
    return "", ""


def _classify(raw_lines: list[str]) -> list[Line]:
    """Classify every line; stop at the author bio or the footer."""
    lines: list[Line] = []
    for raw in raw_lines:
        plain = _strip_emphasis(re.sub(r"^#{1,6}\s*", "", raw.strip()))
        if plain and len(plain.split()) <= 8 and _STOP_RE.match(plain) and lines:
            break
        if plain and (_JUNK_RE.match(plain) or (
            _JUNK_ANYWHERE_RE.search(plain) and not _imperative_count(plain)
        )):
            lines.append(Line("blank", ""))
            continue
        line = _classify_one(raw)
        previous = next((x for x in reversed(lines) if x.kind != "blank"), None)
        after_blank = not lines or lines[-1].kind == "blank"
        if line.kind == "heading" and line.level == 0 and not line.numbered and not (
            raw.lstrip().startswith(("**", "__"))
        ):
            # A line inside a hard-wrapped paragraph is not a heading.
            prev_text = (previous.inline or previous.text) if previous else ""
            if (previous is not None and not after_blank
                    and (previous.kind == "body" or previous.inline)
                    and not (_SENTENCE_END_RE.search(prev_text) or prev_text.endswith(":"))):
                line = Line("body", _strip_emphasis(raw.strip()))
        lines.append(line)
    return lines


_ROUTINE_WORD_RE = re.compile(
    r"\b(?:exercises?|workouts?|routines?|program(?:me)?s?|stretch(?:es|ing)?|plan|moves|drills|"
    r"flow|sequence|yoga|training|rehab(?:ilitation)?|session|circuit)\b",
    re.IGNORECASE,
)


def _take_title(lines: list[Line]) -> tuple[str, list[Line]]:
    """The article's title (first level-1 heading, else its first line) and the rest."""
    title = ""
    early = [i for i, ln in enumerate(lines) if ln.kind != "blank"][:40]
    index = next((i for i in early if lines[i].kind == "heading" and lines[i].level == 1), None)
    if index is None and early:
        index = early[0]
        if len(lines[index].text.split()) > 20:
            index = None
        else:
            # A letterhead ("CITY PHYSIOTHERAPY CLINIC") above the routine's own title.
            top = []
            for i in early[:3]:
                if lines[i].kind != "heading" or lines[i].inline:
                    break
                top.append(i)
            if top and not _ROUTINE_WORD_RE.search(lines[top[0]].text):
                index = next((i for i in top if _ROUTINE_WORD_RE.search(lines[i].text)), index)
    if index is not None:
        title = lines[index].text.strip().rstrip(":")
        rest = lines[:index] + lines[index + 1:]
        # Drop repeats of the title (pages often print it twice).
        lines = [ln if ln.text.strip().rstrip(":") != title else Line("blank", "") for ln in rest]
    return title, lines


# --------------------------------------------------------------------------- sentences

_SENT_SPLIT_RE = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_ABBREV_RE = re.compile(r"\b(?:e\.g|i\.e|etc|approx|vs|min|sec|no|dr|mr|mrs|ms|st)\.$",
                        re.IGNORECASE)


def _sentences(text: str) -> list[str]:
    parts = _SENT_SPLIT_RE.split(text.strip())
    out: list[str] = []
    for part in parts:
        if out and _ABBREV_RE.search(out[-1]):
            out[-1] = f"{out[-1]} {part}"
        elif part.strip():
            out.append(part.strip())
    return out


# Verbs that instruct a position or a movement (imperative mood).
_MOVE_VERBS = {
    "lie", "lay", "stand", "sit", "kneel", "get", "start", "begin", "assume", "lift", "raise",
    "lower", "hold", "bend", "step", "push", "pull", "press", "bring", "place", "put",
    "squat", "lunge", "roll", "rotate", "twist", "extend", "straighten", "reach", "tuck",
    "engage", "squeeze", "brace", "return", "kick", "jump", "walk", "hop", "swing", "curl",
    "cross", "rest", "relax", "switch", "alternate", "grab", "grip", "hinge", "drive", "slide",
    "draw", "pause", "inhale", "exhale", "breathe", "lean", "tilt", "drop", "shift", "turn",
    "march", "contract", "clasp", "interlace", "hug", "arch", "round", "plant", "come",
    "move", "open", "close", "point", "flex", "loop", "wrap", "anchor", "set", "sink", "go",
    "keep", "position", "face", "balance", "hang", "stretch", "pulse", "tap", "touch",
    "clench", "sweep", "circle", "glide", "trace", "jog", "run", "skip", "shuffle", "crawl",
    "stack", "spread", "pin", "rock", "shrug", "retract", "hike", "float", "repeat",
    "do", "perform", "complete", "continue", "stay", "remain", "release", "use", "try", "aim",
    "make", "let", "allow", "feel", "focus", "maintain", "hover", "climb", "sway", "stride",
    "pivot", "carry", "row", "fold", "settle", "thrust", "activate", "isolate",
    "throw", "toss", "catch", "swap", "change", "cycle", "pedal", "stomp", "stabilize",
    "rise", "scrunch", "wiggle", "bounce", "flow", "melt", "inch", "waddle", "skate", "bound",
    "punch", "reverse", "windmill", "nod",
}
# Weak: instruct, but say nothing about a movement on their own.
_WEAK_VERBS = {"repeat", "do", "perform", "complete", "continue", "use", "try", "aim", "make",
               "let", "allow", "feel", "focus", "maintain", "keep", "rest", "relax", "go",
               "come", "get", "set", "start", "begin", "breathe", "inhale", "exhale", "stay",
               "remain", "release"}
_POSITION_VERBS = {"lie", "lay", "stand", "sit", "kneel", "get", "start", "begin", "assume",
                   "standing", "lying", "sitting", "kneeling", "face", "facing", "hang",
                   "position", "grab", "hold", "balance"}
_LEADERS = {"then", "next", "now", "slowly", "gently", "carefully", "finally", "first",
            "simply", "just", "again", "also", "and", "quickly", "explosively", "smoothly",
            "steadily", "and then", "from", "here", "always", "immediately", "to", "please"}
_ADVICE_RE = re.compile(
    r"^(?:keep in mind|make sure|be sure|be careful|remember|consider|note that|don't forget|"
    r"check with|consult|talk to|ask|see your|read|click|learn|let us|let's|get (?:started|"
    r"the|your|a) (?:with|app|free|copy))\b",
    re.IGNORECASE,
)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z']*", text.lower())


def _verb_at(clause: str) -> str | None:
    words = _words(clause)
    i = 0
    while i < len(words) and words[i] in _LEADERS:
        i += 1
    if i < len(words) and words[i] in _MOVE_VERBS:
        # "Lie" yes, "Lie" as a noun rarely starts a clause; "Set" + "of" is a noun.
        if words[i] in ("set", "rest", "hold", "step", "row", "roll", "press", "pull",
                        "push", "turn", "move") and i + 1 < len(words) and words[i + 1] in (
            "is", "are", "was", "of", "should", "will", "can", "helps", "targets", "works",
        ):
            return None
        return words[i]
    return None


def _imperative(sentence: str) -> str | None:
    """The imperative verb that leads the sentence (or its main clause), or None."""
    s = sentence.strip().lstrip("-*•\"'( ")
    if not s or _ADVICE_RE.match(s):
        return None
    verb = _verb_at(s)
    if verb:
        return verb
    first = _words(s)[:1]
    # "Standing on your left leg, bring ...", "With your back flat, lift ..."
    if first and (first[0].endswith("ing") or first[0] in (
        "with", "from", "while", "as", "when", "once", "after", "using", "in", "on", "at",
        "keeping", "holding", "if", "for", "without", "before", "to", "starting", "placing",
        "engaging", "lying", "standing", "sitting", "kneeling", "facing",
    ) or (first[0].endswith("ed") and "," in s)):
        for clause in s.split(",")[1:3]:
            verb = _verb_at(clause)
            if verb:
                return verb
    return None


def _imperative_count(text: str) -> int:
    return sum(1 for s in _sentences(text) if _imperative(s))


def _instructional(text: str) -> bool:
    """Text that instructs a movement: mostly imperative, with a real movement verb."""
    sentences = _sentences(text)
    if not sentences:
        return False
    verbs = [_imperative(s) for s in sentences]
    strong = [v for v in verbs if v and v not in _WEAK_VERBS]
    count = sum(1 for v in verbs if v)
    if not strong and not (count and _DOSE_HINT_RE.search(text) and len(sentences) <= 2):
        return False
    return count / len(sentences) >= 0.3 or bool(_DOSE_HINT_RE.search(text))


def _starts_fresh(text: str) -> bool:
    """Text that opens with a starting position: "Stand in front of ...", "Lie on ..."."""
    sentences = _sentences(text)
    if not sentences:
        return False
    words = [w for w in _words(sentences[0]) if w not in _LEADERS]
    if words[:2] in (["hold", "for"], ["hold", "it"], ["hold", "this"], ["hold", "the"]):
        return False  # "Hold for 5 seconds" holds the position already taken
    return bool(words) and words[0] in _POSITION_VERBS and not _DOSE_HINT_RE.search(sentences[0])


# --------------------------------------------------------------------------- spoken text

# The instructions are read aloud, so they keep only what a coach would say: no dose
# labels or dose fragments (the dose is spoken separately), no page labels, captions,
# Markdown, bullets or links, and every sentence ends with punctuation so the voice pauses.

_NUMBER = (r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
           r"fifteen|twenty|thirty|forty|forty-five|sixty|ninety)")
_UNIT = (r"(?:reps?|repetitions?|sets?|rounds?|times|seconds?|secs?|s|minutes?|mins?|breaths?|"
         r"meters?|metres?|m|yards?|steps?)")
_DOSE_VALUE = (
    rf"(?:about\s+|approx\.?\s+|up to\s+)?{_NUMBER}(?:\s*(?:-|–|—|to|or)\s*{_NUMBER})?"
    rf"(?:\s*[x×]\s*{_NUMBER}(?:\s*(?:-|–|—|to)\s*{_NUMBER})?)?(?:\s*{_UNIT}\b)?"
    r"(?:\s*(?:(?:on\s+)?(?:each|per|every|a)\s+|/\s*)(?:side|leg|arm|foot|direction|way)s?\b)?"
)
# "Sets: 3", "Reps: 8-12 per side", "Hold: 30 seconds" anywhere in the text.
_DOSE_LABEL_FRAGMENT_RE = re.compile(
    rf"\b(?:sets|reps|repetitions|rounds|hold|time|duration|rest|tempo)\s*[:=]\s*"
    rf"{_DOSE_VALUE}\s*[|,;.]?",
    re.IGNORECASE,
)
_LABEL_PREFIX_RE = re.compile(r"^\s*([^:.!?]{1,40}?)\s*:\s*(?=\S)")
_CAPTION_RE = re.compile(
    r"^\(?(?:photo(?:graph)?s?|image|picture|illustration|video|gif|credit|source|via)\s*"
    r"(?:credits?\b|courtesy\b|source\b)?\s*(?::|by\b|courtesy\b|©)|^\(?(?:photo|image|"
    r"picture|illustration)s?\s+credits?\b|^\(?(?:getty|shutterstock|istock|unsplash|adobe stock)"
    r"\b|^\(?(?:pictured|shown|above|below|left|right)\s*:|^(?:watch|video)\s*[:(]",
    re.IGNORECASE,
)
# A credit or caption stuck to the end of a sentence: "... on a track. Photo: Getty Images".
_CAPTION_TAIL_RE = re.compile(
    r"\s*\(?\b(?:photo(?:graph)?|image|picture|illustration)s?\s*(?:credits?)?\s*(?::|by\b|"
    r"courtesy\b)[^()]*\)?\s*$",
    re.IGNORECASE,
)
_TIP_LABEL_RE = re.compile(
    r"^(?:make it (?:easier|harder|more challenging)|easier|harder|to make it (?:easier|harder)|"
    r"variations?|progressions?|regressions?|modifications?|modify|beginners?|advanced|"
    r"level up|scale (?:it )?(?:up|down)|common mistakes?|mistakes? to avoid|avoid|"
    r"why(?: it works| do it)?|benefits?|muscles? worked|muscles? targeted|targets?|works|"
    r"primary muscles?|good for|level|difficulty)$",
    re.IGNORECASE,
)
_CHATTER_RE = re.compile(
    r"\blet (?:me|us) know\b|\bdid you (?:try|like|enjoy|do)\b|\bdon'?t forget to (?:pin|share|"
    r"save|subscribe|comment|follow|check|tag)\b|\bpin (?:it|this)\b|\bshare (?:it|this)\b|"
    r"\bsave (?:it|this) for later\b|\bthanks? (?:you )?for (?:reading|watching)\b|"
    r"\bhappy (?:sweating|training|stretching)\b|\btag (?:me|us)\b|\blink in (?:my )?bio\b",
    re.IGNORECASE,
)
# An aside about buying the kit: "($12 on Amazon)", "(affiliate link)".
_SHOP_RE = re.compile(r"[$£€]\s?\d|\bamazon\b|\baffiliate\b|\bbuy (?:it|one|them)\b|"
                      r"\b(?:shop|available) (?:it )?(?:here|now|at)\b|\bcode\s+[A-Z0-9]{3,}",
                      re.IGNORECASE)
_URL_RE = re.compile(r"\(?\b(?:https?://|www\.)\S+", re.IGNORECASE)
_BULLET_CHARS = "•·▪◦●■□►▶▸✓✔✗☐➤➔→⁃∙"
_BULLET_RE = re.compile(rf"(?:^|(?<=\s))[{_BULLET_CHARS}]+(?=\s|$)|^[-*+–—]+\s+")
_NUMBERING_RE = re.compile(
    r"^(?:\(?\d{1,2}[.)]|(?:step|no\.?|#)\s*\d{1,2}\s*[:.)\-])\s+(?=\S)", re.IGNORECASE
)
_RULE_RE = re.compile(r"(?:^|\s)(?:-{3,}|\*{3,}|_{3,}|={3,})(?=\s|$)")


def _unmark(text: str) -> str:
    """No Markdown emphasis, code ticks, links, bullets or rules; single spaces."""
    text = re.sub(r"\s*\([^()]*(?:https?://|www\.)[^()]*\)", " ", text)  # "(see https://...)"
    text = _URL_RE.sub(" ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)?", r"\1", text)
    text = _RULE_RE.sub(" ", text)
    text = re.sub(r"~~(.+?)~~", r"\1", text)
    text = _strip_emphasis(text)
    text = re.sub(r"(?<!\w)(?:\*+|_{2,})|(?:\*+|_{2,})(?!\w)", "", text)
    text = text.replace("`", "")
    text = re.sub(r"(?<!\w)#{1,6}\s+", "", text)
    # "Stand on a step • Rise onto your toes": a bullet inside a line ends a sentence.
    text = re.sub(rf"(?<=[^\s.!?:;,])\s+[{_BULLET_CHARS}]+\s+(?=\S)", ". ", text)
    text = _BULLET_RE.sub(" ", text)
    text = re.sub(r"\(\s*[,;.]?\s*\)|\[\s*\]", " ", text)  # what a removed link leaves
    return " ".join(text.split())


def _dose_fragment(sentence: str) -> bool:
    """A dose with no instruction in it: "20 reps", "(3 x 15 each side)", "1 sets.",
    "3x10 each leg, 2 sec hold at the top". "Repeat 10 times." instructs and is kept."""
    core = sentence.strip().strip("()[]").strip()
    if not core:
        return True
    norm = normalize_numbers(core)
    if not (_dose_only(core) or _DOSE_START_RE.match(norm)):
        return False
    if core[:1].islower() and _dose_only(core):
        return True  # "hold 2 s." and "for 45 sec." from a table row
    return _imperative(core) is None


def _clean_sentence(sentence: str) -> str:
    """One sentence as it should be spoken, or "" to leave it out."""
    s = _DOSE_LABEL_FRAGMENT_RE.sub(" ", sentence)
    s = " ".join(s.split()).strip(" |,;")
    # "(3 x 15 each side)" and other dose-only asides.
    s = re.sub(r"\s*\(([^()]*)\)", lambda m: "" if _dose_fragment(m.group(1)) or
               _CAPTION_RE.match(m.group(1)) or _SHOP_RE.search(m.group(1)) else m.group(0),
               s).strip()
    s = _CAPTION_TAIL_RE.sub("", s) if not _CAPTION_RE.match(s) else ""
    while True:  # "How to do it: Lie ...", "AMRAP in 60 seconds: from a high plank, ..."
        s = _NUMBERING_RE.sub("", s).strip()
        m = _LABEL_PREFIX_RE.match(s)
        if not m:
            break
        label = m.group(1)
        if _is_label(label) == "keep" or _dose_fragment(label):
            s = s[m.end():]
        else:
            break
    if not s or not re.search(r"[^\W\d_]", s):
        return ""
    if _dose_fragment(s):
        # "10 times on each side, lift your leg slowly": keep the instruction after the dose.
        head, _, tail = s.partition(", ")
        if tail and _dose_fragment(head) and _imperative(tail):
            s = tail
        else:
            return ""
    if _is_label(s.rstrip(":")) or _JUNK_RE.match(s) or _CHATTER_RE.search(s) or (
        _JUNK_ANYWHERE_RE.search(s) and not _imperative(s)
    ):
        return ""
    s = re.sub(r"\s+([.,;:!?])", r"\1", s)
    s = s[0].upper() + s[1:]
    return _end_sentence(s)


def _end_sentence(text: str) -> str:
    """The text ending in . ! or ? (a trailing quote or bracket goes inside)."""
    text = text.rstrip(" :;,-–—")
    if not text:
        return ""
    m = re.search(r"([.!?]+)([\"')\]]+)$", text)
    if m:
        return text[:m.start()] + m.group(2) + m.group(1)[-1]
    return text if text[-1] in ".!?" else text + "."


def _spoken_paragraph(text: str, skip: Any = None) -> str:
    """A paragraph cleaned for speech; ``skip(sentence)`` leaves out more sentences."""
    out: list[tuple[str, str]] = []  # (sentence, as spoken)
    sentences: list[str] = []
    for sentence in _sentences(_unmark(text)):
        # "... beside your hip. x3 sets of 20": a dose after the full stop, in lower case.
        pieces = re.split(r"(?<=[.!?])\s+(?=[a-z(])", sentence)
        sentences.append(" ".join(p for i, p in enumerate(pieces)
                                  if i == 0 or not _dose_fragment(p)))
    for sentence in sentences:
        label = _LABEL_PREFIX_RE.match(sentence)
        if label and _TIP_LABEL_RE.match(label.group(1).strip()):
            break  # "Make it easier: ..." to the end of the paragraph
        if _CAPTION_RE.match(sentence):
            if len(out) == 1 and not _imperative(out[-1][0]):
                out.pop()  # the caption the credit belongs to: "A runner holds a plank."
            continue
        if skip is not None and skip(sentence):
            continue
        out.append((sentence, _clean_sentence(sentence)))
    return " ".join(said for _, said in out if said)


def spoken_instructions(paragraphs: list[str], skip: Any = None) -> str:
    """Instructions to speak from an exercise's paragraphs (see :func:`_spoken_paragraph`)."""
    return " ".join(p for p in (_spoken_paragraph(t, skip) for t in paragraphs) if p)


_CLAUSE_RE = re.compile(
    r"[,;:]\s+|\s+[-–—]\s+|\s+(?=(?:then|and|while|as|until|so|but|keeping|with|without|"
    r"making sure|so that)\s)"
)
_DANGLING = {"and", "or", "then", "the", "a", "an", "your", "with", "to", "of", "on", "in",
             "at", "for", "from", "into", "onto", "as", "while", "until", "so", "but", "by"}


def short_cue(instructions: str, limit: int = 15) -> str | None:
    """A one-line cue: the first instructive sentence, cut at a clause near ``limit`` words."""
    sentences = _sentences(instructions)
    first = next((x for x in sentences if _imperative(x) and not _dose_fragment(x)), None)
    if first is None:
        return None
    words = first.split()
    if len(words) <= limit + 2:
        return _end_sentence(first)
    first = re.sub(r"\s*\([^()]*\)", "", first)  # no asides in a one-line cue
    best = ""
    for m in _CLAUSE_RE.finditer(first):
        head = first[:m.start()]
        if len(head.split()) > limit:
            break
        if len(head.split()) >= 4 and _imperative(head) and head.split()[-1].lower().strip(
                ",;:") not in _DANGLING:
            best = head
    if not best:
        cut = words[:limit]
        while cut and cut[-1].lower().strip(",;:") in _DANGLING:
            cut.pop()
        best = " ".join(cut)
    return _end_sentence(best.rstrip(",;: "))


# --------------------------------------------------------------------------- sections


@dataclass
class Paragraph:
    text: str
    drop: bool = False  # under a label such as "Benefits:" (not instructions)
    spoken: str | None = None  # the text to speak, without dose labels (None: the text)
    listed: bool = False  # a bulleted or numbered list item

    @property
    def say(self) -> str:
        return self.text if self.spoken is None else self.spoken


@dataclass
class Section:
    heading: Line | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    orphan: bool = False  # instructions that lost their heading

    @property
    def body(self) -> str:
        return " ".join(p.text for p in self.paragraphs if not p.drop)

    @property
    def all_text(self) -> str:
        """Instructions with any dropped text (the heading's own line is a paragraph too)."""
        return self.body


def _paragraphs(lines: list[Line]) -> list[Line | Paragraph]:
    """Headings and paragraphs (runs of body lines; each list item its own paragraph)."""
    out: list[Line | Paragraph] = []
    current: list[str] = []
    spoken: list[str] = []
    drop = False
    listed = False
    described = False  # after "Muscles worked: ...": a lower-case line continues it

    def flush() -> None:
        nonlocal current, spoken, drop, listed
        text = " ".join(current).strip()
        if text:
            said = " ".join(x for x in spoken if x).strip()
            out.append(Paragraph(text, drop, None if said == text else said, listed))
        current, spoken, drop, listed = [], [], False, False

    for line in lines:
        if line.kind == "blank":
            flush()
            described = False
        elif line.kind == "heading":
            flush()
            described = False
            out.append(line)
            if line.inline:
                current.append(line.inline)
                spoken.append(line.inline)
        elif line.label == "dropline":
            flush()
            described = True
        elif described and line.text[:1].islower():
            continue
        else:
            described = False
            if line.numbered or line.label == "drop":
                flush()
                listed = line.numbered
            if line.label == "drop":
                drop = True
            if line.text:
                current.append(line.text)
                if spoken and _ends_open(spoken[-1]) and _dose_line(line.text):
                    spoken[-1] += "."  # "... then lower" + "12 reps per side": two sentences
                # "Hold: 30 seconds. Repeat twice." says the rest after its label's value.
                spoken.append(" ".join(_sentences(line.text)[1:]) if line.label == "quiet"
                              else line.text)
            elif line.label == "drop":
                drop = True
    flush()
    return out


def _dose_line(text: str) -> bool:
    """A line that is only a dose and starts with it: "12 reps per side", "(3 x 15)"."""
    return _dose_only(text) and bool(_DOSE_START_RE.match(normalize_numbers(text)))


_OPEN_END = {"and", "or", "then", "the", "a", "an", "your", "with", "to", "of", "on", "in",
             "for", "about", "hold", "repeat", "do", "perform", "complete", "by", "at", "x"}


def _ends_open(text: str) -> bool:
    """Text that ends mid-sentence after a complete phrase ("... then lower"), not after a
    word that a wrapped line continues ("Hold for")."""
    words = text.split()
    return bool(words) and text[-1] not in ".!?:;,-" and words[-1].lower() not in _OPEN_END


def _sections(lines: list[Line]) -> list[Section]:
    sections: list[Section] = [Section(None)]
    for item in _paragraphs(lines):
        if isinstance(item, Line):
            sections.append(Section(item))
            continue
        current = sections[-1]
        if (
            not item.drop
            and current.paragraphs
            and _instructional(item.text)
            and _starts_fresh(item.text)
            and _complete(current)
            # the next step in a list of steps ("- Sit your hips back ...")
            and not (item.listed and current.paragraphs[-1].listed)
            and (not current.heading or not (current.heading.inline
                                              and current.heading.inline == item.text))
        ):
            sections.append(Section(None, [item], orphan=True))
            continue
        current.paragraphs.append(item)
    return [s for s in sections if s.heading or s.paragraphs]


def _complete(section: Section) -> bool:
    """An exercise that already has its starting position, or its dose."""
    if not _instructional(section.body):
        return False
    text = section.all_text
    if _DOSE_HINT_RE.search(normalize_numbers(text)):
        return True
    return any(_starts_fresh(p.text) for p in section.paragraphs)


def _is_exercise(section: Section) -> bool:
    heading = section.heading
    if heading and _NOT_EXERCISE_HEADING_RE.search(heading.text):
        return False
    if heading and not _name_ok(heading.text):
        return False
    body = section.all_text
    if not body:
        return False
    if all(_whole_routine(x) for x in _sentences(body)):
        return False  # "Complete this circuit three times." under "Instructions"
    if heading is None and not section.orphan:
        # Text before the first heading is the introduction unless it is mostly instructions.
        sentences = _sentences(section.body)
        strong = sum(1 for x in sentences if (_imperative(x) or "") not in ("", *_WEAK_VERBS))
        return bool(sentences) and strong / len(sentences) >= 0.5 and _instructional(body)
    if _instructional(section.body) or (heading and heading.inline and _instructional(body)):
        return True
    if heading and heading.inline and _DOSE_START_RE.match(normalize_numbers(heading.inline)):
        return True  # "Clamshells - 3x15 each side", a table row "Name — 3 sets. 10 reps. ..."
    # A name with only a dose under it ("Glute Bridge — 3 x 12").
    return bool(heading) and len(_sentences(body)) <= 2 and (
        _dose_only(body) or bool(_DOSE_START_RE.match(normalize_numbers(body))))


def _name_ok(text: str) -> bool:
    return bool(re.search(r"[^\W\d_]", text)) and len(text) <= 120


def _split_intro(sections: list[Section]) -> tuple[list[str], list[Section], list[str]]:
    """The introduction's paragraphs, the exercises, and all text outside the exercises
    (introduction and closing, where "repeat the circuit 3 times" is said)."""
    intro: list[str] = []
    exercises: list[Section] = []
    routine_text: list[str] = []
    by_name: dict[str, Section] = {}
    for section in sections:
        if not _is_exercise(section):
            if section.heading is not None:
                routine_text.append(section.heading.text)
            routine_text.extend(p.text for p in section.paragraphs if not p.drop)
        if _is_exercise(section):
            key = slugify(_clean_name(section.heading.text)) if section.heading else ""
            if key and key in by_name:  # the same exercise twice (a summary table and a section)
                by_name[key].paragraphs.extend(section.paragraphs)
                continue
            if key:
                by_name[key] = section
            exercises.append(section)
        elif not exercises:
            intro.extend(p.text for p in section.paragraphs
                         if not p.drop and len(p.text.split()) >= 6)
    routine_text.extend(_closing_text(exercises))
    return intro, exercises, routine_text


def _one_liner(section: Section) -> bool:
    """A list item that is a whole exercise: "3. Single leg glute bridge - 3x10 each leg"."""
    heading = section.heading
    return bool(heading and heading.numbered and heading.inline and section.paragraphs
                and section.paragraphs[0].text == heading.inline)


def _closing_text(exercises: list[Section]) -> list[str]:
    """Paragraphs after a list of one-line exercises are the article's closing words
    ("Takes about 25 min total. Go slow on the clamshells."), not the last exercise's:
    they are taken from it and returned."""
    if len(exercises) < 2 or not all(_one_liner(s) for s in exercises[-2:]):
        return []
    last = exercises[-1]
    rest = last.paragraphs[1:]
    last.paragraphs[1:] = []
    return [p.text for p in rest if not p.drop]


# --------------------------------------------------------------------------- building

_STRETCHY_NAME_RE = re.compile(
    r"\b(?:stretch|pose|opener|release|plank|wall sit|hang|hollow|isometric|hold)\b|asana\b",
    re.IGNORECASE,
)
_ROLL_RE = re.compile(r"\bfoam[- ]?roll|\broller\b|\bmassage\b|\blacrosse ball|\bmassage ball",
                      re.IGNORECASE)
_ISOMETRIC_RE = re.compile(r"\b(?:plank|wall sit|hollow hold|dead hang|isometric|balance)\b",
                           re.IGNORECASE)
_EQUIPMENT = [
    ("foam roller", r"\bfoam roller"), ("chair", r"\bchair\b"),
    ("medicine ball", r"\bmedicine ball"), ("dumbbell", r"\bdumbbells?\b"),
    ("kettlebell", r"\bkettlebells?\b"), ("resistance band", r"\bresistance band|\bloop band"),
    ("mini band", r"\bmini[- ]band"), ("stability ball", r"\b(?:stability|exercise|swiss) ball"),
    ("platform or step", r"\bplatform\b|\bbox\b|\bstep (?:or|stool)|\bsturdy step"),
    ("bench", r"\bbench\b"), ("yoga mat", r"\b(?:yoga|exercise) mat\b"),
    ("towel", r"\btowel\b"), ("strap", r"\bstrap\b"), ("lacrosse ball", r"\blacrosse ball"),
]


def _category(name: str, text: str) -> str:
    """roll, stretch, isometric or strength."""
    if _ROLL_RE.search(name) or (_ROLL_RE.search(text) and re.search(r"\broll", text, re.I)):
        return "roll"
    if _ISOMETRIC_RE.search(name):
        return "isometric"
    if _STRETCHY_NAME_RE.search(name) or (re.search(
        r"\bfeel (?:a|the) (?:gentle |deep |good )?stretch\b", text, re.IGNORECASE
    ) and not re.search(r"\brepeat\b|\breps?\b|\brepetitions?\b", text, re.IGNORECASE)):
        return "stretch"
    return "strength"


def _clean_name(text: str) -> str:
    name = _strip_emphasis(text)
    name = _LIST_RE.sub("", name)
    name = re.sub(r"^(?:how to (?:do|perform) (?:an? |the )?)", "", name, flags=re.IGNORECASE)
    paren = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", name)
    if paren and _dose_only(paren.group(2)):
        name = paren.group(1)
    name = name.strip(" :.-–—\"'")
    if len(name) > 3 and name.isupper():
        name = " ".join(w if len(w) <= 2 and w.isalpha() and w not in ("UP", "ON", "TO")
                        else "-".join(p.capitalize() for p in w.split("-"))
                        for w in name.split())  # "GLUTE BRIDGE", "STEP-DOWN"
    if name and name[0].islower():
        name = name[0].upper() + name[1:]
    return " ".join(name.split())[:80]


@dataclass
class _Built:
    fields: dict[str, Any]
    imported: ImportedExercise
    circuit: list[str] = field(default_factory=list)  # sentences about the whole routine


def _whole_routine(sentence: str) -> bool:
    """A sentence inside an exercise that is about the whole routine ("Repeat the whole
    circuit 3 times"): not this exercise's dose, and not spoken with it."""
    return read_circuit(sentence, routine_level=False) is not None


def _fmt(rng: Range) -> str:
    return str(rng)


def _dose_text(fields: dict[str, Any]) -> str:
    parts = []
    sets = fields.get("sets")
    if fields.get("reps") is not None:
        reps = f"{_fmt(fields['reps'])} reps"
        parts.append(f"{_fmt(sets)} sets of {reps}" if sets else reps)
        if fields.get("hold") is not None:
            parts.append(f"hold {_fmt(fields['hold'])} s each")
    else:
        if fields.get("hold") is not None:
            parts.append(f"hold {_fmt(fields['hold'])} s")
        elif fields.get("duration") is not None:
            parts.append(f"{_fmt(fields['duration'])} s")
        elif fields.get("distance") is not None:
            parts.append(f"{_fmt(fields['distance'])} m")
        if sets:
            parts.append(f"{_fmt(sets)} sets")
    text = ", ".join(parts)
    return text + (" per side" if fields.get("per_side") else "")


def _resolve(dose: Dose, category: str, notes: list[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Routine fields from the findings, and the sentence each came from."""
    fields: dict[str, Any] = {}
    sources: dict[str, str] = {}

    def take(name: str) -> None:
        found = dose.first(name)
        if found is None:
            return
        fields[name] = found.value
        sources[name] = found.sentence
        if found.note:
            notes.append(found.note)
        others = [v for v in dose.values(name) if v != found.value]
        if others:
            notes.append(
                f"the article also gives {name} {', '.join(map(str, others))}; "
                f"used {found.value}"
            )

    take("distance")
    if "distance" not in fields:
        take("reps")
        take("hold")
        if "reps" not in fields and "hold" not in fields:
            take("duration")
        elif "hold" not in fields and dose.first("duration") is not None:
            found = dose.first("duration")
            assert found is not None
            if category in ("stretch", "isometric"):
                fields["hold"], sources["hold"] = found.value, found.sentence
            else:
                notes.append(f"ignored a time of {found.value} s next to the reps")
    take("sets")
    if fields.get("sets") == Range(1, 1):
        fields.pop("sets")
    if dose.per_side_sentence and "distance" not in fields:
        fields["per_side"] = True
        sources["per_side"] = dose.per_side_sentence
    if dose.rests:
        notes.append("the article gives a rest: " + _quote(dose.rests[0]))
    return fields, sources


def _guess(category: str, per_side: bool) -> tuple[dict[str, Any], str]:
    if category == "roll":
        return {"duration": Range(60.0, 60.0)}, "the article gives no time; one minute" + (
            " per side" if per_side else "")
    if category in ("stretch", "isometric"):
        return {"hold": Range(30.0, 30.0)}, "the article gives no time; a 30-second hold"
    return {"reps": Range(10.0, 10.0)}, "the article gives no number of reps; 10 is usual"


def _build_one(section: Section, index: int, warnings: list[str]) -> _Built:
    notes: list[str] = []
    text = section.all_text
    needs_review = False
    if section.heading is not None:
        name = _clean_name(section.heading.text)
        name_confidence = 1.0
    else:
        name = ""
    if not name:
        found = name_from_text(text)
        needs_review = True
        if found:
            name, name_confidence = found, 0.6
            notes.append(f"the article gives this exercise no heading; named {name!r} "
                         "from its text")
        else:
            name, name_confidence = f"Exercise {index}", 0.3
            notes.append("the article gives this exercise no heading or recognizable name")
    category = _category(name, text)
    sentences = _sentences(text)
    circuit = [x for x in sentences if _whole_routine(x)]
    sentences = [x for x in sentences if x not in circuit]
    dose = read_dose(sentences, stretchy=category in ("stretch", "isometric"))
    fields, sources = _resolve(dose, category, notes)
    guessed = not any(k in fields for k in ("reps", "hold", "duration", "distance"))
    dose_confidence = 1.0
    if guessed:
        guess, why = _guess(category, bool(fields.get("per_side")))
        fields.update(guess)
        for key in guess:
            sources[key] = "guessed: " + why
        notes.append(why)
        dose_confidence = 0.4
    elif any(n.startswith("the article also gives") for n in notes):
        dose_confidence = 0.6
        needs_review = True
    kind = ("reps" if "reps" in fields else "timed" if "duration" in fields
            else "distance" if "distance" in fields else "hold")
    equipment = [label for label, pattern in _EQUIPMENT if re.search(pattern, text, re.I)]
    paragraphs = [p.say for p in section.paragraphs if not p.drop]
    if not paragraphs and section.heading is not None and section.heading.inline:
        paragraphs = [section.heading.inline]
    instructions = spoken_instructions(paragraphs, skip=_whole_routine)
    exercise_fields: dict[str, Any] = {
        "name": name,
        "instructions": instructions,
        "equipment": equipment,
        **fields,
    }
    cue = short_cue(instructions)
    if cue:
        exercise_fields["cue"] = cue
    source_phrase = next((sources[k] for k in ("reps", "hold", "duration", "distance", "sets")
                          if k in sources and not sources[k].startswith("guessed:")), None)
    imported = ImportedExercise(
        name=name,
        slug=slugify(name),
        kind=kind,
        dose=_dose_text(fields),
        per_side=bool(fields.get("per_side")),
        source_phrase=source_phrase,
        confidence=round(name_confidence * dose_confidence, 2),
        guessed=guessed,
        needs_review=needs_review,
        notes=notes,
        field_sources=sources,
    )
    for note in notes:
        if needs_review or guessed:
            warnings.append(f"{name}: {note}")
    return _Built(exercise_fields, imported, circuit)


def _unique_slugs(built: list[_Built]) -> None:
    seen: set[str] = set()
    for item in built:
        base = slugify(item.imported.name)
        slug, n = base, 2
        while slug in seen:
            slug, n = f"{base}-{n}", n + 1
        seen.add(slug)
        item.fields["slug"] = slug
        item.imported.slug = slug


def _description(intro: list[str]) -> str:
    text = ""
    for paragraph in intro:
        if text and len(text) + len(paragraph) > 600:
            break
        text = f"{text} {paragraph}".strip()
    return text


def _apply_circuit(built: list[_Built], routine_text: list[str], warnings: list[str]) -> None:
    """"Repeat the whole circuit 3 times" said for the routine: sets for every exercise that
    gives none of its own, quoted and flagged for review."""
    found: list[tuple[Range, str]] = []
    for paragraph in routine_text:
        for sentence in _sentences(paragraph):
            value = read_circuit(sentence, routine_level=True)
            if value is not None:
                found.append((value, sentence))
    for item in built:
        for sentence in item.circuit:
            value = read_circuit(sentence, routine_level=False)
            if value is not None:
                found.append((value, sentence))
    if not found:
        return
    rounds, sentence = found[0]
    others = sorted({str(v) for v, _ in found if v != rounds})
    also = f" (the article also says {', '.join(others)})" if others else ""
    applied = []
    for item in built:
        ex = item.imported
        if "sets" in item.fields:
            ex.notes.append(f"the article repeats the whole routine {rounds} times"
                            f"{also}; this exercise keeps its own {item.fields['sets']} sets")
            continue
        item.fields["sets"] = rounds
        ex.field_sources["sets"] = sentence
        ex.dose = _dose_text(item.fields)
        ex.needs_review = True
        ex.notes.append(
            f"sets {rounds} from the whole routine's rounds{also}: " + _quote(sentence)
            + "; each exercise's sets are played back to back, not as rounds of the circuit"
        )
        applied.append(ex.name)
    if applied:
        warnings.append(f"the article repeats the whole routine {rounds} times ("
                        f"{_quote(sentence)}); set {rounds} sets on {len(applied)} "
                        "exercise(s) that give none; they are played set by set, not as "
                        "rounds of the circuit")


def _build(title: str, intro: list[str], sections: list[Section], origin: str,
           name: str | None, routine_text: list[str] | None = None) -> ImportResult:
    warnings: list[str] = []
    built = [_build_one(s, i, warnings) for i, s in enumerate(sections, 1)]
    _apply_circuit(built, routine_text or [], warnings)
    _unique_slugs(built)
    routine_name = (name or title or "Imported routine").strip()[:200] or "Imported routine"
    source = f"{title} ({origin})" if title and not origin.startswith("<") else title or origin
    data: dict[str, Any] = {
        "name": routine_name,
        "description": _description(intro),
        "source": source,
        "exercises": [b.fields for b in built],
    }
    if name:
        data["slug"] = slugify(name)
    try:
        routine = Routine.model_validate(data)
    except Exception as exc:  # pydantic ValidationError: a bug in the importer's output
        raise ArticleError(f"{origin}: the imported routine is not valid ({exc})") from None
    exercises = [b.imported for b in built]
    if not title:
        warnings.insert(0, "the article has no title; review the routine name")
    return ImportResult(routine, exercises, title or routine_name, warnings, origin)


# --------------------------------------------------------------------------- YAML


def _quote(sentence: str, limit: int = 90) -> str:
    text = " ".join(sentence.split()).replace('"', "'")
    if len(text) > limit:
        tail = text[-(limit - 3):]
        tail = tail.split(" ", 1)[1] if " " in tail else tail
        text = "..." + tail
    return f'"{text}"'


def _commented_yaml(result: ImportResult) -> str:
    body = dump(result.routine)
    out = [
        f"# Imported by `voicecoach import` from {_one_line(result.origin)}",
        f"# Article: {_one_line(result.title)}",
        "# Review it before use: check every name, instruction and dose against the article.",
        "# 'from:' quotes the sentence a value was read from; 'guessed:' marks a value the",
        "# article does not give.",
    ]
    index = -1
    key_re = re.compile(r"^  (reps|hold|duration|distance|sets|per_side):")
    for line in body.splitlines():
        if line.startswith("- name:"):
            index += 1
            if 0 <= index < len(result.exercises):
                ex = result.exercises[index]
                if ex.needs_review:
                    out.append(f"# review: {_one_line('; '.join(ex.notes) or 'check this one')}")
        m = key_re.match(line)
        if m and 0 <= index < len(result.exercises):
            source = result.exercises[index].field_sources.get(m.group(1))
            if source:
                if source.startswith("guessed:"):
                    out.append(f"  # {_one_line(source)}")
                else:
                    out.append(f"  # from: {_quote(source)}")
        out.append(line)
    return "\n".join(out) + "\n"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())
