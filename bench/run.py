"""`make bench`: the spine's hot mechanics and the gateway (bench/gateway_bench.py) side by side;
figures go to docs/benchmarks.md.

Figures are ratios measured in one run (this machine is shared and noisy), never timed tests.
"""

from __future__ import annotations

import datetime
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from marshmallow import Schema, fields
from sqlalchemy import MetaData, insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from report import record  # noqa: E402

import foyer_testing as testing  # noqa: E402
from foyer_shared.access import ContextSigner, ContextVerifier  # noqa: E402
from foyer_shared.contracts import Declarations  # noqa: E402
from foyer_shared.db import Database  # noqa: E402
from foyer_shared.messaging import Outbox, OutboxRelay, messaging_tables  # noqa: E402


class _Numbered(Schema):
    """A made-up event for the benchmark: a number."""

    i = fields.Integer(required=True)


# The outbox sends only declared messages; these two exist for the benchmark alone.
_declared = Declarations("bench")
THING_HAPPENED = _declared.event("bench.thing.happened", 1, _Numbered)
THING_BULK = _declared.event("bench.thing.bulk", 1, _Numbered)


def _keys():
    from cryptography.hazmat.primitives import serialization as s
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption())
    public = key.public_key().public_bytes(s.Encoding.PEM, s.PublicFormat.SubjectPublicKeyInfo)
    return private.decode(), public.decode()


def bench_access_context(n: int = 3000) -> dict:
    private, public = _keys()
    signer, verifier = ContextSigner(private), ContextVerifier(public, "registry")
    perms = [f"registry.persons.p{i}" for i in range(20)]
    samples_sign, samples_verify = [], []
    for _ in range(n):
        t0 = time.perf_counter()
        token = signer.sign(
            audience="registry",
            method="GET",
            path="/persons/1",
            request_id="r",
            user_id="u",
            permissions=perms,
        )
        t1 = time.perf_counter()
        verifier.verify(token, "GET", "/persons/1")
        t2 = time.perf_counter()
        samples_sign.append(t1 - t0)
        samples_verify.append(t2 - t1)
    return {
        "sign_us_p50": statistics.median(samples_sign) * 1e6,
        "verify_us_p50": statistics.median(samples_verify) * 1e6,
    }


def bench_relay(rows: int = 2000) -> dict:
    """Outbox relay (confirmed, persistent publishes) against a plain bulk insert of the rows."""
    run = testing.run_id()
    db_name, vhost = f"foyer_bench_{run}", f"foyer_bench_{run}"
    url, amqp = testing.create_pg_database(db_name), testing.create_vhost(vhost)
    try:
        metadata = MetaData()
        tables = messaging_tables(metadata)
        database = Database(url)
        metadata.create_all(database.engine)
        outbox = Outbox(tables, "bench")
        t0 = time.perf_counter()
        with database.transaction() as session:
            for i in range(rows):
                outbox.event(session, THING_HAPPENED, {"i": i})
        t_write = time.perf_counter() - t0
        with database.transaction() as session:  # the same events, one multi-row INSERT
            t0 = time.perf_counter()
            outbox.events(session, THING_BULK, [{"i": i} for i in range(rows)])
        t_bulk_write = time.perf_counter() - t0
        rows_total = rows * 2
        relay = OutboxRelay(database, tables, amqp, batch_size=500)
        t0 = time.perf_counter()
        published = 0
        while published < rows_total:
            published += relay.publish_pending()
        t_relay = time.perf_counter() - t0
        relay.close()
        with database.transaction() as session:  # the floor: the same rows, one bulk insert
            t0 = time.perf_counter()
            session.execute(
                insert(tables.inbox),
                [
                    {
                        "message_id": f"{i:036d}",
                        "consumer": "x",
                        "processed_at": datetime.datetime.now(datetime.UTC),
                    }
                    for i in range(rows)
                ],
            )
        t_bulk = time.perf_counter() - t0
        database.dispose()
        return {
            "rows": rows,
            "outbox_write_rows_per_s": rows / t_write,
            "outbox_bulk_write_rows_per_s": rows / t_bulk_write,
            "relay_publish_rows_per_s": rows_total / t_relay,
            "bulk_insert_rows_per_s": rows / t_bulk,
        }
    finally:
        testing.drop_pg_database(db_name)
        testing.delete_vhost(vhost)


def main() -> None:
    """`python bench/run.py [spine] [gateway] [crm] [imports] [read-cpu] [notify] [search-1m]
    [imports-1m]` (all but search-1m and imports-1m when none is named); `mechanics` is the
    spine without its registry search (access context, outbox, relay)."""
    sys.path.insert(0, str(ROOT / "bench"))
    chosen = set(sys.argv[1:]) or DEFAULT
    for name, run in BENCHMARKS.items():
        if name in chosen or (name == "mechanics" and "spine" in chosen):
            run()


def _module(name: str):
    """A benchmark module's main(), imported when it runs (they need the services' apps)."""
    return lambda: __import__(name).main()


def _scripts(*argv: str):
    """Scripts with their own command line (sizes, --full), run with their defaults."""

    def run() -> None:
        for script in argv:
            path = ROOT / "bench" / script.split()[0]
            if path.exists():
                subprocess.run([sys.executable, str(path), *script.split()[1:]], check=True)

    return run


IMPORT_BENCHMARKS = ("imports_parse.py", "imports_e2e.py")
DEFAULT = {"spine", "gateway", "crm", "imports", "read-cpu", "notify"}


def mechanics() -> None:
    load = os.getloadavg()[0]  # the machine is shared: say how busy it was
    access = bench_access_context()
    relay = bench_relay()
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    machine += f", load {load:.1f} at start"
    lines = [
        f"\n## Spine mechanics — {stamp} — {machine}\n",
        "| what | figure |",
        "|------|--------|",
        f"| access context: sign (gateway), p50 | {access['sign_us_p50']:.0f} µs |",
        f"| access context: verify (service), p50 | {access['verify_us_p50']:.0f} µs |",
        f"| outbox: write {relay['rows']} events one by one, in one transaction | "
        f"{relay['outbox_write_rows_per_s']:,.0f} rows/s |",
        f"| outbox: write {relay['rows']} events in one multi-row insert (`Outbox.events`) | "
        f"{relay['outbox_bulk_write_rows_per_s']:,.0f} rows/s |",
        f"| outbox relay: publish a batch, one wait for its confirms, mark | "
        f"{relay['relay_publish_rows_per_s']:,.0f} rows/s |",
        f"| floor: plain bulk insert of the same count | "
        f"{relay['bulk_insert_rows_per_s']:,.0f} rows/s |",
        f"| ratio relay / bulk insert | "
        f"{relay['relay_publish_rows_per_s'] / relay['bulk_insert_rows_per_s']:.3f} |",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    record(text)


BENCHMARKS = {
    "mechanics": mechanics,
    # The registry's search at 100k persons has its own module (it needs the registry app).
    "spine": _module("registry_search"),
    "gateway": _module("gateway_bench"),
    "crm": _module("crm_todos"),
    "imports": _scripts(*IMPORT_BENCHMARKS),
    # Not by default: loading 1,000,000 persons takes minutes.
    "search-1m": _scripts(
        "registry_search.py --persons 1000000",
        "registry_search.py --persons 1000000 --order typed",
    ),
    # Not by default either: the 100k figures plus a 1,000,000-row import (~10-15 minutes).
    "imports-1m": _scripts("imports_e2e.py --full"),
    "read-cpu": _module("registry_read_cpu"),
    # E-mail from API request to the SMTP sink.
    "notify": _scripts("notify_send.py"),
}


if __name__ == "__main__":
    main()
