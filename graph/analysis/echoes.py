"""Who echoes whom, on evidence: an entity -> entity graph whose every edge names what it rests on.

A link between two entities comes from a pair of their claims that share something (``kind``):

- ``claim``: a link between the claims (``cg:echoes`` and its sub-properties, ``cg:coStates``);
- ``figure``: figures of the same measured quantity with the same value within rounding;
- ``cites``: a claim cites a source the other entity authored (or published, when it names no
  author), or was delivered through a channel the other entity authored; the speaker's own work
  echoes no one (``records.CITATIONS``).

It is *directed* (A echoes B) only on evidence, and records its ``basis``: ``explicit`` (the text
says so: ``cg:echoes``), ``cites`` (a named source: ``cg:echoesCited``, or a cited source),
``origin`` (``cg:echoesOrigin``: A states as its own B's original claim) or ``time`` (A's document
is evidenced to be later than B's, and its date dates A's words: someone a document only quotes may
have spoken long before it, see ``chronology.dated_speakers``). Anything else two claims share is an
undirected co-statement, stored on the edge of the two entities in IRI order with
``directed=False``. File order never gives a direction.

Second-hand accounts of a text the corpus holds first-hand (``cg:summarises``, ``cg:misreports``:
003's summary of the essay it then translates) take no part: the first-hand claims carry the links.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import pandas as pd

from ..namespaces import CG, CITO
from . import chronology, records
from .agreement import Stated, coincide, coinciding
from .bridging import betweenness

KINDS = ("claim", "figure", "cites")
BASES = ("explicit", "cites", "origin", "time")

ECHO_BASIS = {str(CG.echoes): "explicit", str(CG.echoesCited): "cites", str(CG.echoesOrigin): "origin"}
"""Claim links that give a direction, and the basis each records."""
CO_STATEMENT = str(CG.coStates)
SYMMETRIC = {str(CG.coStates), str(CG.contradicts), str(CG.corroborates)}
REPORTS = {str(CG.summarises), str(CG.misreports)}
"""A claim with one of these links is a second-hand account: no echo evidence."""


def local(iri: str) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def same_value(a: Stated, b: Stated) -> bool:
    """Whether two figures state the same value within rounding, not merely compatible values.

    5,6 millions and « environ 6 millions » do; « des milliards » and « plus de 100 millions » do
    not, though both are open above: a figure echo needs one number (``agreement.coincide``).

    >>> from decimal import Decimal
    >>> M = Decimal(1_000_000)
    >>> same_value(Stated(Decimal("5.6") * M, unit="USD"), Stated(6 * M, hedge="Approximately", unit="USD"))
    True
    >>> same_value(Stated(min_value=1000 * M, unit="USD"), Stated(100 * M, hedge="MoreThan", unit="USD"))
    False
    """
    return coincide(a, b)


def reports(rec: records.Records) -> set[str]:
    """Claims that are second-hand accounts of a passage the corpus holds first-hand."""
    links = rec.links
    return set() if links.empty else set(links.loc[links["link"].isin(REPORTS), "claim"])


def _datable(rec: records.Records) -> Callable[[str], bool]:
    """Whether a claim's words are dated by its document's lower bound (``chronology.dated_speakers``)."""
    dated = chronology.dated_speakers(rec)
    speaker = dict(zip(rec.claims["claim"], rec.claims["speaker"], strict=True))
    seed = dict(zip(rec.claims["claim"], rec.claims["seed"], strict=True))
    return lambda claim: claim in speaker and speaker[claim] in dated.get(seed[claim], set())


def claim_links(rec: records.Records) -> pd.DataFrame:
    """One row per link between two claims: relation (local name), direction, basis, documents.

    A ``coStates`` link is oriented from the later document when the documents' dates order them
    and the later document's date dates that claim's words (basis ``time``), else undirected.
    ``contradicts`` and ``corroborates`` are symmetric.
    Replies and qualifications (CiTO) and echoes point the way the text does (basis ``explicit``);
    reports of a first-hand text point at what they report (``cites``: they are delivered through it).
    """
    columns = ["claim", "target", "relation", "directed", "basis", "document", "target_document"]
    if rec.links.empty or rec.claims.empty:
        return pd.DataFrame(columns=columns)
    seed = dict(zip(rec.claims["claim"], rec.claims["seed"], strict=True))
    bounds = chronology.document_bounds(rec)
    datable = _datable(rec)
    rows = []
    for row in rec.links.drop_duplicates().itertuples():
        claim, target, link = row.claim, row.target, row.link
        a, b = seed.get(claim, ""), seed.get(target, "")
        directed, basis = True, ""
        if link in ECHO_BASIS:
            basis = ECHO_BASIS[link]
        elif link in REPORTS:
            basis = "cites"
        elif link == CO_STATEMENT:
            if chronology.later(b, a, bounds):
                claim, target, a, b = target, claim, b, a
            directed = chronology.later(a, b, bounds) and datable(claim)
            basis = "time" if directed else ""
        elif link in SYMMETRIC:
            directed = False
        elif link.startswith(str(CITO)):
            basis = "explicit"
        rows.append(
            {
                "claim": claim,
                "target": target,
                "relation": local(link),
                "directed": directed,
                "basis": basis,
                "document": a,
                "target_document": b,
            }
        )
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["document", "claim", "relation", "target"]).reset_index(drop=True)


def add_evidence(g: nx.DiGraph, a: str, b: str, evidence: dict) -> None:
    """Add one piece of evidence: on the edge a -> b if directed, else on the edge in IRI order."""
    if a == b:
        return
    if not evidence["directed"] and b < a:
        a, b = b, a
        evidence = {
            **evidence,
            "claim": evidence["echoed_claim"],
            "echoed_claim": evidence["claim"],
            "document": evidence["echoed_document"],
            "echoed_document": evidence["document"],
        }
    if not g.has_edge(a, b):
        g.add_edge(a, b, evidence=[], weight=0, shared=0, seen=set())
    edge = g.edges[a, b]
    key = (evidence["kind"], evidence["claim"], evidence["echoed_claim"], evidence["directed"])
    if key not in edge["seen"]:  # a set: edges of large corpora carry thousands of pieces of evidence
        edge["seen"].add(key)
        edge["evidence"].append(evidence)
        if evidence["directed"]:
            edge["weight"] += 1
        else:
            edge["shared"] += 1


def echo_network(rec: records.Records, links: pd.DataFrame | None = None) -> nx.DiGraph:
    """The echo network of the records (``links``: their ``claim_links``, when already computed).

    Edge attributes: ``evidence`` (dicts: kind, directed, basis, claim, echoed_claim, document,
    echoed_document), ``weight`` (pieces of directed evidence, a -> b) and ``shared`` (undirected
    co-statements, on the edge whose ends are in IRI order).

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> echo_network(records.read(ox.Store())).number_of_nodes()
    0
    """
    claims = rec.claims
    g = nx.DiGraph()
    if claims.empty:
        return g
    speaker = dict(zip(claims["claim"], claims["speaker"], strict=True))
    seed = dict(zip(claims["claim"], claims["seed"], strict=True))
    g.add_nodes_from(claims["speaker"].unique())
    second_hand = reports(rec)
    bounds = chronology.document_bounds(rec)
    datable = _datable(rec)

    def evidence(kind: str, claim: str, echoed: str, directed: bool, basis: str) -> dict:
        return {
            "kind": kind,
            "directed": directed,
            "basis": basis if directed else "",
            "claim": claim,
            "echoed_claim": echoed,
            "document": seed.get(claim, ""),
            "echoed_document": seed.get(echoed, ""),
        }

    def usable(claim: str) -> bool:
        return claim in speaker and claim not in second_hand

    directed_pairs: dict[frozenset[str], tuple[str, str, str]] = {}
    for row in (claim_links(rec) if links is None else links).itertuples():
        relation = str(CG[row.relation])
        if relation not in ECHO_BASIS and relation != CO_STATEMENT:
            continue
        if not (usable(row.claim) and usable(row.target)):
            continue
        g_evidence = evidence("claim", row.claim, row.target, bool(row.directed), row.basis)
        add_evidence(g, speaker[row.claim], speaker[row.target], g_evidence)
        if row.directed:
            directed_pairs.setdefault(frozenset((row.claim, row.target)), (row.claim, row.target, row.basis))

    figures = rec.figures
    figures = figures[figures["claim"].map(usable)] if not figures.empty else figures
    # Per quantity, the statements are grouped by the number they state, so only pairs that state
    # the same number are visited (in reading order), never every pair of the quantity's statements.
    # Each figure is read once; a quantity's statements are then taken by position, never as a frame.
    figures = figures.reset_index(drop=True)
    stated = [Stated.of(row._asdict()) for row in figures.itertuples()]
    said_all = list(figures["claim"])
    by_measure = figures.groupby("measure").indices if not figures.empty else {}
    for measure in sorted(by_measure):
        if pd.isna(measure):
            continue
        positions = by_measure[measure]
        said = [said_all[p] for p in positions]
        for i, j in coinciding([stated[p] for p in positions]):
            c1, c2 = said[i], said[j]
            if c1 == c2 or speaker[c1] == speaker[c2]:
                continue
            pair = directed_pairs.get(frozenset((c1, c2)))
            if pair:
                later_claim, earlier_claim, basis = pair
            elif (chronology.later(seed[c1], seed[c2], bounds) and datable(c1)) or (
                chronology.later(seed[c2], seed[c1], bounds) and datable(c2)
            ):
                later_claim, earlier_claim = (c1, c2) if chronology.later(seed[c1], seed[c2], bounds) else (c2, c1)
                basis = "time"
            else:
                later_claim, earlier_claim, basis = c1, c2, ""
            add_evidence(
                g,
                speaker[later_claim],
                speaker[earlier_claim],
                evidence("figure", later_claim, earlier_claim, bool(basis), basis),
            )

    for row in rec.citations.itertuples():
        if isinstance(row.origin, str) and usable(row.claim):
            add_evidence(
                g,
                speaker[row.claim],
                row.origin,
                {
                    "kind": "cites",
                    "directed": True,
                    "basis": "cites",
                    "claim": row.claim,
                    "echoed_claim": row.source,
                    "document": seed[row.claim],
                    "echoed_document": "",
                },
            )
    return g


def directed_only(g: nx.DiGraph) -> nx.DiGraph:
    """The edges that carry directed evidence, weighted by it."""
    out = nx.DiGraph()
    out.add_nodes_from(g.nodes)
    out.add_edges_from((a, b, {"weight": d["weight"]}) for a, b, d in g.edges(data=True) if d["weight"])
    return out


def centrality(g: nx.DiGraph, bridging: dict[str, float] | None = None) -> pd.DataFrame:
    """Per entity: how often it is echoed and echoes (directed evidence only), and how much it bridges.

    ``bridging`` is betweenness centrality on the undirected graph of every link, co-statements
    included: entities through which what others share passes (``bridging.betweenness``; given
    when it was computed beside the build).
    """
    columns = ["entity", "echoed_by", "echoes", "bridging"]
    if g.number_of_nodes() == 0:
        return pd.DataFrame(columns=columns)
    if bridging is None:
        bridging = betweenness(list(g.nodes), list(g.edges))
    rows = [
        (n, g.in_degree(n, weight="weight"), g.out_degree(n, weight="weight"), bridging.get(n, 0.0)) for n in g.nodes
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["echoed_by", "bridging", "entity"], ascending=[False, False, True]).reset_index(drop=True)


def edges_frame(g: nx.DiGraph) -> pd.DataFrame:
    """One row per (echoer, echoed, kind, directed, basis): its evidence claims and documents, as lists."""
    rows = []
    for echoer, echoed, data in g.edges(data=True):
        groups: dict[tuple[str, bool, str], list[dict]] = {}
        for e in data["evidence"]:
            groups.setdefault((e["kind"], e["directed"], e["basis"]), []).append(e)
        for (kind, directed, basis), items in sorted(groups.items(), key=lambda kv: (KINDS.index(kv[0][0]), kv[0])):
            rows.append(
                {
                    "echoer_id": echoer,
                    "echoed_id": echoed,
                    "kind": kind,
                    "directed": directed,
                    "basis": basis,
                    "weight": len(items),
                    "evidence": [f"{e['claim']} -> {e['echoed_claim']}" for e in items],
                    "documents": sorted({d for e in items for d in (e["document"], e["echoed_document"]) if d}),
                }
            )
    columns = ["echoer_id", "echoed_id", "kind", "directed", "basis", "weight", "evidence", "documents"]
    return pd.DataFrame(rows, columns=columns)
