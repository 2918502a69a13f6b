"""Use cases for custom roles: list, create, edit, delete (each publishes identity.role.changed)."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from foyer_shared.db import Database, utcnow
from identity import events
from identity.domain import authority, roles
from identity.domain.actor import Actor
from identity.models import Role
from identity.repository.account import UserRepository
from identity.repository.role import RoleRepository
from identity.use_cases import audit, catalogue


class RoleNotFound(LookupError):
    pass


class RoleNameTaken(ValueError):
    field = "name"

    def __init__(self, name: str):
        super().__init__(f"a role named {name!r} exists already")


def list_roles(db: Database) -> list[dict]:
    built_in = [
        {
            "id": name,
            "name": name,
            "description": roles.BUILT_IN_DESCRIPTIONS[name],
            "permissions": sorted(permissions),
            "built_in": True,
        }
        for name, permissions in roles.BUILT_IN_ROLES.items()
    ]
    with db.read_only() as session:
        custom = [_view(role) for role in RoleRepository(session).all()]
    return built_in + custom


def create_role(db: Database, settings, actor: Actor, body: dict, own_doc=None) -> dict:
    name, permissions = _checked(body, settings, own_doc, actor)
    role = Role(name=name, description=body.get("description", ""), permissions=permissions)
    try:
        with db.transaction() as session:
            repository = RoleRepository(session)
            if repository.by_name(name):
                raise RoleNameTaken(name)
            repository.add(role)
            session.flush()
            audit.record(
                session,
                audit.ROLE_CREATED,
                actor,
                role_id=role.id,
                name=name,
                permissions=permissions,
            )
            events.role_changed(session, role.id, name, "created")
    except IntegrityError as exc:
        raise RoleNameTaken(name) from exc
    return _view(role)


def update_role(
    db: Database, settings, actor: Actor, role_id: str, body: dict, own_doc=None
) -> dict:
    name, permissions = _checked(body, settings, own_doc, actor)
    with db.transaction() as session:
        repository = RoleRepository(session)
        role = repository.get(role_id)
        if role is None:
            raise RoleNotFound(role_id)
        authority.ensure_may_author(actor, role.name, role.permissions, permissions)
        renamed = role.name != name
        if renamed and repository.by_name(name):
            raise RoleNameTaken(name)
        holders = UserRepository(session).holders(role.name)
        if renamed:  # assignments name the role: they follow the new name
            for user in holders:
                for assignment in user.roles:
                    if assignment.role == role.name:
                        assignment.role = name
        before = {"name": role.name, "permissions": list(role.permissions)}
        role.name, role.permissions = name, permissions
        role.description, role.updated_at = body.get("description", ""), utcnow()
        session.flush()
        audit.record(
            session,
            audit.ROLE_UPDATED,
            actor,
            role_id=role.id,
            before=before,
            after={"name": name, "permissions": permissions},
        )
        events.role_changed(session, role.id, name, "updated")
        for user in holders if renamed else ():
            events.roles_changed(session, user)
        return _view(role)


def delete_role(db: Database, actor: Actor, role_id: str) -> None:
    """Holders lose the role at once; each gets a roles_changed event."""
    with db.transaction() as session:
        role = RoleRepository(session).get(role_id)
        if role is None:
            raise RoleNotFound(role_id)
        authority.ensure_may_author(actor, role.name, role.permissions)
        holders = UserRepository(session).holders(role.name)
        for user in holders:
            user.roles = [a for a in user.roles if a.role != role.name]
        session.flush()
        RoleRepository(session).delete(role)
        audit.record(
            session,
            audit.ROLE_DELETED,
            actor,
            role_id=role.id,
            name=role.name,
            holders=len(holders),
        )
        events.role_changed(session, role.id, role.name, "deleted")
        for user in holders:
            events.roles_changed(session, user)


def _checked(body: dict, settings, own_doc, actor: Actor) -> tuple[str, list[str]]:
    name = body["name"].strip().lower()
    if name in roles.BUILT_IN_ROLES:
        raise RoleNameTaken(name)
    permissions = sorted(set(body["permissions"]))
    catalogue.ensure_known(permissions, settings, own_doc)
    authority.ensure_may_author(actor, name, permissions)
    return name, permissions


def _view(role: Role) -> dict:
    return {
        "id": role.id,
        "name": role.name,
        "description": role.description,
        "permissions": list(role.permissions),
        "built_in": False,
    }
