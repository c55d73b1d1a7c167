"""The same number for different things: two quantities that documents state with the same number.

Full Fact's classic error of public statistics is 7.8 million *treatments* cited as 7.8 million
*people*. Here two figures coincide when they sit in different documents, measure different
quantities and state the same number in commensurable units (``agreement.coincide``). The
result has one row per pair of quantities, the unit an annotator decides on: either the two are
one quantity (then they are merged in annotations/quantities.ttl, and the row disappears) or the
coincidence is legitimate (a ``cg:ReviewedCoincidence`` there says why). Each row names both
quantities, their documents and every figure involved, with one quote of each side.

Figures are first grouped by the number they state, so the work grows with the distinct numbers
and the quantity pairs found, not with every pair of figures: a corpus where hundreds of
figures say « 100 millions » costs one group, not their square.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import pandas as pd
import pyoxigraph as ox
from rdflib import Namespace
from rdflib.namespace import RDF

from ..namespaces import BASE, CG
from . import records
from .agreement import Interval, Stated, coincide, stated_number, unit_family
from .derived import derived, term

COINCIDENCE = Namespace(BASE + "coincidence/")

COLUMNS = [
    "measure_a",
    "measure_b",
    "unit",
    "documents_a",
    "documents_b",
    "surfaces_a",
    "surfaces_b",
    "quote_a",
    "quote_b",
    "statements",
    "reviewed",
    "reason",
    "review",
    "figures_a",
    "figures_b",
    "numbers",
]


def reviews(rec: records.Records) -> dict[frozenset[str], tuple[str, str]]:
    """The annotators' judgements: per pair of quantities, the review's IRI and its reason."""
    return {frozenset((r.a, r.b)): (r.review, str(r.reason)) for r in rec.reviews.itertuples()}


@dataclass
class Group:
    """Figures that state one number: same unit family, same interval (or the same vague bound)."""

    stated: Stated
    number: Interval
    figures: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    """Per measure, the positions (in reading order) of its figures in the group."""

    @property
    def name(self) -> str:
        """A stable name for the number: unit family, kind, and the interval's ends."""
        low, high = (f"{v.normalize():f}" for v in (self.number.low, self.number.high))
        kind = "vague" if self.stated.is_vague else "number"
        return re.sub(r"[^A-Za-z0-9.]+", "-", f"{unit_family(self.stated.unit)}-{kind}-{low}-{high}")


def groups(figures: pd.DataFrame) -> list[Group]:
    found: dict[tuple, Group] = {}
    for i, row in enumerate(figures.itertuples(index=False)):
        s = Stated.of(row._asdict())
        number = stated_number(s)
        if number is None:
            continue
        key = (unit_family(s.unit), s.is_vague, number)
        group = found.setdefault(key, Group(s, number))
        group.figures[row.measure].append(i)
    return list(found.values())


def meeting(found: list[Group]) -> list[tuple[Group, Group]]:
    """Pairs of groups (a group with itself included) whose numbers coincide, by a sweep on the low ends."""
    by_family: dict[tuple, list[Group]] = defaultdict(list)
    for g in found:
        by_family[(unit_family(g.stated.unit), g.stated.is_vague)].append(g)
    pairs = []
    for family in by_family.values():
        family.sort(key=lambda g: g.number.low)
        for i, g in enumerate(family):
            pairs.append((g, g))
            for j in range(i + 1, len(family)):  # by index: a slice per group would copy the family
                h = family[j]
                if h.number.low > g.number.high:
                    break
                if coincide(g.stated, h.stated):
                    pairs.append((g, h))
    return pairs


@dataclass(frozen=True)
class Coincidences:
    """The pairs of quantities (one row each) and, per shared number, the figures that state it."""

    pairs: pd.DataFrame
    numbers: dict[str, list[str]]


def figure_coincidences(rec: records.Records) -> pd.DataFrame:
    """One row per pair of measured quantities that two documents state with the same number.

    ``_a`` is the quantity stated first in reading order (seed file, then position). List cells
    are Python lists; ``statements`` counts the figures involved on both sides; ``numbers``
    names the shared numbers.
    """
    return coincidences(rec).pairs


def coincidences(rec: records.Records) -> Coincidences:
    """The pairs of ``figure_coincidences`` and the figures of each shared number, computed once."""
    if rec.figures.empty:
        return Coincidences(pd.DataFrame(columns=COLUMNS), {})
    figures = rec.figures.sort_values(["seed", "start", "figure"], na_position="last").reset_index(drop=True)
    seeds = figures["seed"].tolist()

    def elsewhere(positions: list[int], documents: set[str]) -> list[int]:
        """The figures stated outside ``documents`` or beside another of them: those that pair."""
        if len(documents) > 1:
            return positions
        (only,) = documents
        return [i for i in positions if seeds[i] != only]

    involved: dict[frozenset[str], set[int]] = defaultdict(set)
    numbers: dict[frozenset[str], set[str]] = defaultdict(set)
    members: dict[str, set[int]] = defaultdict(set)
    for g, h in meeting(groups(figures)):
        docs_g = {m: {seeds[i] for i in on} for m, on in g.figures.items()}
        docs_h = {m: {seeds[j] for j in on} for m, on in h.figures.items()}
        for a, on_a in g.figures.items():
            for b, on_b in h.figures.items():
                if a == b or (docs_g[a] == docs_h[b] and len(docs_g[a]) == 1):
                    continue  # one quantity, or both stated by one document only
                pair = frozenset((a, b))
                mine = elsewhere(on_a, docs_h[b])
                theirs = elsewhere(on_b, docs_g[a])
                involved[pair].update(mine, theirs)
                members[g.name].update(mine)
                members[h.name].update(theirs)
                numbers[pair].update((g.name, h.name))
    if not involved:
        return Coincidences(pd.DataFrame(columns=COLUMNS), {})
    quotes = dict(zip(rec.claims["claim"], rec.claims["quote"], strict=True))
    judged = reviews(rec)
    measure, surface, claim, figure = (figures[c].tolist() for c in ("measure", "surface", "claim", "figure"))
    units = [unit_family(u) if isinstance(u, str) else "" for u in figures["unit"]]
    rows = []
    for pair, positions in involved.items():
        order = sorted(positions)
        first = measure[order[0]]
        (other,) = pair - {first}
        a = [i for i in order if measure[i] == first]
        b = [i for i in order if measure[i] == other]
        review, reason = judged.get(pair, ("", ""))
        rows.append(
            {
                "measure_a": first,
                "measure_b": other,
                "unit": units[a[0]],
                "documents_a": sorted({seeds[i] for i in a}),
                "documents_b": sorted({seeds[i] for i in b}),
                "surfaces_a": list(dict.fromkeys(surface[i] for i in a)),
                "surfaces_b": list(dict.fromkeys(surface[i] for i in b)),
                "quote_a": quotes.get(claim[a[0]], ""),
                "quote_b": quotes.get(claim[b[0]], ""),
                "statements": len(order),
                "reviewed": bool(review),
                "reason": reason,
                "review": review,
                "figures_a": [figure[i] for i in a],
                "figures_b": [figure[i] for i in b],
                "numbers": sorted(numbers[pair]),
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame = (
        frame.assign(_doc=frame["documents_a"].str[0])
        .sort_values(["reviewed", "_doc", "measure_a", "measure_b"])
        .drop(columns="_doc")
        .reset_index(drop=True)
    )
    return Coincidences(frame, {name: [figure[i] for i in sorted(on)] for name, on in sorted(members.items())})


def slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def coincidence_quads(found: Coincidences) -> Iterator[ox.Quad]:
    """One ``cg:FigureCoincidence`` per pair of quantities (both quantities, the numbers they
    share, the annotators' review when there is one) and one ``cg:SharedNumber`` per number,
    linking the figures that state it.

    A figure is linked once per number it states, not once per pair: a number that many
    quantities share costs its figures plus its pairs, not their product.
    """
    for row in found.pairs.itertuples():
        node = term(COINCIDENCE[f"{slug(row.measure_a)}--{slug(row.measure_b)}"])
        yield derived(node, RDF.type, term(CG.FigureCoincidence))
        yield derived(node, CG.coincidingQuantity, term(row.measure_a))
        yield derived(node, CG.coincidingQuantity, term(row.measure_b))
        for name in row.numbers:
            yield derived(node, CG.sharedNumber, term(COINCIDENCE[f"number/{name}"]))
        if row.review:
            yield derived(node, CG.reviewedIn, term(row.review))
    for name, figures in found.numbers.items():
        number = term(COINCIDENCE[f"number/{name}"])
        yield derived(number, RDF.type, term(CG.SharedNumber))
        for figure in figures:
            yield derived(number, CG.numberFigure, term(figure))
