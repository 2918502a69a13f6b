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


# The services a GDPR export asks for their part (the worker's setting in a deployment).
EXPORT_SERVICES = ("crm", "identity", "notify", "imports")


def answer_export(db, service: str, export_id: str, person_id: str, data: dict) -> None:
    """One service's part of an export arrives, as the registry's consumer would hand it over."""
    from foyer_shared import contracts
    from registry import handlers

    envelope = contracts.envelope(
        f"{service}.personal_data.exported", export_id=export_id, person_id=person_id, data=data
    )
    with db.transaction() as session:
        handlers.export_handlers(EXPORT_SERVICES)[envelope.type](session, envelope)


def answer_export_from_all(db, export: dict, data: dict | None = None) -> None:
    """Every service answers the export, each with `data` (nothing, unless given)."""
    for service in EXPORT_SERVICES:
        answer_export(db, service, export["id"], export["person_id"], data or {})


def downloaded_export(api, export: dict):
    """The finished export's zip, downloaded as the caller of `api`."""
    import io
    import zipfile

    return zipfile.ZipFile(io.BytesIO(api.get(f"/exports/{export['id']}/download").data))


def import_batch_data(rows: list[dict], batch_no: int = 1, job_id: str = "job-1", **extra) -> dict:
    """The data of a registry.import_batch command as imports sends it: customers, created or
    updated by personnummer, no options (`extra` adds or overrides fields)."""
    return {
        "job_id": job_id,
        "batch_no": batch_no,
        "mode": "create_or_update",
        "match_on": "personnummer",
        "options": {},
        "kind": "customers",
        "rows": rows,
        **extra,
    }
