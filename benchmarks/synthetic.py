"""A synthetic corpus of N documents in the project's annotation format, valid at every N.

Used by the benchmarks to measure how the build scales; never by the tests' expectations about
the real documents. Deterministic for a given ``(documents, seed)``.

What it promises (``tests/test_synthetic.py`` checks it on the built graph):

- every document dates itself (``cg:notBefore``, a third also ``cg:notAfter``) by its first
  claim, the author's own report of a dated event, and has 1 to 4 claims (about 1.8): that
  one, in about a third a person quoted by name (``a déclaré``, sometimes through an outlet),
  in a fifth one « selon » a source, and in a quarter a repetition of an earlier document's
  quote, attributed (``cg:echoes``) or not (``cg:coStates``); every claim states one figure
  and is ``cg:about`` the organisation the figure is about;
- sources and quantities are declared by the document that first uses them, so none is ever
  unused; people are introduced a few at a time and quoted again by later documents of the
  same stretch, organisations (a fixed pool of 96 invented names) recur across the corpus;
- every measured quantity has a number of its own (a permutation of distinct numbers per
  unit), is stated again by a few later documents (the same words, « environ » the rounded
  number, or « plus de » a higher one), and only a few quantities deliberately share a number
  with another, so figure coincidences stay few and grow with N, not N².

About 150 triples per document once built (1.4 million at 10,000 documents; the benchmark reports the real counts).
"""

from __future__ import annotations

import hashlib
import random
from collections import deque
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

BASE = "https://w3id.org/claimgraph/"
PREFIXES = f"""@prefix d:      <{BASE}doc/> .
@prefix cg:     <https://w3id.org/claimgraph/ontology#> .
@prefix ent:    <{BASE}entity/> .
@prefix src:    <{BASE}source/> .
@prefix qty:    <{BASE}quantity/> .
@prefix schema: <https://schema.org/> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
"""
FIRST = [
    "Marie",
    "Jean",
    "Claire",
    "Pierre",
    "Sophie",
    "Luc",
    "Anne",
    "Paul",
    "Julie",
    "Marc",
    "Léa",
    "Hugo",
    "Emma",
    "Louis",
    "Chloé",
    "Théo",
    "Inès",
    "Noé",
    "Camille",
    "Jules",
]
LAST = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "Fontaine",
]
ORGS = [
    a + b
    for a in ["Nor", "Vel", "Astr", "Cal", "Quan", "Lum", "Ter", "Syn", "Orb", "Zen", "Hel", "Myr"]
    for b in ["alis", "ix", "ora", "tech", "via", "gen", "ium", "eo"]
]
OUTLETS = [
    "Le Courrier",
    "La Gazette du Numérique",
    "L'Écho des Marchés",
    "Le Quotidien",
    "La Dépêche Tech",
    "Le Journal de l'IA",
]
ROLES = [("directrice financière", "chief financial officer"), ("PDG", "chief executive"), ("analyste", "analyst")]
TOPICS = [
    "son centre de calcul",
    "son nouveau modèle",
    "ses puces d'inférence",
    "son usine de Lyon",
    "son offre en nuage",
    "sa filiale de Lille",
]
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


@dataclass(frozen=True)
class Unit:
    """How one unit's figures are written: the words after the number, the factor to base units, the verb."""

    field: str
    code: str
    words: str
    factor: int
    decimal: bool
    verb: str


UNITS = [
    Unit("currency", "USD", "millions de dollars", 10**6, True, "investit"),
    Unit("currency", "EUR", "milliards d'euros", 10**9, True, "lève"),
    Unit("currency", "CNY", "millions de yuans", 10**6, True, "dépense"),
    Unit("unitText", "percent", "%", 1, True, "gagne"),
    Unit("unitText", "people", "salariés", 1, False, "emploie"),
    Unit("unitText", "user", "millions d'utilisateurs", 10**6, True, "revendique"),
    Unit("unitText", "chip", "puces", 1, False, "commande"),
    Unit("unitText", "parameter", "milliards de paramètres", 10**9, True, "annonce"),
    Unit("unitText", "W", "mégawatts", 10**6, True, "consomme"),
    Unit("unitText", "download", "millions de téléchargements", 10**6, True, "compte"),
]
QUOTED, CITED, REPEATED = 0.35, 0.2, 0.25
"""How often a document has, after its dated lead, a quoted person, a « selon », a repetition."""
SLOTS = 3996
"""Distinct numbers per unit: 1,2 1,4 1,6 1,8 2,2 ... 999,8 (never a round number, never adjacent)."""


def spaced(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def number(slot: int, unit: Unit) -> tuple[str, str]:
    """The ``slot``-th number of a unit: its French digits and its value in base units (Turtle)."""
    whole, tenth = divmod(slot % SLOTS, 4)
    tenth = 2 * tenth + 2
    if unit.decimal:
        value = (whole + 1) * 10 + tenth  # in tenths
        base = value * unit.factor // 10 if unit.factor >= 10 else f"{value / 10:.1f}"
        return f"{whole + 1},{tenth}", str(base)
    n = (whole + 100) * 10 + tenth
    return spaced(n), str(n * unit.factor)


@dataclass
class Quantity:
    """A measured quantity: what an organisation spends, counts or announces for one topic."""

    iri: str
    org: str
    org_iri: str
    unit: Unit
    topic: str
    slot: int
    statements: int = 0


@dataclass
class Quote:
    """A claim a later document may repeat: where it is, its words, its speaker and its figure."""

    claim: str
    text: str
    speaker: str
    figure: tuple[str, str, Quantity, str | None]


@dataclass
class Pools:
    """What the corpus has declared so far: each is declared where it is first used."""

    rng: random.Random
    shared: dict[str, list[str]] = field(default_factory=lambda: {"entities": [], "sources": [], "quantities": []})
    declared: set[str] = field(default_factory=set)
    people: deque = field(default_factory=lambda: deque(maxlen=40))
    journalists: dict[str, list[str]] = field(default_factory=dict)
    reports: deque = field(default_factory=lambda: deque(maxlen=30))
    quantities: deque = field(default_factory=lambda: deque(maxlen=60))
    quotes: deque = field(default_factory=lambda: deque(maxlen=80))
    counts: dict[str, int] = field(default_factory=dict)

    def next(self, kind: str) -> int:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return self.counts[kind] - 1

    def declare(self, file: str, iri: str, text: str) -> str:
        if iri not in self.declared:
            self.declared.add(iri)
            self.shared[file].append(text)
        return iri

    def org(self) -> tuple[str, str]:
        """An organisation, the first ones far more often (a Zipf-like reuse)."""
        i = min(int(self.rng.paretovariate(1.0)) - 1, len(ORGS) - 1)
        name = ORGS[(i * 37) % len(ORGS)]
        iri = f"ent:{name.lower()}"
        return self.declare("entities", iri, f'{iri} a schema:Organization ;\n    rdfs:label "{name}" .\n'), name

    def outlet(self, i: int | None = None) -> tuple[str, str]:
        name = OUTLETS[self.rng.randrange(len(OUTLETS)) if i is None else i]
        slug = "-".join(name.lower().replace("'", " ").split())
        self.declare(
            "entities", f"ent:{slug}", f'ent:{slug} a schema:NewsMediaOrganization ;\n    rdfs:label "{name}" .\n'
        )
        return f"ent:{slug}", name

    def reporting(self, outlet: str, name: str) -> str:
        """The outlet's reporting as a source (what « selon » cites, what « a déclaré à » goes through)."""
        iri = f"src:{outlet.removeprefix('ent:')}"
        return self.declare(
            "sources",
            iri,
            f'{iri} a cg:Outlet ;\n    rdfs:label "{name} reporting" ;\n    schema:publisher {outlet} .\n',
        )

    def person(self, works_for: str, role: tuple[str, str]) -> tuple[str, str]:
        i = self.next("person")
        first, rest = FIRST[i % len(FIRST)], i // len(FIRST)
        initial = f"{chr(65 + rest // len(LAST) % 26)}. " if rest >= len(LAST) else ""
        label = f"{first} {initial}{LAST[rest % len(LAST)]}"
        iri = f"ent:p{i:05d}"
        self.declare(
            "entities",
            iri,
            f'{iri} a schema:Person ;\n    rdfs:label "{label}" ;\n'
            f'    schema:jobTitle "{role[0]}"@fr, "{role[1]}"@en ;\n    schema:worksFor {works_for} .\n',
        )
        return iri, label

    def speaker(self) -> tuple[str, str, str]:
        """A person to quote: a new one now and then, otherwise one of the stretch's recent ones."""
        if not self.people or self.rng.random() < 0.35:
            org, org_name = self.org()
            role = self.rng.choice(ROLES)
            iri, label = self.person(org, role)
            self.people.append((iri, label, f"{role[0]} de {org_name}"))
            return self.people[-1]
        return self.rng.choice(self.people)

    def author(self, publisher: str) -> str:
        staff = self.journalists.setdefault(publisher, [])
        if not staff or self.rng.random() < 0.5:
            staff.append(self.person(publisher, ("journaliste", "journalist"))[0])
            return staff[-1]
        return self.rng.choice(staff[-8:])

    def quantity(self, avoid: set[str]) -> Quantity:
        """A quantity to state: an earlier one of the stretch (not yet stated here) or a new one."""
        reusable = [q for q in self.quantities if q.iri not in avoid and q.statements < 4]
        if reusable and self.rng.random() < 0.45:
            return self.rng.choice(reusable)
        k = self.next("quantity")
        unit = UNITS[k % len(UNITS)]
        slot = (k // len(UNITS)) * 7919 % SLOTS
        if self.quantities and self.rng.random() < 0.02:  # the same number for a different thing
            twin = self.rng.choice([q for q in self.quantities if q.unit == unit] or [None])
            slot = twin.slot if twin else slot
        org, org_name = self.org()
        topic = self.rng.choice(TOPICS)
        iri = f"qty:q{k:05d}"
        self.declare(
            "quantities",
            iri,
            f'{iri} a cg:MeasuredQuantity ;\n    rdfs:label "{org_name}: {unit.verb} ({topic}), #{k}" ;\n'
            f'    rdfs:comment "What {org_name} {unit.verb} for {topic} (synthetic quantity {k}); '
            f'unit: {unit.code}."@en .\n',
        )
        q = Quantity(iri, org_name, org, unit, topic, slot)
        self.quantities.append(q)
        return q

    def source(self) -> tuple[str, str]:
        """Something to cite: an outlet's reporting, or an organisation's report (new now and then)."""
        if self.rng.random() < 0.5:
            publisher, name = self.outlet()
            return self.reporting(publisher, name), name
        if not self.reports or self.rng.random() < 0.3:
            org, org_name = self.org()
            k = self.next("report")
            iri = f"src:report-{k:05d}"
            self.declare(
                "sources",
                iri,
                f'{iri} a cg:Report ;\n    rdfs:label "Report {k} of {org_name}" ;\n    schema:publisher {org} .\n',
            )
            self.reports.append((iri, f"le rapport n° {k} de {org_name}"))
            return self.reports[-1]
        return self.rng.choice(self.reports)


def figure(pools: Pools, q: Quantity) -> tuple[str, str, Quantity, str | None]:
    """A statement of ``q``: its surface, value, and hedge. Restatements vary the words."""
    digits, value = number(q.slot, q.unit)
    hedge = None
    if q.statements and pools.rng.random() < 0.3:
        whole = int(digits.replace(" ", "").split(",")[0])
        if pools.rng.random() < 0.5 and q.unit.decimal:
            digits, value, hedge = str(whole), str(whole * q.unit.factor), "Approximately"
            digits = f"environ {digits}"
        else:
            higher = whole + 3
            digits, value, hedge = f"plus de {spaced(higher)}", str(higher * q.unit.factor), "MoreThan"
    q.statements += 1
    surface = f"{digits}\u00a0%" if q.unit.words == "%" else f"{digits} {q.unit.words}"
    return surface, value, q, hedge


def figure_ttl(name: str, fig: tuple[str, str, Quantity, str | None]) -> str:
    surface, value, q, hedge = fig
    kind = "MonetaryAmount" if q.unit.field == "currency" else "QuantitativeValue"
    hedged = f"    cg:hedge cg:{hedge} ;\n" if hedge else ""
    return (
        f'{name} a schema:{kind} ;\n    cg:surface "{escape(surface)}" ;\n    schema:value {value} ;\n{hedged}'
        f'    schema:{q.unit.field} "{q.unit.code}" ;\n    cg:measures {q.iri} .\n'
    )


def escape(text: str) -> str:
    return text.replace("\u00a0", "\\u00A0")


@dataclass
class Document:
    """One document being written: its sentences (the seed) and its claims (the annotation)."""

    stem: str
    author: str
    pools: Pools
    sentences: list[str] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    measured: set[str] = field(default_factory=set)

    def claim(
        self, sentence: str, speaker: str, quote: str, gloss: str, fig: tuple, extra: str = "", cue: str | None = None
    ) -> str:
        """Add a claim stating one figure; its local name (``:c03``)."""
        name = f":c{len(self.blocks) + 1:02d}"
        self.measured.add(fig[2].iri)
        self.sentences.append(sentence)
        cue_line = f'    cg:cue "{cue}" ;\n' if cue else ""
        self.blocks.append(
            f'{name} a cg:Claim ;\n    cg:assertedBy {speaker} ;\n{cue_line}    cg:quote "{escape(quote)}" ;\n'
            f'    cg:gloss "{gloss}"@en ;\n{extra}    cg:about {fig[2].org_iri} ;\n    cg:states {name}-f1 .\n\n'
            + figure_ttl(f"{name}-f1", fig)
        )
        return name

    def statement(self) -> tuple[Quantity, tuple]:
        q = self.pools.quantity(self.measured)
        return q, figure(self.pools, q)

    def dated(self, day: date, bounded: bool) -> str:
        """The author's own report of a dated event: what dates the document. Returns the headline."""
        q, fig = self.statement()
        when = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
        lead = "Plus tôt cette semaine, le" if bounded else "Le"
        quote = f"{lead} {when}, {q.org} {q.unit.verb} {fig[0]} pour {q.topic}"
        self.claim(f"{quote}.", self.author, quote, f"On {day.isoformat()}, {q.org}: {fig[0]} ({q.unit.code}).", fig)
        return f"{q.org} et {q.topic}, {when}"

    def quoted(self) -> None:
        """A person quoted by name, now and then through an outlet (« a déclaré à »)."""
        speaker, label, role = self.pools.speaker()
        q, fig = self.statement()
        quote = f"{q.org} {q.unit.verb} {fig[0]} pour {q.topic}, et ce n'est qu'un début"
        extra, cue = "", "a déclaré"
        if self.pools.rng.random() < 0.4:
            outlet, outlet_name = self.pools.outlet()
            cue = f"a déclaré à {outlet_name}"
            extra = f"    cg:deliveredThrough {self.pools.reporting(outlet, outlet_name)} ;\n"
        sentence = f"{label}, {role}, {cue} : « {quote} »."
        name = self.claim(
            sentence, speaker, quote, f"{q.org}: {fig[0]} ({q.unit.code}), only a start.", fig, extra, cue
        )
        self.pools.quotes.append(Quote(f"<{BASE}doc/{self.stem}/{name[1:]}>", quote, label, fig))

    def cited(self) -> None:
        """What the author reports « selon » a source."""
        source, source_name = self.pools.source()
        q, fig = self.statement()
        quote = f"{q.org} {q.unit.verb} désormais {fig[0]} pour {q.topic}"
        gloss = f"{q.org} now: {fig[0]} ({q.unit.code})."
        self.claim(
            f"Selon {source_name}, {quote}.", self.author, quote, gloss, fig, f"    cg:cites {source} ;\n", "Selon"
        )

    def repeated(self) -> None:
        """An earlier document's quote again, word for word: named and echoed, or stated as the author's own."""
        earlier = [
            e for e in self.pools.quotes if f"/{self.stem}/" not in e.claim and e.figure[2].iri not in self.measured
        ]
        if not earlier:
            return
        e = self.pools.rng.choice(earlier)
        e.figure[2].statements += 1
        if self.pools.rng.random() < 0.6:
            sentence, cue = f"Comme l'avait affirmé {e.speaker} : « {e.text} ».", "Comme l'avait affirmé"
            link = f"    cg:echoes {e.claim} ;\n"
        else:
            sentence, cue, link = f"On le répète : {e.text}.", None, f"    cg:coStates {e.claim} ;\n"
        self.claim(sentence, self.author, e.text, "Repeats an earlier document's words.", e.figure, link, cue)


def document(pools: Pools, d: int, day: date, seed: int) -> tuple[str, str, str]:
    """One document: its stem, seed text and annotation file."""
    rng = pools.rng
    stem = f"{d:05d}_{hashlib.sha256(f'{seed}-{d}'.encode()).hexdigest()[:16]}"
    publisher, _ = pools.outlet(d % len(OUTLETS) if d < len(OUTLETS) else None)
    doc = Document(stem, pools.author(publisher), pools)
    bounded = rng.random() < 0.33
    headline = doc.dated(day, bounded)
    if rng.random() < QUOTED:
        doc.quoted()
    if rng.random() < CITED:
        doc.cited()
    if rng.random() < REPEATED:
        doc.repeated()
    text = f"{headline}\n\n" + "\n".join(doc.sentences) + "\n"
    dates = f'    cg:notBefore "{day.isoformat()}"^^xsd:date ;\n'
    if bounded:
        dates += f'    cg:notAfter "{(day + timedelta(days=6)).isoformat()}"^^xsd:date ;\n'
    head = (
        f"@prefix :       <{BASE}doc/{stem}/> .\n{PREFIXES}\n"
        f'd:{stem} a cg:Document, schema:NewsArticle ;\n    cg:seedFile "{stem}.txt" ;\n'
        f'    cg:sha256 "{hashlib.sha256(text.encode("utf-8")).hexdigest()}" ;\n'
        f'    schema:headline "{headline}"@fr ;\n    schema:author {doc.author} ;\n    schema:publisher {publisher} ;\n'
        f'    schema:inLanguage "fr" ;\n    cg:genre "news" ;\n{dates}    cg:dateEvidence :c01 .\n\n'
    )
    return stem, text, head + "\n".join(doc.blocks)


def write_corpus(root: Path, documents: int, seed: int = 1) -> Path:
    """Write ``seeds/`` and ``annotations/`` (with the three shared files) of ``documents`` documents under ``root``."""
    pools = Pools(random.Random(seed))
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "annotations").mkdir(parents=True, exist_ok=True)
    start = date(2025, 1, 6)
    for d in range(documents):
        day = start + timedelta(days=d * 340 // max(documents, 1))
        stem, text, annotation = document(pools, d, day, seed)
        (root / "seeds" / f"{stem}.txt").write_text(text, encoding="utf-8")
        (root / "annotations" / f"{stem}.ttl").write_text(annotation, encoding="utf-8")
    for name, blocks in pools.shared.items():
        (root / "annotations" / f"{name}.ttl").write_text(PREFIXES + "\n" + "\n".join(blocks), encoding="utf-8")
    return root
