"""Candidate quotations, reporting cues and figures in a new French text, for an annotator to confirm.

The finders reuse the project's own readers: the quotation and cue patterns of ``coverage`` (so that
a starter file leaves no coverage gap the annotator did not see proposed) and the French figure
reader of ``figures`` (so that a proposed value is the one the build will check it against).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .coverage import CUE, QUOTATION, TRIM
from .figures import HEDGES, PATTERN, SPACES, read_surface

S = SPACES
CURRENCIES = [
    (rf"{S}?(?:de{S}|d['’]){S}*dollars?(?:{S}américains)?", "USD"),
    (rf"{S}?dollars?(?:{S}américains)?", "USD"),
    (rf"{S}?(?:de{S}|d['’]){S}*euros?|{S}?euros?|{S}?€", "EUR"),
    (rf"{S}?(?:de{S})?yuans?|{S}?(?:de{S})?renminbi", "CNY"),
    (rf"{S}?\$", "USD"),
]
"""Currency words after a number, with their ISO 4217 code."""

POWER = {"GW": 10**9, "MW": 10**6, "kW": 10**3, "W": 1}
UNITS = [
    (rf"{S}?%", "percent"),
    (rf"{S}?(?:GW|MW|kW)\b", "W"),
    (rf"{S}?x\b", "multiplier"),
    (rf"{S}fois{S}par{S}an\b", "times per year"),
    (rf"{S}fois\b", "multiplier"),
    (rf"{S}(?:ans?|années?)\b", "year"),
    (rf"{S}mois\b", "month"),
    (rf"{S}(?:semaines?)\b", "week"),
    (rf"{S}(?:jours?)\b", "day"),
    (rf"{S}(?:heures?)\b", "hour"),
    (rf"{S}(?:de{S})?(?:GPU|processeurs{S}graphiques)(?:{S}[A-Z]\d+)?\b", "GPU"),
    (rf"{S}(?:de{S})?(?:puces|chips?)\b", "chip"),
    (rf"{S}(?:de{S}|d['’])?(?:personnes|employés|salariés|chercheurs|ingénieurs)\b", "people"),
    (rf"{S}(?:de{S}|d['’])?(?:utilisateurs|abonnés)\b", "user"),
    (rf"{S}(?:de{S})?téléchargements\b", "download"),
    (rf"{S}(?:de{S})?paramètres\b", "parameter"),
    (rf"{S}(?:de{S})?(?:jetons|tokens)\b", "token"),
]
"""Other units after a number, with the schema:unitText the annotations use."""

VAGUE = re.compile(
    rf"(?:(?P<hedge>{'|'.join(h for h, _ in HEDGES)}){S}+)?"
    rf"\b(?P<det>[Dd]es|[Pp]lusieurs|[Qq]uelques){S}+"
    rf"(?:(?P<mult>dizaines|centaines){S}+(?:de{S}+)?)?(?P<scale>milliers|millions|milliards)?\b",
    re.IGNORECASE,
)
"""Vague plurals ("des centaines de milliers"): lower bounds of twice their unit, by the project's convention."""

VAGUE_UNIT = {"dizaines": 10, "centaines": 100}
VAGUE_SCALE = {"milliers": 10**3, "millions": 10**6, "milliards": 10**9}
DASHED = re.compile(r"(?<![\w,-])(?P<low>\d+(?:,\d+)?)-(?P<high>\d+(?:,\d+)?)(?![\w,-])")
MONTHS = r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"


@dataclass(frozen=True)
class Span:
    """A half-open range of code points of the text."""

    start: int
    end: int

    def inside(self, other: Span) -> bool:
        return other.start <= self.start and self.end <= other.end


@dataclass(frozen=True)
class Quotation:
    """A «…» or "…" quotation: ``span`` is the whole, ``inner`` the quoted words without marks or end punctuation."""

    span: Span
    inner: Span


@dataclass(frozen=True)
class Cue:
    """A reporting phrase (a déclaré, selon, …)."""

    span: Span
    text: str


@dataclass(frozen=True)
class FigureCandidate:
    """A number with its unit, scale, range and hedge, read as the build will read it."""

    span: Span
    surface: str
    value: Decimal | None
    min_value: Decimal | None
    max_value: Decimal | None
    hedge: str | None
    currency: str | None
    unit: str | None
    note: str | None = None


def quotations(text: str) -> list[Quotation]:
    """Every quotation the coverage report asks about, with its inner words.

    >>> [text[q.inner.start:q.inner.end] for text in ["Il a dit : « C’est fini. »"] for q in quotations(text)]
    ['C’est fini']
    """
    found = []
    for match in QUOTATION.finditer(text):
        inner = match.group()[1:-1]
        start = match.start() + 1 + (len(inner) - len(inner.lstrip(TRIM)))
        end = match.end() - 1 - (len(inner) - len(inner.rstrip(TRIM)))
        if end > start:
            found.append(Quotation(Span(match.start(), match.end()), Span(start, end)))
    return found


def cues(text: str) -> list[Cue]:
    """Every reporting cue the coverage report asks about.

    >>> [c.text for c in cues("Selon Reuters, il a déclaré que tout allait bien.")]
    ['Selon', 'a déclaré']
    """
    return [Cue(Span(m.start(), m.end()), m.group()) for m in CUE.finditer(text)]


def unit_at(text: str, at: int) -> tuple[int, str | None, str | None]:
    """The end of a currency or unit word right after ``at``, and the currency or unit it names."""
    for pattern, code in CURRENCIES:
        m = re.compile(pattern).match(text, at)
        if m:
            return m.end(), code, None
    for pattern, unit in UNITS:
        m = re.compile(pattern).match(text, at)
        if m:
            return m.end(), None, unit
    return at, None, None


def is_not_a_quantity(text: str, start: int, end: int, has_scale: bool, has_unit: bool) -> bool:
    """Years, model and product names (GPT-4, H100, V3), dotted versions (3.5), dates and footnote marks."""
    token = text[start:end]
    before, after = text[max(0, start - 2) : start], text[end : end + 1]
    if has_unit or has_scale:
        return False
    if re.search(r"[A-Za-zÀ-ÿ]-?$", before) or re.match(r"[A-Za-zÀ-ÿ]", after):
        return True  # GPT-4, H100, R1, 4o, a footnote mark glued to a word
    if re.search(r"\d[.]$", text[max(0, start - 2) : start]) or re.match(r"[.]\d", text[end : end + 2]):
        return True  # Claude 3.5, a version or section number
    if re.fullmatch(r"(?:19|20)\d\d", token):
        return True  # a year
    return bool(re.match(rf"{S}(?:{MONTHS}|er{S}(?:{MONTHS}))\b", text[end : end + 12], re.IGNORECASE))


def decimal_value(d: Decimal | None, factor: int = 1) -> Decimal | None:
    return None if d is None else d * factor


def figures(text: str) -> list[FigureCandidate]:
    """Every figure a careful reader would mark, in reading order, none overlapping another.

    >>> [(f.surface, f.value, f.currency, f.hedge) for f in figures("Il a coûté près de 5,6 millions de dollars.")]
    [('près de 5,6 millions de dollars', Decimal('5600000.0'), 'USD', 'Approximately')]
    """
    found: list[FigureCandidate] = []
    taken: list[Span] = []

    def free(span: Span) -> bool:
        return not any(span.start < t.end and t.start < span.end for t in taken)

    for m in VAGUE.finditer(text):
        if not (m["mult"] or m["scale"]):
            continue
        end, currency, unit = unit_at(text, m.end())
        start = m.start("hedge") if m["hedge"] else m.start("det")
        if m["scale"] and m["mult"]:
            step = VAGUE_UNIT[m["mult"].lower()] * VAGUE_SCALE[m["scale"].lower()]
        elif m["scale"]:
            step = VAGUE_SCALE[m["scale"].lower()]
        else:
            if not (currency or unit):
                continue  # "des dizaines" of nothing countable: not a figure
            step = VAGUE_UNIT[m["mult"].lower()]
        hedge = next((name for p, name in HEDGES if m["hedge"] and re.fullmatch(p, m["hedge"], re.IGNORECASE)), None)
        span = Span(start, end)
        found.append(
            FigureCandidate(
                span,
                text[start:end],
                None,
                Decimal(2 * step),
                None,
                hedge,
                currency,
                unit,
                f"vague plural {m.group().strip()!r}: a lower bound of twice its unit, no upper bound",
            )
        )
        taken.append(span)

    for m in DASHED.finditer(text):  # "9-12 mois": a range the French reader takes only with spaces around "-"
        end, currency, unit = unit_at(text, m.end())
        if not (currency or unit) or is_not_a_quantity(text, m.start(), m.end("low"), False, False):
            continue
        span = Span(m.start(), end)
        low, high = (Decimal(g.replace(",", ".")) for g in (m["low"], m["high"]))
        found.append(FigureCandidate(span, text[span.start : span.end], None, low, high, None, currency, unit))
        taken.append(span)

    for m in PATTERN.finditer(text):
        if not m["low"] and not m["demi"]:
            continue
        first = m.start("demi") if m["demi"] else m.start("low")
        start = m.start("hedge") if m["hedge"] else first
        scaled = bool(m["lowscale"] or m["highscale"] or m["demi"])
        end, currency, unit = unit_at(text, m.end())
        low = m["low"] or ""
        if not low[:1].isdigit() and not (scaled or currency or unit):
            continue  # a number word ("deux", "une") with nothing to count
        if m["low"] and is_not_a_quantity(text, m.start("low"), m.end("low"), scaled, bool(currency or unit)):
            continue
        span = Span(start, end)
        if not free(span):
            continue
        if re.match(r"d['’]environ", text[start:end], re.IGNORECASE):
            start += 2  # "d'environ 17%": the figure is "environ 17%", as the annotations write it
        surface = text[start:end].rstrip(" \u00a0\u202f")
        reading = read_surface(surface)
        if reading is None:
            continue
        factor = 1
        power = re.search(r"(GW|MW|kW)\b", surface[len(text[start : m.end()]) :])
        if unit == "W" and power:
            factor = POWER[power.group(1)]
        found.append(
            FigureCandidate(
                Span(start, start + len(surface)),
                surface,
                decimal_value(reading.value, factor),
                decimal_value(reading.min_value, factor),
                decimal_value(reading.max_value, factor),
                reading.hedge,
                currency,
                unit,
            )
        )
        taken.append(span)
    return sorted(found, key=lambda f: f.span.start)
