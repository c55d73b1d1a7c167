"""Printed results: tables that fit the terminal, one record for one result, numbers as a reader says them."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from urllib.request import Request, urlopen

from click.testing import CliRunner

from graph.cli import main
from graph.display import number, record, table, width
from graph.serve import make_server


def test_numbers_with_unit_and_scale() -> None:
    # 002: "500 milliards de dollars" (Stargate); 004: "5,6 millions de dollars"; 002: "50%".
    assert number(500_000_000_000.0, "USD") == "500 billion USD"
    assert number(5_600_000, "USD") == "5.6 million USD"
    assert number(17, "percent") == "17 %"
    assert number(2_000_000_000, "W") == "2 billion W"
    assert number(50_000, "GPU") == "50,000 GPU"


def test_a_table_fits_its_width_and_cuts_with_an_ellipsis() -> None:
    quote = "Stargate n’a pas l’argent dont il parle " * 3
    rows = [["002_59f5497307406c20.txt", quote, "d:002_59f5497307406c20/c34"]] * 3
    for terminal in (60, 80, 120):
        lines = table(["document", "quote", "claim"], rows, terminal).splitlines()
        assert len(lines) == 2 + 3, "one line per row, never wrapped"
        assert max(width(line) for line in lines) <= terminal
        assert "…" in lines[2] and lines[2].rstrip().endswith("d:002_59f5497307406c20/c34")
    wide = table(["document", "quote", "claim"], rows, 60, wide=True)
    assert quote.strip() in wide


def test_wide_characters_count_double() -> None:
    # 003 cites its source as 【原文第二部分“出口管制”】: two terminal columns per character.
    lines = table(["text"], [["【原文第二部分“出口管制”】" * 4], ["x"]], 30).splitlines()
    assert max(width(line) for line in lines) <= 30


def test_a_single_result_is_a_record_with_nothing_cut() -> None:
    quote = (
        "qu’il n’avait garanti que les 80 milliards de dollars que Microsoft avait l’intention d’investir dans l’IA"
        " cette année"
    )
    text = record(["speaker", "quote", "value", "unit"], ["Satya Nadella", quote, 80_000_000_000, "USD"], 60)
    assert max(width(line) for line in text.splitlines()) <= 60
    assert " ".join(line[9:].strip() for line in text.splitlines()[1:-2]) == quote
    assert "value    80 billion USD" in text


def test_tables_show_units_while_csv_and_json_keep_machine_values(real_out: Path) -> None:
    args = ["query", "figure-provenance", "-p", "measure=qty:stargate-investment-total", "--out", str(real_out)]
    printed = CliRunner().invoke(main, args, env={"COLUMNS": "200"}).output
    assert "500 billion USD" in printed and "500000000000" not in printed
    as_json = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).output)
    assert {row["value"] for row in as_json} == {500_000_000_000}
    as_csv = CliRunner().invoke(main, [*args, "--format", "csv"]).output
    assert ",500000000000," in as_csv


def test_cli_csv_is_what_the_endpoint_sends(real_out: Path) -> None:
    server = make_server(real_out, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/queries/figure-provenance?measure=qty:deepseek-v3-training-cost"
        with urlopen(Request(url, headers={"Accept": "text/csv"}), timeout=10) as response:
            served = response.read()
    finally:
        server.shutdown()
        server.server_close()
    args = ["query", "figure-provenance", "-p", "measure=qty:deepseek-v3-training-cost", "--format", "csv"]
    assert CliRunner().invoke(main, [*args, "--out", str(real_out)]).stdout_bytes == served
