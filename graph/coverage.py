"""What a document's annotation leaves out: numbers outside figures, quotations and reporting cues
outside claims, each either annotated or excluded with a reason in ``annotations/<stem>.coverage.toml``.

A fact-checker must be able to trust that what the graph does not contain is not in the documents.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from .anchor import line_of
from .errors import Problem
from .load import read_text
from .namespaces import CG, DOC, OA

NUMBER = re.compile(r"\d+(?:[\u00a0\u202f ,.]\d+)*")
QUOTATION = re.compile(r"«[^«»]*»|“[^“”]*”|\"[^\"\n]*\"")
CUE = re.compile(
    r"\b(?:a déclaré|ont déclaré|déclare|a dit|selon|affirm\w*|a fait valoir|a averti|a promis|a tweeté|tweeté|"
    r"a publié|publiant|a écrit|écrit|estime|a annoncé|a reconnu|soutien\w*|a appelé|a exprimé|a décrit|"
    r"prétend\w*|a souligné|a ajouté|a qualifié|a prévenu)\b",
    re.IGNORECASE,
)
TRIM = " \u00a0\u202f.,;:!?"
KINDS = {"number": NUMBER, "quotation": QUOTATION, "cue": CUE}


@dataclass(frozen=True, order=True)
class Gap:
    """A token of the seed that no figure, claim or exclusion accounts for."""

    line: int
    kind: str
    text: str
    start: int

    def __str__(self) -> str:
        return f"line {self.line}: {self.kind} {self.text!r} (offset {self.start})"


def spans(data: Graph, stem: str) -> dict[str, list[tuple[int, int]]]:
    """Anchored spans of one document: claims (with their cues) and figures."""
    document = DOC[stem]
    found: dict[str, list[tuple[int, int]]] = {"claim": [], "figure": []}
    for claim in data.subjects(CG.reportedIn, document):
        if (claim, RDF.type, CG.Candidate) in data:
            continue  # an unconfirmed candidate of `claimgraph new` accounts for nothing yet
        anchors = list(data.objects(claim, CG.anchor)) + list(data.objects(claim, CG.cueAnchor))
        found["claim"] += [span(data, a) for a in anchors]
        for figure in data.objects(claim, CG.states):
            found["figure"] += [span(data, a) for a in data.objects(figure, CG.anchor)]
    return {k: [s for s in v if s] for k, v in found.items()}


def span(data: Graph, target: object) -> tuple[int, int] | None:
    for selector in data.objects(target, OA.hasSelector):
        if (selector, RDF.type, OA.TextPositionSelector) in data:
            return int(data.value(selector, OA.start)), int(data.value(selector, OA.end))
    return None


def exclusion_problems(path: Path, name: str) -> list[Problem]:
    """What is wrong with one exclusion list (read, TOML syntax, entries), located; nothing when it is absent."""
    if not path.exists() and not path.is_symlink():
        return []
    problems: list[Problem] = []
    text = read_text(path, name, problems, what="TOML file")
    if text is None:
        return problems
    try:
        entries = tomllib.loads(text).get("exclude", [])
    except tomllib.TOMLDecodeError as e:
        at = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        message = re.sub(r"\s*\(at line.*\)$", "", str(e))
        line, column = (int(at[1]), int(at[2])) if at else (None, None)
        return [Problem(name, line, f"TOML syntax: {message}", column=column)]
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("kind"), str) and isinstance(e.get("text"), str) for e in entries
    ):
        return [Problem(name, None, 'each [[exclude]] needs kind = "number"|"quotation"|"cue", text and reason')]
    return [
        Problem(name, None, f"[[exclude]] kind {e['kind']!r} is not one of {', '.join(KINDS)}")
        for e in entries
        if e["kind"] not in KINDS
    ]


def exclusions(path: Path) -> dict[str, list[dict[str, str]]]:
    """The reviewed exclusion list of one document, by kind (checked by ``exclusion_problems`` first)."""
    if not path.exists():
        return {}
    entries = tomllib.loads(path.read_text(encoding="utf-8-sig")).get("exclude", [])
    by_kind: dict[str, list[dict[str, str]]] = {}
    for entry in entries:
        by_kind.setdefault(entry["kind"], []).append(entry)
    return by_kind


def inside(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in ranges)


def gaps(text: str, covered: dict[str, list[tuple[int, int]]], excluded: dict[str, list[dict[str, str]]]) -> list[Gap]:
    """Numbers not inside a figure, quotations and cues not inside a claim or cue, minus exclusions."""
    found = []
    for kind, pattern in KINDS.items():
        ranges = covered["figure"] if kind == "number" else covered["claim"]
        skip = [(m.start(), m.end()) for e in excluded.get(kind, []) for m in re.finditer(re.escape(e["text"]), text)]
        for match in pattern.finditer(text):
            start, end = match.span()
            if kind == "quotation":  # the words inside the marks, without their spacing and end punctuation
                inner = match.group()[1:-1]
                start = start + 1 + (len(inner) - len(inner.lstrip(TRIM)))
                end = end - 1 - (len(inner) - len(inner.rstrip(TRIM)))
            if not inside(start, end, ranges) and not inside(match.start(), match.end(), skip):
                found.append(Gap(line_of(text, match.start()), kind, match.group(), match.start()))
    return sorted(found)


def document_gaps(data: Graph, text: str, stem: str, annotations: Path) -> list[Gap]:
    """The gaps of one document, given the anchored graph and its exclusion list."""
    return gaps(text, spans(data, stem), exclusions(annotations / f"{stem}.coverage.toml"))
