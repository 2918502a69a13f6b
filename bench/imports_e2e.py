"""Imports end to end: a generated register through the gateway into the registry, real processes.

`.venv/bin/python bench/imports_e2e.py [--rows 100000] [--full]` from the repo root; appends its
figures to docs/benchmarks.md. The whole suite runs as in tests_e2e (infra/devstack.Stack) on
fresh PostgreSQL databases and a fresh RabbitMQ vhost, removed afterwards. Measured:
- upload → job completed (every row persisted in the registry), rows/s end to end;
- the floor: a plain SQLAlchemy Core batched insert of the same rows into a persons-like table;
- the dry run through the registry (applied and rolled back), rows/s;
- undoing the job (every person it created removed), persons/s;
- the register imported again with half its rows changed (dry run and run), rows/s;
- with --full (`make bench BENCH=imports-1m`), the same for 1,000,000 rows: time ratio and the
  peak RSS of the imports sender (the process that reads the file), the imports worker and the
  registry's workers, each against its own at the smaller size.
- CPU per 1,000 rows of each kind of process during the run, the dry run and the undo (/proc;
  only this suite's processes and databases: other stacks on a shared machine run the same
  commands), to see where time goes.
Targets (issue 24 §3): ≥ 0.5× the plain insert, re-import and undo ≥ 10,000 rows/s, 1M ≤ 11×
the time of 100k with each process's peak memory ≤ 1.5× its own at 100k.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    insert,
    text,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "infra"))
import devstack  # noqa: E402
from report import record  # noqa: E402

import foyer_testing as testing  # noqa: E402
from foyer_shared.db import Database, new_id, utcnow  # noqa: E402

GENERATOR = ROOT / "services/imports/tests/fixtures/make_customers.py"
PASSWORD = "bench-Owner-passphrase-1"
POLL = 0.25
BIG_UPLOAD = 300 * 1024 * 1024
WORKER_ROLES = ("worker", "import-worker")


class Suite:
    """The real processes on throw-away databases; `with Suite() as suite:`."""

    def __init__(self, folder: Path):
        self.run = testing.run_id()
        self.names = {s: f"foyer_bench_{self.run}_{s}" for s in devstack.SERVICES}
        self.vhost = f"foyer_bench_{self.run}"
        self.folder = folder

    def __enter__(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        amqp = testing.create_vhost(self.vhost)
        urls = {s: testing.create_pg_database(name) for s, name in self.names.items()}
        self.stack = devstack.Stack(
            var=self.folder / "var",
            port_offset=devstack.free_port_offset(200),
            common_env={
                "AMQP_URL": amqp,
                "FOYER_OWNER_EMAIL": "owner@bench.test",
                "FOYER_OWNER_PASSWORD": PASSWORD,
                "LOG_LEVEL": "WARNING",
                "FOYER_RATE_LIMIT_LOGIN_PER_ADDRESS": "1000/minute",
            },
            service_env={s: {"DATABASE_URL": url} for s, url in urls.items()},
        )
        # The generated 1M-row CSV is ~110 MB: over the default upload limits (50 MB at
        # imports, 51 MiB on the gateway's upload routes), which the benchmark raises for itself.
        routes = self.folder / "routes.toml"
        routes.write_text(
            re.sub(
                r"max_body_bytes = \d+",
                f"max_body_bytes = {BIG_UPLOAD}",
                (ROOT / "gateway/routes.toml").read_text(),
            )
        )
        self.stack.service_env["gateway"] = {"FOYER_ROUTES_FILE": str(routes)}
        self.stack.service_env["imports"]["FOYER_MAX_UPLOAD_BYTES"] = str(BIG_UPLOAD)
        devstack.ensure_context_keys(self.stack.var / "keys")
        try:
            self.stack.migrate()
            self.stack.start()
            self.stack.wait_ready(timeout=120)
        except BaseException:
            self.__exit__()  # a stack that failed to start leaves no processes behind
            raise
        self.url = self.stack.gateway_url
        self.login()
        self.registry_url = urls["registry"]
        return self

    def __exit__(self, *exc):
        self.stack.stop()
        for name in self.names.values():
            testing.drop_pg_database(name)
        testing.delete_vhost(self.vhost)

    def login(self) -> None:
        token = requests.post(
            f"{self.url}/api/identity/auth/login",
            timeout=30,
            json={"username": "owner", "password": PASSWORD},
        ).json()
        self.headers = {"Authorization": f"Bearer {token['access_token']}"}

    def call(self, method: str, path: str, **kwargs) -> dict:
        response = requests.request(
            method, f"{self.url}/api/imports{path}", headers=self.headers, timeout=600, **kwargs
        )
        if response.status_code == 401 and method == "GET":  # the 15-minute token ran out
            self.login()
            response = requests.request(
                method, f"{self.url}/api/imports{path}", headers=self.headers, timeout=600, **kwargs
            )
        if response.status_code >= 300:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.text[:500]}")
        return response.json() if response.content else {}

    def wait(self, job_id: str, state: str, *peaks: RssPeak) -> dict:
        while True:
            job = self.call("GET", f"/jobs/{job_id}")
            if job["state"] == "failed":
                raise RuntimeError(f"job failed: {job}")
            if job["state"] == state:
                return job
            for rss in peaks:
                rss.sample()
            time.sleep(POLL)

    def wait_quiet(self, timeout: float = 900) -> None:
        """Until every queue of the suite's vhost is empty: a job completes when the registry
        has answered, while crm may still be working through its events (47,000
        `person.updated` after the re-import). The next measurement must not share the
        machine with that tail (crm's CPU per row had doubled in a 1M import measured right
        after the re-import)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            listed = subprocess.run(
                [
                    "rabbitmqctl",
                    "-q",
                    "list_queues",
                    "-p",
                    self.vhost,
                    "messages",
                    "messages_unacknowledged",
                ],
                capture_output=True,
                text=True,
                timeout=60,
            ).stdout
            if not any(int(word) for word in listed.split() if word.isdigit()):
                return
            time.sleep(2)
        raise RuntimeError(f"the queues of {self.vhost} did not empty in {timeout:.0f} s")

    def worker_pid(self, name: str, role: str = "worker") -> int:
        return self.stack._pids()[f"{name}-{role}"]


class RssPeak:
    """Peak resident memory of one process: the kernel's high-water mark, read from /proc."""

    def __init__(self, pid: int):
        self.pid, self.peak_kb = pid, 0

    def sample(self) -> None:
        try:
            status = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                self.peak_kb = max(self.peak_kb, int(line.split()[1]))


class CpuTimes:
    """CPU seconds used by each kind of process on the machine (/proc), to say per 1,000 rows
    where a run's time went: the workers by service, PostgreSQL by database, RabbitMQ."""

    TICK = os.sysconf("SC_CLK_TCK")

    @classmethod
    def snapshot(cls, suite: Suite) -> dict[str, float]:
        """Only the suite's own processes (their process groups, its databases' backends):
        other engineers' stacks on a shared machine run the same commands."""
        groups = set(suite.stack._pids().values())
        used: dict[str, float] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            kind = cls._kind(command, suite.run, int(stat[2]) in groups)
            if kind:
                used[kind] = used.get(kind, 0.0) + (int(stat[11]) + int(stat[12])) / cls.TICK
        return used

    @staticmethod
    def _kind(command: str, run: str, in_suite: bool) -> str | None:
        if command.startswith("postgres"):
            # A backend's title names its database (foyer_bench_<run>_<service>); the rest are
            # the server's own processes (WAL writer, checkpointer, autovacuum).
            for service in devstack.SERVICES:
                if f"foyer_bench_{run}_{service} " in command:
                    return f"PostgreSQL ({service})"
            if "(" in command or "[local]" in command:
                return None  # a client's backend, not ours: another session's database
            return "PostgreSQL (server)"
        if "beam.smp" in command:
            return "RabbitMQ"  # one broker for everyone: also others' traffic
        return CpuTimes._service_kind(command) if in_suite else None

    @staticmethod
    def _service_kind(command: str) -> str | None:
        for service in devstack.SERVICES:
            for role in ("worker", "import-worker", "sender"):
                if f"-m {service} {role}" in command:
                    return f"{service} {role}"
        if "gunicorn" in command:
            return "web (gunicorn, all)"
        return None

    @staticmethod
    def per_thousand_rows(before: dict, after: dict, rows: int) -> dict[str, float]:
        spent = {k: after.get(k, 0.0) - before.get(k, 0.0) for k in after}
        return {
            k: round(v * 1_000_000 / rows, 1)
            for k, v in sorted(spent.items(), key=lambda item: -item[1])
            if v > 0
        }


def generate(folder: Path, rows: int, first_year: int) -> Path:
    out = folder / f"customers_{rows}.csv"
    subprocess.run(
        [
            sys.executable,
            str(GENERATOR),
            "--rows",
            str(rows),
            "--dirty",
            "0.1",
            "--personnummer-from",
            str(first_year),
            "--out",
            str(out),
        ],
        check=True,
    )
    return out


def import_file(suite: Suite, path: Path, dry_run: bool) -> dict:
    """Upload → mapping → (dry run →) run → completed; times of each step and the peak RSS."""
    # The sender holds what a file's rows must remember: the memory target is its peak.
    rss = RssPeak(suite.worker_pid("imports", "sender"))
    worker_rss = RssPeak(suite.worker_pid("imports"))
    # The registry's consumers hold a batch each (and a dry run's earlier rows).
    registry_rss = [RssPeak(suite.worker_pid("registry", role)) for role in WORKER_ROLES]
    t0 = time.perf_counter()
    with open(path, "rb") as handle:
        body = suite.call(
            "POST",
            "/jobs",
            data={"type": "customers"},
            files={"file": (path.name, handle, "text/csv")},
        )
    job_id = body["job"]["id"]
    columns = {c: f for c, f in body["suggested_mapping"].items() if f}
    suite.call(
        "PUT",
        f"/jobs/{job_id}/mapping",
        json={
            "columns": columns,
            "mode": "create_or_update",
            "match_on": "personnummer",
            "options": {"create_missing_statuses": True},
        },
    )
    t_mapped = time.perf_counter()
    figures = {"upload_s": t_mapped - t0}
    if dry_run:
        dry_cpu_before = CpuTimes.snapshot(suite)
        asked = time.time()
        suite.call("POST", f"/jobs/{job_id}/dry-run")
        job = suite.wait(job_id, "dry_run_done", rss, worker_rss, *registry_rss)
        figures["dry_run_s"] = _finished(job) - asked
        figures["dry_run_cpu_ms_per_1000_rows"] = CpuTimes.per_thousand_rows(
            dry_cpu_before, CpuTimes.snapshot(suite), job["counts"]["dry_run"].get("rows") or 1
        )
    cpu_before = CpuTimes.snapshot(suite)
    asked = time.time()
    suite.call("POST", f"/jobs/{job_id}/run")
    job = suite.wait(job_id, "completed", rss, worker_rss, *registry_rss)
    run_s = _finished(job) - asked
    cpu = CpuTimes.per_thousand_rows(
        cpu_before, CpuTimes.snapshot(suite), job["counts"]["run"].get("to_registry") or 1
    )
    for peak in (rss, worker_rss, *registry_rss):
        peak.sample()
    figures.update(
        run_s=run_s,
        end_to_end_s=run_s + figures["upload_s"],
        counts=job["counts"]["run"],
        peak_rss_mb=rss.peak_kb / 1024,
        worker_peak_rss_mb=worker_rss.peak_kb / 1024,
        registry_peak_rss_mb=max(peak.peak_kb for peak in registry_rss) / 1024,
        cpu_ms_per_1000_rows=cpu,
    )
    figures["job_id"] = job_id
    return figures


def _finished(job: dict) -> float:
    """When the job says its phase finished (the services' clock is this machine's): exact,
    where the moment the poll saw it is up to POLL late."""
    return datetime.datetime.fromisoformat(job["finished_at"]).timestamp()


def undo_job(suite: Suite, job_id: str) -> dict:
    """Undo a completed job: every person it created removed (none changed since)."""
    cpu_before = CpuTimes.snapshot(suite)
    t0 = time.perf_counter()
    suite.call("POST", f"/jobs/{job_id}/undo")
    job = suite.wait(job_id, "undone", RssPeak(0))
    removed = job["undo_result"]["removed"]
    return {
        "undo_s": time.perf_counter() - t0,
        "undo_removed": removed,
        "undo_cpu_ms_per_1000_rows": CpuTimes.per_thousand_rows(
            cpu_before, CpuTimes.snapshot(suite), removed or 1
        ),
    }


def changed_copy(path: Path) -> Path:
    """The file with every other row's city changed: a register exported again a year on."""
    out = path.with_name(f"changed_{path.name}")
    with (
        open(path, encoding="utf-8-sig", newline="") as src,
        open(out, "w", encoding="utf-8", newline="") as dst,
    ):
        reader, writer = csv.reader(src, delimiter=";"), csv.writer(dst, delimiter=";")
        header = next(reader)
        writer.writerow(header)
        city = header.index("Ort")
        for number, row in enumerate(reader):
            if number % 2 == 0 and len(row) > city and row[city]:
                row[city] += " C"
            writer.writerow(row)
    return out


def plain_insert(url: str, path: Path, batch: int = 1000) -> float:
    """The floor: the file's rows, parsed, into a persons-like table, Core executemany batches."""
    metadata = MetaData()
    table = Table(
        "plain_persons",
        metadata,
        Column("id", String(36), primary_key=True),
        *(
            Column(name, String(200))
            for name in (
                "first_name",
                "last_name",
                "company_name",
                "personnummer",
                "email",
                "phone",
                "address",
                "postal_code",
                "city",
                "home_facility",
            )
        ),
        Column("birth_date", Date),
        Column("search_text", Text),
        Column("version", Integer),
        Column("created_at", DateTime(timezone=True)),
        Column("updated_at", DateTime(timezone=True)),
    )
    database = Database(url)
    metadata.create_all(database.engine)
    t0 = time.perf_counter()
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        chunk: list[dict] = []
        for cells in reader:
            now = utcnow()
            chunk.append(
                {
                    "id": new_id(),
                    "first_name": cells[0],
                    "last_name": cells[1],
                    "company_name": cells[2],
                    "personnummer": cells[3] or None,
                    "email": cells[4],
                    "phone": cells[5],
                    "address": cells[6],
                    "postal_code": cells[7],
                    "city": cells[8],
                    "home_facility": cells[10],
                    "birth_date": None,
                    "search_text": " ".join(cells).lower(),
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            if len(chunk) == batch:
                with database.transaction() as session:
                    session.execute(insert(table), chunk)
                chunk = []
        if chunk:
            with database.transaction() as session:
                session.execute(insert(table), chunk)
    elapsed = time.perf_counter() - t0
    metadata.drop_all(database.engine)
    database.dispose()
    return elapsed


def register_rows(path: Path) -> list[dict]:
    """The file's rows as rows of the registry's persons table, built before any clock starts
    (names, numbers and search columns as in the file; one row per personnummer, the table's
    unique key; values cut to the columns' lengths)."""
    from registry.models import Person
    from registry.models.person import search_columns

    cells_of = {"first_name": 0, "last_name": 1, "personnummer": 3, "email": 4, "phone": 5}
    cells_of |= {"address": 6, "postal_code": 7, "city": 8, "home_facility": 10}
    lengths = {c.name: getattr(c.type, "length", None) for c in Person.__table__.columns}
    rows, seen, now = [], set(), utcnow()
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        for cells in reader:
            values = {
                name: (cells[i][: lengths[name]] or None) if i < len(cells) else None
                for name, i in cells_of.items()
            }
            if not values["personnummer"] or values["personnummer"] in seen:
                continue
            seen.add(values["personnummer"])
            rows.append(
                values
                | search_columns("person", values)
                | {"id": new_id(), "kind": "person", "version": 1}
                | {"created_at": now, "updated_at": now}
            )
    return rows


def register_table_insert(url: str, rows: list[dict], trigram: bool, batch: int = 1000) -> float:
    """Seconds to COPY `rows` (register_rows) in batches of `batch`, each its own transaction,
    into a fresh copy of the registry's persons table with every index it has, the trigram
    index of the desk's search left out when `trigram` is False: what the register's own table
    costs to write, before any checking, change log or event."""
    database = Database(url)
    with database.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS floor_register")
        connection.exec_driver_sql("CREATE TABLE floor_register (LIKE persons INCLUDING ALL)")
        if not trigram:
            for name in connection.scalars(
                text(
                    "SELECT indexname FROM pg_indexes WHERE tablename = 'floor_register' "
                    "AND indexdef LIKE '%gin_trgm_ops%'"
                )
            ):
                connection.exec_driver_sql(f'DROP INDEX "{name}"')
    columns = list(rows[0])
    statement = f"COPY floor_register ({', '.join(columns)}) FROM STDIN"
    t0 = time.perf_counter()
    for start in range(0, len(rows), batch):
        with database.engine.begin() as connection:
            cursor = connection.connection.driver_connection.cursor()
            with cursor.copy(statement) as copy:
                for row in rows[start : start + batch]:
                    copy.write_row([row[column] for column in columns])
    elapsed = time.perf_counter() - t0
    with database.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE floor_register")
    database.dispose()
    return elapsed


def main() -> None:
    # A SIGTERM (timeout, CI) unwinds like Ctrl-C, so the processes, databases and vhost go too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--full", action="store_true", help="also 1,000,000 rows (~minutes)")
    parser.add_argument("--no-write", action="store_true", help="print, do not append to docs")
    parser.add_argument("--no-dry-run", action="store_true", help="only the run (large files)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="foyer-bench-") as tmp:
        first, floor = measure_small(Path(tmp), args)
        big = None
        if args.full:
            # A suite of its own, like the 100k file's: both go into an empty register with no
            # one else's work. Measured after the undo and re-import in the same suite, the 1M
            # import shared the machine with autovacuum cleaning up after them (12.0× the
            # 100k time; 10.8× on its own).
            large = generate(Path(tmp), 1_000_000, 1920)
            with Suite(Path(tmp) / "large") as suite:
                big = import_file(suite, large, dry_run=False)
            print("large:", json.dumps(big), flush=True)
        load = os.getloadavg()
    report(args.rows, first, floor, big, load, write=not args.no_write)


def measure_small(tmp: Path, args) -> tuple[dict, float]:
    """The file of --rows: dry run and run, the floor, the undo, and an import of it again."""
    with Suite(tmp / "small") as suite:
        small = generate(tmp, args.rows, 1960)
        first = import_file(suite, small, dry_run=not args.no_dry_run)
        print("small:", json.dumps(first), flush=True)
        # The median of three: on this shared machine one run of the floor varied 5.0-7.2 s,
        # which alone moved the ratio by a third.
        suite.wait_quiet()
        # Beside it, in the same rounds: the register's own table written by COPY, with and
        # without its trigram index (how much of the import its table alone costs).
        persons = register_rows(small)
        floors, tables, bare = [], [], []
        for _ in range(3):
            floors.append(plain_insert(suite.registry_url, small))
            tables.append(register_table_insert(suite.registry_url, persons, trigram=True))
            bare.append(register_table_insert(suite.registry_url, persons, trigram=False))
        floor = sorted(floors)[1]
        first["register_table"] = {
            "rows": len(persons),
            "with_trigram_s": sorted(tables)[1],
            "without_trigram_s": sorted(bare)[1],
        }
        print(f"floor: {floor:.2f} s (of {', '.join(f'{f:.2f}' for f in floors)})", flush=True)
        print("register table:", first["register_table"], flush=True)
        suite.wait_quiet()
        first.update(undo_job(suite, first["job_id"]))
        print("undo:", first["undo_s"], first["undo_removed"], first["undo_cpu_ms_per_1000_rows"])
        # The register imported again, half its rows changed: the file once more (the
        # register as before the undo), then the changed copy, dry run and run.
        suite.wait_quiet()
        import_file(suite, small, dry_run=False)
        suite.wait_quiet()
        again = import_file(suite, changed_copy(small), dry_run=True)
        first.update(
            reimport_dry_s=again["dry_run_s"],
            reimport_run_s=again["run_s"],
            reimport_counts=again["counts"],
            reimport_cpu=again["cpu_ms_per_1000_rows"],
        )
        print("re-import:", json.dumps(again), flush=True)
    return first, floor


def _cpu_line(what: str, figures: dict, key: str) -> str:
    spent = figures.get(key) or {}
    return f"| {what} | " + ", ".join(f"{name} {ms:.0f}" for name, ms in spent.items()) + " | |"


def _register_table_lines(table: dict | None, floor_rate: float) -> list[str]:
    """The register's own table beside the plain insert: the part of the import no tuning of
    the pipeline removes (issue 24 §3: a decision, docs/imports.md → Speed: where it stands)."""
    if not table:
        return []
    lines = []
    for key, what in (
        ("with_trigram_s", "every index it has"),
        ("without_trigram_s", "every index but the search's trigram index"),
    ):
        rate = table["rows"] / table[key]
        lines.append(
            f"| the same file's {table['rows']:,} persons alone, COPY into a copy of the "
            f"registry's persons table with {what}, batches of 1000 (no checks, change log or "
            f"events) | {rate:,.0f} rows/s ({table[key]:.1f} s, median of 3): "
            f"{rate / floor_rate:.2f}× the plain insert | |"
        )
    return lines


def _grown(big: dict, small: dict, key: str) -> str:
    return f"{big[key]:.0f} MB ({big[key] / small[key]:.2f}×)"


def report(rows: int, first: dict, floor: float, big: dict | None, load, write: bool) -> None:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores (shared), Python {platform.python_version()}"
    )
    rate = rows / first["end_to_end_s"]
    floor_rate = rows / floor
    lines = [
        f"\n## Imports end to end (bench/imports_e2e.py) — {stamp} — {machine}\n",
        "Gateway → imports web → imports sender → RabbitMQ → registry worker and import-worker "
        "→ PostgreSQL, real processes; generated file, 10 % dirty rows. Load average at the end: "
        f"{load[0]:.1f} / {load[1]:.1f} (1 / 5 min).\n",
        "| what | figure | target |",
        "|------|--------|--------|",
        f"| {rows:,} rows: upload + mapping | {first['upload_s']:.1f} s | |",
        f"| {rows:,} rows: dry run through the registry (nothing written) | "
        f"{rows / first['dry_run_s']:,.0f} rows/s ({first['dry_run_s']:.1f} s) | ≥ 50,000 rows/s |"
        if "dry_run_s" in first
        else f"| {rows:,} rows: dry run | not measured | |",
        f"| {rows:,} rows: upload → persisted in the registry (job completed) | "
        f"{rate:,.0f} rows/s ({first['end_to_end_s']:.1f} s) | ≥ 10,000 rows/s |",
        f"| plain SQLAlchemy Core insert of the same rows, batches of 1000 | "
        f"{floor_rate:,.0f} rows/s ({floor:.1f} s, median of 3) | |",
        f"| ratio end to end / plain insert | {rate / floor_rate:.3f}× | ≥ 0.5× |",
        *_register_table_lines(first.get("register_table"), floor_rate),
        f"| peak RSS, {rows:,} rows: imports sender / imports worker / registry workers "
        f"(the larger) | {first['peak_rss_mb']:.0f} / {first['worker_peak_rss_mb']:.0f} / "
        f"{first['registry_peak_rss_mb']:.0f} MB | |",
        "| CPU per 1,000 rows persisted (ms), during the run | "
        + ", ".join(f"{name} {ms:.0f}" for name, ms in first["cpu_ms_per_1000_rows"].items())
        + " | |",
    ]
    if "dry_run_cpu_ms_per_1000_rows" in first:
        lines.append(
            "| CPU per 1,000 rows of the file (ms), during the dry run | "
            + ", ".join(
                f"{name} {ms:.0f}" for name, ms in first["dry_run_cpu_ms_per_1000_rows"].items()
            )
            + " | |"
        )
    if big is not None:
        lines += [
            f"| 1,000,000 rows: upload → persisted | {1e6 / big['end_to_end_s']:,.0f} rows/s "
            f"({big['end_to_end_s']:.1f} s) | |",
            f"| time 1,000,000 / {rows:,} | {big['end_to_end_s'] / first['end_to_end_s']:.1f}× "
            "| ≤ 11× |",
            "| peak RSS, 1,000,000 rows: imports sender / imports worker / registry workers "
            f"| {_grown(big, first, 'peak_rss_mb')} / {_grown(big, first, 'worker_peak_rss_mb')} "
            f"/ {_grown(big, first, 'registry_peak_rss_mb')} | each ≤ 1.5× |",
        ]
    if "reimport_run_s" in first:
        counts = first["reimport_counts"]
        lines.insert(
            lines.index(next(line for line in lines if "peak RSS" in line)),
            f"| {rows:,} rows imported again, {counts.get('updated', 0):,} of them "
            f"changed: dry run / run | {rows / first['reimport_dry_s']:,.0f} / "
            f"{rows / first['reimport_run_s']:,.0f} rows/s "
            f"({first['reimport_dry_s']:.1f} s / {first['reimport_run_s']:.1f} s) "
            "| run ≥ 10,000 rows/s |",
        )
        what = "CPU per 1,000 rows (ms), during the re-import's run"
        lines.append(_cpu_line(what, first, "reimport_cpu"))
    if "undo_s" in first:
        lines.insert(
            lines.index(next(line for line in lines if "peak RSS" in line)),
            f"| {rows:,} rows: undo (the persons the job created removed) | "
            f"{first['undo_removed'] / first['undo_s']:,.0f} persons/s "
            f"({first['undo_s']:.1f} s) | ≥ 10,000 persons/s |",
        )
        what = "CPU per 1,000 persons removed (ms), during the undo"
        lines.append(_cpu_line(what, first, "undo_cpu_ms_per_1000_rows"))
    lines.append(f"\nCounts ({rows:,}): {json.dumps(first['counts'], sort_keys=True)}")
    text = "\n".join(lines) + "\n"
    print(text)
    if write:
        record(text)


if __name__ == "__main__":
    main()
