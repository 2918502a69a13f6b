"""Registry search with 100k persons on PostgreSQL, through the Flask app (werkzeug client).

`python bench/registry_search.py` (or `make bench`, via bench/run.py) loads generated persons
into a fresh database migrated like production (trigram index included), then measures typical
searches at the service: signed access context verified, query, JSON out. Context signing (the
gateway's work) is done before the clock starts. Figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import datetime
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_apps import service_app  # noqa: E402
from report import record  # noqa: E402

from foyer_shared.db import Database, new_id  # noqa: E402

FIRST = [
    "Åsa",
    "Erik",
    "Lars",
    "Karin",
    "Anna",
    "Johan",
    "Maria",
    "Per",
    "Eva",
    "Nils",
    "Sara",
    "Olof",
    "Ingrid",
    "Mikael",
    "Lena",
    "Oskar",
    "Elin",
    "Gustav",
    "Maja",
    "Ali",
]
LAST = [
    "Lindström",
    "Berg",
    "Johansson",
    "Andersson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Jönsson",
    "Lindberg",
    "Jakobsson",
    "Magnusson",
]


def _load(database: Database, count: int, rng: random.Random) -> dict:
    from foyer_shared.identifiers import check_digit
    from registry.models import Group, GroupMembership, Person, PersonStatus, Status

    group_id, status_id = new_id(), new_id()
    rows, members, statuses = [], [], []
    start = datetime.datetime(2015, 1, 1, tzinfo=datetime.UTC)
    seen: set[str] = set()
    for i in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        pnr = None
        while pnr is None or pnr in seen:  # unique, like the register requires
            birth = f"{rng.randint(1940, 2015)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            serial = f"{rng.randint(0, 999):03d}"
            pnr = birth + serial + check_digit(birth[2:] + serial)
        seen.add(pnr)
        phone = f"+4670{i:07d}"
        person = Person(
            id=new_id(),
            kind="person",
            first_name=first,
            last_name=last,
            personnummer=pnr,
            email=f"{first.lower()}.{last.lower()}{i}@example.se",
            phone=phone,
            external_number=f"M-{i}",
            is_staff=(i % 200 == 0),
            remind_by_email=True,
            remind_by_sms=False,
            bad_address=False,
            version=1,
            created_at=start + datetime.timedelta(minutes=i * 30),
        )
        person.updated_at = person.created_at
        person.refresh_search_text()
        row = {c.key: getattr(person, c.key) for c in Person.__table__.columns}
        rows.append(row)
        if i % 20 == 0:
            members.append({"group_id": group_id, "person_id": person.id, "role": "member"})
        if i % 50 == 0:
            statuses.append({"person_id": person.id, "status_id": status_id})
    with database.transaction() as session:
        session.add(Group(id=group_id, name="Bench group", kind="group"))
        session.add(Status(id=status_id, name="VIP"))
        session.flush()
        for chunk in range(0, len(rows), 5000):
            session.execute(insert(Person), rows[chunk : chunk + 5000])
        session.execute(insert(GroupMembership), members)
        session.execute(insert(PersonStatus), statuses)
    # What autovacuum does on a live database: statistics and the visibility map.
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")
    return {"group_id": group_id, "status_id": status_id, "sample": rows[count // 2]}


def _searches(ids: dict) -> list[tuple[str, str]]:
    sample = ids["sample"]
    return [
        ("list, first page, by name", "/persons"),
        ("free text: last name part", "/persons?q=lindstr"),
        ("free text: full e-mail", f"/persons?q={sample['email']}"),
        ("free text: phone as typed", "/persons?q=070-" + sample["phone"][5:]),
        ("free text: personnummer", f"/persons?q={sample['personnummer']}"),
        ("free text: external number", f"/persons?q={sample['external_number']}"),
        ("filter: group", f"/persons?group_id={ids['group_id']}"),
        ("filter: status + text", f"/persons?status_id={ids['status_id']}&q=berg"),
        ("filter: staff, newest first", "/persons?staff=true&sort=-created_at"),
        ("page 5 of a text search", "/persons?q=berg&page=5&page_size=25"),
    ]


def bench_registry_search(count: int = 100_000, rounds: int = 100) -> list[dict]:
    from foyer_testing import context_headers

    rng = random.Random(5)
    with service_app("registry") as (app, _url, private):
        database = app.extensions["foyer_db"]
        t0 = time.perf_counter()
        ids = _load(database, count, rng)
        print(f"loaded {count} persons in {time.perf_counter() - t0:.0f} s", flush=True)
        client = app.test_client()
        results = []
        for label, path in _searches(ids):
            samples = []
            for i in range(rounds + 5):
                headers = context_headers(
                    private, service="registry", method="GET", path=path, permissions=["*"]
                )
                t0 = time.perf_counter()
                response = client.get(path, headers=headers)
                elapsed = time.perf_counter() - t0
                assert response.status_code == 200, response.json
                if i >= 5:  # the first few warm caches and connections
                    samples.append(elapsed)
            samples.sort()
            results.append(
                {
                    "label": label,
                    "path": path,
                    "p50_ms": statistics.median(samples) * 1000,
                    "p95_ms": samples[int(len(samples) * 0.95) - 1] * 1000,
                    "total": response.headers.get("X-Pagination", ""),
                }
            )
            print(
                f"{label}: p50 {results[-1]['p50_ms']:.1f} ms, p95 {results[-1]['p95_ms']:.1f} ms",
                flush=True,
            )
        database.dispose()
        return results


def report(results: list[dict], count: int = 100_000) -> str:
    load = os.getloadavg()
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    lines = [
        f"\n## Registry search, {count:,} persons on PostgreSQL — {stamp} — {machine}\n",
        "Through the Flask app (werkzeug test client, access context verified), one process;",
        "target p95 ≤ 20 ms at the service. Machine shared with other engineers' test runs: "
        f"load average {load[0]:.1f} / {load[1]:.1f} (1 / 5 min) at the end of the run.\n",
        "| search | p50 | p95 |",
        "|--------|-----|-----|",
    ]
    lines += [f"| {r['label']} | {r['p50_ms']:.1f} ms | {r['p95_ms']:.1f} ms |" for r in results]
    return "\n".join(lines) + "\n"


def write(text: str) -> None:
    record(text)


def main() -> None:
    text = report(bench_registry_search())
    print(text)
    write(text)


if __name__ == "__main__":
    main()
