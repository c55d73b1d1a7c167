"""A synthetic corpus of any size, shaped like the real one: seeds, annotations, shared files.

Used by the benchmarks to measure how the build scales; never by the tests' expectations.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

PREFIXES = """@prefix d:      <https://w3id.org/claimgraph/doc/> .
@prefix cg:     <https://w3id.org/claimgraph/ontology#> .
@prefix ent:    <https://w3id.org/claimgraph/entity/> .
@prefix src:    <https://w3id.org/claimgraph/source/> .
@prefix qty:    <https://w3id.org/claimgraph/quantity/> .
@prefix schema: <https://schema.org/> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix cito:   <http://purl.org/spar/cito/> .
"""


def write_corpus(root: Path, documents: int, claims_per_document: int, seed: int = 1) -> Path:
    """Write seeds/ and annotations/ under ``root``; about 45 triples per claim once built."""
    rng = random.Random(seed)
    entities, sources, quantities = max(20, documents * 10), max(5, documents), max(10, documents * 4)
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "annotations").mkdir(parents=True, exist_ok=True)
    for d in range(documents):
        stem = f"{d:05d}_synthetic"
        sentences, blocks = [f"Document synthétique {d}\n\n"], []
        for c in range(claims_per_document):
            speaker, measure = rng.randrange(entities), rng.randrange(quantities)
            amount = rng.choice([5, 6, 17, 80, 100, 500])
            quote = f"la société E{speaker} a dépensé {amount} millions de dollars pour le projet {d}-{c} du lot"
            sentences.append(f"Selon la source S{rng.randrange(sources)}, {quote}. ")
            links = f" ;\n    cg:echoes :c{c - 1}" if c and rng.random() < 0.2 else ""
            blocks.append(
                f':c{c} a cg:Claim ;\n    cg:assertedBy ent:e{speaker} ;\n    cg:cue "Selon" ;\n'
                f'    cg:cites src:s{rng.randrange(sources)} ;\n    cg:quote "{quote}" ;\n'
                f'    cg:gloss "Entity {speaker} spent {amount} million dollars."@en ;\n'
                f"    cg:about ent:e{rng.randrange(entities)} ;\n    cg:states :c{c}-f1{links} .\n\n"
                f':c{c}-f1 a schema:MonetaryAmount ;\n    cg:surface "{amount} millions de dollars" ;\n'
                f'    schema:value {amount * 1_000_000} ;\n    schema:currency "USD" ;\n'
                f"    cg:measures qty:q{measure} .\n"
            )
        text = "".join(sentences) + "\n"
        (root / "seeds" / f"{stem}.txt").write_text(text, encoding="utf-8")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        head = (
            f"@prefix :       <https://w3id.org/claimgraph/doc/{stem}/> .\n{PREFIXES}\n"
            f'd:{stem} a cg:Document, schema:NewsArticle ;\n    cg:seedFile "{stem}.txt" ;\n'
            f'    cg:sha256 "{digest}" ;\n    schema:headline "Document synthétique {d}"@fr ;\n'
            f'    schema:publisher ent:e0 ;\n    schema:inLanguage "fr" ;\n    cg:genre "news" .\n\n'
        )
        (root / "annotations" / f"{stem}.ttl").write_text(head + "".join(blocks), encoding="utf-8")
    shared = [PREFIXES]
    shared += [f'ent:e{i} a schema:Person ;\n    rdfs:label "Entity {i}" .\n' for i in range(entities)]
    shared += [
        f'src:s{i} a cg:Outlet ;\n    rdfs:label "Source {i}" ;\n    schema:publisher ent:e{i} .\n'
        for i in range(sources)
    ]
    shared += [
        f'qty:q{i} a cg:MeasuredQuantity ;\n    rdfs:label "Quantity {i}" ;\n'
        f'    rdfs:comment "Synthetic spending {i}, USD." .\n'
        for i in range(quantities)
    ]
    (root / "annotations" / "shared.ttl").write_text("\n".join(shared), encoding="utf-8")
    return root
