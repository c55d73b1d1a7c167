"""Property-based tests: French number forms read back to their values; anchoring never drifts."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from graph.anchor import Span, choose, diagnose_missing, occurrences, quote_selector, selectors_agree
from graph.figures import read_surface

SPACES = [" ", "\u00a0", "\u202f"]
SCALES = {
    "million": 10**6,
    "millions": 10**6,
    "milliard": 10**9,
    "milliards": 10**9,
    "billion": 10**12,
    "billions": 10**12,
}
HEDGES = {
    "environ": "Approximately",
    "près de": "Approximately",
    "~": "Approximately",
    "au moins": "AtLeast",
    "plus de": "MoreThan",
    "jusqu'à": "AtMost",
    "jusqu’à": "AtMost",
    "moins de": "LessThan",
}
UNITS = ["", " de dollars", " d’euros", " de paramètres", " de yuans"]


@st.composite
def french_number(draw: st.DrawFn) -> tuple[str, Decimal]:
    """A number as French prints it: digits grouped by threes with a space class, a decimal comma."""
    whole = draw(st.integers(min_value=0, max_value=999_999_999))
    separator = draw(st.sampled_from(SPACES))
    digits = f"{whole:,}".replace(",", separator) if draw(st.booleans()) else str(whole)
    decimals = draw(st.one_of(st.just(""), st.text(alphabet="0123456789", min_size=1, max_size=3)))
    text = f"{digits},{decimals}" if decimals else digits
    return text, Decimal(f"{whole}.{decimals}" if decimals else whole)


@st.composite
def french_quantity(draw: st.DrawFn) -> tuple[str, Decimal, str | None]:
    number, value = draw(french_number())
    scale = draw(st.one_of(st.none(), st.sampled_from(sorted(SCALES))))
    space = draw(st.sampled_from(SPACES))
    hedge = draw(st.one_of(st.none(), st.sampled_from(sorted(HEDGES))))
    surface = number + (f"{space}{scale}" if scale else "") + draw(st.sampled_from(UNITS))
    if hedge:
        surface = f"{hedge}{'' if hedge == '~' else ' '}{surface}"
    return surface, value * (SCALES[scale] if scale else 1), HEDGES.get(hedge)


@settings(max_examples=400, deadline=None)
@given(french_quantity())
@example(("5,6\u00a0millions de dollars", Decimal(5_600_000), None))
@example(("plus de 50\u202f000 de paramètres", Decimal(50_000), "MoreThan"))
def test_french_quantities_read_back_to_their_value(quantity: tuple[str, Decimal, str | None]) -> None:
    surface, value, hedge = quantity
    reading = read_surface(surface)
    assert reading is not None, surface
    assert reading.value == value, surface
    assert reading.hedge == hedge, surface


@settings(max_examples=300, deadline=None)
@given(french_number(), french_number(), st.sampled_from(sorted(SCALES)), st.sampled_from(SPACES), st.booleans())
def test_french_ranges_read_back_to_their_bounds(
    low: tuple[str, Decimal], high: tuple[str, Decimal], scale: str, space: str, both_scaled: bool
) -> None:
    first = low[0] + (f"{space}{scale}" if both_scaled else "")
    surface = f"de {first} à {high[0]}{space}{scale} de dollars"
    reading = read_surface(surface)
    assert reading is not None and reading.value is None, surface
    assert (reading.min_value, reading.max_value) == (low[1] * SCALES[scale], high[1] * SCALES[scale]), surface


SEED_ALPHABET = st.sampled_from(list("abcdeé e\u0301'’«»\u00a0\u202f .,\n0123456789ÉÀç"))
seeds = st.text(alphabet=SEED_ALPHABET, min_size=1, max_size=300)


@settings(max_examples=500, deadline=None)
@given(seeds, st.data())
def test_whenever_anchoring_succeeds_the_span_is_the_quote(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    end = data.draw(st.integers(min_value=start + 1, max_value=len(text)))
    quote = text[start:end] if data.draw(st.booleans()) else data.draw(st.text(alphabet=SEED_ALPHABET, min_size=1))
    occurrence = data.draw(st.one_of(st.none(), st.integers(min_value=1, max_value=4)))
    found = choose(text, quote, occurrence)
    hits = occurrences(text, quote)
    if isinstance(found, Span):
        assert text[found.start : found.end] == quote
        assert selectors_agree(text, *quote_selector(text, found), found.start, found.end)
        assert found.start == hits[(occurrence or 1) - 1]
    else:
        assert not hits or (occurrence is None and len(hits) > 1) or (occurrence or 0) > len(hits), found


@settings(max_examples=300, deadline=None)
@given(seeds, st.text(alphabet=SEED_ALPHABET, min_size=1, max_size=80))
def test_a_missing_quote_is_always_explained(text: str, needle: str) -> None:
    message = diagnose_missing(text, needle)
    assert message.startswith(("not in the seed as written", "not found in the seed")), message


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("éèàçôû ")), min_size=1, max_size=40))
def test_a_decomposed_quote_names_its_code_points(word: str) -> None:
    decomposed = unicodedata.normalize("NFD", word)
    if decomposed == word:
        return  # only spaces: nothing to decompose
    text = f"Début. {word} fin."
    message = diagnose_missing(text, decomposed)
    first = next(c for c in word if unicodedata.normalize("NFD", c) != c)
    named = " ".join(f"U+{ord(c):04X}" for c in unicodedata.normalize("NFD", first))
    assert "differs only by Unicode normalisation" in message, message
    assert f"{named} ({first}) where the seed has U+{ord(first):04X}" in message, message
