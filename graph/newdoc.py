"""``claimgraph new``: a new text becomes a seed, and a starter annotation lists its candidates to confirm.

Nothing is written unless every check passes: the text is UTF-8, not empty, not already a seed
(by name or by content), and its stem makes valid identifiers. Line ends become LF and the text
NFC, as the seeds are stored; the starter records the SHA-256 the build checks the seed against.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .candidate_claims import ClaimCandidate, find_claims
from .config import Config
from .errors import BuildError, Problem, relative
from .speakers import Registry
from .starter import starter

STEM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


class NewDocumentError(BuildError):
    """The text cannot become a seed; nothing was written (exit 2)."""

    exit_code = 2
    headline = "cannot add the document"


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
