"""The person search's queries reach the indexes made for them (EXPLAIN on PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import event, func, select, text

from registry.domain.reach import Scope
from registry.models import Person
from registry.repository import search


def plan(db, statement) -> str:
    with db.engine.connect() as connection:
        # The test's table is small enough to read whole; the question is whether an index can
        # answer at all (with a million persons a sequential scan took 150 ms, docs/benchmarks.md).
        connection.exec_driver_sql("SET enable_seqscan = off")
        sql = statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
        return "\n".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN {sql}"))


def searched(db, filters: dict, limit: int, within: Scope | None = None):
    """search.page's (persons, total) and the statements it sent, with their parameters."""
    statements = []

    def note(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        with db.transaction() as session:
            persons, total = search.page(session, filters, 0, limit, within)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return persons, total, statements


def test_the_staff_filter_is_answered_by_the_partial_staff_index(db):
    where = search.conditions({"staff": True})
    count = select(func.count()).select_from(Person).where(*where)

    shown = plan(db, count)

    assert "ix_persons_is_staff" in shown, shown
    assert "Seq Scan" not in shown, shown


def test_each_search_is_planned_for_its_own_word_and_filters(db):
    # psycopg prepares a statement run five times on a connection, and PostgreSQL may then
    # keep one generic plan for every word and status: at 1M persons a status of 40 members
    # + "son" took 476 ms on the plan made for a large status (docs/registry.md → Search).
    with db.transaction() as session:
        for word in ["anna", "berg", "son", "lindstr"] * 5:
            for filters in ({"q": word}, {"q": word, "status_id": f"status-{word}"}):
                search.page(session, filters, 0, 25, None)
        prepared = session.execute(
            text("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
        ).all()

    searches = [row for row in prepared if "LIKE" in row.statement]
    assert searches, prepared
    assert all(row.generic_plans == 0 for row in searches), searches
    assert sum(row.custom_plans for row in searches) > 0, searches


def test_a_word_in_more_than_the_counted_persons_is_paged_by_walking_the_name_index(
    db, monkeypatch
):
    # Sorting every match of a word in most names ("son") took 50-80 ms at 100k persons; the
    # name index meets a page after a few rows. TOTAL_CAP is lowered so a few rows are "many".
    monkeypatch.setattr(search, "TOTAL_CAP", 3)
    with db.transaction() as session:
        for i, last in enumerate(["Olsson", "Nilsson", "Berg", "Persson", "Lund", "Svensson"]):
            session.add(
                Person(
                    id=f"p{i}",
                    kind="person",
                    first_name="Anna",
                    last_name=last,
                    sort_name=f"{last.lower()} anna",
                    search_text=f"anna {last.lower()}",
                )
            )
    persons, total, statements = searched(db, {"q": "sson"}, 2)

    assert [p.last_name for p in persons] == ["Nilsson", "Olsson"]
    assert total == search.LowerBound(3)
    with db.engine.connect() as connection, connection.begin():
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")  # a six-row table
        plans = []
        for statement, parameters in statements:
            if statement.lstrip().upper().startswith("SET"):
                connection.exec_driver_sql(statement, parameters)
            elif "LIMIT" in statement and "capped" not in statement:
                rows = connection.exec_driver_sql("EXPLAIN " + statement, parameters)
                plans.append("\n".join(row[0] for row in rows))
    page_plan = plans[0]
    assert "Index Scan using ix_persons_sort_name" in page_plan, page_plan
    assert "Sort" not in page_plan, page_plan


def test_a_common_word_keeps_the_order_of_a_rare_one_when_the_sort_column_may_be_empty(
    db, monkeypatch
):
    # Text searches put persons without a personnummer first; the name index walk must not
    # change that for a word with more matches than are counted.
    with db.transaction() as session:
        for i, number in enumerate(["198001011234", None, "197501011234", None, "199001011234"]):
            session.add(
                Person(
                    id=f"p{i}",
                    kind="person",
                    first_name="Anna",
                    last_name=f"Olsson{i}",
                    sort_name=f"olsson{i} anna",
                    search_text=f"anna olsson{i}",
                    personnummer=number,
                )
            )

    def page_ids(total_cap: int) -> list[str]:
        monkeypatch.setattr(search, "TOTAL_CAP", total_cap)
        with db.transaction() as session:
            persons, _total = search.page(
                session, {"q": "olsson", "sort": "personnummer"}, 0, 5, None
            )
        return [p.id for p in persons]

    counted = page_ids(100)  # one pass: every match sorted
    assert counted[:2] == ["p1", "p3"] and counted[2:] == ["p2", "p0", "p4"], counted
    assert page_ids(2) == counted  # more matches than counted


def test_a_word_within_a_status_is_found_by_the_link_tags_index(api, db):
    # At 1M persons each member looked up by id cost 44-255 ms for a status or group + a word;
    # the tags' index ANDed with the trigram index, 6-31 ms (repository/link_tags.py).
    status = api.post("/statuses", {"name": "VIP"}).json["id"]
    for i in range(4):
        person = api.person(last_name=f"Berg{i}")
        if i % 2:
            api.put(f"/persons/{person['id']}/statuses/{status}")
    persons, total, statements = searched(db, {"q": "berg", "status_id": status}, 25)

    assert sorted(p.last_name for p in persons) == ["Berg1", "Berg3"] and total == 2
    [page] = [(s, p) for s, p in statements if "LIMIT" in s]
    assert "person_statuses" not in page[0], page
    with db.engine.connect() as connection, connection.begin():
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")  # a four-row table
        shown = "\n".join(
            row[0] for row in connection.exec_driver_sql("EXPLAIN " + page[0], page[1])
        )
    assert "ix_persons_link_tags" in shown, shown


def test_a_leaders_search_asks_for_their_groups_by_the_link_tags(api, db):
    # With every member's id in the query a leader of a group of 5,000 searched 100k persons in
    # 136-224 ms; by the tags the database looks the group up in their GIN index (the plans at
    # scale: docs/benchmarks.md, "group leader" rows), and no member is listed in Python.
    group = api.post("/groups", {"name": "Mine"}).json["id"]
    for i in range(4):
        person = api.person(last_name=f"Berg{i}")
        if i % 2:
            api.post(f"/groups/{group}/members", {"person_id": person["id"]})
    scope = Scope(ids=frozenset({person["id"]}), member_of=frozenset({group}))
    for filters in ({"q": "berg"}, {}):
        persons, total, statements = searched(db, filters, 25, scope)

        assert sorted(p.last_name for p in persons) == ["Berg1", "Berg3"] and total == 2
        assert not any("group_memberships" in s for s, _p in statements), statements
        [page] = [s for s, _p in statements if "LIMIT" in s and "OFFSET" in s]
        assert "persons.link_tags &&" in page, page
