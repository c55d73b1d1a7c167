"""``claimgraph new``: a new text becomes a seed, and a starter annotation lists its candidates to confirm.

Nothing is written unless every check passes: the text is UTF-8, not empty, not already a seed
(by name or by content), and its stem makes valid identifiers. Line ends become LF and the text
NFC, as the seeds are stored; the starter records the SHA-256 the build checks the seed against.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .anchor import line_of
from .candidates import Cue, FigureCandidate, Quotation, Span, cues, figures, quotations
from .config import Config
from .errors import BuildError, Problem, relative
from .speakers import Name, Registry, Speaker, analyse, choose_speaker, names_follow

STEM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
SHORT_QUOTATION = 4
"""Quotations of fewer words are often a term in quotation marks rather than speech."""

CHANNEL = re.compile(r"^(?:\s+(?:à|au|aux|sur|dans)\s+)")


class NewDocumentError(BuildError):
    """The text cannot become a seed; nothing was written (exit 2)."""

    exit_code = 2
    headline = "cannot add the document"


@dataclass
class ClaimCandidate:
    """A claim to confirm: its verbatim quote, cue, figures and proposed speaker, with the evidence."""

    quote: Span
    why: str
    cue: Cue | None = None
    channel: Span | None = None  # "à CNBC" after the cue
    delivered: str | None = None  # the outlet source the channel names, as a Turtle name (src:cnbc)
    speaker: Speaker | None = None
    figures: list[FigureCandidate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NewDocument:
    """What ``new`` wrote."""

    seed: Path
    annotation: Path
    sha256: str
    claims: list[ClaimCandidate]
    changes: list[str]


def read_text(path: Path, root: Path) -> tuple[str, list[str], list[Problem]]:
    """The text of ``path`` as a seed stores it (LF, NFC), what was normalised, and what is wrong with it."""
    name = relative(path, root)
    if not path.is_file():
        return "", [], [Problem(name, None, "no such file: give the path of a UTF-8 .txt file")]
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        return (
            "",
            [],
            [
                Problem(
                    name,
                    line,
                    f"not UTF-8 ({e.reason} at byte {e.start}): save the text as UTF-8 "
                    "(e.g. `iconv -f WINDOWS-1252 -t UTF-8`) and run `claimgraph new` again",
                )
            ],
        )
    changes = []
    if text.startswith("\ufeff"):
        text = text[1:]
        changes.append("removed the byte-order mark")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        changes.append("line ends normalised to LF")
    nfc = unicodedata.normalize("NFC", text)
    if nfc != text:
        text = nfc
        changes.append("Unicode normalised to NFC")
    if not text.strip():
        return "", changes, [Problem(name, None, "the text is empty: nothing to annotate")]
    if not text.endswith("\n"):
        text += "\n"
        changes.append("added a final line end")
    return text, changes, []


def preflight(config: Config, path: Path, stem: str) -> tuple[str, list[str], list[Problem]]:
    """Everything that must hold before anything is written, every problem at once."""
    text, changes, problems = read_text(path, config.root)
    seed = config.seeds / f"{stem}.txt"
    annotation = config.annotations / f"{stem}.ttl"
    if not STEM.match(stem):
        problems.append(
            Problem(
                relative(path, config.root),
                None,
                f"the name {stem!r} cannot make identifiers: use letters, digits, '_' and '-' only "
                "(rename the file or pass --stem, e.g. --stem 005_my_article)",
            )
        )
    for target in (seed, annotation):
        if target.exists():
            problems.append(
                Problem(
                    relative(target, config.root),
                    None,
                    "already exists and is never overwritten: pass another --stem",
                )
            )
    if text:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        for other in sorted(config.seeds.glob("*.txt")):
            stored = other.read_bytes()
            same = hashlib.sha256(stored).hexdigest() == digest
            if not same:
                try:
                    same = normalised(stored.decode("utf-8")) == text
                except UnicodeDecodeError:
                    same = False
            if same:
                problems.append(
                    Problem(
                        relative(path, config.root),
                        None,
                        f"the same text is already the seed {relative(other, config.root)}: annotate "
                        f"annotations/{other.stem}.ttl instead",
                    )
                )
    return text, changes, problems


def normalised(text: str) -> str:
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    return text if text.endswith("\n") else text + "\n"


def shared_files(config: Config) -> list[Path]:
    """The annotation files that are not a document's: entities, sources, quantities."""
    seeds = {p.stem for p in config.seeds.glob("*.txt")}
    return [p for p in sorted(config.annotations.glob("*.ttl")) if p.stem not in seeds]


def units(text: str, sentences: list[Span], quoted: list[Quotation]) -> list[Span]:
    """Sentences, merged where spaCy cut one short: inside a quotation, or before its final punctuation.

    spaCy's small model splits at « and after a cue ("», a tweeté | Sam Altman."): a sentence that does
    not end with . ! ? or … runs on into the next one on the same line.
    """
    merged: list[Span] = []
    for sentence in sentences:
        if merged:
            last = merged[-1]
            same_line = "\n" not in text[last.end : sentence.start]
            in_quote = any(q.span.start < sentence.start < q.span.end for q in quoted)
            unfinished = not text[last.start : last.end].rstrip().endswith((".", "!", "?", "…"))
            if same_line and (in_quote or unfinished):
                merged[-1] = Span(last.start, sentence.end)
                continue
        merged.append(sentence)
    return merged


def trimmed(text: str, span: Span) -> Span:
    """A sentence without its surrounding spaces (its end punctuation is kept, as the seeds' claims do)."""
    start, end = span.start, span.end
    while start < end and text[start] in " \u00a0\u202f\t":
        start += 1
    while end > start and text[end - 1] in " \u00a0\u202f\t":
        end -= 1
    return Span(start, end)


def find_claims(text: str, registry: Registry) -> list[ClaimCandidate]:
    """Candidate claims of ``text`` in reading order: quotations, cue sentences and sentences with figures."""
    analysis = analyse(text)
    quoted, found_cues, found_figures = quotations(text), cues(text), figures(text)
    names = list(analysis.names)
    for known in registry.names_in(text):
        if not any(known.span.start < n.span.end and n.span.start < known.span.end for n in names):
            names.append(known)
    names.sort(key=lambda n: n.span.start)
    claims: list[ClaimCandidate] = []
    previous: list[Name] = []
    for unit in units(text, analysis.sentences, quoted):
        inside = [n for n in names if n.span.inside(unit)]
        made = unit_claims(text, unit, quoted, found_cues, found_figures)
        for claim in made:
            propose_speaker(text, claim, unit, inside, previous, registry)
        claims += made
        previous = inside
    return claims


def unit_claims(
    text: str, unit: Span, quoted: list[Quotation], found_cues: list[Cue], found_figures: list[FigureCandidate]
) -> list[ClaimCandidate]:
    """The claims of one sentence: one per quotation, else one for a cue, and one for figures left over."""
    unit_quotes = [q for q in quoted if unit.start <= q.span.start < unit.end]
    outside_cues = [
        c for c in found_cues if c.span.inside(unit) and not any(c.span.inside(q.span) for q in unit_quotes)
    ]
    made: list[ClaimCandidate] = []
    for q in unit_quotes:
        cue = min(outside_cues, key=lambda c: abs(c.span.start - q.span.start), default=None)
        claim = ClaimCandidate(q.inner, "quotation", cue)
        if len(text[q.inner.start : q.inner.end].split()) < SHORT_QUOTATION:
            claim.notes.append(
                "short quotation: if it only marks a term, delete this claim and exclude the quotation in "
                "the document's .coverage.toml"
            )
        made.append(claim)
    if not unit_quotes and outside_cues:
        claim = ClaimCandidate(trimmed(text, unit), "reporting cue", outside_cues[0])
        if len(outside_cues) > 1:
            others = ", ".join(repr(c.text) for c in outside_cues[1:])
            claim.notes.append(f"other cues in the sentence: {others}; split the claim if they report other words")
        made.append(claim)
    for figure in (f for f in found_figures if unit.start <= f.span.start < unit.end):
        owner = next((c for c in made if figure.span.inside(c.quote)), None)
        owner = owner or next((c for c in made if c.why == "figure"), None)
        if owner is None:
            owner = ClaimCandidate(trimmed(text, unit), "figure")
            made.append(owner)
        owner.figures.append(figure)
    return sorted(made, key=lambda c: c.quote.start)


def propose_speaker(
    text: str, claim: ClaimCandidate, unit: Span, inside: list[Name], previous: list[Name], registry: Registry
) -> None:
    """Fill in the claim's speaker, its channel ("à CNBC") and, after "selon", the name in its cue."""
    if claim.why == "figure":
        claim.speaker = Speaker(None, None, None, "no reporting cue or quotation: the document's own voice")
        return
    cue = claim.cue
    if cue:
        claim.channel = channel_after(text, cue, inside)
        claim.delivered = outlet(text, claim.channel, registry)
    claim.speaker = choose_speaker(
        text,
        inside,
        registry,
        unit,
        cue.span if cue else None,
        cue.text if cue else None,
        claim.quote if claim.why == "quotation" else None,
        claim.channel,
        previous,
    )
    named = claim.speaker.span
    adjacent = bool(cue and named and named.start >= cue.span.end and not text[cue.span.end : named.start].strip())
    if cue and named and adjacent and names_follow(cue.text):  # "selon Reuters": the cue names its source
        claim.cue = Cue(Span(cue.span.start, named.end), text[cue.span.start : named.end])


def outlet(text: str, channel: Span | None, registry: Registry) -> str | None:
    """The known outlet a channel names ("à CNBC" -> src:cnbc), when the registry has its reporting."""
    if channel is None:
        return None
    name = CHANNEL.sub("", text[channel.start : channel.end])
    known = registry.match(name)
    source = registry.outlets.get(known.entity) if known else None
    return f"src:{str(source).rsplit('/', 1)[-1]}" if source else None


def channel_after(text: str, cue: Cue, names: list[Name]) -> Span | None:
    """ "à CNBC" right after "a déclaré": the outlet or platform the words were delivered through."""
    rest = text[cue.span.end :]
    m = CHANNEL.match(rest)
    if not m:
        return None
    at = cue.span.end + m.end()
    for n in names:
        if n.span.start == at or (n.span.start > at and not text[at : n.span.start].strip(" \u00a0lL'’ade")):
            return Span(cue.span.end, n.span.end)
    return None


# --- Writing the starter file --------------------------------------------------------------

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


def new_document(config: Config, path: Path, stem: str | None = None) -> NewDocument:
    """Copy ``path`` into seeds/ and write its starter annotation; raise NewDocumentError, writing nothing."""
    path = Path(path)
    stem = stem or path.stem
    text, changes, problems = preflight(config, path, stem)
    if problems:
        raise NewDocumentError(problems)
    registry = Registry.read(shared_files(config))
    claims = find_claims(text, registry)
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    seed = config.seeds / f"{stem}.txt"
    annotation = config.annotations / f"{stem}.ttl"
    body = starter(text, stem, sha256, claims)
    written: list[Path] = []
    try:
        for target, content in ((seed, text), (annotation, body)):
            with target.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
                written.append(target)
                handle.write(content)
    except OSError as error:
        for target in written:
            target.unlink(missing_ok=True)
        raise NewDocumentError([Problem(relative(seed, config.root), None, f"could not write: {error}")]) from None
    return NewDocument(seed, annotation, sha256, claims, changes)

