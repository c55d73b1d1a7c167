"""When each document was written, as far as the documents say, and which documents that orders.

A document carries a lower bound (``cg:notBefore``, from the latest dated event it reports), an
upper bound (``cg:notAfter``, where the text dates itself: « publié plus tôt cette semaine ») or a
date (``schema:datePublished``), each backed by anchored claims (``cg:dateEvidence``). One
document is later than another only when its lower bound falls after the other's upper bound:
two lower bounds order nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import records


@dataclass(frozen=True)
class Bounds:
    """What the documents say of one document's date (ISO dates as strings, ``None`` when unknown)."""

    not_before: str | None = None
    not_after: str | None = None
    evidence: tuple[str, ...] = field(default=())


def text(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)[:10]


def document_bounds(rec: records.Records) -> dict[str, Bounds]:
    """Per seed file, its date bounds; a stated ``schema:datePublished`` is both bounds.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> document_bounds(records.read(ox.Store()))
    {}
    """
    frame = rec.dates
    bounds: dict[str, Bounds] = {}
    if frame.empty:
        return bounds
    # Read once, grouped by position: a frame per document is what made this quadratic in practice.
    columns = {name: list(frame[name]) for name in ("published", "not_before", "not_after", "evidence")}
    present = frame["evidence"].notna().tolist()
    for seed, positions in sorted(frame.groupby("seed").indices.items()):
        if pd.isna(seed):
            continue
        first = positions[0]
        published = text(columns["published"][first])
        evidence = tuple(sorted({str(columns["evidence"][i]) for i in positions if present[i]}))
        bounds[str(seed)] = Bounds(
            not_before=published or text(columns["not_before"][first]),
            not_after=published or text(columns["not_after"][first]),
            evidence=evidence,
        )
    return bounds


def later(a: str, b: str, bounds: dict[str, Bounds]) -> bool:
    """Whether document ``a`` is evidenced to be written after document ``b``.

    >>> later("x", "y", {"x": Bounds("2025-01-27"), "y": Bounds("2025-01-21", "2025-01-26")})
    True
    >>> later("x", "y", {"x": Bounds("2025-01-27"), "y": Bounds("2025-01-21")})
    False
    """
    if a == b or a not in bounds or b not in bounds:
        return False
    start, end = bounds[a].not_before, bounds[b].not_after
    return start is not None and end is not None and start > end


def dated_speakers(rec: records.Records) -> dict[str, set[str]]:
    """Per seed file, the speakers whose words its lower bound dates.

    A lower bound dates the writing of the document: the words of its own voice (author or
    publisher) and of whoever speaks in its own date evidence (the essay 003 carries, whose « la
    semaine dernière, ils ont publié ... R1 » dates Amodei's writing). Someone the document only
    quotes spoke no later than the document, but maybe long before: such a claim can be the
    earlier end of a time-based direction, never the later one.

    >>> import pyoxigraph as ox
    >>> dated_speakers(records.read(ox.Store()))
    {}
    """
    claims = rec.claims
    if claims.empty:
        return {}
    speakers: dict[str, set[str]] = {}
    rows = list(zip(claims["seed"], claims["claim"], claims["speaker"], claims["own_voice"], strict=True))
    for seed, _, speaker, own in rows:
        if own:
            speakers.setdefault(str(seed), set()).add(str(speaker))
    evidenced = set(zip(rec.dates["seed"], rec.dates["evidence"], strict=True)) if not rec.dates.empty else set()
    for seed, claim, speaker, _ in rows:
        if (seed, claim) in evidenced:  # the claim dates its own document
            speakers.setdefault(str(seed), set()).add(str(speaker))
    return speakers
