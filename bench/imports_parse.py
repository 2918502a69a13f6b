"""Dry-run speed of the imports row processor: a generated 100k-row file, judged row by row.

`.venv/bin/python bench/imports_parse.py [--rows N]` appends its figures to docs/benchmarks.md.
Target (issue 6): the file-local part of a dry run at >= 50,000 rows/s. Measured three ways:
the processor alone on rows already in memory, CSV read + processor (what the dry run does),
and the same for an XLSX (our streaming sheet reader).
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

from report import record  # noqa: E402

from imports.domain.reading.table import CSV, XLSX, FileFormat, header_and_rows  # noqa: E402
from imports.domain.rows.factory import make_processor  # noqa: E402
from imports.domain.suggest import suggest_mapping  # noqa: E402


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


def sender_child(rows_file: Path, db_url: str, upload_dir: str) -> None:
    """In a fresh process: upload, map, dry-run and send the whole file into the outbox."""
    import json
    import resource

    from foyer_shared.db import Database
    from imports.settings import Settings
    from imports.use_cases import mapping, sending, steps, uploads

    # 1M generated rows are ~130 MB: over the 50 MB default limit, which is the point of it.
    settings = Settings(
        database_url=db_url,
        upload_dir=upload_dir,
        context_public_key_file="",
        max_upload_bytes=1 << 30,
    )
    db = Database(db_url)
    t0 = time.perf_counter()
    with open(rows_file, "rb") as stream:
        job, preview = uploads.upload(
            db, settings, kind="customers", filename="c.csv", stream=stream
        )
    t_upload = time.perf_counter() - t0
    columns = {c: f for c, f in preview["suggested_mapping"].items() if f}
    mapping.set_mapping(db, job.id, {"columns": columns}, settings.max_rows)
    steps.start_dry_run(db, job.id)
    t0 = time.perf_counter()
    claim = sending.claim_next(db, settings.lease_seconds)
    sending.send(db, settings, claim)
    t_send = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"upload_s": t_upload, "send_s": t_send, "peak_mb": peak_kb / 1024}))


def run_sender_bench(rows: int, folder: Path) -> dict:
    import json

    import foyer_testing as testing
    from foyer_shared.migrations import upgrade

    path = folder / f"s{rows}.csv"
    generate(rows, path)
    name = f"foyer_bench_imports_{testing.run_id()}"
    url = testing.create_pg_database(name)
    try:
        upgrade(ROOT / "services" / "imports" / "imports" / "migrations", url)
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(path), url, str(folder / "uploads")],
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise SystemExit(f"sender bench failed:\n{done.stderr[-3000:]}")
        out = done.stdout
        return {"rows": rows, **json.loads(out.strip().splitlines()[-1])}
    finally:
        testing.drop_pg_database(name)


def generate(rows: int, out: Path) -> None:
    subprocess.run(
        [sys.executable, str(GENERATOR), "--rows", str(rows), "--dirty", "0.1", "--out", str(out)],
        check=True,
        capture_output=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--xlsx-rows", type=int, default=20_000)
    parser.add_argument(
        "--sender-rows",
        type=int,
        nargs="*",
        default=[100_000, 1_000_000],
        help="also time the sender (file -> batches in a PostgreSQL outbox)",
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sender_child(Path(args.child[0]), args.child[1], args.child[2])
        return
    with tempfile.TemporaryDirectory() as folder:
        csv_path, xlsx_path = Path(folder) / "c.csv", Path(folder) / "c.xlsx"
        generate(args.rows, csv_path)
        generate(args.xlsx_rows, xlsx_path)
        t_proc, n_proc = processor_only(csv_path)
        t_csv, n_csv, statuses = timed_pass(csv_path, FileFormat(CSV, "utf-8-sig", ";"))
        t_xlsx, n_xlsx, _ = timed_pass(xlsx_path, FileFormat(XLSX, sheet="Kunder"))
        senders = [run_sender_bench(n, Path(folder)) for n in args.sender_rows]
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
        f"| XLSX read (streaming sheet reader) + row processor, {n_xlsx:,} rows | "
        f"{n_xlsx / t_xlsx:,.0f} rows/s |",
        "| target (issue 6) | ≥ 50,000 rows/s |",
    ]
    for run in senders:
        lines.append(
            f"| sender, {run['rows']:,} rows: upload (store + detect + count) | "
            f"{run['rows'] / run['upload_s']:,.0f} rows/s |"
        )
        lines.append(
            f"| sender, {run['rows']:,} rows: file → batches of 1000 in the PostgreSQL outbox | "
            f"{run['rows'] / run['send_s']:,.0f} rows/s ({run['send_s']:.1f} s), "
            f"peak RSS {run['peak_mb']:.0f} MB |"
        )
    if len(senders) == 2:
        small, large = senders
        lines.append(
            f"| sender time {large['rows']:,} / {small['rows']:,} | "
            f"{large['send_s'] / small['send_s']:.1f}× (target ≤ 11×); peak memory "
            f"{large['peak_mb'] / small['peak_mb']:.2f}× (target ≤ 1.5×) |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    record(text)


if __name__ == "__main__":
    main()
