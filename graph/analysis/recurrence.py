"""Which figures recur: mentions of the same measured quantity, their values, spread and drift.

Two stated values agree when one is the other rounded to its own precision (5 600 000 stated as
"6 millions"), or falls inside the other's range or bound ("plus de 100 millions"). Anything else,
or a different unit, is drift. ``agreement`` tells identical values from values that only agree
within rounding, so that a 5.6 M / 6 M pair stays visible without being called drift.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from rdflib import Graph

from . import records

COLUMNS = [
    "measure",
    "documents",
    "values",
    "min",
    "max",
    "spread",
    "drift",
    "drift_reason",
    "agreement",
    "figures",
    "claims",
    "speakers",
]


def significant_digits(x: Decimal) -> int:
    digits = x.normalize().as_tuple().digits
    return max(1, len(digits))


def round_to(x: Decimal, digits: int) -> Decimal:
    if x == 0:
        return x
    exponent = x.adjusted() - digits + 1
    return x.scaleb(-exponent).quantize(Decimal(1)).scaleb(exponent)


def agree(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> bool:
    """Whether two stated values (as low, high bounds) agree up to rounding or overlap."""
    (a_low, a_high), (b_low, b_high) = a, b
    if a_low <= b_high and b_low <= a_high:
        return True
    if a_low == a_high and b_low == b_high:
        x, y = a_low, b_low
        return round_to(x, significant_digits(y)) == y or round_to(y, significant_digits(x)) == x
    return False


OPEN_ABOVE = ("AtLeast", "MoreThan")
OPEN_BELOW = ("AtMost", "LessThan")


def bounds(row: pd.Series) -> tuple[Decimal, Decimal] | None:
    """A figure's value as (low, high): "plus de 100 millions" is (1e8, +inf); a one-sided range is open."""

    def dec(v: object) -> Decimal | None:
        return None if v is None or pd.isna(v) else Decimal(str(v))

    value, low, high = dec(row["value"]), dec(row["min_value"]), dec(row["max_value"])
    hedge = str(row.get("hedge") or "").rsplit("#", 1)[-1]
    if value is not None:
        if hedge in OPEN_ABOVE:
            return value, Decimal("Infinity")
        if hedge in OPEN_BELOW:
            return Decimal("-Infinity"), value
        return value, value
    if low is None and high is None:
        return None
    return (low if low is not None else Decimal("-Infinity"), high if high is not None else Decimal("Infinity"))


def drift(group: pd.DataFrame) -> str:
    """Why the figures of one measured quantity disagree, or "" when they agree."""
    units = sorted(set(group["unit"].dropna()))
    if len(units) > 1:
        return "units differ: " + ", ".join(units)
    stated = [b for b in (bounds(r) for _, r in group.iterrows()) if b is not None]
    for i, a in enumerate(stated):
        for b in stated[i + 1 :]:
            if not agree(a, b):
                return "values differ beyond rounding"
    return ""


def recurring_figures(graph: Graph | records.Records, min_documents: int = 1) -> pd.DataFrame:
    """One row per measured quantity stated in at least ``min_documents`` documents.

    With the default of 1, every quantity stated twice or more (in any documents) is listed too;
    ``documents`` says how many documents state it.
    """
    rec = records.of(graph)
    figures, claims = rec.figures, rec.claims
    if figures.empty:
        return pd.DataFrame(columns=COLUMNS)
    figures = figures.merge(claims[["claim", "seed", "speaker"]], on="claim", how="left")
    rows = []
    for measure, group in figures.groupby("measure"):
        documents = sorted(set(group["seed"].dropna()))
        if len(documents) < min_documents or (len(group) < 2 and len(documents) < 2):
            continue
        numbers = [x for col in ("value", "min_value", "max_value") for x in group[col].dropna()]
        low, high = (min(numbers), max(numbers)) if numbers else (None, None)
        reason = drift(group)
        rows.append(
            {
                "measure": measure,
                "documents": "; ".join(documents),
                "values": "; ".join(
                    sorted({f"{s} ({seed})" for s, seed in zip(group["surface"], group["seed"], strict=True)})
                ),
                "min": low,
                "max": high,
                "spread": (high / low) if low and high and low > 0 else None,
                "drift": bool(reason),
                "drift_reason": reason,
                "agreement": "differ" if reason else ("identical" if low == high else "within rounding or range"),
                "figures": "; ".join(sorted(group["figure"])),
                "claims": "; ".join(sorted(set(group["claim"]))),
                "speakers": "; ".join(sorted(set(group["speaker"].dropna()))),
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["drift", "measure"], ascending=[False, True]).reset_index(drop=True)
