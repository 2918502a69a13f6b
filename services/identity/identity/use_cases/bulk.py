"""Use case: create accounts for many registry persons at once, answering per person."""

from __future__ import annotations

from identity.domain import passwords, roles
from identity.domain.actor import Actor
from identity.use_cases import accounts, catalogue

# The errors one person's account can meet; anything else is a bug and should surface.
_PER_PERSON = (
    accounts.UsernameTaken,
    accounts.PersonHasAccount,
    roles.UnknownRole,
    passwords.WeakPassword,
    catalogue.UnknownPermission,
    PermissionError,
)


def create_many(db, settings, actor: Actor, items: list[dict]) -> list[dict]:
    """Each account in its own transaction: one bad row never blocks the others."""
    results = []
    for item in items:
        person_id = str(item["person_id"])
        try:
            user = accounts.create_user(
                db,
                username=item["username"],
                email=item["email"],
                person_id=person_id,
                role_names=item["roles"],
                actor=actor,
                settings=settings,
            )
        except _PER_PERSON as exc:
            field = getattr(exc, "field", "roles")
            results.append(
                {"person_id": person_id, "outcome": "refused", "errors": {field: [str(exc)]}}
            )
        else:
            results.append(
                {
                    "person_id": person_id,
                    "outcome": "created",
                    "user_id": user.id,
                    "username": user.username,
                }
            )
    return results
