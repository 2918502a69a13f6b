"""A large register cut into name slices pages a common word by name as it did uncut.

repository/name_slices.py; docs/registry.md → Search, "Name slices". The sizes are scaled
down: a register counts as large from 0 persons here and a word as common from 5 matches.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest
from sqlalchemy import event, text

from registry.repository import search
from registry.use_cases.name_slices import cut_into_name_slices
from registry.use_cases.unit_of_work import SqlUnitOfWork

LAST_NAMES = ["Berg", "Lindberg", "Öberg", "Andersson", "Bergman", "Svensson", "Åberg", "Nyberg"]
FIRST_NAMES = ["Anna", "Erik", "Maja", "Lars", "Sara"]
SLICE_INDEXES = text(
    "SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'ix\\_persons\\_search\\_slice\\_%'"
)


@pytest.fixture()
def large(monkeypatch):
    monkeypatch.setattr(search, "ONE_PASS_UP_TO", -1)
    monkeypatch.setattr(search, "TOTAL_CAP", 5)


@pytest.fixture()
def cut(db):
    """cut(slices) -> slices made; the register is uncut again after the test."""
    yield lambda slices: cut_into_name_slices(SqlUnitOfWork(db), slices)
    cut_into_name_slices(SqlUnitOfWork(db), 0)


@pytest.fixture()
def statements(db):
    """The SQL the app sends from now on."""
    sent: list[str] = []

    def record(conn, cursor, statement, *args):
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    yield sent
    event.remove(db.engine, "before_cursor_execute", record)


def pages(api, query: str, page_size: int = 3) -> list[tuple[list[str], dict]]:
    """Every page of a search: the ids in order, and X-Pagination."""
    found = []
    for number in range(1, 20):
        response = api.get(f"/persons?{query}&page={number}&page_size={page_size}")
        assert response.status_code == 200, response.json
        pagination = json.loads(response.headers["X-Pagination"])
        found.append(([p["id"] for p in response.json], pagination))
        if not response.json:
            return found
    raise AssertionError("more pages than the register has persons")


def register(api) -> None:
    for i, last in enumerate(LAST_NAMES * 3):
        api.person(first_name=FIRST_NAMES[i % len(FIRST_NAMES)], last_name=last)


def test_a_common_word_pages_through_the_slices_as_through_the_whole_register(
    api, db, large, cut, statements
):
    register(api)
    searches = ["q=berg", "q=berg&sort=-name", "q=berg&page_size=4", "q=son", "q=erik"]
    uncut = {query: pages(api, query) for query in searches}

    assert cut(6) == 6
    statements.clear()
    for query in searches:
        assert pages(api, query) == uncut[query], query
    assert any("person_name_slice_page(" in sql for sql in statements)  # later pages
    # A first page lies in the slices its count read whole: one pass, no walk apart.
    statements.clear()
    first = api.get("/persons?q=berg&page=1&page_size=3")
    assert [p["id"] for p in first.json] == uncut["q=berg"][0][0]
    assert any("person_name_slice_first(" in sql for sql in statements)
    assert not any("person_name_slice_page(" in sql for sql in statements)
    # A rare word (fewer matches than the cap) sorts its few matches at once.
    statements.clear()
    assert pages(api, "q=sara") == pages(api, "q=sara&kind=person")
    assert any("person_name_slice_first(" in sql for sql in statements)
    assert not any("person_name_slice_page(" in sql for sql in statements)


def test_persons_written_after_the_cut_fall_into_their_slice_by_name(
    api, db, large, cut, monkeypatch
):
    register(api)
    assert cut(4) == 4
    first = api.person(first_name="Adam", last_name="Abberg")
    api.person(first_name="Zoe", last_name="Zzberg")
    renamed = api.person(first_name="Per", last_name="Mittberg")
    assert api.patch(f"/persons/{renamed['id']}", {"last_name": "Zyberg"}).status_code == 200

    sliced = pages(api, "q=berg")
    monkeypatch.setattr(search.name_slices, "slices_in_use", lambda session: 0)
    assert sliced == pages(api, "q=berg")  # the same register, paged without the slices
    assert sliced[0][0][0] == first["id"]
    with db.read_only() as session:
        stale = session.scalar(
            text(
                "SELECT count(*) FROM persons "
                "WHERE name_slice IS DISTINCT FROM person_name_slice(sort_name)"
            )
        )
        slices = session.scalars(
            text("SELECT DISTINCT name_slice FROM persons ORDER BY name_slice")
        ).all()
    assert stale == 0
    assert slices == [1, 2, 3, 4]


def test_cutting_again_follows_the_names_now_and_zero_slices_undoes_it(api, db, large, cut):
    register(api)
    assert cut(3) == 3
    for i in range(6):
        api.person(first_name="Ny", last_name=f"Aaberg{i}")
    assert cut(8) == 8
    with db.read_only() as session:
        sizes = session.scalars(
            text("SELECT count(*) FROM persons GROUP BY name_slice ORDER BY name_slice")
        ).all()
        indexes = session.scalar(SLICE_INDEXES)
        pages, all_visible = session.execute(
            text("SELECT relpages, relallvisible FROM pg_class WHERE relname = 'persons'")
        ).one()
    assert len(sizes) == 8 and max(sizes) <= 4  # 30 persons, 4 a slice
    assert indexes == 8
    # Vacuumed after the rewrite: every page all-visible again, for the index-only scans.
    assert all_visible == pages > 0

    assert cut(0) == 0
    with db.read_only() as session:
        assert session.scalar(text("SELECT count(name_slice) FROM persons")) == 0
        assert session.scalar(SLICE_INDEXES) == 0


def test_the_operator_cuts_the_register_with_one_command(api, db, settings, cut, monkeypatch):
    """`python -m registry slice-names`, as docs/operations.md gives it; its metrics port is
    held (the worker of the same container serves /metrics there) and it runs all the same."""
    register(api)
    with socket.socket() as worker_metrics:
        worker_metrics.bind(("0.0.0.0", 0))
        worker_metrics.listen()
        env = {
            **os.environ,
            "DATABASE_URL": settings.database_url,
            "FOYER_METRICS_PORT": str(worker_metrics.getsockname()[1]),
        }
        done = subprocess.run(
            [sys.executable, "-m", "registry", "slice-names"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    assert "persons cut into 24 name slices" in done.stdout + done.stderr
    with db.read_only() as session:
        assert session.scalar(text("SELECT person_name_slices()")) == 24
