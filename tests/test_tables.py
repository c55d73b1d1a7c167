"""Tables with a schema: a Frictionless Data Package every column is described in, JSON-array lists, Parquet."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from frictionless import Package

from graph.export.dictionary import TABLES, UndescribedColumns
from graph.export.tables import read_table, write_tables


@pytest.fixture(scope="module")
def package(real_out: Path) -> dict:
    return json.loads((real_out / "tables" / "datapackage.json").read_text(encoding="utf-8"))


def test_frictionless_validates_every_table(real_out: Path) -> None:
    report = Package(str(real_out / "tables" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]
    assert len(report.tasks) == len(list((real_out / "tables").glob("*.csv"))) >= 7


def test_every_column_of_every_written_table_is_described(real_out: Path, package: dict) -> None:
    described = {r["path"]: [f["name"] for f in r["schema"]["fields"]] for r in package["resources"]}
    for csv in sorted((real_out / "tables").glob("*.csv")):
        header = pd.read_csv(csv, nrows=0).columns.tolist()
        assert described.get(csv.name) == header, f"{csv.name}: describe its columns in graph/export/dictionary.py"
    for resource in package["resources"]:
        for field in resource["schema"]["fields"]:
            assert field["type"] in {"string", "integer", "number", "boolean", "array", "date"}
            assert len(field["description"]) > 10, (resource["name"], field["name"])


def test_an_undescribed_column_stops_the_export(tmp_path: Path) -> None:
    frame = pd.DataFrame({"source": ["x"], "label": ["X"], "type": ["Outlet"], "claims": [1], "documents": [1]})
    frame["seeds"] = [["a.txt"]]
    frame["reliability"] = [0.5]
    with pytest.raises(UndescribedColumns, match=r"'sources'.*\['reliability'\]"):
        write_tables({"sources": frame}, tmp_path)
    with pytest.raises(UndescribedColumns, match="'source_ratings' is not described"):
        write_tables({"source_ratings": frame}, tmp_path)
    assert not (tmp_path / "tables" / "sources.csv").exists()


def test_list_cells_cannot_collide_with_a_separator(tmp_path: Path) -> None:
    awkward = ["« a ; b »", "c; d", 'e", "f', "[g]"]
    frame = pd.DataFrame(
        {
            "document_a": ["a.txt"],
            "document_b": ["b.txt"],
            "weight": [4],
            "shared_speakers": [awkward],
            "shared_measures": [[]],
            "links": [["x -> y"]],
        }
    )
    write_tables({"document_overlap": frame}, tmp_path)
    back = read_table(tmp_path / "tables", "document_overlap")
    assert back.loc[0, "shared_speakers"] == awkward and back.loc[0, "shared_measures"] == []
    arrow = pq.read_table(tmp_path / "tables" / "document_overlap.parquet")
    assert arrow.column("shared_speakers").to_pylist() == [awkward]


def test_lists_read_back_as_lists(real_out: Path) -> None:
    claims = read_table(real_out / "tables", "claims")
    cnbc = claims[claims["cites"].map(lambda c: "https://w3id.org/claimgraph/source/cnbc" in c)]
    assert len(cnbc) >= 2 and all(isinstance(c, list) for c in claims["cites"])
    entities = read_table(real_out / "tables", "entities").set_index("entity")
    assert "Profondeur de l'eau-R1" in entities.loc["https://w3id.org/claimgraph/entity/deepseek-r1", "aliases"]


@pytest.mark.parametrize("name", sorted(TABLES))
def test_parquet_beside_each_csv_with_proper_types(real_out: Path, name: str) -> None:
    arrow = pq.read_table(real_out / "tables" / f"{name}.parquet")
    expected = {
        "string": pa.string(),
        "date": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
    }
    for column_name, column in TABLES[name].columns.items():
        field = arrow.schema.field(column_name)
        if column.type == "array":
            assert pa.types.is_list(field.type) and field.type.value_type == pa.string(), column_name
        else:
            assert field.type == expected[column.type], column_name
    assert arrow.num_rows == len(pd.read_csv(real_out / "tables" / f"{name}.csv"))


def test_an_empty_column_is_typed_as_what_it_would_hold(real_out: Path, package: dict) -> None:
    recurring = next(r for r in package["resources"] if r["name"] == "recurring-figures")
    assert {f["name"]: f["type"] for f in recurring["schema"]["fields"]}["drift_reason"] == "string"
    assert pq.read_table(real_out / "tables" / "recurring_figures.parquet").schema.field("drift_reason").type == (
        pa.string()
    )
    frame = read_table(real_out / "tables", "recurring_figures")
    assert frame["drift_reason"].map(lambda v: v is None or isinstance(v, str)).all()
