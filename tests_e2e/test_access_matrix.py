"""The access matrix: every route of the gateway's OpenAPI × every built-in role × own/other
object → the status the caller gets (tests_e2e/access_matrix.csv, format in its header and in
docs/security.md). A route missing from the file, or listed but gone, fails the suite: every
new route must declare who may call it.
"""

from __future__ import annotations

import collections
import concurrent.futures
import csv
import os
import sys
import time
from pathlib import Path

import pytest
import requests

sys.path.insert(0, str(Path(__file__).parent))  # --import-mode=importlib leaves sys.path alone
from e2e_accounts import bearer  # noqa: E402
from matrix_calls import BUILDERS, MATRIX_PERSONNUMMER, Call  # noqa: E402
from matrix_world import ROLES, World  # noqa: E402

from foyer_testing import create_vhost, delete_vhost  # noqa: E402
from foyer_testing.fake_register import FakeRegister, spar_person  # noqa: E402

# A suite of its own: the matrix must not share in-flight slots, accounts or roles with the
# other end-to-end tests (and they must not depend on what the matrix leaves behind).
pytestmark = pytest.mark.xdist_group("access-matrix")

MATRIX = Path(__file__).with_name("access_matrix.csv")
METHODS = ("get", "put", "post", "patch", "delete")
OBJECTS = ("-", "own", "other", "outsider", "owner")
NOT_PLAYED = "skip"  # status of a row that is listed but not played (the note says why)
PARALLEL = 4
OWNER_PASSWORD = "matrix-Owner-passphrase-1"


@pytest.fixture(scope="module")
def matrix_gateway(start_stack, run_id):
    """The whole suite, like conftest.py's `stack`, on its own databases, vhost and ports; its
    registry looks persons up in a fake SPAR (companies in a fake ARES) that knows one person."""
    vhost = f"foyer_matrix_{run_id}"
    amqp_url = create_vhost(vhost)
    register = FakeRegister().start()
    register.spar[MATRIX_PERSONNUMMER.replace("-", "")] = spar_person(MATRIX_PERSONNUMMER)
    try:
        with start_stack(
            amqp_url,
            "matrix",
            FOYER_OWNER_EMAIL="owner@matrix.test",
            FOYER_OWNER_PASSWORD=OWNER_PASSWORD,
            FOYER_SPAR_URL=register.spar_url,
            FOYER_ARES_URL=register.ares_url,
        ) as stack:
            yield stack.gateway_url
    finally:
        register.stop()
        delete_vhost(vhost)


@pytest.fixture(scope="module")
def matrix_owner(matrix_gateway) -> dict:
    return bearer(matrix_gateway, "owner", OWNER_PASSWORD)


def _rows() -> list[dict]:
    with MATRIX.open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return [
        {key: value.strip() for key, value in row.items()}
        for row in csv.DictReader(lines, skipinitialspace=True)
    ]


def _routes_of(document: dict) -> set[str]:
    return {
        f"{method.upper()} {path}"
        for path, item in document["paths"].items()
        for method in item
        if method in METHODS
    }


def test_the_file_is_well_formed():  # noqa: C901 (to split: docs/architecture.md)
    problems = []
    objects = collections.defaultdict(lambda: collections.defaultdict(set))
    for number, row in enumerate(_rows(), start=1):
        route = f"{row['method']} {row['path']}"
        if row["role"] not in ROLES:
            problems.append(f"row {number}: unknown role {row['role']!r}")
        if row["object"] not in OBJECTS:
            problems.append(f"row {number}: unknown object {row['object']!r}")
        if row["status"] != NOT_PLAYED and not row["status"].isdigit():
            problems.append(f"row {number}: status {row['status']!r} is not a number")
        if row["status"] == NOT_PLAYED and not row["note"]:
            problems.append(f"row {number}: a row that is not played needs a reason in note")
        if row["role"] in objects[route] and row["object"] in objects[route][row["role"]]:
            problems.append(f"row {number}: {route} {row['role']} {row['object']} twice")
        objects[route][row["role"]].add(row["object"])
    for route, by_role in objects.items():
        expected = set().union(*by_role.values())
        for role in ROLES:
            if by_role.get(role, set()) != expected:
                problems.append(
                    f"{route}: {role} lacks rows for {sorted(expected - by_role.get(role, set()))}"
                )
        if "-" in expected and len(expected) > 1:
            problems.append(f"{route}: '-' (no object) mixed with objects {sorted(expected)}")
        if route not in BUILDERS and (not route.startswith("GET ") or "{" in route):
            problems.append(f"{route}: no builder in matrix_calls.py says how to play it")
    assert not problems, "\n".join(problems)


def test_every_route_is_listed_and_every_listed_route_exists(matrix_gateway):
    document = requests.get(f"{matrix_gateway}/api/openapi.json", timeout=30).json()
    served = _routes_of(document)
    listed = {f"{row['method']} {row['path']}" for row in _rows()}
    missing, gone = sorted(served - listed), sorted(listed - served)
    assert not missing and not gone, (
        "access_matrix.csv is out of date.\n"
        + "".join(f"  not listed (declare who may call it): {route}\n" for route in missing)
        + "".join(f"  listed but no longer served (remove its rows): {route}\n" for route in gone)
    )


@pytest.mark.timeout(300)
def test_every_role_gets_the_listed_answer(matrix_gateway, matrix_owner, eventually):
    world = World(matrix_gateway, matrix_owner, eventually).seed()
    # A role's rows run one after another (they share the caller's own person and account);
    # the roles run side by side in PARALLEL lanes, below the gateway's in-flight limit per
    # route and worker (4 for imports).
    lanes = [[] for _ in range(PARALLEL)]
    for row in _rows():
        if row["status"] != NOT_PLAYED:
            lanes[ROLES.index(row["role"]) % PARALLEL].append(row)
    with concurrent.futures.ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        played = [
            result
            for lane in pool.map(lambda lane: [_play(world, row) for row in lane], lanes)
            for result in lane
        ]
    _write_actual(played)
    wrong = [
        f"  {row['method']} {row['path']} as {row['role']} ({row['object']}): expected "
        f"{row['status']}, got {status} {text}"
        for row, status, text, _ in played
        if str(status) != row["status"]
    ]
    assert not wrong, f"{len(wrong)} of {len(played)} rows answered otherwise:\n" + "\n".join(wrong)


def _play(world: World, row: dict) -> tuple[dict, int, str, float]:
    started = time.monotonic()
    route = f"{row['method']} {row['path']}"
    call = BUILDERS.get(route, lambda *_: Call())(world, row["role"], row["object"])
    response = world.http.request(
        row["method"],
        world.gateway + row["path"].format(**call.path),
        headers=call.headers or world.headers[row["role"]],
        timeout=30,
        **call.kwargs,
    )
    return row, response.status_code, response.text[:160], time.monotonic() - started


def _write_actual(played: list[tuple]) -> None:
    """FOYER_MATRIX_ACTUAL=path writes every played row with the status it got and the seconds
    it took (a starting point when adding routes: check each answer before copying it)."""
    target = os.environ.get("FOYER_MATRIX_ACTUAL")
    if not target:
        return
    with open(target, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["method", "path", "role", "object", "status", "note", "seconds"])
        for row, status, _, seconds in played:
            writer.writerow(
                [
                    row["method"],
                    row["path"],
                    row["role"],
                    row["object"],
                    status,
                    row["note"],
                    f"{seconds:.2f}",
                ]
            )
