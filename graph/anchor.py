"""Finds each quote, cue and figure surface in its seed and records both Web Annotation selectors.

The annotator writes text only. The build locates it and writes a TextQuoteSelector (exact,
prefix, suffix) and a TextPositionSelector (start, end: code points of the seed as stored, end
exclusive), then checks that the two agree, so that neither can drift to a look-alike passage.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from .errors import Problem
from .load import Corpus
from .namespaces import CG, DOC, OA

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


def add_anchor(g: Graph, node: URIRef, prop: URIRef, document: URIRef, text: str, span: Span) -> None:
    """Write the specific resource of ``node`` with its two selectors into ``g``."""
    target = URIRef(f"{node}-anchor" if prop == CG.anchor else f"{node}-cue")
    quote, position = URIRef(f"{target}-quote"), URIRef(f"{target}-position")
    exact, prefix, suffix = quote_selector(text, span)
    g.add((node, prop, target))
    g.add((target, RDF.type, OA.SpecificResource))
    g.add((target, OA.hasSource, document))
    g.add((target, OA.hasSelector, quote))
    g.add((target, OA.hasSelector, position))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal(exact)))
    g.add((quote, OA.prefix, Literal(prefix)))
    g.add((quote, OA.suffix, Literal(suffix)))
    g.add((position, RDF.type, OA.TextPositionSelector))
    g.add((position, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))  # the range oa.ttl gives
    g.add((position, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))


INVALID = -1
"""An occurrence SHACL will reject (not one positive integer): the node is not anchored."""


def occurrence_of(g: Graph, node: URIRef) -> int | None:
    values = list(g.objects(node, CG.occurrence))
    if not values:
        return None
    value = values[0].toPython() if isinstance(values[0], Literal) else None
    if len(values) > 1 or not isinstance(value, int) or isinstance(value, bool) or value < 1:
        return INVALID
    return value


def one_text(g: Graph, node: URIRef, prop: URIRef) -> str | None:
    """The one string value of ``prop``; None when it is missing, repeated or not a literal (SHACL says which)."""
    values = list(g.objects(node, prop))
    if len(values) != 1 or not isinstance(values[0], Literal) or not str(values[0]):
        return None
    return str(values[0])


def anchor(corpus: Corpus) -> list[Problem]:
    """Anchor every claim, cue and figure of every document; return every problem at once.

    Also places each claim in the document whose file it is written in (cg:reportedIn).
    """
    problems: list[Problem] = []

    def report(node: URIRef, message: str) -> None:
        file, line = corpus.locate(node)
        problems.append(Problem(file, line, message, short_id(node)))

    for source in corpus.document_files():
        g = corpus.dataset.graph(source.graph)
        text = corpus.seeds[f"{source.stem}.txt"]
        document = DOC[source.stem]
        for claim in sorted(set(g.subjects(RDF.type, CG.Claim))):
            g.add((claim, CG.reportedIn, document))
            quote = one_text(g, claim, CG.quote)
            occurrence = occurrence_of(g, claim)
            if quote is None or occurrence == INVALID:
                continue  # SHACL reports the missing, repeated or ill-typed value
            span = choose(text, quote, occurrence)
            if isinstance(span, str):
                report(claim, f"quote {str(quote)[:60]!r}…: {span}")
                continue
            add_anchor(g, claim, CG.anchor, document, text, span)
            cue = one_text(g, claim, CG.cue)
            if cue is not None:
                hits = occurrences(text, str(cue))
                if not hits:
                    report(claim, f"cue {str(cue)!r}: {diagnose_missing(text, str(cue))}")
                else:
                    start = min(hits, key=lambda h: abs(h - span.start))
                    add_anchor(g, claim, CG.cueAnchor, document, text, Span(start, start + len(str(cue))))
            for figure in sorted(set(g.objects(claim, CG.states))):
                surface = one_text(g, figure, CG.surface)
                occurrence = occurrence_of(g, figure)
                if surface is None or occurrence == INVALID:
                    continue  # SHACL reports the missing, repeated or ill-typed value
                where = f"the quote of {short_id(claim)}"
                found = choose(text, surface, occurrence, span.start, span.end, where)
                if isinstance(found, str):
                    report(figure, f"surface {str(surface)!r}: {found}")
                else:
                    add_anchor(g, figure, CG.anchor, document, text, found)
    return problems


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
