"""GDPR right of access: ask every service for its part, assemble one zip, name the missing."""

from __future__ import annotations

import io
import json
import logging
import zipfile
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from foyer_shared.db import Database, utcnow
from foyer_shared.words import N_
from registry import events
from registry.models import Export, ExportPart, Person, PersonChange
from registry.models.export import COMPLETE, PENDING
from registry.use_cases import Actor, Conflict, NotFound, access, journal, persons
from registry.use_cases.consents import as_dict
from registry.use_cases.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)


def start(db: Database, actor: Actor, person_id: str, settings) -> Export:
    with db.transaction() as session:
        person = persons.load(SqlUnitOfWork.joining(session), person_id)
        export = Export(
            person_id=person_id,
            requested_by=actor.user_id,
            deadline_at=utcnow() + timedelta(seconds=settings.export_timeout_seconds),
            registry_part=json.dumps(
                _registry_part(session, person), ensure_ascii=False, default=str
            ),
        )
        session.add(export)
        session.flush()
        for service in settings.export_services:
            events.outbox.command(
                session,
                events.export_command(service),
                {"export_id": export.id, "person_id": person_id},
            )
    return export


def start_own(db: Database, actor: Actor, settings) -> Export:
    """A member's download of everything held about themselves (issue 23 §7): the export of
    the caller's own person, without any staff permission. While one of theirs is still
    pending, that one is answered instead of asking every service again."""
    person_id = _own(db, actor)
    with db.read_only() as session:
        pending = session.scalars(
            select(Export)
            .where(Export.person_id == person_id, Export.status == PENDING)
            .order_by(Export.requested_at.desc())
        ).first()
    return pending or start(db, actor, person_id, settings)


def ensure_own(db: Database, actor: Actor, export_id: str) -> None:
    """NotFound unless the export is of the caller's own person (another's is not named)."""
    with db.read_only() as session:
        export = session.get(Export, export_id)
        own = access.own_person_id(SqlUnitOfWork.joining(session), actor)
    if export is None or own is None or export.person_id != own:
        raise NotFound(f"no export with id {export_id} of yours")


def _own(db: Database, actor: Actor) -> str:
    with db.read_only() as session:
        own = access.own_person_id(SqlUnitOfWork.joining(session), actor)
    if own is None:
        raise NotFound(N_("your account is not linked to a person in the register"))
    return own


def receive_part(session: Session, service: str, data: dict, expected: tuple[str, ...]) -> None:
    """One service's answer; the export completes when every expected service has answered."""
    export = session.get(Export, data.get("export_id"))
    if export is None or export.status != PENDING:
        log.info(
            "part from %s for export %s arrived late or unknown; ignored",
            service,
            data.get("export_id"),
        )
        return
    if session.get(ExportPart, (export.id, service)) is None:
        session.add(
            ExportPart(
                export_id=export.id,
                service=service,
                data=json.dumps(data.get("data") or {}, ensure_ascii=False),
            )
        )
        session.flush()
    answered = set(
        session.scalars(select(ExportPart.service).where(ExportPart.export_id == export.id))
    )
    if set(expected) <= answered:
        _complete(session, export, expected)


def finish_overdue(db: Database, expected: tuple[str, ...], now=None) -> int:
    """Complete every export past its deadline, naming the services that did not answer."""
    now = now or utcnow()
    with db.transaction() as session:
        overdue = list(
            session.scalars(
                select(Export)
                .where(Export.status == PENDING, Export.deadline_at <= now)
                .with_for_update(skip_locked=True)
            )
        )
        for export in overdue:
            _complete(session, export, expected)
    return len(overdue)


def get(db: Database, export_id: str) -> dict:
    with db.read_only() as session:
        export = session.get(Export, export_id)
        if export is None:
            raise NotFound(f"no export with id {export_id}")
        answered = sorted(
            session.scalars(select(ExportPart.service).where(ExportPart.export_id == export_id))
        )
    return {
        "id": export.id,
        "person_id": export.person_id,
        "status": export.status,
        "requested_at": export.requested_at,
        "deadline_at": export.deadline_at,
        "completed_at": export.completed_at,
        "answered": answered,
        "missing": [s for s in export.missing.split(",") if s],
    }


def archive(db: Database, export_id: str, journal_keys=None, store=None) -> tuple[bytes, str]:
    """The zip; with the journal's keys, the person's journal entries are added as
    journal.json here, decrypted for the download only (the stored zip never holds them);
    with the document store, the person's documents as they are now under documents/."""
    with db.read_only() as session:
        export = session.get(Export, export_id)
        if export is None:
            raise NotFound(f"no export with id {export_id}")
        if export.status != COMPLETE:
            raise Conflict("the export is not complete yet; try again later")
        data, person_id = export.archive, export.person_id
    entries = journal.texts_for_export(SqlUnitOfWork(db), journal_keys, person_id)
    files = _documents(db, person_id) if store is not None else []
    if entries or files:
        buffer = io.BytesIO(data)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive_file:
            if entries:
                archive_file.writestr("journal.json", _dump(entries))
            for document in files:
                with store.open(document.id) as stream:
                    name = f"documents/{document.id[:8]}-{document.filename}"
                    archive_file.writestr(name, stream.read())
        data = buffer.getvalue()
    return data, f"personal-data-{person_id}.zip"


def _documents(db: Database, person_id: str) -> list:
    uow = SqlUnitOfWork(db)
    with uow.read_only():
        return uow.documents.of_person(person_id)


def _complete(session: Session, export: Export, expected: tuple[str, ...]) -> None:
    parts = {
        p.service: json.loads(p.data)
        for p in session.scalars(select(ExportPart).where(ExportPart.export_id == export.id))
    }
    missing = [s for s in expected if s not in parts]
    export.status, export.completed_at = COMPLETE, utcnow()
    export.missing = ",".join(missing)
    export.archive = _zip(export, json.loads(export.registry_part), parts, missing)


def _zip(export: Export, registry_part: dict, parts: dict, missing: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("registry.json", _dump(registry_part))
        for service, data in sorted(parts.items()):
            archive.writestr(f"{service}.json", _dump(data))
        archive.writestr("summary.txt", _summary(export, registry_part, parts, missing))
    return buffer.getvalue()


def _summary(export: Export, registry_part: dict, parts: dict, missing: list[str]) -> str:
    person = registry_part.get("person", {})
    lines = [
        "Personal data held by Foyer",
        "",
        f"Person: {person.get('display_name', '')} ({export.person_id})",
        f"Requested: {export.requested_at.isoformat()}",
        f"Completed: {export.completed_at.isoformat()}",
        "",
        "Included:",
        "- registry.json: the register (details, groups, family, fields, consents, look-ups,"
        " change log)",
    ]
    for service, data in sorted(parts.items()):
        counts = ", ".join(f"{len(v)} {k}" if isinstance(v, list) else k for k, v in data.items())
        lines.append(f"- {service}.json: {counts or 'nothing held'}")
    if missing:
        lines += [
            "",
            "MISSING — these services did not answer in time; their data is NOT in this export:",
        ] + [f"- {s}" for s in missing]
    return "\n".join(lines) + "\n"


def _registry_part(session: Session, person) -> dict:
    details = {
        c.key: getattr(person, c.key) for c in Person.__table__.columns if c.key != "search_text"
    }
    details["display_name"] = person.display_name
    uow = SqlUnitOfWork.joining(session)
    details.update(uow.persons.segments(person.id, staff=True))
    log_rows = session.scalars(
        select(PersonChange)
        .where(PersonChange.person_id == person.id)
        .order_by(PersonChange.changed_at)
    )
    consents = SqlUnitOfWork.joining(session).consents
    return {
        "person": details,
        "consents": [as_dict(c) for c in consents.history(person.id)],
        "documents": [
            {k: getattr(d, k) for k in ("id", "filename", "content_type", "size", "uploaded_at")}
            for d in SqlUnitOfWork.joining(session).documents.of_person(person.id)
        ],
        "lookups": [
            {k: getattr(r, k) for k in ("looked_up_at", "looked_up_by", "register", "outcome")}
            for r in SqlUnitOfWork.joining(session).lookups.of_person(person.id, 0, 10_000)[0]
        ],
        "changes": [
            {
                "changed_at": c.changed_at.isoformat(),
                "changed_by": c.changed_by,
                "field": c.field,
                "old": _loads(c.old_value),
                "new": _loads(c.new_value),
            }
            for c in log_rows
        ],
    }


def _loads(value):
    return None if value is None else json.loads(value)


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
