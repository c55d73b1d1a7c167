"""Figure charts: for each measure stated in more than one place, one row per statement on a shared axis.

A point is a dot; « environ » a band around it (the values it allows, ``agreement.allowed``); a
range an interval with end ticks; « plus de » / « au moins » / a vague plural an open bar running
to the edge (« jusqu'à » / « moins de » to the left edge). Rows are coloured by document, the quote
is on hover (an SVG ``<title>``), drift is marked on the chart and coincidences on their rows.
Within one document, statements of the same number fold into one row with a count. Values
spanning more than an order of magnitude are drawn on a log scale.

The page is pure SVG from a Jinja template with autoescape: corpus text is escaped once, as
text, and nothing is loaded from any host.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from ..analysis.agreement import Interval, Stated, allowed
from .view import short
from .views import Corpus, grouped, records, value_text

WIDTH, LABEL, ROW, PAD = 900, 300, 26, 14
"""Chart width, width of the row labels, row height and inner padding, in pixels."""
PAIR_CHARTS = 60
"""At most this many pairs of quantities are drawn side by side (those not reviewed first); the
table figure_coincidences.csv lists them all."""
DOCUMENT_COLOURS = ["#4C78A8", "#F58518", "#54A24B", "#B279A2", "#E45756", "#72B7B2", "#9D755D", "#BAB0AC"]


@dataclass
class Row:
    """One statement (or several equal ones of one document) placed on the chart."""

    document: str
    label: str
    colour: str
    shape: str  # point, band, range, above, below
    x: float
    x_low: float
    x_high: float
    count: int
    hover: str
    coincides: list[str] = field(default_factory=list)
    y: float = 0


@dataclass
class Chart:
    key: str
    title: str
    note: str
    drift: str
    log: bool
    rows: list[Row]
    ticks: list[tuple[float, str]]
    height: float


def short_number(v: float) -> str:
    for size, word in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(v) >= size:
            return f"{v / size:g}{word}"
    return f"{v:g}"


class Axis:
    """Values to x pixels, linear or log, over the finite ends of every row."""

    def __init__(self, values: list[float]):
        finite = [v for v in values if math.isfinite(v)]
        low, high = (min(finite), max(finite)) if finite else (0.0, 1.0)
        self.log = low > 0 and high / low >= 10
        if self.log:
            low, high = low / 1.6, high * 1.6
        else:
            span = (high - low) or abs(high) or 1.0
            low, high = max(0.0, low - 0.15 * span) if low >= 0 else low - 0.15 * span, high + 0.15 * span
        self.low, self.high = low, high

    def x(self, v: float) -> float:
        left, right = LABEL + PAD, WIDTH - PAD
        if v == math.inf:
            return right
        if v == -math.inf:
            return left
        if self.log:
            t = (math.log10(max(v, self.low)) - math.log10(self.low)) / (math.log10(self.high) - math.log10(self.low))
        else:
            t = (v - self.low) / (self.high - self.low)
        return left + max(0.0, min(1.0, t)) * (right - left)

    def ticks(self) -> list[tuple[float, str]]:
        if self.log:
            first, last = math.ceil(math.log10(self.low)), math.floor(math.log10(self.high))
            values = [10.0**k for k in range(first, last + 1)]
        else:
            step = 10 ** math.floor(math.log10((self.high - self.low) / 4 or 1))
            while (self.high - self.low) / step > 6:
                step *= 2
            values = [step * k for k in range(math.ceil(self.low / step), math.floor(self.high / step) + 1)]
        return [(self.x(v), short_number(v)) for v in values]


def shape_of(s: Stated) -> str:
    if s.is_range:
        return "range"
    if s.is_bound:
        below = s.hedge in ("AtMost", "LessThan") or (s.value is None and s.min_value is None)
        return "below" if below else "above"
    return "band" if s.approximate else "point"


def in_text_order(row: dict) -> tuple:
    """Sort key: by document, then start offset, missing values last (as ``sort_values`` puts them)."""
    document, start = row["document"], row["start"]
    return (pd.isna(document), "" if pd.isna(document) else document, pd.isna(start), 0 if pd.isna(start) else start)


def rows_of(group: list[dict], corpus: Corpus, colours: dict[str, str], coincidences: dict[str, list[str]]):
    """(Stated, Row-arguments) per folded statement: equal statements of one document share a row.

    ``group``: figures rows (with the claim's speaker and quote) as dicts, in table order."""
    folded: dict[tuple, list[dict]] = {}
    stated: dict[tuple, Stated] = {}
    for row in sorted(group, key=in_text_order):
        s = Stated.of(row)
        key = (row["document"], s.value, s.min_value, s.max_value, s.hedge)
        stated.setdefault(key, s)  # the first row's: the folded row reads the same columns
        folded.setdefault(key, []).append(row)
    out = []
    for key, rows in folded.items():
        document, s = key[0], stated[key]
        first = {**rows[0], "surfaces": " / ".join(dict.fromkeys(r["surface"] for r in rows))}
        quotes = "\n".join(f"«{r['quote']}»" for r in rows if isinstance(r.get("quote"), str))
        speakers = ", ".join(dict.fromkeys(corpus.label(r["speaker_id"]) for r in rows))
        hover = f"{document} · {speakers}: {first['surfaces']} = {value_text(first)}\n{quotes}"
        others = sorted({o for r in rows for o in coincidences.get(r["figure"], [])})
        out.append((s, document, first, len(rows), hover, others, colours[document]))
    return out


def place(statements: list, axis: Axis) -> list[Row]:
    rows = []
    for s, document, first, count, hover, others, colour in statements:
        interval: Interval | None = allowed(s)
        centre = s.value if s.value is not None else (s.min_value if s.min_value is not None else s.max_value)
        low, high = (float(interval.low), float(interval.high)) if interval else (float(centre), float(centre))
        label = short(f"{document[:3]} {first['surfaces']}", 40) + (f" ×{count}" if count > 1 else "")
        rows.append(
            Row(
                document,
                label,
                colour,
                shape_of(s),
                axis.x(float(centre)),
                axis.x(low),
                axis.x(high),
                count,
                hover,
                others,
                y=len(rows) * ROW + ROW / 2 + 8,
            )
        )
    return rows


def chart(key: str, title: str, note: str, drift: str, statements: list) -> Chart:
    ends = []
    for s, *_ in statements:
        interval = allowed(s)
        ends += [float(v) for v in (s.value, s.min_value, s.max_value) if v is not None]
        ends += [float(v) for v in ((interval.low, interval.high) if interval else ()) if v.is_finite()]
    axis = Axis(ends)
    rows = place(statements, axis)
    return Chart(key, title, note, drift, axis.log, rows, axis.ticks(), len(rows) * ROW + 40)


def figure_charts(corpus: Corpus) -> tuple[list[Chart], list[Chart]]:
    """Charts of measures stated in more than one place (most documents first), and one chart per
    pair of quantities that share a number (up to ``PAIR_CHARTS``)."""
    figures = corpus.tables["figures"].merge(
        corpus.tables["claims"][["claim", "speaker_id", "quote"]], on="claim", how="left"
    )
    documents = sorted(set(figures["document"].dropna().tolist()))
    colours = {d: DOCUMENT_COLOURS[i % len(DOCUMENT_COLOURS)] for i, d in enumerate(documents)}
    pairs = corpus.tables.get("figure_coincidences", pd.DataFrame(columns=["figures_a", "figures_b"]))
    coincidences: dict[str, list[str]] = {}
    for p in pairs.itertuples():
        status = "reviewed: different things" if p.reviewed else "not reviewed"
        for mine, other, surfaces in (
            (p.figures_a, p.measure_b, p.surfaces_b),
            (p.figures_b, p.measure_a, p.surfaces_a),
        ):
            note = f"same number as «{' / '.join(surfaces)}» ({corpus.label(other)}; {status})"
            for figure in mine:
                coincidences.setdefault(figure, []).append(note)
    recurring = corpus.tables["recurring_figures"]
    measures = recurring["measure"].tolist()
    reasons = dict(zip(measures, recurring["drift_reason"].tolist(), strict=True))
    agreements = dict(zip(measures, recurring["agreement"].tolist(), strict=True))
    rows = records(figures)  # plain dicts once: pandas row access per statement was the cost
    order = []
    for measure, group in grouped(rows, "measure").items():
        if len(group) < 2:
            continue
        docs = len({r["document"] for r in group if not pd.isna(r["document"])})
        order.append((-docs, corpus.label(measure), measure, group))
    charts = []
    for minus_docs, label, measure, group in sorted(order, key=lambda t: t[:2]):
        drift = str(reasons[measure]) if measure in reasons else ""
        agreement = str(agreements[measure]) if measure in agreements else ""
        note = f"{-minus_docs} document(s), {len(group)} statement(s)" + (f" · {agreement}" if agreement else "")
        charts.append(chart(measure, label, note, drift, rows_of(group, corpus, colours, coincidences)))
    at: dict[str, list[int]] = {}  # figure -> its rows' positions in the table
    for i, row in enumerate(rows):
        at.setdefault(row["figure"], []).append(i)
    pair_charts = []
    for p in pairs.sort_values("reviewed", kind="stable").head(PAIR_CHARTS).itertuples():
        statements, tags = [], []
        for involved, tag in ((p.figures_a, "A"), (p.figures_b, "B")):
            positions = sorted({i for figure in set(involved) for i in at.get(figure, [])})
            for item in rows_of([rows[i] for i in positions], corpus, colours, {}):
                statements.append(item)
                tags.append(tag)
        note = (
            "Reviewed, different things: " + str(p.reason)
            if p.reviewed
            else "Not reviewed: merge the two measures in quantities.ttl or record why they differ."
        )
        title = f"A: {corpus.label(p.measure_a)} · B: {corpus.label(p.measure_b)}"
        pair = chart(f"{p.measure_a}|{p.measure_b}", title, note, "", statements)
        for row, tag in zip(pair.rows, tags, strict=True):
            row.label = f"{tag} · {row.label}"
        pair_charts.append(pair)
    return charts, pair_charts


def legend(corpus: Corpus) -> list[tuple[str, str]]:
    documents = sorted(set(corpus.tables["figures"]["document"].dropna().tolist()))
    return [(d, DOCUMENT_COLOURS[i % len(DOCUMENT_COLOURS)]) for i, d in enumerate(documents)]
