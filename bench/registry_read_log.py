"""The read log's cost on a person GET (issue 23 §4): log on against log off, side by side.

`python bench/registry_read_log.py`: one PostgreSQL database migrated like production, a
register of persons, and two registry apps on it in one process, one with the read log on and
one with it off. Requests alternate in blocks between the two (this machine is shared and its
load moves), so both see the same noise; each block is timed as a whole, background writes of
the log included. Target: a person GET with the log on within 1.2× of it off. Figures go to
docs/benchmarks.md (bench/report.py).
"""

from __future__ import annotations

import datetime
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_apps import keys, load_persons  # noqa: E402
from report import record  # noqa: E402

import foyer_testing as testing  # noqa: E402
from foyer_shared.migrations import upgrade  # noqa: E402

PERSONS, BLOCKS, PER_BLOCK = 2000, 60, 25


def _app(url: str, public: Path, log_on: bool):
    from registry import create_app
    from registry.settings import Settings

    return create_app(
        Settings(
            database_url=url,
            context_public_key_file=str(public),
            ready_checks_broker=False,
            log_level="WARNING",
            read_log=log_on,
        )
    )


def _block(client, private: Path, ids: list[str], rng: random.Random) -> float:
    """Seconds per GET over one block (headers signed before the clock starts)."""
    from foyer_testing import context_headers

    calls = []
    for _ in range(PER_BLOCK):
        path = f"/persons/{rng.choice(ids)}"
        headers = context_headers(
            private,
            service="registry",
            method="GET",
            path=path,
            permissions=["*"],
            user_id="u-bench",
        )
        calls.append((path, headers))
    t0 = time.perf_counter()
    for path, headers in calls:
        response = client.get(path, headers=headers)
        assert response.status_code == 200, response.json
    return (time.perf_counter() - t0) / PER_BLOCK


def bench_read_log() -> dict:
    from registry.models import PersonRead

    rng = random.Random(7)
    db_name = f"foyer_bench_{testing.run_id()}_readlog"
    url = testing.create_pg_database(db_name)
    private, public = keys(Path(tempfile.mkdtemp()))
    try:
        upgrade(ROOT / "services" / "registry" / "registry" / "migrations", url)
        off, on, control = (_app(url, public, log) for log in (False, True, False))
        ids = load_persons(off.extensions["foyer_db"], PERSONS)
        # `control`, a second app with the log off, shows what two identical apps differ by.
        clients = {
            "off": off.test_client(),
            "on": on.test_client(),
            "control": control.test_client(),
        }
        for client in clients.values():  # warm caches and connections
            _block(client, private, ids, rng)
        samples: dict[str, list[float]] = {name: [] for name in clients}
        names = list(clients)
        for n in range(BLOCKS):
            order = names[n % 3 :] + names[: n % 3]  # each app first, second and third in turn
            for name in order:
                samples[name].append(_block(clients[name], private, ids, rng))
        writer = on.extensions["registry.read_log"]
        t0 = time.perf_counter()
        writer.flush()
        with on.extensions["foyer_db"].read_only() as session:
            written = session.scalar(select(func.count()).select_from(PersonRead))
        last_flush = time.perf_counter() - t0
        for app in (off, on, control):
            app.extensions["foyer_db"].dispose()
        return {
            "off_p50": statistics.median(samples["off"]) * 1000,
            "on_p50": statistics.median(samples["on"]) * 1000,
            "off_mean": statistics.fmean(samples["off"]) * 1000,
            "on_mean": statistics.fmean(samples["on"]) * 1000,
            "control_p50": statistics.median(samples["control"]) * 1000,
            "control_mean": statistics.fmean(samples["control"]) * 1000,
            "requests": BLOCKS * PER_BLOCK,
            "written": written,
            "last_flush_ms": last_flush * 1000,
        }
    finally:
        testing.drop_pg_database(db_name)


def report(r: dict) -> str:
    load = os.getloadavg()
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    ratio_p50, ratio_mean = r["on_p50"] / r["off_p50"], r["on_mean"] / r["off_mean"]
    lines = [
        f"\n## Registry read log, person GET with the log on and off — {stamp} — {machine}\n",
        f"One process, three registry apps on one PostgreSQL database ({PERSONS:,} persons): "
        f"log off, log on, and a second one off as a control; {BLOCKS} rounds of a block of "
        f"{PER_BLOCK} GETs each, the apps' order rotating (werkzeug test client, access "
        "context verified); a block's time includes the log's background writes. Target: on "
        "≤ 1.2× off. Machine shared with other engineers' test runs: load average "
        f"{load[0]:.1f} / {load[1]:.1f} (1 / 5 min) at the end of the run.\n",
        "| what | log off | log on | on / off |",
        "|------|---------|--------|----------|",
        f"| person GET, median of block means | {r['off_p50']:.2f} ms | {r['on_p50']:.2f} ms "
        f"| {ratio_p50:.2f}× |",
        f"| person GET, mean | {r['off_mean']:.2f} ms | {r['on_mean']:.2f} ms "
        f"| {ratio_mean:.2f}× |",
        f"| control: a second app with the log off, median / mean | {r['control_p50']:.2f} ms / "
        f"{r['control_mean']:.2f} ms | | {r['control_p50'] / r['off_p50']:.2f}× / "
        f"{r['control_mean'] / r['off_mean']:.2f}× (noise) |",
        f"| reads written by the log (of {r['requests']:,} GETs with it on, + warm-up) | | "
        f"{r['written']:,} | |",
        f"| the last flush (what was still held) | | {r['last_flush_ms']:.1f} ms | |",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    text = report(bench_read_log())
    print(text)
    record(text)


if __name__ == "__main__":
    main()
