"""The three views of the corpus: provenance graph, echo network, figure recurrence."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from ..analysis.agreement import Stated, coinciding
from ..analysis.run import DocumentCounts
from .view import View, short

DRIFT_COLOUR = "#D62728"
COINCIDENCE_COLOUR = "#9467bd"
BASIS_COLOURS = {"explicit": "#1f4e99", "cites": "#9467bd", "origin": "#2ca02c", "time": "#ff7f0e"}
SHARED_COLOUR = "#9ca3af"
BASIS_LABELS = {
    "explicit": "echoes: the text says so",
    "cites": "echoes a source it names",
    "origin": "states as its own the other's original claim",
    "time": "states later what the other's earlier document stated",
}
KIND_LABELS = {"claim": "claim", "figure": "same figure", "cites": "cited source"}
COLUMN = 340
"""Horizontal distance between two documents on the echo network's time axis."""
SYMMETRIC_LINKS = {"coStates", "contradicts", "corroborates"}
ECHO_LINKS = {"echoes", "echoesCited", "echoesOrigin", "coStates"}
CONTEXT = 220
"""Characters of the seed shown around a quote, cut at sentence ends."""


def records(table: pd.DataFrame) -> list[dict]:
    """The table's rows as dicts, the values ``to_dict("records")`` gives, built from whole columns
    (``tolist``) rather than cell by cell."""
    columns = list(table.columns)
    return [
        dict(zip(columns, values, strict=True)) for values in zip(*(table[c].tolist() for c in columns), strict=True)
    ]


def grouped(rows: list[dict], key: str) -> dict[object, list[dict]]:
    """Rows by the value of ``key``, keys sorted, rows in table order, missing keys left out:
    what ``DataFrame.groupby(key)`` gives, in one pass over plain dicts."""
    groups: dict[object, list[dict]] = {}
    for row in rows:
        if not pd.isna(row[key]):
            groups.setdefault(row[key], []).append(row)
    return {k: groups[k] for k in sorted(groups)}


def local(iri: str) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


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
    "echoesCited": "echoes, citing it",
    "echoesOrigin": "echoes its origin",
    "coStates": "states the same as",
    "contradicts": "contradicts",
    "corroborates": "corroborates",
    "summarises": "summarises",
    "misreports": "misreports",
    "agreesWith": "agrees with",
    "supports": "supports",
    "disputes": "disputes",
    "disagreesWith": "disagrees with",
    "refutes": "refutes",
    "confirms": "confirms",
    "qualifies": "qualifies",
}
INVERSE_LABELS = {
    "echoes": "echoed by",
    "echoesCited": "echoed (as cited) by",
    "echoesOrigin": "echoed (as origin) by",
    "summarises": "summarised by",
    "misreports": "misreported by",
    "agreesWith": "agreed with by",
    "supports": "supported by",
    "disputes": "disputed by",
    "disagreesWith": "disagreed with by",
    "refutes": "refuted by",
    "confirms": "confirmed by",
    "qualifies": "qualified by",
}
STANCE_COLOURS = {
    "disputes": "#D62728",
    "disagreesWith": "#D62728",
    "refutes": "#D62728",
    "contradicts": "#D62728",
    "misreports": "#D62728",
}


@dataclass(frozen=True)
class Corpus:
    """What the pages show, computed upstream: the tables, the echo network, claim links, seeds, labels."""

    tables: dict[str, pd.DataFrame]
    network: nx.DiGraph
    links: pd.DataFrame
    seeds: dict[str, str]
    labels: dict[str, str]
    documents: list[DocumentCounts]
    """Counts per document, as the build reports them."""

    def label(self, iri: str) -> str:
        return self.labels.get(iri, local(iri))


def claim_facts(row: dict, corpus: Corpus) -> list[tuple[str, str] | tuple[str, str, str]]:
    facts: list[tuple[str, str] | tuple[str, str, str]] = [("Quote (French)", row["quote"], "fr")]
    if isinstance(row["gloss_en"], str):
        facts.append(("Gloss (English)", row["gloss_en"]))
    facts.append(("Speaker", corpus.label(row["speaker_id"])))
    if isinstance(row["reported_by"], str):
        facts.append(("Reported by", row["reported_by"]))
    facts.append(("Document", row["document"]))
    sources = [corpus.label(s) for s in row["cites"]]
    if sources:
        facts.append(("Cites or delivered through", "; ".join(sources)))
    return facts


def add_claim(view: View, row: dict, corpus: Corpus, size: float = 6) -> None:
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
    # rows as dicts, converted once: pandas row access per claim or figure is what made this slow
    claims = records(corpus.tables["claims"])
    figures = records(corpus.tables["figures"])
    entities = corpus.tables["entities"]
    types = dict(zip(entities["entity"].tolist(), entities["type"].tolist(), strict=True))
    per_document = Counter(row["document"] for row in claims)
    for document in sorted(per_document):
        view.node(
            document,
            "document",
            document,
            documents=[document],
            size=22,
            facts=[("Claims", str(per_document[document]))],
        )
    spoken: dict[str, list[str]] = {}
    for row in claims:
        if not pd.isna(row["speaker_id"]):
            spoken.setdefault(row["speaker_id"], []).append(row["document"])
    for speaker in sorted(spoken):
        said = spoken[speaker]
        docs = sorted(set(said))
        kind = ", ".join(types[speaker]) if speaker in types else ""
        view.node(
            speaker,
            "entity",
            corpus.label(speaker),
            documents=docs,
            size=8 + 2 * math.sqrt(len(said)),
            facts=[("Type", kind), ("Claims", str(len(said))), ("Documents", "; ".join(docs))],
        )
    for source in corpus.tables["sources"].itertuples():
        docs = source.seeds
        view.node(
            source.source,
            "source",
            source.label,
            documents=docs,
            size=12,
            facts=[("Type", source.type), ("Claims", str(source.claims))],
        )
    for row in claims:
        add_claim(view, row, corpus)
        view.edge(row["speaker_id"], row["claim"], title="asserts")
        view.edge(row["claim"], row["document"], title="reported in")
        for source in row["cites"]:
            view.edge(row["claim"], source, title="cites or delivered through")
    for row in figures:
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
    links = corpus.tables["claim_links"]
    for row in links.itertuples():
        view.edge(
            row.claim,
            row.target,
            title=LINK_LABELS.get(row.relation, row.relation) + (f" (basis: {row.basis})" if basis(row.basis) else ""),
            dashes=True,
            colour=STANCE_COLOURS.get(row.relation, ""),
            directed=bool(row.directed),
        )
    for claim, entries in claim_link_entries(corpus).items():
        view.update(
            claim, links=[[label, view.ids[target], text] for label, target, text in entries if target in view.ids]
        )
    return view


def basis(value: object) -> str:
    return value if isinstance(value, str) else ""


def claim_link_entries(corpus: Corpus) -> dict[str, list[tuple[str, str, str]]]:
    """Per claim, the links a reader can follow from its panel: (label, other claim, what it says).

    Claim links both ways (an incoming reply reads "disputed by"), then the other statements of
    the same value of each of its figures.
    """
    table = corpus.tables["claims"]
    described = {
        claim: f"{str(document)[:3]} · {corpus.label(speaker)}: «{short(quote, 80)}»"
        for claim, document, speaker, quote in zip(
            table["claim"].tolist(),
            table["document"].tolist(),
            table["speaker_id"].tolist(),
            table["quote"].tolist(),
            strict=True,
        )
    }

    def describe(claim: str) -> str:
        return described.get(claim, claim)

    entries: dict[str, list[tuple[str, str, str]]] = {}
    for row in corpus.tables["claim_links"].itertuples():
        relation = row.relation
        why = f" ({row.basis})" if basis(row.basis) and relation in ECHO_LINKS else ""
        entries.setdefault(row.claim, []).append(
            (LINK_LABELS.get(relation, relation) + why, row.target, describe(row.target))
        )
        back = LINK_LABELS[relation] if relation in SYMMETRIC_LINKS else INVERSE_LABELS.get(relation, relation)
        entries.setdefault(row.target, []).append((back + why, row.claim, describe(row.claim)))
    for group in grouped(records(corpus.tables["figures"]), "measure").values():
        said, surfaces = [r["claim"] for r in group], [r["surface"] for r in group]
        partners: dict[int, list[int]] = {}
        for i, j in coinciding([Stated.of(r) for r in group]):
            partners.setdefault(i, []).append(j)
            partners.setdefault(j, []).append(i)
        for i in sorted(partners):
            for j in sorted(partners[i]):
                if said[i] != said[j]:
                    entries.setdefault(said[i], []).append((f"same figure: {surfaces[j]}", said[j], describe(said[j])))
    return {claim: list(dict.fromkeys(items)) for claim, items in entries.items()}


def value_text(row: Mapping) -> str:
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


def time_axis(corpus: Corpus) -> list[tuple[str, str]]:
    """Documents left to right by the earliest date their texts allow (then by name), with that date."""
    dates = corpus.tables.get("document_dates")
    documents = sorted(set(corpus.tables["claims"]["document"].tolist()))
    when = {}
    if dates is not None and not dates.empty:
        for row in dates.itertuples():
            when[row.document] = basis(row.not_before) or basis(row.not_after)
    return sorted(((d, when.get(d, "")) for d in documents), key=lambda dw: (dw[1] or "9999", dw[0]))


def dated(dates: pd.DataFrame | None) -> dict[str, dict]:
    """Each document's row of document_dates, looked up once for the whole view."""
    if dates is None or dates.empty:
        return {}
    return {row["document"]: row for row in records(dates)}


def date_label(row: dict | None) -> str:
    if row is None:
        return "no date in the text"
    low, high = basis(row["not_before"]), basis(row["not_after"])
    if low and high:
        return low if low == high else f"{low} – {high[5:] if high[:4] == low[:4] else high}"
    return f"from {low}" if low else (f"by {high}" if high else "no date in the text")


def date_facts(row: dict | None) -> list[tuple[str, str]]:
    """The evidence of a document's dates and what in them comes from outside the corpus."""
    if row is None:
        return []
    evidence = row["evidence"] if isinstance(row["evidence"], list) else []
    names = [f"{e.rsplit('/', 2)[-2][:3]}/{local(e)}" for e in evidence]  # 000/c02: the anchored claims
    facts = [("Dated by", "; ".join(names))] if names else []
    if basis(row["outside_knowledge"]):
        facts.append(("Outside knowledge", row["outside_knowledge"]))
    return facts


def echo_view(corpus: Corpus) -> View:
    """Entities on a time axis (the documents left to right by their date bounds), linked by what they share.

    An arrow A → B is a directed echo, coloured by its basis; a plain line is a co-statement the
    documents give no direction to. The tooltip of every link lists the claims it rests on.
    """
    view = View(
        "Echo network",
        "left to right: documents by the earliest date their texts allow; A → B: A echoes B on evidence "
        "(colour: basis); plain grey line: the same claim or figure, no direction",
    )
    g = corpus.network
    table = corpus.tables["claims"]
    quote_of = dict(zip(table["claim"].tolist(), table["quote"].tolist(), strict=True))
    dates = dated(corpus.tables.get("document_dates"))
    axis = time_axis(corpus)
    column = {document: i for i, (document, _) in enumerate(axis)}
    spoken: dict[str, Counter] = {}  # per speaker, claims per document
    for speaker, document in zip(table["speaker_id"].tolist(), table["document"].tolist(), strict=True):
        spoken.setdefault(speaker, Counter())[document] += 1
    docs_of = {speaker: sorted(counts) for speaker, counts in spoken.items()}
    for document, _ in axis:
        written = date_label(dates.get(document))
        view.node(
            f"document:{document}",
            "document",
            f"{document[:3]} · {written}",
            documents=[document],
            size=18,
            facts=[("Document", document), ("Written", written), *date_facts(dates.get(document))],
        )
    home: dict[str, str] = {}
    for node in g.nodes:
        if g.degree(node) == 0:
            continue
        if node in docs_of:
            counts = spoken[node]
            home[node] = max(docs_of[node], key=lambda d: (counts[d], -column.get(d, 0)))
        else:  # a source's author: placed with the documents that cite it
            cited_in = sorted(
                {e["document"] for _, _, d in g.in_edges(node, data=True) for e in d["evidence"] if e["document"]},
                key=lambda d: column.get(d, 0),
            )
            home[node] = cited_in[0] if cited_in else axis[0][0]
    rows = {document: 0 for document, _ in axis}
    for node in sorted(home, key=lambda n: (column.get(home[n], 0), -g.degree(n), corpus.label(n))):
        document = home[node]
        echoed = g.in_degree(node, weight="weight")
        view.node(
            node,
            "entity",
            corpus.label(node),
            documents=docs_of.get(node, [document]),
            size=8 + 3 * math.sqrt(echoed),
            facts=[
                ("Echoed by", f"{echoed} piece(s) of directed evidence"),
                ("Echoes", str(g.out_degree(node, weight="weight"))),
                ("Documents", "; ".join(docs_of.get(node, []))),
            ],
        )
        rows[document] += 1
        x = column.get(document, 0)
        view.update(node, x=x * COLUMN + (rows[document] % 2) * 70, y=rows[document] * 110 + (x % 2) * 55)
    for i, (document, _) in enumerate(axis):
        view.update(f"document:{document}", x=i * COLUMN, y=-40)

    def line(e: dict) -> str:
        quote = short(quote_of.get(e["claim"], e["claim"]), 70)
        target = quote_of.get(e["echoed_claim"])
        towards = f" → «{short(target, 50)}» ({e['echoed_document'][:3]})" if isinstance(target, str) else ""
        what = KIND_LABELS[e["kind"]] + (f" · {e['basis']}" if e["directed"] else "")
        return f"[{what}] {e['document'][:3]}: «{quote}»{towards}"

    for a, b, data in g.edges(data=True):
        directed = [e for e in data["evidence"] if e["directed"]]
        shared = [e for e in data["evidence"] if not e["directed"]]
        if directed:
            bases = Counter(e["basis"] for e in directed)
            lines = [
                f"{corpus.label(a)} → {corpus.label(b)}: echoes, on evidence ({len(directed)})",
                "basis: " + ", ".join(f"{k} ({n})" for k, n in sorted(bases.items())),
            ]
            lines += [line(e) for e in directed[:12]]
            if len(directed) > 12:
                lines.append(f"… and {len(directed) - 12} more")
            view.edge(
                a,
                b,
                title="\n".join(lines),
                width=1 + 1.5 * math.log2(len(directed) + 1),
                colour=BASIS_COLOURS[bases.most_common(1)[0][0]],
            )
        if shared:
            lines = [
                f"{corpus.label(a)} — {corpus.label(b)}: state the same ({len(shared)}); "
                "the documents do not say who took it from whom"
            ]
            lines += [line(e) for e in shared[:12]]
            if len(shared) > 12:
                lines.append(f"… and {len(shared) - 12} more")
            view.edge(
                a,
                b,
                title="\n".join(lines),
                width=1 + math.log2(len(shared) + 1),
                colour=SHARED_COLOUR,
                dashes=True,
                directed=False,
            )
    view.edge_legend = [(label, BASIS_COLOURS[k]) for k, label in BASIS_LABELS.items()]
    view.edge_legend.append(("same claim or figure, no direction (no arrowhead)", SHARED_COLOUR))
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
    recurring = corpus.tables["recurring_figures"]
    drifts = dict(zip(recurring["measure"].tolist(), recurring["drift"].tolist(), strict=True))
    reasons = dict(zip(recurring["measure"].tolist(), recurring["drift_reason"].tolist(), strict=True))
    pairs = corpus.tables.get("figure_coincidences", pd.DataFrame(columns=["measure_a", "measure_b"]))
    shown = set(drifts) | set(pairs["measure_a"]) | set(pairs["measure_b"])
    rows = [row for row in records(figures) if row["measure"] in shown]
    for measure, group in grouped(rows, "measure").items():
        docs = sorted({row["document"] for row in group})
        drift = measure in drifts and bool(drifts[measure])
        facts = [("Documents", "; ".join(docs)), ("Stated as", "; ".join(sorted({row["surface"] for row in group})))]
        if drift:
            facts.append(("Drift", reasons[measure]))
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
        for row in group:
            speaker = row["speaker_id"]
            view.node(speaker, "entity", corpus.label(speaker), documents=[row["document"]], size=10)
            view.edge(speaker, measure, title=f"{row['surface']} ({row['document']})")
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
