"""Suspected duplicates: certain (same personnummer), strong (same names and e-mail), weak (same
e-mail, other names); household-aware, with staff's "not a duplicate" exceptions."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from foyer_shared.db import Database
from foyer_shared.words import N_
from registry.models import FamilyMember, NotDuplicate, Person
from registry.use_cases import Conflict, NotFound, persons
from registry.use_cases.unit_of_work import SqlUnitOfWork

LEVELS = {"certain": 100, "strong": 80, "weak": 40}


def judge(a: Person, b: Person, same_family: bool) -> dict | None:
    """The pair's level, score and matched fields, or None when it is no suspect."""
    if a.personnummer and a.personnummer == b.personnummer:
        return _pair(a, b, "certain", ["personnummer"])
    if not a.email or a.email.lower() != (b.email or "").lower():
        return None
    same_names = (
        _norm(a.first_name) == _norm(b.first_name)
        and _norm(a.last_name) == _norm(b.last_name)
        and a.kind == b.kind
    )
    if same_names:
        return _pair(a, b, "strong", ["first_name", "last_name", "email"])
    if same_family:
        return None  # a household sharing one address is no duplicate
    return _pair(a, b, "weak", ["email"])


def for_person(db: Database, actor, person_id: str) -> list[dict]:
    with db.read_only() as session:
        person = persons.load(SqlUnitOfWork.joining(session), person_id)
        candidates = []
        if person.email:
            same_email = select(Person).where(Person.email == person.email.lower())
            candidates += session.scalars(same_email)
        if person.personnummer:
            candidates += session.scalars(
                select(Person).where(Person.personnummer == person.personnummer)
            )
        return _judged(session, [(person, c) for c in candidates if c.id != person.id])


def scan(db: Database, offset: int, limit: int) -> tuple[list[dict], int]:
    """Every suspected pair in the register: persons sharing an e-mail address, strongest first."""
    with db.read_only() as session:
        shared = (
            select(Person.email)
            .where(Person.email.is_not(None))
            .group_by(Person.email)
            .having(func.count() > 1)
        )
        rows = list(
            session.scalars(
                select(Person).where(Person.email.in_(shared)).order_by(Person.email, Person.id)
            )
        )
        by_email: dict[str, list[Person]] = {}
        for p in rows:
            by_email.setdefault(p.email, []).append(p)
        pairs = [
            (g[i], g[j])
            for g in by_email.values()
            for i in range(len(g))
            for j in range(i + 1, len(g))
        ]
        found = _judged(session, pairs)
    found.sort(key=lambda d: (-d["score"], d["person_id"], d["other_id"]))
    return found[offset : offset + limit], len(found)


def add_exception(db: Database, a: str, b: str) -> None:
    first, second = sorted((a, b))
    try:
        with db.transaction() as session:
            for pid in (first, second):
                persons.load(SqlUnitOfWork.joining(session), pid)
            if session.get(NotDuplicate, (first, second)) is None:
                session.add(NotDuplicate(person_a=first, person_b=second))
    except IntegrityError as exc:  # a concurrent identical exception
        raise Conflict(N_("this exception exists already")) from exc


def remove_exception(db: Database, a: str, b: str) -> None:
    first, second = sorted((a, b))
    with db.transaction() as session:
        result = session.execute(
            delete(NotDuplicate).where(
                NotDuplicate.person_a == first, NotDuplicate.person_b == second
            )
        )
        if result.rowcount == 0:
            raise NotFound("no such exception")


def _judged(session: Session, pairs: list[tuple[Person, Person]]) -> list[dict]:
    ids = {p.id for pair in pairs for p in pair}
    families = dict(
        session.execute(
            select(FamilyMember.person_id, FamilyMember.family_id).where(
                FamilyMember.person_id.in_(ids)
            )
        ).all()
    )
    excepted = set(
        session.execute(
            select(NotDuplicate.person_a, NotDuplicate.person_b).where(
                NotDuplicate.person_a.in_(ids)
            )
        ).all()
    )
    found, seen = [], set()
    for a, b in pairs:
        key = tuple(sorted((a.id, b.id)))
        if key in seen or key in excepted:
            continue
        seen.add(key)
        same_family = a.id in families and families.get(a.id) == families.get(b.id)
        verdict = judge(a, b, same_family)
        if verdict:
            found.append(verdict)
    return found


def _pair(a: Person, b: Person, level: str, matched: list[str]) -> dict:
    return {
        "person_id": a.id,
        "person_name": a.display_name,
        "other_id": b.id,
        "other_name": b.display_name,
        "level": level,
        "score": LEVELS[level],
        "matched": matched,
    }


def _norm(value: str | None) -> str:
    return (value or "").strip().lower()
