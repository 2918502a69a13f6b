"""Use case: set a user's role assignments (with validity dates), guarding the last owner."""

from __future__ import annotations

from foyer_shared.db import Database, utcnow
from identity import events
from identity.domain import authority, roles
from identity.domain.actor import Actor
from identity.models import UserRole
from identity.repository.account import UserRepository
from identity.repository.role import RoleRepository
from identity.use_cases import audit
from identity.use_cases.accounts import UserNotFound


class LastOwner(Exception):
    def __init__(self):
        super().__init__("the last owner can never be removed or demoted")


class InvalidPeriod(ValueError):
    field = "roles"


def set_roles(db: Database, actor: Actor, user_id: str, wanted: list[dict]):
    """Replace the user's assignments with `wanted` [{role, valid_from, valid_until}]."""
    for item in wanted:
        if (
            item.get("valid_from")
            and item.get("valid_until")
            and item["valid_until"] <= item["valid_from"]
        ):
            raise InvalidPeriod(f"{item['role']}: valid_until must be after valid_from")
    with db.transaction() as session:
        users = UserRepository(session)
        owners_before = users.lock_owners()
        user = users.get(user_id, lock=True)
        if user is None:
            raise UserNotFound(user_id)
        authority.ensure_may_change_account(actor, user)
        custom = RoleRepository(session).permission_map()
        names = [item["role"] for item in wanted]
        roles.ensure_known(names, custom)
        before = _describe(user.roles)
        changed = {a.role for a in user.roles} ^ set(names)
        changed |= {i["role"] for i in wanted if _period(i) != _held_period(user, i["role"])}
        for name in sorted(changed):
            authority.ensure_may_grant(actor, name, roles.permissions_of([name], custom))
        held = {a.role: a for a in user.roles}
        # Unchanged assignments are kept as they are, so who granted them and when stays true.
        user.roles = [
            held[i["role"]]
            if i["role"] not in changed
            else UserRole(
                role=i["role"],
                valid_from=i.get("valid_from"),
                valid_until=i.get("valid_until"),
                granted_by=actor.user_id,
            )
            for i in {i["role"]: i for i in wanted}.values()
        ]
        session.flush()
        ensure_an_owner_remains(users, owners_before)
        if changed:
            audit.record(
                session,
                audit.ROLES_CHANGED,
                actor,
                user.id,
                before=before,
                after=_describe(user.roles),
            )
            events.roles_changed(session, user)
        return user


def ensure_an_owner_remains(users: UserRepository, owners_before: int) -> None:
    """Call after flushing a change, in the same transaction as `lock_owners()`."""
    if owners_before > 0 and users.standing_owners(utcnow()) == 0:
        raise LastOwner()


def _period(item: dict) -> tuple:
    return (item.get("valid_from"), item.get("valid_until"))


def _held_period(user, name: str) -> tuple | None:
    for assignment in user.roles:
        if assignment.role == name:
            return (assignment.valid_from, assignment.valid_until)
    return None


def _describe(assignments) -> list[dict]:
    return [
        {
            "role": a.role,
            "valid_from": a.valid_from.isoformat() if a.valid_from else None,
            "valid_until": a.valid_until.isoformat() if a.valid_until else None,
        }
        for a in sorted(assignments, key=lambda a: a.role)
    ]
