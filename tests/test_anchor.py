"""Anchoring on hand-made strings: offsets in code points, end exclusive, selectors that agree."""

from __future__ import annotations

import random

import pytest

from graph.anchor import Span, choose, nearest, occurrences, quote_selector, selectors_agree, short_id

TEXT = "Selon X, «\u00a0le coût est de 6\u00a0millions\u00a0». Le coût est de 6\u00a0millions."


def test_occurrences_counts_every_start() -> None:
    assert occurrences("abab ab", "ab") == [0, 2, 5]
    assert occurrences("aaa", "aa") == [0, 1]
    assert occurrences("abc", "") == []


def test_choose_unique_span_in_code_points() -> None:
    span = choose("é€𝄞 fin", "fin", None)
    assert span == Span(4, 7)  # three code points before the space, whatever their UTF-8 length


def test_choose_requires_occurrence_when_repeated() -> None:
    message = choose(TEXT, "6\u00a0millions", None)
    assert isinstance(message, str) and "found 2 times" in message and "cg:occurrence" in message
    assert choose(TEXT, "6\u00a0millions", 2) == Span(
        TEXT.rindex("6\u00a0millions"), TEXT.rindex("6\u00a0millions") + 10
    )


def test_choose_inside_a_range_only() -> None:
    start = TEXT.index("Le coût")
    assert choose(TEXT, "6\u00a0millions", None, start, len(TEXT)) == Span(TEXT.rindex("6"), TEXT.rindex("6") + 10)


def test_missing_text_with_plain_space_is_diagnosed() -> None:
    message = choose(TEXT, "6 millions", None)
    assert isinstance(message, str)
    assert "the seed (line 1) has U+00A0 NO-BREAK SPACE where the quote has U+0020 SPACE" in message
    assert message.endswith("or write \\u00A0")


def test_selectors_agree_and_detect_drift() -> None:
    span = Span(TEXT.index("le coût"), TEXT.index("le coût") + len("le coût"))
    exact, prefix, suffix = quote_selector(TEXT, span)
    assert exact == "le coût"
    assert selectors_agree(TEXT, exact, prefix, suffix, span.start, span.end)
    assert not selectors_agree(TEXT, exact, prefix, suffix, span.start + 1, span.end + 1)
    # The look-alike second sentence has the same words but other context.
    other = TEXT.index("Le coût")
    assert not selectors_agree(TEXT, "Le coût", prefix, suffix, other, other + 7)


@pytest.mark.parametrize(
    ("iri", "expected"),
    [
        ("https://w3id.org/claimgraph/doc/002_59f5497307406c20/c12", "002/c12"),
        ("https://w3id.org/claimgraph/entity/elon-musk", "entity/elon-musk"),
        ("https://w3id.org/claimgraph/doc/002_59f5497307406c20", "002_59f5497307406c20"),
    ],
)
def test_short_id(iri: str, expected: str) -> None:
    assert short_id(iri) == expected


def test_the_nearest_cue_is_the_one_a_whole_seed_scan_finds() -> None:
    rng = random.Random(7)
    for _ in range(300):
        text = "".join(rng.choice("ab ") for _ in range(rng.randrange(0, 3000)))
        needle = "".join(rng.choice("ab") for _ in range(rng.randrange(1, 6)))
        near = rng.randrange(0, len(text) + 1)
        hits = occurrences(text, needle)
        expected = min(hits, key=lambda h: abs(h - near)) if hits else None
        assert nearest(text, needle, near) == expected, (text, needle, near)


def test_a_cue_far_from_its_quote_is_still_found() -> None:
    text = "Selon X. " + "a" * 10_000 + " le coût"
    assert nearest(text, "Selon", text.index("le coût")) == 0
    assert nearest(text, "Dit", text.index("le coût")) is None
