"""voicecoach.speech.chunks: long phrases cut into pieces eSpeak NG handles."""

from __future__ import annotations

from voicecoach.speech.chunks import MAX_CHARS, pieces


def test_a_short_phrase_is_one_piece_as_it_is() -> None:
    text = "Lie on your back. " * 20
    assert pieces(text[:MAX_CHARS]) == [text[:MAX_CHARS]]


def test_100_kb_without_full_stops_is_cut_at_spaces() -> None:
    words = [f"word{n % 997}" for n in range(15000)]
    text = " ".join(words)
    assert len(text) > 100_000
    out = pieces(text)
    assert max(len(p) for p in out) <= MAX_CHARS
    assert " ".join(out) == text  # nothing lost, nothing reordered


def test_sentences_are_kept_whole_and_packed() -> None:
    sentences = [f"Sentence number {n} ends here." for n in range(100)]
    out = pieces(" ".join(sentences))
    assert max(len(p) for p in out) <= MAX_CHARS
    assert all(p.endswith(".") for p in out)
    assert len(out) < 20


def test_commas_before_spaces_and_a_hard_cut_last() -> None:
    clause = "knees soft, back flat, " * 40
    out = pieces(clause)
    assert all(p.endswith(",") for p in out[:-1])
    blob = "x" * (MAX_CHARS * 2 + 7)
    assert [len(p) for p in pieces(blob)] == [MAX_CHARS, MAX_CHARS, 7]
