"""The starter annotation file ``claimgraph new`` writes: document metadata and every candidate, in Turtle.

What only the annotator can say (a gloss, what a figure measures) is a commented line to fill in
where it belongs; the evidence for each proposal is a comment above it.
"""

from __future__ import annotations

from decimal import Decimal

from .anchor import line_of
from .candidate_claims import ClaimCandidate
from .candidates import FigureCandidate

PREFIXES = """\
@prefix :       <https://w3id.org/claimgraph/doc/{stem}/> .
@prefix d:      <https://w3id.org/claimgraph/doc/> .
@prefix cg:     <https://w3id.org/claimgraph/ontology#> .
@prefix ent:    <https://w3id.org/claimgraph/entity/> .
@prefix src:    <https://w3id.org/claimgraph/source/> .
@prefix qty:    <https://w3id.org/claimgraph/quantity/> .
@prefix schema: <https://schema.org/> .
@prefix cito:   <http://purl.org/spar/cito/> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
"""


def literal(value: str) -> str:
    """A Turtle string: quotes and backslashes escaped, no-break spaces written as \\u00A0 (the convention)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + escaped.replace("\u00a0", "\\u00A0").replace("\u202f", "\\u202F") + '"'


def comment(value: str) -> str:
    return " ".join(value.split())


def number(d: Decimal) -> str:
    """A Turtle number in base units: an integer when it is one."""
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def occurrence(text: str, needle: str, start: int, lo: int = 0, hi: int | None = None) -> int | None:
    """``cg:occurrence`` for the hit at ``start`` when ``needle`` occurs more than once in ``text[lo:hi]``."""
    hi = len(text) if hi is None else hi
    hits, i = [], text.find(needle, lo, hi)
    while i != -1:
        hits.append(i)
        i = text.find(needle, i + 1, hi)
    return hits.index(start) + 1 if len(hits) > 1 else None


def figure_block(text: str, claim_id: str, k: int, figure: FigureCandidate, claim: ClaimCandidate) -> str:
    """One candidate figure; what only the annotator can say is a commented line to fill in, in place."""
    kind = "schema:MonetaryAmount" if figure.currency else "schema:QuantitativeValue"
    lines = [f"# figure {figure.surface!r} read by graph/figures.py" + (f"; {figure.note}" if figure.note else "")]
    lines.append(f":{claim_id}-f{k} a {kind}, cg:Candidate ;")
    lines.append("    # cg:measures qty:… ;  (required: the quantity measured; `claimgraph find` it, or declare")
    lines.append("    #   it in annotations/quantities.ttl with an rdfs:comment saying what is measured)")
    if not (figure.currency or figure.unit):
        lines.append('    # schema:unitText "…" ;  (required: what is counted: chip, people, user, …)')
    lines.append(f"    cg:surface {literal(figure.surface)} ;")
    n = occurrence(text, figure.surface, figure.span.start, claim.quote.start, claim.quote.end)
    if n:
        lines.append(f"    cg:occurrence {n} ;")
    if figure.value is not None:
        lines.append(f"    schema:value {number(figure.value)} ;")
    if figure.min_value is not None:
        lines.append(f"    schema:minValue {number(figure.min_value)} ;")
    if figure.max_value is not None:
        lines.append(f"    schema:maxValue {number(figure.max_value)} ;")
    if figure.hedge:
        lines.append(f"    cg:hedge cg:{figure.hedge} ;")
    if figure.currency:
        lines.append(f"    schema:currency {literal(figure.currency)} ;")
    elif figure.unit:
        lines.append(f"    schema:unitText {literal(figure.unit)} ;")
    lines[-1] = lines[-1].removesuffix(" ;") + " ."
    return "\n".join(lines)


def claim_block(text: str, claim_id: str, claim: ClaimCandidate, author: str) -> str:
    quote = text[claim.quote.start : claim.quote.end]
    line = line_of(text, claim.quote.start)
    lines = [f"# line {line}, {claim.why}"]
    speaker = claim.speaker
    if speaker is None or speaker.own_voice:
        who = author
        lines.append(f"# speaker: {speaker.evidence if speaker else 'none named'} -> {author}")
    elif speaker.entity is not None:
        who = f"ent:{str(speaker.entity).rsplit('/', 1)[-1]}"
        lines.append(f"# speaker: {comment(speaker.evidence)} -> {who}")
    else:
        who = f"ent:{speaker.new_id}"
        lines.append(f"# speaker: {comment(speaker.evidence)} -> new entity {who}")
    for note in claim.notes:
        lines.append(f"# note: {comment(note)}")
    lines.append(f":{claim_id} a cg:Claim, cg:Candidate ;")
    lines.append('    # cg:gloss "…"@en ;  (required: a plain English rendering of the claim)')
    lines.append("    # cg:deliveredThrough src:… ; cg:cites src:… ; cg:about ent:… ; cg:echoes :c… ;  (if they apply)")
    lines.append(f"    cg:assertedBy {who} ;")
    if claim.cue:
        cue = text[claim.cue.span.start : claim.channel.end] if claim.channel else claim.cue.text
        lines.append(f"    cg:cue {literal(cue)} ;")
    if claim.delivered:
        lines.append(f"    cg:deliveredThrough {claim.delivered} ;  # the outlet named after the cue")
    lines.append(f"    cg:quote {literal(quote)} ;")
    n = occurrence(text, quote, claim.quote.start)
    if n:
        lines.append(f"    cg:occurrence {n} ;")
    if claim.figures:
        states = ", ".join(f":{claim_id}-f{k}" for k in range(1, len(claim.figures) + 1))
        lines.append(f"    cg:states {states} ;")
    lines[-1] = lines[-1].removesuffix(" ;") + " ."
    blocks = ["\n".join(lines)]
    blocks += [figure_block(text, claim_id, k, f, claim) for k, f in enumerate(claim.figures, start=1)]
    return "\n\n".join(blocks)


def new_entities(claims: list[ClaimCandidate], author: str, stem: str) -> list[str]:
    """Turtle (commented out) for the entities the starter refers to but the registry lacks."""
    blocks = [
        f"# {author} a schema:Person ;\n"
        f'#     rdfs:label "Author of document {stem}" ;\n'
        f'#     rdfs:comment "The author of {stem}.txt: who writes the claims in the document\'s own voice."@en .'
    ]
    seen = set()
    for claim in claims:
        s = claim.speaker
        if s is None or s.own_voice or s.entity is not None or s.new_id in seen:
            continue
        seen.add(s.new_id)
        kind = "schema:Person" if s.label == "PER" else "schema:Organization"
        blocks.append(
            f"# ent:{s.new_id} a {kind} ;\n"
            f"#     rdfs:label {literal(s.name)} ;\n"
            f"#     skos:altLabel {literal(s.name)} ."
        )
    return blocks


def headline(text: str) -> str:
    return next(line.strip() for line in text.splitlines() if line.strip())


def starter(text: str, stem: str, sha256: str, claims: list[ClaimCandidate]) -> str:
    """The starter annotation file: document metadata and every candidate, each to confirm."""
    author = f"ent:author-{stem.split('_')[0]}"
    parts = [
        PREFIXES.format(stem=stem),
        f"# Starter annotation of seeds/{stem}.txt, written by `claimgraph new`: {len(claims)} candidate claim(s)\n"
        f"# and {sum(len(c.figures) for c in claims)} candidate figure(s), found automatically.\n"
        "# Each is typed cg:Candidate and counts for nothing until you confirm it: check it against the seed,\n"
        "# complete it, then delete ', cg:Candidate' from its types (or delete it).\n"
        "# `claimgraph check` lists what is left. Guide: docs/annotating.md.\n"
        "#\n"
        "# Entities this file names that annotations/entities.ttl does not declare yet (add them there):\n#\n"
        + "\n#\n".join(new_entities(claims, author, stem)),
        f"# The first line of the text is taken as the headline; say who wrote and published it.\n"
        f"d:{stem} a cg:Document, schema:NewsArticle, cg:Candidate ;\n"
        f"    cg:seedFile {literal(stem + '.txt')} ;\n"
        f"    cg:sha256 {literal(sha256)} ;\n"
        f"    schema:headline {literal(headline(text))}@fr ;\n"
        f"    schema:author {author} ;\n"
        "    # schema:publisher ent:… ;  (the outlet, when the text names it)\n"
        '    schema:inLanguage "fr" ;\n'
        '    cg:genre "news" .  # news, analysis, opinion, commentary or translated essay',
    ]
    for i, claim in enumerate(claims, start=1):
        parts.append(claim_block(text, f"c{i:02d}", claim, author))
    return "\n\n".join(parts) + "\n"
