"""Things of the built graph found by what people call them: a label, a surface form, a bare name.

Two uses: ``claimgraph find TEXT`` (any mention, on word boundaries: ``queries/find.rq``), and
turning what a person types as a query parameter (``Elon Musk``, ``elon-musk``, ``002``) into the
one IRI it means, or a clear refusal listing the candidates or the nearest names.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

import pyoxigraph as ox

from .prefixes import PREFIX_IRIS, PROLOGUE, compact, expand

BASE = "https://w3id.org/claimgraph/"
KINDS = {"entity/": "entity", "source/": "source", "quantity/": "quantity"}

NAMES = """
SELECT DISTINCT ?thing ?text WHERE {
  { ?thing rdfs:label ?text } UNION { ?thing skos:altLabel ?text } UNION { ?thing cg:seedFile ?text }
  FILTER(STRSTARTS(STR(?thing), "https://w3id.org/claimgraph/") && !STRSTARTS(STR(?thing), STR(cg:)))
}
"""
SOURCES_BY = """
SELECT ?source ?agent WHERE {
  ?source schema:author|schema:publisher ?agent FILTER(STRSTARTS(STR(?source), "https://w3id.org/claimgraph/source/"))
}
"""
CLAIMS = "SELECT ?thing ?quote WHERE { ?thing a cg:Claim ; cg:quote ?quote }"


class NameProblem(LookupError):
    """Base of the two refusals; carries the candidates or suggestions for the message."""


class AmbiguousName(NameProblem):
    """Several things answer to the name given."""


class UnknownName(NameProblem):
    """Nothing answers to the name given."""


class WrongKind(UnknownName):
    """Only things of another kind answer to the name (a quantity was asked, an entity is named)."""


def fold(text: str) -> str:
    """Text compared as a reader would: accents, case, apostrophe style and spacing ignored.

    >>> fold("Trémie")
    'tremie'
    >>> fold("l’auteur\\u00a0 de")
    "l'auteur de"
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("’", "'").replace("‘", "'").replace("œ", "oe").replace("Œ", "OE")
    return " ".join(bare.casefold().split())


def mentions(needle: str, haystack: str) -> bool:
    """Whether ``needle`` occurs in ``haystack`` as whole words (folded both sides).

    >>> mentions("AI war", "OpenAI warned")
    False
    >>> mentions("tremie", "50 000 Trémie")
    True
    """
    pattern = r"(?<!\w)" + re.escape(fold(needle)) + r"(?!\w)"
    return re.search(pattern, fold(haystack)) is not None


def kind(iri: str) -> str:
    """What an IRI of the project names: entity, source, quantity, document, claim or figure.

    >>> kind("https://w3id.org/claimgraph/doc/003_20d0bc27540a3397/e12")
    'claim'
    """
    rest = iri.removeprefix(BASE)
    for start, name in KINDS.items():
        if rest.startswith(start):
            return name
    if rest.startswith("doc/"):
        local = rest.removeprefix("doc/")
        if "/" not in local:
            return "document"
        return "figure" if "-f" in local.rsplit("/", 1)[1] else "claim"
    return "other"


def local_name(iri: str) -> str:
    """The part a person would type: ``elon-musk``, ``002_59f5497307406c20/c12``."""
    rest = iri.removeprefix(BASE)
    return rest.split("/", 1)[1] if "/" in rest else rest


@dataclass(frozen=True)
class Names:
    """Every nameable thing of the built graph with the texts it answers to."""

    texts: dict[str, tuple[str, ...]]
    """IRI -> its label, surface forms and seed file name."""
    quotes: dict[str, str]
    """Claim IRI -> its quote, to tell candidates apart."""
    sources_by: dict[str, tuple[str, ...]]
    """Entity IRI -> the sources it authored or published: "CNBC" as a source means CNBC's reporting."""

    @classmethod
    def of(cls, store: ox.Store) -> Names:
        texts: dict[str, list[str]] = {}
        for row in store.query(PROLOGUE + NAMES, use_default_graph_as_union=True):
            texts.setdefault(row["thing"].value, []).append(row["text"].value)
        quotes = {}
        for row in store.query(PROLOGUE + CLAIMS, use_default_graph_as_union=True):
            texts.setdefault(row["thing"].value, [])
            quotes[row["thing"].value] = row["quote"].value
        sources_by: dict[str, list[str]] = {}
        for row in store.query(PROLOGUE + SOURCES_BY, use_default_graph_as_union=True):
            sources_by.setdefault(row["agent"].value, []).append(row["source"].value)
        return cls(
            {iri: tuple(values) for iri, values in texts.items()},
            quotes,
            {agent: tuple(sorted(set(s))) for agent, s in sources_by.items()},
        )

    def label(self, iri: str) -> str:
        texts = self.texts.get(iri, ())
        return texts[0] if texts else local_name(iri)

    def describe(self, iri: str) -> str:
        """``ent:elon-musk (Elon Musk)``: how candidates and suggestions are listed."""
        if iri in self.quotes:
            quote = " ".join(self.quotes[iri].split())
            return f"{compact(iri)} ({quote[:60]}…)" if len(quote) > 60 else f"{compact(iri)} ({quote})"
        label = self.label(iri)
        return f"{compact(iri)} ({label})" if label != local_name(iri) else str(compact(iri))

    def lookup(self, raw: str, want: str | None = None) -> str:
        """The one IRI ``raw`` names, of kind ``want`` when given (entity, source, quantity, ...).

        Accepted: a full or prefixed IRI of something in the graph; a bare local name
        (``elon-musk``, ``002/c12``); a document by number (``002``) or seed file; a label or
        surface form, compared without accents or case; for a source, the name of who authored
        or published it (``CNBC``: CNBC's reporting). Raises ``AmbiguousName`` with the
        candidates, ``UnknownName`` with the nearest names, or ``WrongKind`` when only things of
        another kind answer to it.
        """
        raw = raw.strip()
        iri = expand(raw)
        if iri is not None:
            if iri in self.texts:
                if want and kind(iri) != want:
                    raise WrongKind(self.suggest(local_name(iri), want), [iri])
                return iri
            raise UnknownName(self.suggest(local_name(iri), want))
        found = self.by_local_name(raw) or self.by_text(raw)
        if want == "source" and found and not any(kind(i) == want for i in found):
            found = sorted({s for i in found for s in self.sources_by.get(i, ())}) or found
        if want and found and not any(kind(i) == want for i in found):
            raise WrongKind(self.suggest(raw, want), found)
        if want:
            found = [i for i in found if kind(i) == want]
        if len(found) == 1:
            return found[0]
        if found:
            raise AmbiguousName(sorted(found))
        raise UnknownName(self.suggest(raw, want))

    def by_local_name(self, raw: str) -> list[str]:
        typed = raw.casefold().removesuffix(".txt")
        number = re.fullmatch(r"(\d{3})(/.+)?", typed)  # 002 or 002/c12
        found = []
        for iri in self.texts:
            local = local_name(iri).casefold()
            stem, _, rest = local.partition("/")
            in_doc = f"/{rest}" if rest else ""
            by_number = number and stem.startswith(number[1] + "_") and in_doc == (number[2] or "")
            if local == typed or (rest and rest == typed) or by_number:
                found.append(iri)
        return found

    def by_text(self, raw: str) -> list[str]:
        typed = fold(raw)
        return [iri for iri, texts in self.texts.items() if any(fold(t) == typed for t in texts)]

    def suggest(self, raw: str, want: str | None = None, n: int = 5) -> list[str]:
        """The nearest names, as IRIs: close local names or labels, else labels sharing a word."""
        pool = [i for i in self.texts if kind(i) == want] if want else list(self.texts)
        pool = pool or list(self.texts)
        keys: dict[str, str] = {}
        for iri in pool:
            keys.setdefault(fold(local_name(iri)), iri)
            for text in self.texts[iri]:
                keys.setdefault(fold(text), iri)
        close = difflib.get_close_matches(fold(raw), list(keys), n=n * 3, cutoff=0.6)
        near = list(dict.fromkeys(keys[k] for k in close))
        if not near:
            words = [w for w in re.split(r"[\W_]+", fold(raw)) if len(w) > 2]
            near = [i for i in pool if any(mentions(w, " ".join((local_name(i), *self.texts[i]))) for w in words)]
        return near[:n]


def wanted_kind(description: str) -> str | None:
    """The kind a parameter expects, read from the example its declaration gives (``e.g. ent:x``)."""
    example = re.search(r"e\.g\.\s*(<[^>]+>|\w+:[\w/-]+)", description)
    if not example:
        return None
    iri = expand(example[1])
    return kind(iri) if iri and iri.startswith(BASE) else None


__all__ = [
    "PREFIX_IRIS", "AmbiguousName", "Names", "UnknownName", "WrongKind", "fold", "kind", "mentions", "wanted_kind"
]
