"""Dry-run speed of the imports row processor: a generated 100k-row file, judged row by row.

`.venv/bin/python bench/imports_parse.py [--rows N]` appends its figures to docs/benchmarks.md.
Target (issue 6): the file-local part of a dry run at >= 50,000 rows/s. Measured three ways:
the processor alone on rows already in memory, CSV read + processor (what the dry run does),
and the same for an XLSX (openpyxl read-only).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "services" / "imports" / "tests" / "fixtures" / "make_customers.py"

from imports.reading.table import CSV, XLSX, FileFormat, header_and_rows  # noqa: E402
from imports.rows.factory import make_processor  # noqa: E402
from imports.suggest import suggest_mapping  # noqa: E402


def processor_for(header):
    columns = {c: f for c, f in suggest_mapping("customers", header).items() if f}
    return make_processor("customers", header, columns, {})


def timed_pass(path: Path, fmt: FileFormat) -> tuple[float, int, Counter]:
    t0 = time.perf_counter()
    header, rows = header_and_rows(path, fmt, 1)
    processor = processor_for(header)
    statuses: Counter = Counter()
    count = 0
    for row_no, cells in rows:
        statuses[processor.process(row_no, cells).status] += 1
        count += 1
    return time.perf_counter() - t0, count, statuses


def processor_only(path: Path) -> tuple[float, int]:
    header, rows = header_and_rows(path, FileFormat(CSV, "utf-8-sig", ";"), 1)
    rows = list(rows)
    processor = processor_for(header)
    t0 = time.perf_counter()
    for row_no, cells in rows:
        processor.process(row_no, cells)
    return time.perf_counter() - t0, len(rows)


def generate(rows: int, out: Path) -> None:
    subprocess.run([sys.executable, str(GENERATOR), "--rows", str(rows), "--dirty", "0.1",
                    "--out", str(out)], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--xlsx-rows", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        csv_path, xlsx_path = Path(folder) / "c.csv", Path(folder) / "c.xlsx"
        generate(args.rows, csv_path)
        generate(args.xlsx_rows, xlsx_path)
        t_proc, n_proc = processor_only(csv_path)
        t_csv, n_csv, statuses = timed_pass(csv_path, FileFormat(CSV, "utf-8-sig", ";"))
        t_xlsx, n_xlsx, _ = timed_pass(xlsx_path, FileFormat(XLSX, sheet="Kunder"))
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    lines = [
        f"\n## Imports dry run, file-local part — {stamp} — {machine}\n",
        f"Generated file: {n_csv:,} rows, 10 % with known problems "
        f"({', '.join(f'{k} {v:,}' for k, v in sorted(statuses.items()))}).\n",
        "| what | figure |",
        "|------|--------|",
        f"| row processor alone (rows in memory) | {n_proc / t_proc:,.0f} rows/s |",
        f"| CSV read + row processor (the dry run's pass) | {n_csv / t_csv:,.0f} rows/s "
        f"({t_csv:.2f} s) |",
        f"| XLSX read (openpyxl read-only) + row processor, {n_xlsx:,} rows | "
        f"{n_xlsx / t_xlsx:,.0f} rows/s |",
        "| target (issue 6) | ≥ 50,000 rows/s |",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    with (ROOT / "docs" / "benchmarks.md").open("a", encoding="utf-8") as handle:
        handle.write(text)


if __name__ == "__main__":
    main()
