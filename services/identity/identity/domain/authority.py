"""The one rule for staff acting on roles and accounts: never beyond one's own rights.

- Creating, changing, deleting, granting or removing a role needs every permission it holds
  (before and after a change): else an administrator could widen a role they hold, or hand out
  or take away rights they do not have.
- Changing an owner's account (roles, deactivation, reactivation, deletion, a new activation
  link, ending its sessions) needs `*`, which only owners hold: only an owner changes an owner.
- Acting as someone (impersonation), and changing their login e-mail (whoever controls it can
  reset the password), needs every permission they hold.

The last active owner is guarded separately (use_cases/assignments.py, 409): that
is about the state Foyer is left in, whoever asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from foyer_shared.access import ALL_PERMISSIONS
from foyer_shared.db import utcnow
from foyer_shared.words import N_
from identity.domain.actor import Actor
from identity.domain.roles import OWNER

if TYPE_CHECKING:
    from identity.models import User


class BeyondOwnRights(PermissionError):
    """403: the action needs permissions the caller does not hold; `permissions` names them."""

    def __init__(self, action: str, lacking: Iterable[str]):
        self.permissions = sorted(lacking)
        one = len(self.permissions) == 1
        if ALL_PERMISSIONS in self.permissions:
            said = N_(
                "%(action)s needs the permission %(names)s (only owners hold it), "
                "which you do not hold"
            )
        elif one:
            said = N_("%(action)s needs the permission %(names)s, which you do not hold")
        else:
            said = N_("%(action)s needs the permissions %(names)s, which you do not hold")
        names = ", ".join(repr(p) for p in self.permissions)
        super().__init__(said % {"action": action, "names": names})


def lacking(needed: Iterable[str], held: Iterable[str]) -> list[str]:
    """The permissions of `needed` that `held` does not cover (`*` covers everything)."""
    held = set(held)
    return [] if ALL_PERMISSIONS in held else sorted(set(needed) - held)


def ensure_may_author(actor: Actor, name: str, *permission_sets: Iterable[str]) -> None:
    """Create, change or delete a custom role: pass its permissions as they are and will be."""
    missing = lacking(set().union(*permission_sets), actor.permissions)
    if missing:
        raise BeyondOwnRights(N_("authoring the role %(name)s") % {"name": repr(name)}, missing)


def ensure_may_grant(actor: Actor, name: str, permissions: Iterable[str]) -> None:
    """Assign a role to an account, or remove it from one."""
    missing = lacking(permissions, actor.permissions)
    if missing:
        action = N_("granting or removing the role %(name)s") % {"name": repr(name)}
        raise BeyondOwnRights(action, missing)


def ensure_may_change_account(actor: Actor, user: User) -> None:
    """Only an owner changes an owner (an owner assignment not yet ended counts)."""
    if is_owner(user) and ALL_PERMISSIONS not in actor.permissions:
        raise BeyondOwnRights(N_("changing an owner's account"), [ALL_PERMISSIONS])


def ensure_may_act_as(actor: Actor, permissions: Iterable[str]) -> None:
    """Impersonation must never grant more than the staff member holds."""
    missing = lacking(permissions, actor.permissions)
    if missing:
        raise BeyondOwnRights(N_("acting as this user"), missing)


def ensure_may_take_over(actor: Actor, permissions: Iterable[str]) -> None:
    """Changing someone's login e-mail hands their account (its resets) to that address: the
    caller must hold every permission the account holds, as for impersonation."""
    missing = lacking(permissions, actor.permissions)
    if missing:
        raise BeyondOwnRights(N_("changing this account's login e-mail"), missing)


def is_owner(user: User) -> bool:
    now = utcnow()
    return any(
        a.role == OWNER and (a.valid_until is None or a.valid_until > now) for a in user.roles
    )
