"""The real-article corpus (tests/data/corpus) is well-formed: every key parses, names its
source address and at least one exercise, and holds only numbers, ranges or "—" as doses;
where the article texts are present, every article has a key and every key an article.

The article texts are third-party pages and are not in the repository (the search tool
they came from asks that its material is not copied verbatim); the keys, written from
them, carry each page's address. How well the importer does is measured by
scripts/import_eval.py, not asserted here."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

CORPUS = Path(__file__).parent / "data" / "corpus"
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
NUMERIC = ("reps", "sets", "hold", "duration", "distance")
FIELDS = {"name", "aka", *NUMERIC, "per_side", "notes"}
NONE = "—"
RANGE_RE = re.compile(r"\d+(?:\.\d+)?-\d+(?:\.\d+)?")

ARTICLES = sorted(p for part in ("tune", "holdout") for p in (CORPUS / part).iterdir()
                  if p.suffix.lower() in ARTICLE_SUFFIXES)
KEYS = sorted(CORPUS.glob("*/*.key.yaml"))


def _key(article: Path) -> Path:
    return article.with_name(article.stem + ".key.yaml")


def test_corpus_size() -> None:
    tune = [p for p in KEYS if p.parent.name == "tune"]
    holdout = [p for p in KEYS if p.parent.name == "holdout"]
    assert len(KEYS) >= 40
    assert len(holdout) >= 12 and len(tune) >= 20


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.name)
def test_every_article_has_a_key(article: Path) -> None:
    assert _key(article).is_file(), f"{article.name} has no answer key"
    assert article.read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("key", KEYS, ids=lambda p: p.name)
def test_every_key_belongs_to_an_article(key: Path) -> None:
    if not ARTICLES:
        pytest.skip("the article texts are not here (they stay out of the repository)")
    stem = key.name.removesuffix(".key.yaml")
    assert any(key.with_name(stem + s).is_file() for s in ARTICLE_SUFFIXES)


def _dose_ok(value: Any) -> bool:
    if value == NONE:
        return True
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return value > 0
    if isinstance(value, str) and RANGE_RE.fullmatch(value):
        low, high = (float(v) for v in value.split("-"))
        return 0 < low < high
    if isinstance(value, list) and len(value) == 2 and all(_dose_ok(v) for v in value):
        return bool(value[0] < value[1])  # a range written as [low, high]
    return False


@pytest.mark.parametrize("key", KEYS, ids=lambda p: p.name)
def test_key_is_well_formed(key: Path) -> None:
    data = yaml.safe_load(key.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    assert re.match(r"https?://\S+$", str(data.get("source", ""))), "no source address"
    assert isinstance(data.get("title"), str) and data["title"].strip()
    exercises = data.get("exercises")
    assert isinstance(exercises, list) and exercises, "no exercises"
    for item in exercises:
        assert isinstance(item, dict)
        assert set(item) <= FIELDS, f"unknown fields {set(item) - FIELDS}"
        assert isinstance(item.get("name"), str) and item["name"].strip()
        assert all(isinstance(a, str) for a in item.get("aka") or [])
        for field in NUMERIC:
            assert field in item, f"{item['name']}: no {field}"
            assert _dose_ok(item[field]), f"{item['name']}: {field} {item[field]!r}"
        assert item.get("per_side") in (True, False, NONE), f"{item['name']}: per_side"
