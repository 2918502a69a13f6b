"""CPU per person GET at the registry (issue 24 §1) against a bare Flask read of the same row.

`python bench/registry_read_cpu.py [--profile]`: one PostgreSQL database migrated like
production, a register of persons, and in one process the registry app (read log on, as in
production) beside a floor: a bare Flask app that selects the same row with SQLAlchemy Core and
returns it as JSON. Both are called through the werkzeug test client, in alternating blocks so
they see the same noise; the clock is `time.process_time` (this process's CPU, the database's
excluded). Access contexts are signed before the clock starts (that is the gateway's work).
Target: ≤ 1.5 ms CPU per registry GET. `--profile` prints cProfile's top entries instead.
"""

from __future__ import annotations

import cProfile
import datetime
import os
import platform
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from flask import Flask, jsonify
from sqlalchemy import create_engine, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_apps import keys, load_persons  # noqa: E402
from report import record  # noqa: E402

import foyer_testing as testing  # noqa: E402
from foyer_shared.migrations import upgrade  # noqa: E402

PERSONS, BLOCKS, PER_BLOCK = 2000, 40, 50


def _registry(url: str, public: Path):
    from registry import create_app
    from registry.settings import Settings

    settings = Settings(
        database_url=url,
        context_public_key_file=str(public),
        ready_checks_broker=False,
        log_level="WARNING",
    )
    return create_app(settings)


def _floor(url: str):
    """The least a service can do for the same answer: one SELECT, a dict, JSON."""
    from registry.models import Person

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    table = Person.__table__
    app = Flask("floor")

    @app.get("/persons/<person_id>")
    def person(person_id):
        with engine.connect() as connection:
            row = connection.execute(select(table).where(table.c.id == person_id)).one()
        return jsonify({k: v for k, v in row._mapping.items()})

    return app, engine


def _calls(private: Path, ids: list[str], rng: random.Random) -> list[tuple[str, dict]]:
    from foyer_testing import context_headers

    calls = []
    for _ in range(PER_BLOCK):
        path = f"/persons/{rng.choice(ids)}"
        headers = context_headers(
            private, service="registry", method="GET", path=path, permissions=["*"]
        )
        calls.append((path, headers))
    return calls


def _block(client, calls) -> float:
    """CPU seconds per GET over one block."""
    t0 = time.process_time()
    for path, headers in calls:
        response = client.get(path, headers=headers)
        assert response.status_code == 200, response.json
    return (time.process_time() - t0) / len(calls)


def bench_read_cpu(profile: bool = False) -> dict:
    rng = random.Random(11)
    db_name = f"foyer_bench_{testing.run_id()}_readcpu"
    url = testing.create_pg_database(db_name)
    private, public = keys(Path(tempfile.mkdtemp()))
    try:
        upgrade(ROOT / "services" / "registry" / "registry" / "migrations", url)
        registry = _registry(url, public)
        ids = load_persons(registry.extensions["foyer_db"], PERSONS)
        floor, engine = _floor(url)
        clients = {"registry": registry.test_client(), "floor": floor.test_client()}
        for client in clients.values():  # warm caches and connections
            _block(client, _calls(private, ids, rng))
        if profile:
            _profile(clients["registry"], lambda: _calls(private, ids, rng))
        samples: dict[str, list[float]] = {name: [] for name in clients}
        for n in range(BLOCKS):
            for name in sorted(clients, reverse=n % 2 == 1):  # each first in turn
                samples[name].append(_block(clients[name], _calls(private, ids, rng)))
        registry.extensions["registry.read_log"].flush()
        registry.extensions["foyer_db"].dispose()
        engine.dispose()
        return {
            name: {
                "p50": statistics.median(values) * 1000,
                "mean": statistics.fmean(values) * 1000,
            }
            for name, values in samples.items()
        }
    finally:
        testing.drop_pg_database(db_name)


def _profile(client, make_calls) -> None:
    profiler = cProfile.Profile(time.process_time)  # CPU, as the benchmark counts it
    for _ in range(10):
        calls = make_calls()  # signed just before: contexts live 30 s, profiling is slow
        profiler.enable()
        _block(client, calls)
        profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


def report(r: dict) -> str:
    load = os.getloadavg()
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    reg, floor = r["registry"], r["floor"]
    lines = [
        f"\n## Registry person GET, CPU at the service — {stamp} — {machine}\n",
        f"One process, one PostgreSQL database ({PERSONS:,} persons); {BLOCKS} rounds of a block "
        f"of {PER_BLOCK} GETs for each app, alternating (werkzeug test client); CPU of this "
        "process (`time.process_time`), the database's excluded. The registry verifies a signed "
        "access context and logs the read (as in production); the floor is a bare Flask app "
        "selecting the same row with SQLAlchemy Core and returning it with `jsonify`. Target: "
        "≤ 1.5 ms per registry GET. Machine shared with other engineers' test runs: load "
        f"average {load[0]:.1f} / {load[1]:.1f} (1 / 5 min) at the end of the run.\n",
        "| what | registry | floor | registry / floor |",
        "|------|----------|-------|------------------|",
        f"| CPU per GET, median of block means | {reg['p50']:.2f} ms | {floor['p50']:.2f} ms "
        f"| {reg['p50'] / floor['p50']:.2f}× |",
        f"| CPU per GET, mean | {reg['mean']:.2f} ms | {floor['mean']:.2f} ms "
        f"| {reg['mean'] / floor['mean']:.2f}× |",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    profile = "--profile" in sys.argv[1:]
    result = bench_read_cpu(profile=profile)
    text = report(result)
    print(text)
    if not profile:
        record(text)


if __name__ == "__main__":
    main()
