"""The agreement rule on the figures of the seeds: bounds as bounds, rounding as written, ranges that exclude."""

from __future__ import annotations

import doctest
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.analysis import agreement
from graph.analysis.agreement import Stated, agree, coincide

M = Decimal(1_000_000)


def usd(value: float | None = None, low: float | None = None, high: float | None = None, hedge: str = "") -> Stated:
    def d(x: float | None) -> Decimal | None:
        return None if x is None else Decimal(str(x)) * M

    return Stated(d(value), d(low), d(high), hedge, "USD")


def test_docstring_examples_run() -> None:
    assert doctest.testmod(agreement).failed == 0


# Each pair as the seeds state it (values in millions of US dollars unless said otherwise).
AGREE = [
    # 002 « environ 6 millions », 003 « environ 6 millions de dollars » / 004 « 5,6 millions de dollars »
    (usd(6, hedge="Approximately"), usd(5.6), True),
    (usd(6), usd(5.6), True),
    # 001 « plus de 100 millions de dollars » (per model) / 003 « des milliards de dollars » (2 milliards and up)
    (usd(100, hedge="MoreThan"), usd(low=2000), True),
    # 000 « près de 600 milliards » / the 589 milliards other outlets printed
    (usd(600_000, hedge="Approximately"), usd(589_000), True),
    # 002: Stargate's « demi-billion » total and its « 100 milliards » first tranche
    (usd(500_000), usd(100_000), False),
    # 002 « 60 à 65 milliards de dollars » (Meta) excludes « 80 milliards de dollars » (Microsoft)
    (usd(low=60_000, high=65_000), usd(80_000), False),
    # ... and contains a value inside it, or rounded to its ends
    (usd(low=60_000, high=65_000), usd(62_000), True),
    (usd(low=60_000, high=65_000), usd(65_200), True),
    # 004 « jusqu’à 90 % » and a 95 % cut
    (Stated(Decimal(90), hedge="AtMost", unit="percent"), Stated(Decimal(95), unit="percent"), False),
    # 000 « 17% » and 003 « environ 17% »; 17 against 18 is not rounding
    (Stated(Decimal(17), unit="percent"), Stated(Decimal(17), hedge="Approximately", unit="percent"), True),
    (Stated(Decimal(17), unit="percent"), Stated(Decimal(18), unit="percent"), False),
    # « plus de 100 millions » is not satisfied by 95 millions
    (usd(100, hedge="MoreThan"), usd(95), False),
]


@pytest.mark.parametrize(("a", "b", "expected"), AGREE)
def test_agree_reads_bounds_as_bounds(a: Stated, b: Stated, expected: bool) -> None:
    assert agree(a, b) is expected
    assert agree(b, a) is expected


def test_a_stated_range_that_excludes_a_value_is_drift() -> None:
    # 003 « 9-12 mois » for Claude 3.5 Sonnet's training age, against the « 15 mois » between releases
    months = Stated(min_value=Decimal(9), max_value=Decimal(12), unit="month")
    assert not agree(months, Stated(Decimal(15), unit="month"))
    assert agree(months, Stated(Decimal(12), hedge="Approximately", unit="month"))


COINCIDE = [
    # 001 « plus de 100 millions de dollars » (a single US model) / 004 the same words for GPT-4
    (usd(100, hedge="MoreThan"), usd(100, hedge="MoreThan"), True),
    # 001 « des centaines de milliers de GPU H100 » / 002 « des centaines de milliers de puces »
    (Stated(min_value=Decimal(200_000), unit="GPU"), Stated(min_value=Decimal(200_000), unit="chip"), True),
    # 001 « des milliards de dollars » (US companies' spending) / 003 « des milliards de dollars »
    (usd(low=2000), usd(low=2000), True),
    # Two lower bounds of different numbers do not state the same number
    (usd(100, hedge="MoreThan"), usd(low=2000), False),
    (usd(low=2000), usd(low=20_000, hedge="AtLeast"), False),
    # 003 « 5 millions » / « 10 millions » of the illustration are different numbers
    (usd(5), usd(10), False),
    # The same number in other units is no coincidence: « 2GW » and 2 milliards of dollars
    (Stated(Decimal("2e9"), unit="W"), usd(low=2000), False),
]


@pytest.mark.parametrize(("a", "b", "expected"), COINCIDE)
def test_coincide_compares_the_numbers_written(a: Stated, b: Stated, expected: bool) -> None:
    assert coincide(a, b) is expected
    assert coincide(b, a) is expected


def test_a_row_of_the_figures_table_is_read_with_missing_cells() -> None:
    row = {"value": float("nan"), "min_value": 2e9, "max_value": None, "hedge": None, "unit": "USD"}
    assert Stated.of(row) == Stated(None, Decimal("2000000000.0"), None, "", "USD")
    hedged = Stated.of({"value": 1e8, "hedge": "https://w3id.org/claimgraph/ontology#MoreThan", "unit": "USD"})
    assert hedged.hedge == "MoreThan" and hedged.is_bound


def test_numbers_are_as_precise_as_written() -> None:
    # « 20% » (003, the $1M model) is not 17% (000, Nvidia's fall); « près de 600 milliards » (000) is a band.
    assert not coincide(
        Stated.of({"value": 17, "unit": "percent", "surface": "17%"}),
        Stated.of({"value": 20, "unit": "percent", "surface": "20%"}),
    )
    near = Stated.of({"value": 6e11, "hedge": "Approximately", "unit": "USD", "surface": "600 milliards de dollars"})
    assert agree(near, usd(589_000))
    assert not agree(Stated.of({"value": 6e11, "unit": "USD", "surface": "600 milliards de dollars"}), usd(589_000))
    # « 6 millions de dollars » (002) as written allows 5,6 millions (004)
    assert agree(
        Stated.of({"value": 6e6, "unit": "USD", "surface": "6 millions de dollars"}),
        Stated.of({"value": 5.6e6, "unit": "USD", "surface": "5,6 millions de dollars"}),
    )


NUMBERS = st.sampled_from([Decimal(v) for v in ("5", "5.5", "5.6", "6", "6.5", "10", "100", "2000", "200000")])
STATEMENTS = st.builds(
    lambda value, low, high, hedge, unit, form, precision: Stated(
        value=value if form == "point" else None,
        min_value=low if form in ("range", "vague") else None,
        max_value=max(low, high) if form == "range" else None,
        hedge=hedge,
        unit=unit,
        precision=precision,
    ),
    NUMBERS,
    NUMBERS,
    NUMBERS,
    st.sampled_from(["", "Approximately", "AtLeast", "MoreThan", "AtMost", "LessThan"]),
    st.sampled_from(["USD", "GPU", "chip"]),
    st.sampled_from(["point", "range", "vague"]),
    st.sampled_from([None, Decimal("0.1"), Decimal(1), Decimal(1000)]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(STATEMENTS, max_size=12))
def test_grouped_pairs_are_the_pairs_that_coincide(statements: list[Stated]) -> None:
    # Figure echoes pair statements by the number they state; the pairs must be exactly those
    # that ``coincide`` finds by trying every pair, in the same order.
    n = len(statements)
    every = [(i, j) for i in range(n) for j in range(i + 1, n) if coincide(statements[i], statements[j])]
    assert agreement.coinciding(statements) == every


@settings(max_examples=300, deadline=None)
@given(st.lists(STATEMENTS, max_size=8))
def test_one_pass_agreement_is_pairwise_agreement(statements: list[Stated]) -> None:
    pairwise = all(agree(a, b) for i, a in enumerate(statements) for b in statements[i + 1 :])
    assert agreement.all_agree(statements) is pairwise
