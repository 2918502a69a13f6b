"""Helpers the registry's tests import (conftest.py cannot be imported with importlib mode)."""

from foyer_shared.identifiers import check_digit


def pnr(birth: str = "19800101", serial: str = "123") -> str:
    """A valid personnummer YYYYMMDD-NNNN with the right check digit."""
    return f"{birth}-{serial}{check_digit(birth[2:] + serial)}"


def changed_by_another_writer_before(statement_kind: str, db, times: int):
    """Before the use case's UPDATE/DELETE of a person, another connection bumps its version
    (as the worker does when it links a new login account): the version check then fails."""
    from sqlalchemy import event, update

    from registry.models import Person

    left = {"n": times}

    def bump(_mapper, _connection, target):
        if left["n"] > 0:
            left["n"] -= 1
            with db.engine.begin() as other:
                other.execute(
                    update(Person).where(Person.id == target.id).values(version=Person.version + 1)
                )

    event.listen(Person, statement_kind, bump)
    return lambda: event.remove(Person, statement_kind, bump)


def expanded(answer: dict) -> dict:
    """A registry.import_batch.processed answer with its short form of created rows
    ([row_no, person_id] pairs) written out as full outcomes again, in row order."""
    created = [
        {"row_no": row_no, "outcome": "created", "person_id": person_id, "error": None}
        for row_no, person_id in answer.get("created_rows") or []
    ]
    if not created:
        return answer
    outcomes = sorted([*answer.get("outcomes", []), *created], key=lambda o: o["row_no"])
    return {**answer, "outcomes": outcomes}
