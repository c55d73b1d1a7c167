"""When two stated figures agree, and when they state the same number: one rule, used by every analysis.

A figure stands for the values it allows. A number allows every value that rounds to it at the
precision it is written with: « 6 millions » 5,5 to 6,5 millions, « 5,6 millions » 5,55 to 5,65
millions, « 20% » 19,5 to 20,5 %. ``environ`` / ``près de`` / ``~`` widens that to a band: trailing
zeros no longer count, so « près de 600 milliards » allows 550 to 650 milliards. A range (« 60 à 65
milliards ») allows its ends, each within its rounding. A bound allows everything on its side:
« plus de 100 millions » everything above 100 millions, « au moins » the number itself too,
« jusqu'à » / « moins de » everything below; a vague plural (« des milliards », annotated as a lower
bound of 2 milliards) everything from its bound up.

Two statements of the same quantity **agree** when some value is allowed by both: « plus de 100
millions » and « des milliards » agree (the second satisfies the first's bound), « environ 6
millions » and 5,6 millions agree within rounding, a range that leaves out every value another
statement allows is drift.

Two statements of different quantities **coincide** when they state the same number: a bound
is then read as its number (« plus de 100 millions » states 100 millions), so that two bounds
coincide only when their numbers do, not merely because both are open upwards. A vague plural
states an order of magnitude, not a number: it coincides only with a vague plural of the same
bound (« des milliards » and « plusieurs milliards »; « des centaines de milliers » twice).

Units must be commensurable: the same unit, or units of one family (a GPU is counted as a chip).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from ..figures import DIGITS, WORDS
from ..figures import number as numeral_value

INFINITY = Decimal("Infinity")

UNIT_FAMILY = {"GPU": "chip"}
"""Units that count the same things: every GPU counted in these texts is one AI chip."""

OPEN_ABOVE = {"AtLeast": False, "MoreThan": True}
"""Hedges that bound a value from below; True when the bound itself is excluded."""
OPEN_BELOW = {"AtMost": False, "LessThan": True}


@dataclass(frozen=True)
class Interval:
    """A set of values from ``low`` to ``high``; each end is included unless marked open."""

    low: Decimal
    high: Decimal
    low_open: bool = False
    high_open: bool = False

    def meets(self, other: Interval) -> bool:
        """Whether some value lies in both.

        >>> Interval(Decimal(1), Decimal(2), high_open=True).meets(Interval(Decimal(2), Decimal(3)))
        False
        >>> Interval(Decimal(1), Decimal(2)).meets(Interval(Decimal(2), Decimal(3)))
        True
        """
        low, low_open = max((self.low, self.low_open), (other.low, other.low_open))
        high, high_closed = min((self.high, not self.high_open), (other.high, not other.high_open))
        return low < high or (low == high and not low_open and high_closed)


@dataclass(frozen=True)
class Stated:
    """One figure as the annotation states it: a value or range ends, a hedge, a unit."""

    value: Decimal | None = None
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    hedge: str = ""
    unit: str = ""
    precision: Decimal | None = None
    """What one unit of the last digit written is worth: 1 000 000 for « 6 millions », 100 000 for
    « 5,6 millions »; None when unknown (trailing zeros are then not counted)."""

    @classmethod
    def of(cls, row: Mapping) -> Stated:
        """From a figures row (``value``, ``min_value``, ``max_value``, ``hedge`` IRI or name, ``unit``,
        and ``surface`` for the precision written)."""

        def number(key: str) -> Decimal | None:
            v = row.get(key)
            missing = v is None or (isinstance(v, float) and math.isnan(v)) or str(v) in ("", "nan", "<NA>")
            return None if missing else Decimal(str(v))

        hedge, unit, surface = row.get("hedge"), row.get("unit"), row.get("surface")
        value, low = number("value"), number("min_value")
        first = value if value is not None else low
        return cls(
            value,
            low,
            number("max_value"),
            str(hedge).rsplit("#", 1)[-1] if isinstance(hedge, str) else "",
            unit if isinstance(unit, str) else "",
            written_precision(surface, first) if isinstance(surface, str) and first is not None else None,
        )

    @property
    def approximate(self) -> bool:
        return self.hedge == "Approximately"

    @property
    def is_vague(self) -> bool:
        """A vague plural (« des milliards »): a bound with no number written."""
        return self.value is None and (self.min_value is None) != (self.max_value is None)

    @property
    def is_range(self) -> bool:
        return self.value is None and self.min_value is not None and self.max_value is not None

    @property
    def is_bound(self) -> bool:
        """A one-sided statement: « plus de », « au moins », « jusqu'à », « moins de », a vague plural."""
        if self.value is not None:
            return self.hedge in OPEN_ABOVE or self.hedge in OPEN_BELOW
        return (self.min_value is None) != (self.max_value is None)


WORD_NUMERAL = re.compile(rf"\b(?:{'|'.join(sorted(WORDS, key=len, reverse=True))})\b", re.IGNORECASE)


def written_precision(surface: str, value: Decimal) -> Decimal | None:
    """What one unit of the last digit of the surface's first numeral is worth, in base units.

    >>> written_precision("5,6 millions de dollars", Decimal(5_600_000))
    Decimal('100000')
    >>> written_precision("20%", Decimal(20)), written_precision("2GW", Decimal(2_000_000_000))
    (Decimal('1'), Decimal('1000000000'))
    >>> written_precision("un milliard de dollars", Decimal(1_000_000_000))
    Decimal('1000000000')
    >>> written_precision("des milliards de dollars", Decimal(2_000_000_000)) is None
    True
    """
    if "demi" in surface.lower():
        return value / 5  # « demi-billion »: as precise as « 0,5 billion »
    match = re.search(DIGITS, surface)
    if match:
        token = match.group(0)
        decimals = len(token.split(",", 1)[1]) if "," in token else 0
        written = numeral_value(token)
    else:
        word = WORD_NUMERAL.search(surface)
        if word is None:
            return None
        written, decimals = numeral_value(word.group(0)), 0
    if written == 0:
        return None
    return value / written * Decimal(1).scaleb(-decimals)


def significant_digits(x: Decimal) -> int:
    """How many digits the number is written with, trailing zeros not counted.

    >>> significant_digits(Decimal("5600000")), significant_digits(Decimal("500000000000"))
    (2, 1)
    """
    return max(1, len(x.normalize().as_tuple().digits))


def rounding(x: Decimal, precision: Decimal | None = None) -> Interval:
    """The values that round (half up) to ``x``: to a multiple of ``precision`` when given, else
    at its significant digits, trailing zeros not counted.

    At significant digits a power of ten has a narrower side below it, since 94 rounds to 90 and
    96 to 100.

    >>> r = rounding(Decimal(20), Decimal(1)); (r.low, r.high)
    (Decimal('19.5'), Decimal('20.5'))

    >>> r = rounding(Decimal("6000000")); (r.low, r.high, r.high_open)
    (Decimal('5500000'), Decimal('6500000'), True)
    >>> r = rounding(Decimal("100")); (r.low, r.high)
    (Decimal('95'), Decimal('150'))
    """
    if not x.is_finite():
        return Interval(x, x)
    if precision is not None:
        return Interval(x - precision / 2, x + precision / 2, high_open=True)
    if x == 0:
        return Interval(x, x)
    magnitude = abs(x)
    unit = Decimal(1).scaleb(magnitude.adjusted() - significant_digits(magnitude) + 1)
    up = unit / 2
    down = up / 10 if magnitude.normalize().as_tuple().digits == (1,) else up
    if x > 0:
        return Interval(x - down, x + up, high_open=True)
    return Interval(x - up, x + down, low_open=True)


def written(x: Decimal, s: Stated) -> Interval:
    """The values a number of ``s`` allows: its rounding as written, widened to a band by « environ »."""
    if s.approximate or s.precision is None:
        return rounding(x)
    return rounding(x, s.precision)


def allowed(s: Stated) -> Interval | None:
    """The values a statement allows, or None when it states no number.

    >>> allowed(Stated(Decimal(100), hedge="MoreThan")) == Interval(Decimal(100), INFINITY, low_open=True)
    True
    """
    if s.value is not None:
        if s.hedge in OPEN_ABOVE:
            return Interval(s.value, INFINITY, low_open=OPEN_ABOVE[s.hedge])
        if s.hedge in OPEN_BELOW:
            return Interval(-INFINITY, s.value, high_open=OPEN_BELOW[s.hedge])
        return written(s.value, s)
    if s.min_value is None and s.max_value is None:
        return None
    if s.max_value is None:
        return Interval(s.min_value, INFINITY)
    if s.min_value is None:
        return Interval(-INFINITY, s.max_value)
    low, high = written(s.min_value, s), written(s.max_value, s)
    return Interval(low.low, high.high, low.low_open, high.high_open)


def stated_number(s: Stated) -> Interval | None:
    """The number a statement is written with, for telling whether two figures share it.

    A bound is its number within rounding; a vague plural its bound exactly; a point or a range
    is what it allows.

    >>> stated_number(Stated(Decimal(100000000), hedge="MoreThan")) == rounding(Decimal(100000000))
    True
    """
    if s.is_vague:
        bound = s.min_value if s.min_value is not None else s.max_value
        return Interval(bound, bound)
    if s.value is not None and s.is_bound:
        return written(s.value, s)
    return allowed(s)


def unit_family(unit: str) -> str:
    return UNIT_FAMILY.get(unit, unit)


def commensurable(a: Stated, b: Stated) -> bool:
    """Whether two figures count in the same unit, or in units of one family.

    >>> commensurable(Stated(unit="GPU"), Stated(unit="chip")), commensurable(Stated(unit="USD"), Stated(unit="W"))
    (True, False)
    """
    return unit_family(a.unit) == unit_family(b.unit)


def agree(a: Stated, b: Stated) -> bool:
    """Whether two statements of one quantity can both be true: some value satisfies both.

    Figures of the seeds: « environ 6 millions » (002, 003) and « 5,6 millions » (004) agree within
    rounding; « plus de 100 millions » (001) and « des milliards » (003, a lower bound of 2 milliards)
    agree, the second satisfying the first; 500 and 100 milliards (Stargate's total and first
    tranche, 002) do not; « 60 à 65 milliards » (002) excludes 80 milliards.

    >>> M = Decimal(1_000_000)
    >>> agree(Stated(6 * M, hedge="Approximately", unit="USD"), Stated(Decimal("5.6") * M, unit="USD"))
    True
    >>> agree(Stated(100 * M, hedge="MoreThan", unit="USD"), Stated(min_value=2000 * M, unit="USD"))
    True
    >>> agree(Stated(500_000 * M, unit="USD"), Stated(100_000 * M, unit="USD"))
    False
    >>> agree(Stated(min_value=60_000 * M, max_value=65_000 * M, unit="USD"), Stated(80_000 * M, unit="USD"))
    False
    >>> agree(Stated(Decimal(17), unit="percent"), Stated(Decimal(17), unit="USD"))
    False
    """
    if not commensurable(a, b):
        return False
    x, y = allowed(a), allowed(b)
    return x is None or y is None or x.meets(y)


def all_agree(statements: list[Stated]) -> bool:
    """Whether every two of the statements agree (``agree``), in one pass: intervals on a line
    meet pairwise exactly when all of them share a value, so the latest low end is compared with
    the earliest high end.

    >>> M = Decimal(1_000_000)
    >>> all_agree([Stated(6 * M, hedge="Approximately", unit="USD"), Stated(Decimal("5.6") * M, unit="USD")])
    True
    >>> all_agree([Stated(500_000 * M, unit="USD"), Stated(100_000 * M, unit="USD"), Stated(unit="USD")])
    False
    """
    if len({unit_family(s.unit) for s in statements}) > 1:
        return False
    intervals = [x for x in map(allowed, statements) if x is not None]
    if len(intervals) < 2:
        return True
    low, low_open = max((x.low, x.low_open) for x in intervals)
    high, high_closed = min((x.high, not x.high_open) for x in intervals)
    return low < high or (low == high and not low_open and high_closed)


def coincide(a: Stated, b: Stated) -> bool:
    """Whether two figures state the same number in commensurable units (within rounding, or
    overlapping ranges); a bound counts by its number.

    « plus de 100 millions de dollars » (001, 004) coincide; « des centaines de milliers de GPU H100 »
    (001) and « des centaines de milliers de puces » (002) coincide; « des milliards » and « au moins
    des dizaines de milliards » do not, nor do « plus de 100 millions » and « des milliards », nor
    « 200 000 GPU H100 » (001) and « des centaines de milliers de puces ».

    >>> M = Decimal(1_000_000)
    >>> coincide(Stated(100 * M, hedge="MoreThan", unit="USD"), Stated(100 * M, hedge="MoreThan", unit="USD"))
    True
    >>> coincide(Stated(min_value=200_000 * Decimal(1), unit="GPU"), Stated(min_value=Decimal(200_000), unit="chip"))
    True
    >>> coincide(Stated(min_value=2000 * M, unit="USD"), Stated(min_value=20_000 * M, hedge="AtLeast", unit="USD"))
    False
    >>> coincide(Stated(100 * M, hedge="MoreThan", unit="USD"), Stated(min_value=2000 * M, unit="USD"))
    False
    >>> coincide(Stated(Decimal(200_000), unit="GPU"), Stated(min_value=Decimal(200_000), unit="chip"))
    False
    """
    if not commensurable(a, b) or a.is_vague != b.is_vague:
        return False
    x, y = stated_number(a), stated_number(b)
    return x is not None and y is not None and x.meets(y)


def agreement(statements: list[Stated]) -> str:
    """How the statements of one quantity agree: "identical", "within rounding", "within bounds",
    or "differ" when some pair cannot both be true (or units are not commensurable).

    >>> M = Decimal(1_000_000)
    >>> agreement([Stated(500_000 * M, hedge="Approximately", unit="USD"), Stated(500_000 * M, unit="USD")])
    'identical'
    >>> agreement([Stated(6 * M, hedge="Approximately", unit="USD"), Stated(Decimal("5.6") * M, unit="USD")])
    'within rounding'
    >>> agreement([Stated(100 * M, hedge="MoreThan", unit="USD"), Stated(min_value=2000 * M, unit="USD")])
    'within bounds'
    """
    if not all_agree(statements):
        return "differ"
    if len({(s.value, s.min_value, s.max_value) for s in statements}) <= 1:
        return "identical"
    if any(s.is_bound or s.is_range for s in statements):
        return "within bounds"
    return "within rounding"


def coinciding(statements: list[Stated]) -> list[tuple[int, int]]:
    """Every pair ``(i, j)``, ``i < j``, of statements that coincide, in that order.

    Whether two statements coincide depends only on their unit family, vagueness and stated
    number, so statements are grouped by those and only groups whose numbers meet are paired,
    by a sweep on the numbers' low ends: the cost follows the pairs found, not every pair.

    >>> M = Decimal(1_000_000)
    >>> coinciding([Stated(6 * M, unit="USD"), Stated(5 * M, unit="USD"), Stated(Decimal("5.9") * M, unit="USD")])
    [(0, 2)]
    """
    groups: dict[tuple, list[int]] = {}
    for i, s in enumerate(statements):
        number = stated_number(s)
        if number is not None:
            groups.setdefault((unit_family(s.unit), s.is_vague, number), []).append(i)
    families: dict[tuple, list[tuple[Interval, list[int]]]] = {}
    for (family, vague, number), members in groups.items():
        families.setdefault((family, vague), []).append((number, members))
    pairs = []
    for found in families.values():
        found.sort(key=lambda group: group[0].low)
        for k, (number, members) in enumerate(found):
            pairs += [(i, j) for n, i in enumerate(members) for j in members[n + 1 :]]
            for other, theirs in found[k + 1 :]:
                if other.low > number.high:
                    break
                if number.meets(other):
                    pairs += [(min(i, j), max(i, j)) for i in members for j in theirs]
    return sorted(pairs)
