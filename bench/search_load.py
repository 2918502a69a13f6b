"""Generated persons for the search benchmark, loaded with PostgreSQL COPY.

The persons table's secondary indexes are dropped for the load and built again afterwards from
their own definitions (pg_indexes), as a bulk load of a register would do: at 1,000,000 rows,
maintaining the trigram index row by row costs more than building it once.
"""

from __future__ import annotations

import datetime
import random

from sqlalchemy import insert

from foyer_shared.db import Database, new_id

FIRST = (
    "Åsa Erik Lars Karin Anna Johan Maria Per Eva Nils Sara Olof Ingrid Mikael Lena Oskar Elin "
    "Gustav Maja Ali"
).split()
LAST = (
    "Lindström Berg Johansson Andersson Karlsson Nilsson Eriksson Larsson Olsson Persson "
    "Svensson Gustafsson Pettersson Jonsson Jansson Hansson Bengtsson Jönsson Lindberg "
    "Jakobsson Magnusson"
).split()
COLUMNS = (
    "id kind first_name last_name personnummer email phone external_number is_staff "
    "remind_by_email remind_by_sms bad_address version created_at updated_at search_text sort_name"
).split()


def _rows(count: int, rng: random.Random):
    """Person rows as dicts of COLUMNS: unique personnummer, e-mail, phone and number."""
    from foyer_shared.identifiers import check_digit
    from registry.models.person import search_columns

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
        created = start + datetime.timedelta(minutes=i * 30)
        row = {
            "id": new_id(),
            "kind": "person",
            "first_name": first,
            "last_name": last,
            "personnummer": pnr,
            "email": f"{first.lower()}.{last.lower()}{i}@example.se",
            "phone": f"+4670{i:07d}",
            "external_number": f"M-{i}",
            "is_staff": i % 200 == 0,
            "remind_by_email": True,
            "remind_by_sms": False,
            "bad_address": False,
            "version": 1,
            "created_at": created,
            "updated_at": created,
        }
        row.update(search_columns("person", row))
        yield row


def load(database: Database, count: int, rng: random.Random, order: str = "import") -> dict:
    """`count` persons by COPY; every 20th in one group, every 50th with one status.
    `order` "import": each 1000 in name order, as the importer writes its batches (fast.py);
    "typed": in creation order, a register typed in one by one (no name locality).
    (group_id, status_id, a sample row from the middle)."""
    from registry.models import Group, GroupMembership, PersonStatus, Status

    group_id, status_id = new_id(), new_id()
    members, statuses, sample = [], [], None
    with database.engine.begin() as connection:
        cursor = connection.connection.cursor()
        indexes = _drop_indexes(cursor)
        with cursor.copy(f"COPY persons ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for i, row in enumerate(_in_order(_rows(count, rng), order)):
                copy.write_row([row[c] for c in COLUMNS])
                if i % 20 == 0:
                    members.append({"group_id": group_id, "person_id": row["id"], "role": "member"})
                if i % 50 == 0:
                    statuses.append({"person_id": row["id"], "status_id": status_id})
                if i == count // 2:
                    sample = row
        for definition in indexes:
            cursor.execute(definition)
    with database.transaction() as session:
        session.add(Group(id=group_id, name="Bench group", kind="group"))
        session.add(Status(id=status_id, name="VIP"))
        session.flush()
        for chunk in range(0, len(members), 10_000):
            session.execute(insert(GroupMembership), members[chunk : chunk + 10_000])
        session.execute(insert(PersonStatus), statuses)
    # What autovacuum does on a live database: statistics and the visibility map.
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")
    return {"group_id": group_id, "status_id": status_id, "sample": sample}


def _in_order(rows, order: str, batch: int = 1000):
    """The rows as `load` writes them (its `order`)."""
    if order == "typed":
        yield from rows
        return
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == batch:
            yield from sorted(chunk, key=lambda r: r["sort_name"])
            chunk = []
    yield from sorted(chunk, key=lambda r: r["sort_name"])


def _drop_indexes(cursor) -> list[str]:
    """Drops the persons table's indexes that back no constraint; their definitions."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'persons' AND indexname"
        " NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'persons'::regclass)"
    )
    found = cursor.fetchall()
    for name, _definition in found:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in found]
