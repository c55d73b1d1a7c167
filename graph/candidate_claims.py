"""Candidate claims of a new text: each quotation, cue sentence or figure sentence with its speaker.

Sentences come from spaCy (merged where it cuts one short), quotations, cues and figures from
``candidates``; the speaker is the name nearest the cue, matched against the entity registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .candidates import Cue, FigureCandidate, Quotation, Span, cues, figures, quotations
from .speakers import Name, Registry, Speaker, analyse, choose_speaker, names_follow

SHORT_QUOTATION = 4
"""Quotations of fewer words are often a term in quotation marks rather than speech."""

CHANNEL = re.compile(r"^(?:\s+(?:à|au|aux|sur|dans)\s+)")


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
