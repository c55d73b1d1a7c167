"""Which figures recur: the same measured quantity stated in two or more documents, and within one.

``recurring_figures`` answers the cross-document question (as the ``recurring-figures`` query
does): one row per quantity stated in at least two documents, with its values, spread and
whether they agree by the rule of ``agreement`` (rounding, ranges and bounds). A quantity a
single document states several times is a repetition, not a recurrence:
``figure_repetitions`` lists those, one row per quantity and document.

A report of a text the corpus holds first-hand (``cg:summarises``, ``cg:misreports``: 003's summary
of the essay) is second-hand: as in the echo network, its figures do not count as another statement
of the quantity, nor its speaker as one who states it (003 :c38 gives the essay a $6M the essay
only quotes). Repetitions within a document describe the document's text, reports included.
"""

from __future__ import annotations

import pandas as pd

from . import records
from .agreement import Stated, agreement, all_agree, unit_family
from .echoes import reports

COLUMNS = [
    "measure",
    "documents",
    "statements",
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
REPETITION_COLUMNS = ["measure", "document", "statements", "values", "agreement", "figures", "claims"]


def statements(group: pd.DataFrame) -> list[Stated]:
    return [Stated.of(row._asdict()) for row in group.itertuples(index=False)]


def drift_of(stated: list[Stated]) -> str:
    """Why the given figures of one measured quantity disagree, or "" when they agree."""
    if len({unit_family(s.unit) for s in stated}) > 1:
        return "units differ: " + ", ".join(sorted({s.unit for s in stated}))
    return "" if all_agree(stated) else "values differ beyond rounding"


def drift(group: pd.DataFrame) -> str:
    """Why the figures of one measured quantity disagree, or "" when they agree."""
    return drift_of(statements(group))


def with_claims(rec: records.Records) -> pd.DataFrame:
    """Every figure with its claim's speaker (the figures carry their document)."""
    return rec.figures.merge(rec.claims[["claim", "speaker"]], on="claim", how="left")


class Grouped:
    """A figures frame read once into columns and statements, then split into groups by position.

    Grouping once and reading each column once keeps the analysis linear: no frame per group.
    """

    def __init__(self, frame: pd.DataFrame, keys: str | list[str]) -> None:
        frame = frame.reset_index(drop=True)
        self.stated = statements(frame)
        self.column = {name: list(frame[name]) for name in frame.columns}
        indices = frame.groupby(keys).indices
        self.groups = {
            key: [int(i) for i in positions]
            for key, positions in indices.items()
            if not any(pd.isna(k) for k in (key if isinstance(key, tuple) else (key,)))
        }

    def values(self, name: str, positions: list[int]) -> list:
        column = self.column[name]
        return [column[i] for i in positions]

    def present(self, name: str, positions: list[int]) -> list:
        return [v for v in self.values(name, positions) if not pd.isna(v)]

    def statements(self, positions: list[int]) -> list[Stated]:
        return [self.stated[i] for i in positions]


def recurring_figures(rec: records.Records) -> pd.DataFrame:
    """One row per measured quantity stated in two or more documents; list cells are Python lists.

    ``statements`` counts every figure of it, repetitions within a document included.
    """
    if rec.figures.empty:
        return pd.DataFrame(columns=COLUMNS)
    rows = []
    first_hand = with_claims(rec)
    first_hand = first_hand[~first_hand["claim"].isin(reports(rec))]
    grouped = Grouped(first_hand, "measure")
    for measure, at in sorted(grouped.groups.items()):
        documents = sorted(set(grouped.present("seed", at)))
        if len(documents) < 2:
            continue
        numbers = [x for col in ("value", "min_value", "max_value") for x in grouped.present(col, at)]
        low, high = (min(numbers), max(numbers)) if numbers else (None, None)
        stated = grouped.statements(at)
        reason = drift_of(stated)
        surface = zip(grouped.values("surface", at), grouped.values("seed", at), strict=True)
        rows.append(
            {
                "measure": measure,
                "documents": documents,
                "statements": len(at),
                "values": sorted({f"{s} ({seed})" for s, seed in surface}),
                "min": low,
                "max": high,
                "spread": float(f"{high / low:.12g}") if low and high and low > 0 else None,  # 12 digits survive JSON
                "drift": bool(reason),
                "drift_reason": reason,
                "agreement": "differ" if reason else agreement(stated),
                "figures": sorted(grouped.values("figure", at)),
                "claims": sorted(set(grouped.values("claim", at))),
                "speakers": sorted(set(grouped.present("speaker", at))),
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["drift", "measure"], ascending=[False, True]).reset_index(drop=True)


def figure_repetitions(rec: records.Records) -> pd.DataFrame:
    """One row per measured quantity and document that states it twice or more (003 states the
    « millions de puces » China could acquire six times); list cells are Python lists."""
    if rec.figures.empty:
        return pd.DataFrame(columns=REPETITION_COLUMNS)
    grouped = Grouped(with_claims(rec), ["measure", "seed"])
    rows = [
        {
            "measure": measure,
            "document": document,
            "statements": len(at),
            "values": sorted(set(grouped.values("surface", at))),
            "agreement": "differ" if drift_of(grouped.statements(at)) else agreement(grouped.statements(at)),
            "figures": sorted(grouped.values("figure", at)),
            "claims": sorted(set(grouped.values("claim", at))),
        }
        for (measure, document), at in sorted(grouped.groups.items())
        if len(at) >= 2
    ]
    frame = pd.DataFrame(rows, columns=REPETITION_COLUMNS)
    return frame.sort_values(["statements", "measure", "document"], ascending=[False, True, True]).reset_index(
        drop=True
    )
