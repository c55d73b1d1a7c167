"""Tables under out/tables/: CSV for spreadsheets, Parquet beside it, and the Data Package describing both.

Analyses keep lists as Python lists; this is where they are encoded: as JSON arrays in CSV
(no value can collide with a separator) and as list columns in Parquet. Every column's type
comes from the data dictionary (``dictionary.py``), so an empty column is still typed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .dictionary import Table, check, datapackage

ARROW_TYPES = {
    "string": pa.string(),
    "date": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "array": pa.list_(pa.string()),
}

PANDAS_TYPES = {"integer": "Int64", "number": "float64", "boolean": "boolean", "string": "string", "date": "string"}


def missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def typed(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The frame with each column as its dictionary type: lists as lists, integers nullable, text as text."""
    out = pd.DataFrame(index=frame.index)
    for name, column in table.columns.items():
        values = frame[name]
        if column.type == "array":
            out[name] = values.map(lambda v: [] if missing(v) else [str(x) for x in v])
        elif column.type == "integer":
            out[name] = pd.to_numeric(values, errors="raise").astype("Int64")
        elif column.type == "number":
            out[name] = pd.to_numeric(values, errors="raise").astype("float64")
        elif column.type == "boolean":
            out[name] = values.astype("boolean")
        else:
            out[name] = values.map(lambda v: None if missing(v) or v == "" else str(v)).astype("object")
    return out.reset_index(drop=True)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) get a leading '."""

    def cell(value: object) -> object:
        return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value

    text = [
        c for c in frame.columns if pd.api.types.is_object_dtype(frame[c]) or pd.api.types.is_string_dtype(frame[c])
    ]
    return frame.assign(**{c: frame[c].map(cell) for c in text}) if text else frame


def csv_frame(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The frame as CSV cells: lists as JSON arrays (they start with "[", never a formula), text neutralised."""
    encoded = frame.copy()
    for name, column in table.columns.items():
        if column.type == "array":
            encoded[name] = frame[name].map(lambda v: json.dumps(v, ensure_ascii=False))
    return neutralised(encoded)


def write_parquet(frame: pd.DataFrame, table: Table, path: Path) -> None:
    schema = pa.schema([pa.field(name, ARROW_TYPES[c.type]) for name, c in table.columns.items()])
    arrow = pa.Table.from_pandas(frame, schema=schema, preserve_index=False).replace_schema_metadata(None)
    pq.write_table(arrow, path, compression="zstd")


def write_tables(tables: dict[str, pd.DataFrame], out: Path) -> list[Path]:
    """Write every table as CSV and Parquet, and ``datapackage.json``; refuse a column the dictionary lacks."""
    described = {name: check(name, list(frame.columns)) for name, frame in tables.items()}
    folder = out / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in tables.items():
        table = described[name]
        frame = typed(frame, table)
        csv, parquet = folder / f"{name}.csv", folder / f"{name}.parquet"
        csv_frame(frame, table).to_csv(csv, index=False)
        write_parquet(frame, table, parquet)
        paths += [csv, parquet]
    package = folder / "datapackage.json"
    package.write_text(json.dumps(datapackage(list(tables)), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [*paths, package]


def read_table(folder: Path, name: str) -> pd.DataFrame:
    """A table as written, read back with its types: JSON-array cells as lists, integers nullable."""
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    resource = next((r for r in package["resources"] if r["path"] == f"{name}.csv"), None)
    if resource is None:
        raise FileNotFoundError(f"no table {name!r} in {folder / 'datapackage.json'}")
    fields = resource["schema"]["fields"]
    arrays = {f["name"] for f in fields if f["type"] == "array"}
    dtypes = {f["name"]: PANDAS_TYPES[f["type"]] for f in fields if f["type"] != "array"}
    frame = pd.read_csv(folder / f"{name}.csv", dtype=dtypes, keep_default_na=False, na_values=[""])
    for column in arrays:
        frame[column] = frame[column].map(json.loads)
    for column, dtype in dtypes.items():
        if dtype == "string":  # text and ISO dates: str, or None where empty
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame
