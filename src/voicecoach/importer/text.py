"""Text cleaning: an article's raw text (plain, Markdown or HTML) to clean lines.

It decides what text the later passes see: HTML becomes Markdown-ish text (headings keep
their ``#``, bold their ``**``; scripts, navigation, footers and captions are left out),
quotes and spaces are made plain, emoji are dropped (a keycap "1️⃣" is item 1), Markdown
images and links are reduced to their text, and tables (Markdown, HTML, or tab-separated
from a document) become one "**Name** — dose." line per row.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from typing import ClassVar

from ..errors import ArticleError

__all__ = ["html_to_text", "looks_like_html", "normalize", "strip_emphasis", "tables_to_lines"]

# --------------------------------------------------------------------------- normalizing

_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2032": "'", "\u00b4": "'", "\u2026": "...", "\ufeff": None})


_KEYCAP_RE = re.compile("(\\d)\ufe0f?\u20e3")
_EMOJI_RE = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0e\ufe0f\u20e3]+")


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _KEYCAP_RE.sub(r"\1.", text)  # "1️⃣ Fire Hydrants" is item 1
    text = _EMOJI_RE.sub(" ", text)
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " "
                   for ch in text)
    # Tab-separated rows (a table copied from a document) become "a | b | c" rows.
    text = re.sub(r"(?m)^[^\t\n]*\S\t+\S[^\n]*\t[^\n]*$",
                  lambda m: " | ".join(c.strip() for c in re.split(r"\t+", m.group(0))), text)
    # A line marked by any bullet sign ("● Lie on the floor", "➤ Stand tall") is a bullet item
    text = re.sub(r"(?m)^([ \t]*)[●■□►▶▸➤➔⁃∙◆◇○](?=[ \t]+\S)", r"\1•", text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)  # Markdown images
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # Markdown links -> their text
    text = re.sub(r"<(https?://[^>]+)>", " ", text)
    # An image's file name run into the text after it ("gentle-hamstring-stretchStand in
    # front of ..."): the file name on a line of its own
    text = re.sub(r"(?m)^([a-z][a-z0-9]*(?:-[a-z0-9]+){2,})(?=[A-Z][a-z])", r"\1\n", text)
    return "\n".join(_SPACES_RE.sub(" ", line).strip() for line in text.split("\n"))


def looks_like_html(text: str) -> bool:
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
    return [strip_emphasis(c.strip()) for c in line.strip().strip("|").split("|")]


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


def tables_to_lines(text: str) -> str:
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
        rows = _plain_rows(lines, i)
        if rows:
            out.append("")
            for k, row in enumerate(rows):
                cells = [c for c in _cells(lines[row]) if c and c not in ("-", "—", "–")]
                if k == 0 and _header_like(cells):
                    continue  # "Exercise | Prescription": the columns' names
                while len(cells) > 2 and re.fullmatch(r"\d{1,2}\.?", cells[0]):
                    cells = cells[1:]  # the row's number
                out.extend([f"**{cells[0]}** — " + ". ".join(c.rstrip(".") for c in cells[1:])
                            + ".", ""])
            i = rows[-1] + 1
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def _plain_rows(lines: list[str], i: int) -> list[int]:
    """Rows of a table without a header that names its columns ("| Shoulder flexion |
    2 x 10 |"): two rows or more in a row (a blank line between them allowed), each of two
    cells or more, the first with a word. Their indices, or [] where there is none."""
    rows: list[int] = []
    j = i
    while j < len(lines):
        line = lines[j].strip()
        if not line and rows and j + 1 < len(lines) and lines[j + 1].count("|") >= 1:
            j += 1
            continue
        cells = [c for c in _cells(line) if c] if line.count("|") >= 1 else []
        if len(cells) < 2 or not _TABLE_ROW_RE.match(line) or _TABLE_SEP_RE.match(line):
            break
        rows.append(j)
        j += 1
    if len(rows) < 2 or not all(any(re.search(r"[^\W\d_]{2}", c) for c in _cells(lines[r]))
                                 for r in rows):
        return []
    firsts = [next((c for c in _cells(lines[r]) if c), "") for r in rows]
    if any(_SCHEDULE_RE.match(c) for c in firsts):
        return []  # a week's plan ("Monday | Easy run 5 km"), not exercises
    return rows


_SCHEDULE_RE = re.compile(r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b|"
                          r"(?:day|week|month)\s*\d", re.IGNORECASE)


def _header_like(cells: list[str]) -> bool:
    """A table's first row naming its columns: short cells without a number."""
    return all(len(c.split()) <= 3 and not re.search(r"\d", c) for c in cells)


def strip_emphasis(text: str) -> str:
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])", r"\1", text)
    return text.replace("**", "").replace("`", "").strip()
