"""The analysis of one build, run once from the records into typed results.

Every result keeps its types (lists as lists, counts as integers, networks as networkx graphs);
the exporters turn them into text, and ``quads`` into the derived graph's RDF.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

import networkx as nx
import pandas as pd
import pyoxigraph as ox

from . import records, tables
from .bridging import Bridging
from .coincidences import Coincidences, coincidence_quads, coincidences
from .derived import echo_quads, overlap_quads, recurrence_quads, reliance_quads
from .echoes import claim_links, echo_network
from .recurrence import figure_repetitions, recurring_figures
from .reliance import document_overlap, source_reliance


@dataclass(frozen=True)
class DocumentCounts:
    """Counts of one document: what it reports, from whom, about what, citing what, stating what."""

    seed: str
    claims: int
    attributed: int
    entities: int
    sources: int
    figures: int
    speakers: int


@dataclass(frozen=True)
class Analysis:
    """Everything the build derives from the records, computed once."""

    records: records.Records
    network: nx.DiGraph
    """The echo network (``echoes.echo_network``)."""
    bridging: Bridging
    """Its betweenness, being computed (``tables`` waits for it)."""
    links: pd.DataFrame
    """Claim links with direction and basis (``echoes.claim_links``)."""
    recurring: pd.DataFrame
    repetitions: pd.DataFrame
    reliance: pd.DataFrame
    """Per cited source: claims, documents, seeds (``reliance.source_reliance``)."""
    overlap: nx.Graph
    coinciding: Coincidences

    @property
    def labels(self) -> dict[str, str]:
        return self.records.labels

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by its CSV name (without extension)."""
        rec = self.records
        return {
            "claims": tables.claims_table(rec),
            "figures": tables.figures_table(rec),
            "entities": tables.entities_table(rec, self.network, self.bridging.result()),
            "echoes": tables.echoes_table(self.network, rec.labels),
            "claim_links": self.links,
            "document_dates": tables.document_dates_table(rec),
            "recurring_figures": self.recurring,
            "figure_repetitions": self.repetitions,
            "sources": tables.sources_table(rec, self.reliance),
            "document_overlap": tables.document_overlap_table(self.overlap, rec.labels),
            "figure_coincidences": self.coinciding.pairs,
        }

    def quads(self, documents: dict[str, str]) -> Iterator[ox.Quad]:
        """The results as quads of the derived graph; ``documents`` maps seed file names to document IRIs."""
        return chain(
            echo_quads(self.network),
            recurrence_quads(self.recurring),
            reliance_quads(self.records.sources["source"], self.reliance),
            overlap_quads(self.overlap, documents),
            coincidence_quads(self.coinciding),
        )

    def document_counts(self, documents: dict[str, str]) -> list[DocumentCounts]:
        """Per document (seed file name -> document IRI, in that order), its counts."""
        rec = self.records
        claims = rec.claims[["claim", "document", "speaker", "own_voice"]]
        document_of = claims[["claim", "document"]]
        entities = pd.concat(
            [claims[["document", "speaker"]].rename(columns={"speaker": "entity"}), rec.about.merge(document_of)]
        )
        per = {
            "claims": claims.groupby("document")["claim"].nunique(),
            "attributed": claims[~claims["own_voice"]].groupby("document")["claim"].nunique(),
            "entities": entities.groupby("document")["entity"].nunique(),
            "sources": rec.citations.merge(document_of).groupby("document")["source"].nunique(),
            "figures": rec.figures.merge(document_of).groupby("document")["figure"].nunique(),
            "speakers": claims.groupby("document")["speaker"].nunique(),
        }
        found = [counts.to_dict() for counts in per.values()]  # a dict lookup per document, not a Series one
        return [DocumentCounts(seed, *(int(counts.get(iri, 0)) for counts in found)) for seed, iri in documents.items()]


def analyse(rec: records.Records) -> Analysis:
    """Run every analysis once on the records."""
    links = claim_links(rec)
    network = echo_network(rec, links)
    return Analysis(
        records=rec,
        network=network,
        bridging=Bridging.start(network),  # the longest step, beside the others and until ``tables``
        links=links,
        recurring=recurring_figures(rec),
        repetitions=figure_repetitions(rec),
        reliance=source_reliance(rec),
        overlap=document_overlap(rec),
        coinciding=coincidences(rec),
    )
