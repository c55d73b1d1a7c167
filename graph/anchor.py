"""Finds each quote, cue and figure surface in its seed and records both Web Annotation selectors.

The annotator writes text only. The build locates it and computes a TextQuoteSelector (exact,
prefix, suffix) and a TextPositionSelector (start, end: code points of the seed as stored, end
exclusive), then checks that the two agree, so that neither can drift to a look-alike passage.
These computed triples go into the anchors graph, never into the hand-written document graphs.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

from .errors import Problem
from .load import AnnotationFile, Corpus
from .namespaces import ANCHORS_GRAPH, CG, DOC, OA
from .terms import from_ox

CONTEXT = 32
"""Characters of prefix and suffix kept in a TextQuoteSelector."""

LOOKALIKES = str.maketrans({"\u00a0": " ", "\u202f": " ", "’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"'})


@dataclass(frozen=True)
class Span:
    """A half-open range of code points in a seed."""

    start: int
    end: int


def occurrences(text: str, needle: str, lo: int = 0, hi: int | None = None) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``needle`` in ``text[lo:hi]``."""
    hi = len(text) if hi is None else hi
    found, i = [], text.find(needle, lo, hi)
    while needle and i != -1:
        found.append(i)
        i = text.find(needle, i + 1, hi)
    return found


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def quote_selector(text: str, span: Span) -> tuple[str, str, str]:
    """(exact, prefix, suffix) of a span."""
    return (
        text[span.start : span.end],
        text[max(0, span.start - CONTEXT) : span.start],
        text[span.end : span.end + CONTEXT],
    )


def selectors_agree(text: str, exact: str, prefix: str, suffix: str, start: int, end: int) -> bool:
    """True when the position selector points at exactly the quote selector's text and context."""
    return (
        0 <= start <= end <= len(text)
        and text[start:end] == exact
        and text[:start].endswith(prefix)
        and text[end:].startswith(suffix)
    )


def closest_passage(text: str, needle: str) -> tuple[int, str]:
    """Where the seed comes closest to ``needle``: its line and the passage, for error messages."""
    matcher = difflib.SequenceMatcher(None, text, needle, autojunk=False)
    match = matcher.find_longest_match(0, len(text), 0, len(needle))
    start = max(0, match.a - match.b)
    return line_of(text, start), text[start : start + len(needle)]


def code_points(chars: str) -> str:
    """``U+0065 U+0301`` for an e and a combining acute accent."""
    return " ".join(f"U+{ord(c):04X}" for c in chars)


def named(ch: str) -> str:
    """``U+00A0 NO-BREAK SPACE``: a character the eye cannot tell from its look-alikes."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'character')}"


def clusters(text: str) -> list[str]:
    """The text cut before each character that is not a combining mark: a letter with its accents."""
    found: list[str] = []
    for ch in text:
        if found and unicodedata.combining(ch):
            found[-1] += ch
        else:
            found.append(ch)
    return found


def normalisation_hint(text: str, needle: str) -> str | None:
    """When the quote differs from the seed only by Unicode normalisation: where, and which code points."""
    for form in ("NFC", "NFD"):
        normal = unicodedata.normalize(form, needle)
        hits = occurrences(text, normal) if normal != needle else []
        if hits:
            pairs = []
            for cluster in clusters(needle):
                other = unicodedata.normalize(form, cluster)
                if other != cluster and (cluster, other) not in pairs:
                    pairs.append((cluster, other))
            said = "; ".join(
                f"{code_points(mine)} ({unicodedata.normalize('NFC', mine)}) where the seed has {code_points(theirs)}"
                for mine, theirs in pairs[:3]
            )
            return (
                f"not in the seed as written: it differs only by Unicode normalisation from line "
                f"{line_of(text, hits[0])} of the seed, which is {form}: the quote has {said}; "
                "copy the text from the seed"
            )
    return None


def diagnose_missing(text: str, needle: str) -> str:
    """Explain why a text is not in the seed: normalisation, look-alike characters, or the closest passage."""
    hint = normalisation_hint(text, needle)
    if hint:
        return hint
    composed = unicodedata.normalize("NFC", needle) if unicodedata.is_normalized("NFC", text) else needle
    hits = occurrences(text.translate(LOOKALIKES), composed.translate(LOOKALIKES))
    if hits:
        exact = text[hits[0] : hits[0] + len(composed)]
        pairs = sorted({(mine, theirs) for mine, theirs in zip(composed, exact, strict=True) if mine != theirs})
        said = "; ".join(f"{named(theirs)} where the quote has {named(mine)}" for mine, theirs in pairs)
        escapes = ", ".join(sorted({f"\\u{ord(theirs):04X}" for _, theirs in pairs if ord(theirs) > 0x7F}))
        return (
            f"not in the seed as written: the seed (line {line_of(text, hits[0])}) has {said}: "
            f"copy the text from the seed{f' or write {escapes}' if escapes else ''}"
        )
    line, passage = closest_passage(text, needle)
    return f"not found in the seed; the closest passage (line {line}) is {passage!r}: copy the text verbatim"


def choose(
    text: str, needle: str, occurrence: int | None, lo: int = 0, hi: int | None = None, where: str = "the seed"
) -> Span | str:
    """The span of ``needle`` inside ``text[lo:hi]``, or a message saying why there is none."""
    hits = occurrences(text, needle, lo, hi)
    if not hits:
        return diagnose_missing(text, needle) if where == "the seed" else f"not found in {where}"
    if occurrence is None:
        if len(hits) > 1:
            lines = ", ".join(str(line_of(text, h)) for h in hits)
            return (
                f"found {len(hits)} times in {where} (seed lines {lines}): "
                f"add cg:occurrence N (1 to {len(hits)}) to choose"
            )
        return Span(hits[0], hits[0] + len(needle))
    if not 1 <= occurrence <= len(hits):
        return f"cg:occurrence {occurrence}, but it occurs {len(hits)} time(s) in {where}"
    return Span(hits[occurrence - 1], hits[occurrence - 1] + len(needle))


Term = ox.NamedNode | ox.BlankNode | ox.Literal
Description = dict[Term, dict[str, list[Term]]]
"""A document graph read once: per subject, per predicate IRI, its distinct objects in file order."""

ANCHORS = ox.NamedNode(str(ANCHORS_GRAPH))
START, END = ox.NamedNode(str(OA.start)), ox.NamedNode(str(OA.end))
NON_NEGATIVE = ox.NamedNode(str(XSD.nonNegativeInteger))  # the range oa.ttl gives
P = {name: ox.NamedNode(str(iri)) for name, iri in {
    "type": RDF.type, "source": OA.hasSource, "selector": OA.hasSelector, "exact": OA.exact, "prefix": OA.prefix,
    "suffix": OA.suffix, "reportedIn": CG.reportedIn,
}.items()}
T = {name: ox.NamedNode(str(iri)) for name, iri in {
    "target": OA.SpecificResource, "quote": OA.TextQuoteSelector, "position": OA.TextPositionSelector,
}.items()}


def describe(triples: Iterable[ox.Quad]) -> Description:
    subjects: Description = defaultdict(lambda: defaultdict(list))
    for t in triples:
        values = subjects[t.subject][t.predicate.value]
        if t.object not in values:
            values.append(t.object)
    return subjects


def anchor_quads(node: Term, prop: URIRef, document: ox.NamedNode, text: str, span: Span) -> list[ox.Quad]:
    """The specific resource of ``node`` with its two selectors, in the anchors graph.

    They are named after the node (``…/c12-anchor-quote``); a blank node's (which SHACL rejects) are blank too.
    """
    kind = ox.NamedNode if isinstance(node, ox.NamedNode) else ox.BlankNode
    target = kind(f"{node.value}-anchor" if prop == CG.anchor else f"{node.value}-cue")
    quote, position = kind(f"{target.value}-quote"), kind(f"{target.value}-position")
    exact, prefix, suffix = quote_selector(text, span)
    g = ANCHORS
    return [
        ox.Quad(node, ox.NamedNode(str(prop)), target, g),
        ox.Quad(target, P["type"], T["target"], g),
        ox.Quad(target, P["source"], document, g),
        ox.Quad(target, P["selector"], quote, g),
        ox.Quad(target, P["selector"], position, g),
        ox.Quad(quote, P["type"], T["quote"], g),
        ox.Quad(quote, P["exact"], ox.Literal(exact), g),
        ox.Quad(quote, P["prefix"], ox.Literal(prefix), g),
        ox.Quad(quote, P["suffix"], ox.Literal(suffix), g),
        ox.Quad(position, P["type"], T["position"], g),
        ox.Quad(position, START, ox.Literal(str(span.start), datatype=NON_NEGATIVE), g),
        ox.Quad(position, END, ox.Literal(str(span.end), datatype=NON_NEGATIVE), g),
    ]


INVALID = -1
"""An occurrence SHACL will reject (not one positive integer): the node is not anchored."""


def occurrence_of(described: Description, node: Term) -> int | None:
    values = described.get(node, {}).get(str(CG.occurrence), [])
    if not values:
        return None
    value = from_ox(values[0]).toPython() if isinstance(values[0], ox.Literal) else None
    if len(values) > 1 or not isinstance(value, int) or isinstance(value, bool) or value < 1:
        return INVALID
    return value


def one_text(described: Description, node: Term, prop: URIRef) -> str | None:
    """The one string value of ``prop``; None when it is missing, repeated or not a literal (SHACL says which)."""
    values = described.get(node, {}).get(str(prop), [])
    if len(values) != 1 or not isinstance(values[0], ox.Literal) or not values[0].value:
        return None
    return values[0].value


def nearest(text: str, needle: str, near: int) -> int | None:
    """The occurrence of ``needle`` closest to offset ``near`` (the first of two as close), or None.

    Searched in a window around ``near`` that doubles until it holds a hit: a cue is found in the
    time its distance to the quote takes, not in the time of the whole seed (every claim of a long
    document would otherwise scan it all).
    """
    width = 256
    while True:
        lo, hi = max(0, near - width), min(len(text), near + width + len(needle))
        hits = occurrences(text, needle, lo, hi)
        if hits:
            # Every hit within ``width`` of ``near`` is in the window, and any hit outside is farther.
            return min(hits, key=lambda h: abs(h - near))
        if lo == 0 and hi == len(text):
            return None
        width *= 2


def anchor_file(corpus: Corpus, source: AnnotationFile) -> tuple[list[ox.Quad], list[Problem]]:
    """Anchor every claim, cue and figure of one document file: the quads for the anchors graph, and the problems.

    Also places each claim in the document whose file it is written in (cg:reportedIn). Reads the
    file's own triples and its seed only, so that its result can be kept for the next build.
    """
    problems: list[Problem] = []
    quads: list[ox.Quad] = []

    def report(node: Term, message: str) -> None:
        file, line = corpus.locate(from_ox(node))
        problems.append(Problem(file, line, message, short_id(from_ox(node))))

    described = describe(source.triples)
    text = corpus.seeds[f"{source.stem}.txt"]
    document = ox.NamedNode(str(DOC[source.stem]))
    claim_type, states = ox.NamedNode(str(CG.Claim)), str(CG.states)
    claims = [s for s, props in described.items() if claim_type in props.get(str(RDF.type), [])]
    for claim in sorted(claims, key=lambda c: (isinstance(c, ox.BlankNode), c.value)):
        quads.append(ox.Quad(claim, P["reportedIn"], document, ANCHORS))
        quote = one_text(described, claim, CG.quote)
        occurrence = occurrence_of(described, claim)
        if quote is None or occurrence == INVALID:
            continue  # SHACL reports the missing, repeated or ill-typed value
        span = choose(text, quote, occurrence)
        if isinstance(span, str):
            report(claim, f"quote {quote[:60]!r}…: {span}")
            continue
        quads += anchor_quads(claim, CG.anchor, document, text, span)
        cue = one_text(described, claim, CG.cue)
        if cue is not None:
            start = nearest(text, cue, span.start)
            if start is None:
                report(claim, f"cue {cue!r}: {diagnose_missing(text, cue)}")
            else:
                quads += anchor_quads(claim, CG.cueAnchor, document, text, Span(start, start + len(cue)))
        figures = described[claim].get(states, [])
        for figure in sorted(figures, key=lambda f: (isinstance(f, ox.Literal), isinstance(f, ox.BlankNode), f.value)):
            surface = one_text(described, figure, CG.surface)
            occurrence = occurrence_of(described, figure)
            if surface is None or occurrence == INVALID:
                continue  # SHACL reports the missing, repeated or ill-typed value
            where = f"the quote of {short_id(from_ox(claim))}"
            found = choose(text, surface, occurrence, span.start, span.end, where)
            if isinstance(found, str):
                report(figure, f"surface {surface!r}: {found}")
            else:
                quads += anchor_quads(figure, CG.anchor, document, text, found)
    return quads, problems


def anchor(corpus: Corpus, sources: Iterable[AnnotationFile] | None = None) -> tuple[list[ox.Quad], list[Problem]]:
    """Anchor every document file (or those of ``sources``): the quads of the anchors graph and every problem.

    Nothing is written: the caller adds the quads to the store (``corpus.add``).
    """
    quads: list[ox.Quad] = []
    problems: list[Problem] = []
    for source in corpus.document_files() if sources is None else sources:
        found, wrong = anchor_file(corpus, source)
        quads += found
        problems += wrong
    return quads, problems


def short_id(node: object) -> str:
    """``002/c12`` for a claim IRI, the local name for anything else: what users type and read.

    A blank node is ``[ ]`` (its generated id changes between runs), a literal its quoted text.
    """
    if isinstance(node, BNode):
        return "[ ]"
    if isinstance(node, Literal):
        return repr(str(node)[:60])
    iri = str(node)
    for ns, cut in ((str(DOC), True), ("https://w3id.org/claimgraph/", False)):
        if iri.startswith(ns):
            rest = iri[len(ns) :]
            if cut and "/" in rest:
                stem, _, local = rest.partition("/")
                return f"{stem.split('_')[0]}/{local}"
            return rest
    return iri
