"""French numbers and quantities -> normalised values: an independent reading of each figure's surface.

The annotator writes the normalised value by hand; the build reads the surface again with these
rules and reports any disagreement, so a slip such as ``billion`` read as 10^9 cannot pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

SPACES = "[ \u00a0\u202f]"
DIGITS = rf"\d{{1,3}}(?:{SPACES}\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?"
WORDS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "quinze": 15,
    "vingt": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "cent": 100,
}
SCALES = {
    "mille": 10**3,
    "milliers": 10**3,
    "million": 10**6,
    "millions": 10**6,
    "milliard": 10**9,
    "milliards": 10**9,
    "billion": 10**12,
    "billions": 10**12,
}
HEDGES = [
    (r"(?:d['’])?environ|près de|presque|quelque|à l['’]ordre de|~", "Approximately"),
    (r"au moins", "AtLeast"),
    (r"plus de", "MoreThan"),
    (r"jusqu['’]à|au plus", "AtMost"),
    (r"moins de", "LessThan"),
]
NUMBER = rf"(?:{DIGITS}|\b(?:{'|'.join(sorted(WORDS, key=len, reverse=True))})\b)"
SCALE = rf"(?:{SPACES}|-)?(?:de{SPACES})?(?:{'|'.join(sorted(SCALES, key=len, reverse=True))})\b"
PATTERN = re.compile(
    rf"(?P<hedge>{'|'.join(h for h, _ in HEDGES)})?{SPACES}*"
    rf"(?:de{SPACES})?(?P<demi>demi-)?(?P<low>{NUMBER})?(?P<lowscale>{SCALE})?"
    rf"(?:{SPACES}(?:à|-){SPACES}(?P<high>{NUMBER})(?P<highscale>{SCALE})?)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Reading:
    """What a surface says: a value or a range, in base units, and its hedge."""

    value: Decimal | None = None
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    hedge: str | None = None


def number(token: str) -> Decimal:
    token = token.lower()
    if token in WORDS:
        return Decimal(WORDS[token])
    return Decimal(re.sub(SPACES, "", token).replace(",", "."))


def scale(token: str | None) -> int:
    if not token:
        return 1
    return SCALES[re.sub(rf"^(?:{SPACES}|-)?(?:de{SPACES})?", "", token).lower()]


def read_surface(surface: str) -> Reading | None:
    """Read a French quantity; None when the surface holds no number this reader understands.

    >>> r = read_surface("60 à 65 milliards de dollars")
    >>> r.value, r.min_value == 60 * 10**9, r.max_value == 65 * 10**9, r.hedge
    (None, True, True, None)
    >>> read_surface("demi-billion de dollars").value == 5 * 10**11
    True
    """
    matches = [m for m in PATTERN.finditer(surface) if m["low"] or m["demi"]]
    # Digits first: "un facteur 2" is 2. "un"/"une" is an article unless a scale follows ("un milliard").
    matches.sort(key=lambda m: not (m["low"] and m["low"][0].isdigit()))
    for match in matches:
        if match["low"] and match["low"].lower() in ("un", "une") and not match["lowscale"]:
            continue
        low = number(match["low"]) if match["low"] else Decimal(1)
        if match["demi"]:
            low = low / 2 if match["low"] else Decimal("0.5")
        hedge = next(
            (
                name
                for pattern, name in HEDGES
                if match["hedge"] and re.fullmatch(pattern, match["hedge"], re.IGNORECASE)
            ),
            None,
        )
        if match["high"]:
            high_scale = scale(match["highscale"])
            low_scale = scale(match["lowscale"]) if match["lowscale"] else high_scale
            return Reading(None, low * low_scale, number(match["high"]) * high_scale, hedge)
        return Reading(low * scale(match["lowscale"]), hedge=hedge)
    return None


def disagreement(
    surface: str, value: Decimal | None, min_value: Decimal | None, max_value: Decimal | None, hedge: str | None = None
) -> str | None:
    """Why the annotated numbers differ from the surface's reading, or None when they agree.

    Percent and power units scale the reading (``2GW`` is 2e9 W): only the leading number and its
    French scale words are compared, so unit conversions stay the annotator's.
    """
    reading = read_surface(surface)
    if reading is None:
        return None
    stated = (value, min_value, max_value)
    read = (reading.value, reading.min_value, reading.max_value)
    if reading.value is not None and value is None and min_value is not None:
        return None  # a vague plural ("des milliers") annotated as a range: no single value to compare
    for mine, theirs in zip(stated, read, strict=True):
        if theirs is not None and mine is not None and not same_up_to_unit(mine, theirs):
            said = format_stated(*stated)
            return f"the surface {surface!r} reads as {format_reading(reading)}, the annotation says {said}"
    if reading.hedge and hedge != reading.hedge:
        return f"the surface {surface!r} is hedged ({reading.hedge}): add cg:hedge cg:{reading.hedge}"
    return None


def same_up_to_unit(stated: Decimal, read: Decimal) -> bool:
    """Equal, or equal after a metric unit prefix (GW -> W) the annotator applied."""
    if stated == read:
        return True
    return read != 0 and stated / read in {Decimal(10) ** k for k in (3, 6, 9, 12)}


def format_reading(r: Reading) -> str:
    body = f"{r.value:,f}" if r.value is not None else f"{r.min_value:,f} to {r.max_value:,f}"
    return f"{body} ({r.hedge})" if r.hedge else body


def format_stated(value: Decimal | None, low: Decimal | None, high: Decimal | None) -> str:
    return f"{value:,f}" if value is not None else f"{low:,f} to {high:,f}"
