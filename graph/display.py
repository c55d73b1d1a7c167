"""Query results as a person reads them: tables that fit the terminal, one record per screen.

Machine formats (CSV, JSON) keep machine values; only what is printed for reading is shortened:
IRIs in prefixed form, numbers with their unit and a readable scale (``500 billion USD``,
``17 %``), long cells cut with an ellipsis rather than wrapped over lines.
"""

from __future__ import annotations

import math
import re
import textwrap
import unicodedata
from collections.abc import Sequence

from .prefixes import compact

UNIT_COLUMNS = ("unit", "currency", "units")
"""A row's unit is read from the first of these columns it has."""

VALUE_COLUMNS = frozenset({"value", "min_value", "max_value", "min", "max", "values", "stated"})
"""Columns holding values of a figure: shown with the row's unit."""

UNITS = {"percent": "%", "USD": "USD", "EUR": "EUR", "CNY": "CNY"}
SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))
KEEP = re.compile(r"(?:d|ent|src|qty|echo):[\w./-]+|[\d.,]+")
"""Cells a cut would make useless: the project's IRIs (what --param takes back) and bare numbers."""
GAP = "  "
MIN_WIDTH = 4


def number(value: float | int, unit: str | None = None) -> str:
    """A number as a reader says it, with its unit.

    >>> number(500000000000.0, "USD")
    '500 billion USD'
    >>> number(17, "percent")
    '17 %'
    >>> number(5600000)
    '5.6 million'
    >>> number(50000, "GPU")
    '50,000 GPU'
    """
    text = plain(value)
    magnitude = abs(value)
    for size, word in SCALES:
        if magnitude >= size:
            text = f"{plain(value / size)} {word}"
            break
    if unit:
        text += f" {UNITS.get(unit, unit)}"
    return text


def plain(value: float | int) -> str:
    """``5.6``, ``50,000``, ``1.071``: integral floats without ``.0``, at most three decimals."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def readable(value: object, column: str = "", unit: str | None = None) -> str:
    """One cell as printed: empty for unbound, IRIs compacted, numbers readable, one line."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        if column in VALUE_COLUMNS or abs(value) >= SCALES[-1][0]:
            return number(value, unit if column in VALUE_COLUMNS else None)
        return str(int(value)) if float(value).is_integer() else plain(value)
    return " ".join(str(compact(value)).split())


def row_unit(columns: Sequence[str], row: Sequence[object]) -> str | None:
    for name in UNIT_COLUMNS:
        if name in columns:
            unit = row[list(columns).index(name)]
            return unit if isinstance(unit, str) and unit else None
    return None


def width(text: str) -> int:
    """Columns a text takes in a terminal: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def cut(text: str, limit: int) -> str:
    """``text`` shortened to ``limit`` terminal columns, ending with an ellipsis when cut."""
    if width(text) <= limit:
        return text
    out, used = [], 0
    for c in text:
        w = width(c)
        if used + w > limit - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def fit(natural: list[int], available: int, keep: Sequence[int] = ()) -> list[int]:
    """Column widths summing to at most ``available``: the widest columns give way first.

    Columns in ``keep`` (IRIs and numbers, which a cut makes useless) keep their width while they take at most
    two thirds of the line, the narrowest first.

    >>> fit([10, 50, 30], 60)
    [10, 25, 25]
    >>> fit([10, 50, 30], 60, keep=[2])
    [10, 20, 30]
    """
    if sum(natural) <= available:
        return natural
    budget, kept = available * 2 // 3, []
    for i in sorted(keep, key=lambda i: natural[i]):  # the narrowest first: numbers, then IRIs
        if sum(natural[k] for k in kept) + natural[i] <= budget and len(kept) + 1 < len(natural):
            kept.append(i)
    if kept:
        rest = [i for i in range(len(natural)) if i not in kept]
        fitted = fit([natural[i] for i in rest], available - sum(natural[i] for i in kept))
        widths = list(natural)
        for i, w in zip(rest, fitted, strict=True):
            widths[i] = w
        return widths
    widths = list(natural)
    low, high = MIN_WIDTH, max(natural)
    while low < high:  # the largest cap at which everything fits
        cap = (low + high + 1) // 2
        if sum(min(w, cap) for w in natural) <= available:
            low = cap
        else:
            high = cap - 1
    widths = [min(w, low) for w in natural]
    spare = available - sum(widths)
    for i, w in enumerate(natural):  # hand what is left to the columns that were cut, left to right
        if spare <= 0:
            break
        if w > widths[i]:
            extra = min(spare, w - widths[i])
            widths[i] += extra
            spare -= extra
    return widths


def table(columns: Sequence[str], rows: Sequence[Sequence[object]], terminal: int, wide: bool = False) -> str:
    """Rows as an aligned table of ``terminal`` columns; with ``wide``, every cell in full."""
    cells = [[readable(v, c, row_unit(columns, row)) for c, v in zip(columns, row, strict=True)] for row in rows]
    natural = [max([width(c)] + [width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    available = terminal - len(GAP) * (len(columns) - 1)
    keep = [i for i in range(len(columns)) if cells and all(KEEP.fullmatch(r[i]) or not r[i] for r in cells)]
    widths = natural if wide else fit(natural, max(available, MIN_WIDTH * len(columns)), keep)
    lines = [GAP.join(pad(cut(c, w), w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append(GAP.join("─" * w for w in widths))
    for r in cells:
        lines.append(GAP.join(pad(cut(c, w), w) for c, w in zip(r, widths, strict=True)).rstrip())
    return "\n".join(lines)


def pad(text: str, limit: int) -> str:
    return text + " " * (limit - width(text))


def record(columns: Sequence[str], row: Sequence[object], terminal: int) -> str:
    """One result as ``name  value`` lines, long values wrapped under themselves, nothing cut."""
    unit = row_unit(columns, row)
    label = max(width(c) for c in columns)
    body = max(terminal - label - len(GAP), 20)
    lines = []
    for c, v in zip(columns, row, strict=True):
        text = readable(v, c, unit)
        wrapped = textwrap.wrap(text, body) or [""]
        lines.append(pad(c, label) + GAP + wrapped[0])
        lines.extend(" " * (label + len(GAP)) + more for more in wrapped[1:])
    return "\n".join(line.rstrip() for line in lines)
