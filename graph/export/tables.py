"""Tables as CSV files under out/tables/, one per DataFrame, UTF-8, for pandas and spreadsheets."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

SEP = "; "


def flat(frame: pd.DataFrame) -> pd.DataFrame:
    """List cells joined with "; ", the tables' CSV convention."""

    def cell(v: object) -> object:
        return SEP.join(map(str, v)) if isinstance(v, list) else v

    lists = [c for c in frame.columns if frame[c].map(lambda v: isinstance(v, list)).any()]
    return frame.assign(**{c: frame[c].map(cell) for c in lists})


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) get a leading '."""

    def cell(value: object) -> object:
        return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value

    text = [
        c for c in frame.columns if pd.api.types.is_object_dtype(frame[c]) or pd.api.types.is_string_dtype(frame[c])
    ]
    return frame.assign(**{c: frame[c].map(cell) for c in text}) if text else frame


def write_tables(tables: dict[str, pd.DataFrame], out: Path) -> list[Path]:
    folder = out / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in tables.items():
        path = folder / f"{name}.csv"
        neutralised(flat(frame)).to_csv(path, index=False)
        paths.append(path)
    return paths
