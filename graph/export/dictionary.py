"""The data dictionary: every column of every table under out/tables/, its type, meaning and unit.

One source for the Frictionless Data Package (``datapackage.json``), the Parquet schemas and the
readers. A table or column written without an entry here stops the export with a message naming
it: describe it before it ships.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column: a Table Schema type (``array`` cells are JSON arrays of strings), what it means, its unit."""

    type: str
    description: str
    unit: str | None = None
    iri: bool = False

    def field(self, name: str) -> dict:
        """The Table Schema field for this column."""
        field: dict[str, object] = {"name": name, "type": self.type, "description": self.description}
        if self.iri:
            field["format"] = "uri"
        if self.type == "array":
            field["description"] = f"{self.description} A JSON array of strings (never a separator-joined string)."
        if self.unit:
            field["unit"] = self.unit
        return field


@dataclass(frozen=True)
class Table:
    title: str
    description: str
    columns: dict[str, Column]


def iri(description: str) -> Column:
    return Column("string", description, iri=True)


def text(description: str) -> Column:
    return Column("string", description)


def count(description: str) -> Column:
    return Column("integer", description, unit="count")


def listed(description: str) -> Column:
    return Column("array", description)


SEED = "The seed file name under seeds/, e.g. 002_59f5497307406c20.txt."
OFFSET = "Unicode code points of the seed as stored, 0-based"

TABLES: dict[str, Table] = {
    "claims": Table(
        "Claims",
        "One row per claim: who asserts it, where it is reported, its verbatim quote and English gloss.",
        {
            "claim": iri("The claim's IRI."),
            "document": text("The document reporting the claim. " + SEED),
            "speaker": text("The label of the entity that asserts the claim."),
            "speaker_id": iri("The IRI of the entity that asserts the claim (cg:assertedBy)."),
            "reported_by": text(
                "The label of the document's author or publisher when the claim is someone else's (cg:reportedBy); "
                "empty for the document's own voice."
            ),
            "quote": text("The claim's verbatim French text, exactly as in the seed."),
            "start": Column("integer", f"Where the quote starts: {OFFSET}.", unit="code point"),
            "end": Column("integer", f"Where the quote ends, exclusive: {OFFSET}.", unit="code point"),
            "gloss_en": text("A plain English rendering of the claim."),
            "cites": listed("IRIs of the sources the claim cites or was delivered through."),
            "figures": listed("IRIs of the figures the claim states (rows of figures)."),
        },
    ),
    "figures": Table(
        "Figures",
        "One row per figure a claim states: its surface in the text and its value normalised to base units.",
        {
            "figure": iri("The figure's IRI."),
            "document": text("The document the figure is stated in. " + SEED),
            "claim": iri("The claim stating the figure (rows of claims)."),
            "surface": text('The figure\'s verbatim text in the seed ("5,6 millions de dollars").'),
            "value": Column("number", "The value stated, in base units (the unit column); empty for a range.", "unit"),
            "unit": text("ISO 4217 currency code for money (USD), else the unit as text (percent, W, GPU, year, ...)."),
            "min_value": Column("number", "A range's lower bound, in base units; empty when a single value.", "unit"),
            "max_value": Column("number", "A range's upper bound, in base units; empty when open or a value.", "unit"),
            "approximate": Column("boolean", "Whether the text hedges the value (any hedge)."),
            "hedge": iri("The hedge's IRI (cg:Approximately, cg:AtLeast, cg:MoreThan, cg:AtMost, cg:LessThan)."),
            "measure": iri("The measured quantity the figure states a value of (shared across documents)."),
            "start": Column("integer", f"Where the surface starts: {OFFSET}.", unit="code point"),
            "end": Column("integer", f"Where the surface ends, exclusive: {OFFSET}.", unit="code point"),
        },
    ),
    "entities": Table(
        "Entities",
        "One row per person, organisation, product, project or place, with its echo centrality.",
        {
            "entity": iri("The entity's IRI."),
            "label": text("The entity's name."),
            "type": listed("The entity's schema.org or cg: types, by local name (Person, Organization, Group, ...)."),
            "aliases": listed("Every surface form of the entity in the texts (skos:altLabel), garbled ones included."),
            "documents": listed("Seed files in which the entity speaks or is spoken about."),
            "claims": count("How many claims the entity asserts or is about."),
            "echoed_by": count("Echo evidence pointing at the entity: weighted in-degree in the echo network."),
            "echoes": count("Echo evidence from the entity: weighted out-degree in the echo network."),
            "bridging": Column(
                "number", "Betweenness centrality in the undirected echo network (0 to 1).", unit="fraction"
            ),
        },
    ),
    "echoes": Table(
        "Echoes",
        "One row per (echoer, echoed, kind): an entity's claims echo another's, with the evidence.",
        {
            "echoer": text("The label of the entity whose claims echo."),
            "echoed": text("The label of the entity echoed."),
            "echoer_id": iri("The IRI of the echoer."),
            "echoed_id": iri("The IRI of the entity echoed."),
            "kind": text(
                "claim (a link between the claims), figure (the same quantity with the same value within rounding) "
                "or cites (a source the echoed entity authored)."
            ),
            "directed": Column(
                "boolean", "Whether the documents give a direction (echoer takes up echoed); false: a co-statement."
            ),
            "basis": text(
                "What gives the direction: explicit (the text says so), cites (a named source), origin (the echoed "
                "entity's original claim) or time (the echoer's document is later); empty when undirected."
            ),
            "weight": count("How many pieces of evidence."),
            "evidence": listed('Each piece of evidence as "claim IRI -> echoed claim or source IRI".'),
            "documents": listed("Seed files the evidence comes from."),
        },
    ),
    "claim_links": Table(
        "Claim links",
        "One row per link between two claims (echoes, stance, co-statement), with its direction and basis.",
        {
            "claim": iri("The linking claim."),
            "target": iri("The claim it links to."),
            "relation": text("The link by local name (echoes, echoesCited, echoesOrigin, coStates, disputes, ...)."),
            "directed": Column("boolean", "Whether the link has a direction the documents support."),
            "basis": text("explicit, cites, origin or time (see echoes.basis); empty when undirected."),
            "document": text("The linking claim's document. " + SEED),
            "target_document": text("The target claim's document. " + SEED),
        },
    ),
    "document_dates": Table(
        "Document dates",
        "Per document: the dates it can be placed between, the claims that evidence them, outside knowledge used.",
        {
            "document": text("The document. " + SEED),
            "not_before": Column("date", "The earliest date the document can have been written (ISO 8601)."),
            "not_after": Column("date", "The latest date the document can have been written (ISO 8601)."),
            "evidence": listed("IRIs of the claims whose content bounds the date."),
            "outside_knowledge": listed("What the bounds take from outside the corpus, and why."),
        },
    ),
    "recurring_figures": Table(
        "Recurring figures",
        "One row per measured quantity stated more than once: the values, their spread and whether they drift.",
        {
            "measure": iri("The measured quantity's IRI."),
            "documents": listed("Seed files stating the quantity (two or more)."),
            "statements": count("Figures stating it, repetitions within a document included."),
            "values": listed('Each surface as stated, with its seed file: "5,6 millions de dollars (004_….txt)".'),
            "min": Column("number", "The smallest value or bound stated, in base units.", unit="unit of the figures"),
            "max": Column("number", "The largest value or bound stated, in base units.", unit="unit of the figures"),
            "spread": Column("number", "max over min (12 significant digits); empty when min is 0.", unit="ratio"),
            "drift": Column("boolean", "Whether the stated values disagree beyond rounding, or use different units."),
            "drift_reason": text("Why the values drift; empty when they agree."),
            "agreement": text("identical, within rounding or range, or differ."),
            "figures": listed("IRIs of the figures stating the quantity."),
            "claims": listed("IRIs of the claims stating it."),
            "speakers": listed("IRIs of the entities asserting those claims."),
        },
    ),
    "figure_repetitions": Table(
        "Figure repetitions",
        "One row per measured quantity and document that states it twice or more.",
        {
            "measure": iri("The measured quantity's IRI."),
            "document": text("The document repeating it. " + SEED),
            "statements": count("Figures of the quantity in the document."),
            "values": listed("The distinct surfaces as written."),
            "agreement": text("identical, within rounding or range, or differ."),
            "figures": listed("IRIs of the figures."),
            "claims": listed("IRIs of the claims stating them."),
        },
    ),
    "figure_coincidences": Table(
        "Figure coincidences",
        "Pairs of different measured quantities that two documents state with the same number, and their review.",
        {
            "measure_a": iri("The quantity stated first in reading order (seed file, then position)."),
            "measure_b": iri("The other quantity."),
            "unit": text("The unit family both are stated in."),
            "documents_a": listed("Seed files stating measure_a with the shared number."),
            "documents_b": listed("Seed files stating measure_b with the shared number."),
            "surfaces_a": listed("Surfaces of measure_a as written."),
            "surfaces_b": listed("Surfaces of measure_b as written."),
            "quote_a": text("A quote stating measure_a."),
            "quote_b": text("A quote stating measure_b."),
            "statements": count("Figures involved on both sides."),
            "reviewed": Column("boolean", "Whether an annotator judged the pair (annotations/quantities.ttl)."),
            "reason": text("The review's reason: why the two are, or are not, the same thing."),
            "review": iri("The review's IRI; empty when not reviewed."),
            "figures_a": listed("IRIs of the figures of measure_a involved."),
            "figures_b": listed("IRIs of the figures of measure_b involved."),
            "numbers": listed("Names of the shared numbers (unit, value or range)."),
        },
    ),
    "sources": Table(
        "Sources",
        "One row per source claims cite or were delivered through, and how much they are relied on.",
        {
            "source": iri("The source's IRI."),
            "label": text("The source's name."),
            "type": text("Its cg: class by local name (Outlet, PlatformPost, Report, Essay, Interview)."),
            "claims": count("Claims citing it or delivered through it."),
            "documents": count("Documents with such claims."),
            "seeds": listed("Seed files of those documents."),
        },
    ),
    "document_overlap": Table(
        "Document overlap",
        "Pairs of documents sharing speakers, measured quantities or claim links, most shared first.",
        {
            "document_a": text("The first document of the pair. " + SEED),
            "document_b": text("The second document of the pair. " + SEED),
            "weight": count("Shared speakers plus shared quantities plus links between the two."),
            "shared_speakers": listed("Labels of entities asserting claims in both."),
            "shared_measures": listed("Labels of measured quantities both state a figure of."),
            "links": listed('Claim links across the two, as "claim IRI -> claim IRI".'),
        },
    ),
}
"""Every table the build writes, by file name without extension."""


class UndescribedColumns(ValueError):
    """A table or column is written that the data dictionary does not describe."""


def check(name: str, columns: list[str]) -> Table:
    """The table's entry, if it describes exactly ``columns``; else an error naming what is missing or stale."""
    table = TABLES.get(name)
    if table is None:
        raise UndescribedColumns(f"table {name!r} is not described: add it to TABLES in graph/export/dictionary.py")
    missing = [c for c in columns if c not in table.columns]
    stale = [c for c in table.columns if c not in columns]
    if missing or stale:
        raise UndescribedColumns(
            f"table {name!r}: columns not described {missing}, described but not written {stale}: "
            "update TABLES in graph/export/dictionary.py"
        )
    return table


def datapackage(names: list[str]) -> dict:
    """The Frictionless Data Package describing the written tables (CSV and Parquet)."""
    resources = []
    for name in names:
        table = TABLES[name]
        resources.append(
            {
                "name": name.replace("_", "-"),
                "title": table.title,
                "description": table.description,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
                "schema": {
                    "fields": [column.field(col) for col, column in table.columns.items()],
                    "missingValues": [""],
                },
                "parquet": f"{name}.parquet",
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "claimgraph-tables",
        "title": "Claims, figures, entities and echoes of five French documents about DeepSeek (January 2025)",
        "description": (
            "Tables derived from the claim graph. List cells are JSON arrays in the CSV files and list columns "
            "in the Parquet files beside them; IRIs are those of graph.ttl."
        ),
        "resources": resources,
    }
