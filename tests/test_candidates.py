"""The finders behind `claimgraph new`: French figures of every form, what is not a quantity, names of the registry."""

from __future__ import annotations

import doctest
from decimal import Decimal

import pytest

import graph.candidates
import graph.speakers
from graph.candidates import cues, figures, quotations
from graph.namespaces import ENT
from graph.speakers import Registry

from .conftest import PROJECT

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("sentence", "surface", "value", "low", "high", "unit", "hedge"),
    [
        ("Le modèle a coûté 5,6 millions de dollars.", "5,6 millions de dollars", 5_600_000, None, None, "USD", None),
        ("Ils dépenseront 60 à 65 milliards cette année.", "60 à 65 milliards", None, 6e10, 6.5e10, None, None),
        (f"L’action a perdu près de 17{NBSP}%.", f"près de 17{NBSP}%", 17, None, None, "percent", "Approximately"),
        ("Il en a vendu plus de 100 millions.", "plus de 100 millions", 100_000_000, None, None, None, "MoreThan"),
        ("Il faut des centaines de milliers de puces.", "des centaines de milliers de puces", None, 200_000, None,
         "chip", None),
        ("Un demi-billion de dollars est promis.", "demi-billion de dollars", 5e11, None, None, "USD", None),
        ("Le centre consommera 2GW.", "2GW", 2e9, None, None, "W", None),
        ("Soit environ 50 000 puces.", "environ 50 000 puces", 50_000, None, None, "chip", "Approximately"),
        ("Un délai de 9-12 mois.", "9-12 mois", None, 9, 12, "month", None),
        ("Une hausse d’environ 17%.", "environ 17%", 17, None, None, "percent", "Approximately"),
        ("Au moins des dizaines de milliards de dollars.", "Au moins des dizaines de milliards de dollars", None,
         2e10, None, "USD", "AtLeast"),
    ],
)
def test_every_form_of_figure(sentence, surface, value, low, high, unit, hedge) -> None:
    (found,) = figures(sentence)
    assert found.surface == surface
    assert sentence[found.span.start : found.span.end] == surface
    as_decimal = [None if v is None else Decimal(str(int(v))) for v in (value, low, high)]
    assert [found.value, found.min_value, found.max_value] == as_decimal
    assert (found.currency or found.unit) == unit
    assert found.hedge == hedge


@pytest.mark.parametrize(
    "sentence",
    [
        "En 2025, la course continue.",
        "GPT-4 et Claude 3.5 Sonnet restent en tête.",
        "Le modèle V3 et le modèle R1 sont gratuits.",
        "Les puces H100 sont interdites.",
        "Le 27 janvier, tout a changé.",
        "Une entreprise et deux pays.",
    ],
)
def test_what_is_not_a_quantity(sentence: str) -> None:
    assert figures(sentence) == []


def test_quotations_and_cues() -> None:
    text = "« Nous gagnerons », a déclaré Musk. Selon Reuters, il a écrit \"tout va bien\"."
    assert [text[q.inner.start : q.inner.end] for q in quotations(text)] == ["Nous gagnerons", "tout va bien"]
    assert [c.text for c in cues(text)] == ["a déclaré", "Selon", "a écrit"]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.read(sorted((PROJECT / "annotations").glob("[!0]*.ttl")))


@pytest.mark.parametrize(
    ("name", "entity"),
    [
        ("Elon Musk", "elon-musk"),
        ("elon musk", "elon-musk"),
        ("NVIDIA", "nvidia"),
        ("Deepseek", "deepseek"),
        ("deepseek", "deepseek"),
        ("Brundage de miles", "miles-brundage"),  # a machine translation's garble, recorded as a surface form
        ("Sam Altman, le patron d’OpenAI", "sam-altman"),
        ("M. Altman", "sam-altman"),
        ("Etats-Unis", "united-states"),  # accents folded away
    ],
)
def test_registry_matches_every_surface_form_accent_and_case_insensitively(registry, name, entity) -> None:
    found = registry.match(name)
    assert found is not None and found.entity == ENT[entity]


def test_registry_finds_known_names_spacy_misses(registry) -> None:
    names = registry.names_in("La start-up chinoise DEEPSEEK affirme que NVIDIA a tort.")
    assert [(n.text, registry.match(n.text).entity) for n in names] == [
        ("DEEPSEEK", ENT["deepseek"]),
        ("NVIDIA", ENT["nvidia"]),
    ]


@pytest.mark.parametrize("module", [graph.candidates, graph.speakers])
def test_docstring_examples(module) -> None:
    assert doctest.testmod(module).failed == 0
