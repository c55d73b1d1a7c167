"""The three views of the corpus: provenance graph, echo network, figure recurrence."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from .view import View, short

DRIFT_COLOUR = "#D62728"
COINCIDENCE_COLOUR = "#9467bd"
ECHO_COLOURS = {"explicit": "#1f4e99", "claim": "#2ca02c", "figure": "#ff7f0e", "cites": "#9467bd"}
ECHO_LABELS = {
    "explicit": "echoes (said or seen)",
    "claim": "repeats a claim",
    "figure": "restates a figure",
    "cites": "cites a source it published",
}
CONTEXT = 220
"""Characters of the seed shown around a quote, cut at sentence ends."""


def local(iri: str) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def split(cell: object) -> list[str]:
    return [] if cell is None or (isinstance(cell, float) and math.isnan(cell)) or cell == "" else str(cell).split("; ")


def context(seed: str, start: int, end: int) -> dict:
    """The quote within its sentence(s): text before, the exact span, text after."""
    before_start = max(0, start - CONTEXT)
    cut = max(seed.rfind(". ", before_start, start), seed.rfind("\n", before_start, start))
    before_start = cut + 1 if cut != -1 else before_start
    after_end = min(len(seed), end + CONTEXT)
    stops = [i for i in (seed.find(". ", end, after_end), seed.find("\n", end, after_end)) if i != -1]
    after_end = min(stops) + 1 if stops else after_end
    return {"before": seed[before_start:start].lstrip(), "exact": seed[start:end], "after": seed[end:after_end]}


LINK_LABELS = {
    "echoes": "echoes",
    "repeats": "repeats",
    "agreesWith": "agrees with",
    "supports": "supports",
    "disputes": "disputes",
    "disagreesWith": "disagrees with",
    "refutes": "refutes",
    "confirms": "confirms",
}
STANCE_COLOURS = {"disputes": "#D62728", "disagreesWith": "#D62728", "refutes": "#D62728"}


@dataclass(frozen=True)
class Corpus:
    """What the pages show, computed upstream: the tables, the echo network, claim links, seeds, labels."""

    tables: dict[str, pd.DataFrame]
    network: nx.DiGraph
    links: pd.DataFrame
    seeds: dict[str, str]
    labels: dict[str, str]

    def label(self, iri: str) -> str:
        return self.labels.get(iri, local(iri))


def claim_facts(row: pd.Series, corpus: Corpus) -> list[tuple[str, str] | tuple[str, str, str]]:
    facts: list[tuple[str, str] | tuple[str, str, str]] = [("Quote (French)", row["quote"], "fr")]
    if isinstance(row["gloss_en"], str):
        facts.append(("Gloss (English)", row["gloss_en"]))
    facts.append(("Speaker", corpus.label(row["speaker_id"])))
    if isinstance(row["reported_by"], str):
        facts.append(("Reported by", row["reported_by"]))
    facts.append(("Document", row["document"]))
    sources = [corpus.label(s) for s in split(row["cites"])]
    if sources:
        facts.append(("Cites or delivered through", "; ".join(sources)))
    return facts


def add_claim(view: View, row: pd.Series, corpus: Corpus, size: float = 6) -> None:
    seed = corpus.seeds.get(row["document"], "")
    where = None
    if seed and not pd.isna(row["start"]):
        where = {
            **context(seed, int(row["start"]), int(row["end"])),
            "document": row["document"],
            "start": int(row["start"]),
            "end": int(row["end"]),
        }
    gloss = row["gloss_en"] if isinstance(row["gloss_en"], str) else ""
    view.node(
        row["claim"],
        "claim",
        row["quote"],
        title=f"{corpus.label(row['speaker_id'])}: «{row['quote']}»\n{gloss}",
        documents=[row["document"]],
        facts=claim_facts(row, corpus),
        context=where,
        size=size,
    )


def provenance_view(corpus: Corpus) -> View:
    """Documents, entities, claims, sources, figures, measured quantities and every link between them."""
    view = View("Provenance graph", "who asserts which claim, in which document, citing what, stating which figures")
    claims, figures = corpus.tables["claims"], corpus.tables["figures"]
    entities = corpus.tables["entities"].set_index("entity")
    for document in sorted(claims["document"].unique()):
        view.node(
            document,
            "document",
            document,
            documents=[document],
            size=22,
            facts=[("Claims", str((claims["document"] == document).sum()))],
        )
    for speaker, group in claims.groupby("speaker_id"):
        docs = sorted(group["document"].unique())
        kind = entities.loc[speaker, "type"] if speaker in entities.index else ""
        view.node(
            speaker,
            "entity",
            corpus.label(speaker),
            documents=docs,
            size=8 + 2 * math.sqrt(len(group)),
            facts=[("Type", kind), ("Claims", str(len(group))), ("Documents", "; ".join(docs))],
        )
    for source in corpus.tables["sources"].itertuples():
        docs = split(source.seeds) if hasattr(source, "seeds") else []
        view.node(
            source.source,
            "source",
            source.label,
            documents=docs,
            size=12,
            facts=[("Type", source.type), ("Claims", str(source.claims))],
        )
    for _, row in claims.iterrows():
        add_claim(view, row, corpus)
        view.edge(row["speaker_id"], row["claim"], title="asserts")
        view.edge(row["claim"], row["document"], title="reported in")
        for source in split(row["cites"]):
            view.edge(row["claim"], source, title="cites or delivered through")
    for _, row in figures.iterrows():
        facts = [
            ("Surface", row["surface"], "fr"),
            ("Value", value_text(row)),
            ("Measures", corpus.label(row["measure"])),
            ("Document", row["document"]),
        ]
        view.node(
            row["figure"],
            "figure",
            row["surface"],
            documents=[row["document"]],
            facts=facts,
            size=8,
            title=f"{row['surface']} = {value_text(row)}\n{corpus.label(row['measure'])}",
        )
        view.node(row["measure"], "measure", corpus.label(row["measure"]), size=12)
        view.edge(row["claim"], row["figure"], title="states")
        view.edge(row["figure"], row["measure"], title="measures")
    for row in corpus.links.itertuples():
        name = local(row.link).rsplit("#", 1)[-1]
        view.edge(
            row.claim, row.target, title=LINK_LABELS.get(name, name), dashes=True, colour=STANCE_COLOURS.get(name, "")
        )
    return view


def value_text(row: pd.Series) -> str:
    unit = row["unit"] if isinstance(row["unit"], str) else ""

    def fmt(v: float) -> str:
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,}"

    if not pd.isna(row["value"]):
        text = fmt(row["value"])
    else:
        low = "" if pd.isna(row["min_value"]) else fmt(row["min_value"])
        high = "" if pd.isna(row["max_value"]) else fmt(row["max_value"])
        text = f"{low} to {high}" if low and high else (f"≥ {low}" if low else f"≤ {high}")
    hedge = row["hedge"].rsplit("#", 1)[-1] if isinstance(row["hedge"], str) else ""
    return f"{text} {unit}".strip() + (f" ({hedge})" if hedge else "")


def echo_view(corpus: Corpus) -> View:
    """Entities; an arrow from echoer to echoed, as wide as its evidence, the evidence on hover."""
    view = View("Echo network", "A → B: a claim of A echoes, repeats, cites or restates a figure of B")
    g = corpus.network
    claims = corpus.tables["claims"].set_index("claim")
    docs_of = corpus.tables["claims"].groupby("speaker_id")["document"].apply(lambda d: sorted(set(d))).to_dict()
    for node in g.nodes:
        echoed = g.in_degree(node, weight="weight")
        if g.degree(node) == 0:
            continue
        view.node(
            node,
            "entity",
            corpus.label(node),
            documents=docs_of.get(node, []),
            size=8 + 3 * math.sqrt(echoed),
            facts=[
                ("Echoed by", f"{echoed} piece(s) of evidence"),
                ("Echoes", str(g.out_degree(node, weight="weight"))),
                ("Documents", "; ".join(docs_of.get(node, []))),
            ],
        )
    for a, b, data in g.edges(data=True):
        lines = [f"{corpus.label(a)} → {corpus.label(b)} ({data['weight']})"]
        for e in data["evidence"][:12]:
            quote = claims["quote"].get(e["claim"], "")
            lines.append(f"[{e['kind']}] {e['document']}: «{short(quote, 90)}»")
        if len(data["evidence"]) > 12:
            lines.append(f"… and {len(data['evidence']) - 12} more")
        kinds = Counter(e["kind"] for e in data["evidence"])
        view.edge(
            a,
            b,
            title="\n".join(lines),
            width=1 + 1.5 * math.log2(data["weight"] + 1),
            colour=ECHO_COLOURS[kinds.most_common(1)[0][0]],
        )
    view.edge_legend = [(ECHO_LABELS[k], c) for k, c in ECHO_COLOURS.items()]
    return view


def figures_view(corpus: Corpus) -> View:
    """Measured quantities that travel between documents, linked to the documents and speakers that
    state them; drift in red; a dashed link joins two quantities stated with the same number.

    Quantities one document states alone (however often) stay out: they are in the figure charts.
    """
    view = View(
        "Figure recurrence",
        "quantities stated in several documents ← speakers → documents; red: values drift; dashed purple: same number",
    )
    figures = corpus.tables["figures"].merge(corpus.tables["claims"][["claim", "speaker_id"]], on="claim", how="left")
    recurring = corpus.tables["recurring_figures"].set_index("measure")
    pairs = corpus.tables.get("figure_coincidences", pd.DataFrame(columns=["measure_a", "measure_b"]))
    shown = set(recurring.index) | set(pairs["measure_a"]) | set(pairs["measure_b"])
    for measure, group in figures[figures["measure"].isin(shown)].groupby("measure"):
        docs = sorted(group["document"].unique())
        drift = measure in recurring.index and bool(recurring.loc[measure, "drift"])
        facts = [("Documents", "; ".join(docs)), ("Stated as", "; ".join(sorted(set(group["surface"]))))]
        if drift:
            facts.append(("Drift", recurring.loc[measure, "drift_reason"]))
        view.node(
            measure,
            "measure",
            corpus.label(measure),
            documents=docs,
            size=10 + 6 * len(docs),
            facts=facts,
            colour=DRIFT_COLOUR if drift else None,
        )
        for document in docs:
            view.node(document, "document", document, documents=[document], size=22)
            view.edge(measure, document, title="stated in")
        for row in group.itertuples():
            speaker = row.speaker_id
            view.node(speaker, "entity", corpus.label(speaker), documents=[row.document], size=10)
            view.edge(speaker, measure, title=f"{row.surface} ({row.document})")
    for row in pairs.itertuples():
        stated = " = ".join("; ".join(side) for side in (row.surfaces_a, row.surfaces_b))
        review = "reviewed: different things" if row.reviewed else "not reviewed"
        view.edge(
            row.measure_a,
            row.measure_b,
            title=f"same number, different things ({review}): {stated}",
            dashes=True,
            colour=COINCIDENCE_COLOUR,
        )
    return view
