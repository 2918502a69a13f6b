"""Object-level access: which persons a caller narrowed by scopes may see or change.

Callers holding `registry.persons.all` (staff at the desk) are not narrowed. Everyone else
reaches only: themselves, family members they hold the right over (scopes.family_rights),
and members of the groups they lead (scopes.groups_led). No change may widen that reach
(`not_widening`, the rule in registry/domain/reach.py). See docs/access.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from foyer_shared.words import N_
from registry.domain import reach as rule
from registry.models.segments import LEADER, MEMBER
from registry.permissions import PERSONS_ALL
from registry.use_cases import Actor, OutOfScope
from registry.use_cases.unit_of_work import UnitOfWork

READ, EDIT = "view", "manage"  # the family right needed to read / to change a member


def unscoped(actor: Actor) -> bool:
    return actor.holds(PERSONS_ALL)


class Widening(OutOfScope):
    """The action would widen the caller's own reach (registry/domain/reach.py); 403."""

    def __init__(self, permission: str, field: str, why: str = rule.WIDENS):
        super().__init__(rule.refusal(permission, why))
        self.permission, self.field = permission, field


def scope_of(uow: UnitOfWork, actor: Actor, right: str = READ) -> rule.Scope:
    """Whom a scoped caller reaches, for the database to ask (a search, a check of a few)."""
    return _scope(own_person_id(uow, actor), actor.scopes, right)


def reached(
    uow: UnitOfWork, actor: Actor, person_ids: Iterable[str], right: str = READ
) -> set[str]:
    """Those of `person_ids` a scoped caller may read (right="view") or change ("manage"):
    group memberships are looked up for these persons alone, not for every member of every
    group led (a leader of a group of 50,000 opening one member's card)."""
    scope, wanted = scope_of(uow, actor, right), set(person_ids)
    found = wanted & scope.ids
    if scope.member_of and wanted - found:
        groups = sorted(scope.member_of)
        found |= uow.groups.persons_in(groups, MEMBER, among=sorted(wanted - found))
    return found


def _scope(own: str | None, scopes: dict, right: str) -> rule.Scope:
    ids: set[str] = {own} if own else set()
    for person_id, rights in (scopes.get("family_rights") or {}).items():
        if right in rights or "manage" in rights:
            ids.add(person_id)
    return rule.Scope(ids=frozenset(ids), member_of=frozenset(scopes.get("groups_led") or []))


def own_person_id(uow: UnitOfWork, actor: Actor) -> str | None:
    """The caller's own person: from the scopes if the gateway put it there, else the person
    linked to the caller's login account (identity.user.created / person_changed)."""
    return actor.person_id or _linked_person_id(uow, actor)


def _linked_person_id(uow: UnitOfWork, actor: Actor) -> str | None:
    if not actor.subject_user_id:
        return None
    return uow.persons.id_of_user(actor.subject_user_id)


def ensure_reachable(uow: UnitOfWork, actor: Actor, person_id: str, right: str = READ) -> None:
    if unscoped(actor):
        return
    if not reached(uow, actor, [person_id], right):
        raise OutOfScope(N_("this person is outside your scopes (own profile, family, groups led)"))


def ensure_leads(actor: Actor, group_id: str) -> None:
    """Group changes by a scoped caller: only in groups they lead."""
    if unscoped(actor):
        return
    if group_id not in (actor.scopes.get("groups_led") or []):
        raise OutOfScope(N_("you do not lead this group"))


def ensure_appoints_leaders(actor: Actor, field: str = "role") -> None:
    """A leader reaches the group's members: only registry.groups.manage gives that reach."""
    if not actor.holds(rule.APPOINT_LEADERS):
        raise Widening(rule.APPOINT_LEADERS, field, rule.GRANTS)


# How often a change that seems to widen is read again before it is refused: each read
# narrows the window another request's commits have to mislead the comparison.
_READS_BEFORE_REFUSING = 3


@contextmanager
def not_widening(
    uow: UnitOfWork, actor: Actor, waiver: str, field: str, created: Iterable[str] = ()
) -> Iterator[None]:
    """Around a change in `uow`: refuse it (Widening, so the transaction rolls back) when
    it left a scoped caller reaching a person they did not reach before (domain/reach.py)."""
    if unscoped(actor) or actor.holds(waiver):
        yield
        return
    # Compared twice: by the register alone, so reach the gateway's lagging scopes still show
    # is never counted as held before; and with those scopes on both sides, so the change
    # cannot add anyone to a group they still show either. Stale scopes alone, unchanged by
    # the change, refuse nothing (a desk removing a member must not block the leader).
    before = _both_reaches(uow, actor)
    yield
    uow.flush()
    for round_no in range(1, _READS_BEFORE_REFUSING + 1):
        after = _both_reaches(uow, actor)
        if not any(rule.gained(b, a, created) for b, a in zip(before, after, strict=True)):
            return
        if round_no == _READS_BEFORE_REFUSING:
            break
        # Each statement reads what is committed when it runs (read committed), so another
        # request's commit between `before` and `after` (the desk adding someone to the
        # leader's group) shows here as if this change had brought it. Whom the register as
        # committed now reaches, without this change, was not gained by it; and someone added
        # and removed again meanwhile (the desk undoing its own add) is gone from a fresh
        # `after`. Reach this change brought shows in every `after` and no committed read.
        with uow.committed() as now:
            before = [b | n for b, n in zip(before, _both_reaches(now, actor), strict=True)]
    raise Widening(waiver, field)


def _both_reaches(uow: UnitOfWork, actor: Actor) -> list[rule.Reach]:
    return [current_reach(uow, actor, sent=False), current_reach(uow, actor, sent=True)]


def current_reach(uow: UnitOfWork, actor: Actor, sent: bool) -> rule.Reach:
    """Whom a scoped caller reaches, by what the register holds in this transaction, and with
    `sent` also through the scopes the gateway sent (which may lag the register until its event
    drops them)."""
    own = {actor.person_id, _linked_person_id(uow, actor)} - {None}
    scopes = _merged(*([actor.scopes] if sent else []), *(register_scopes(uow, p) for p in own))
    read, edit = _scope(None, scopes, READ), _scope(None, scopes, EDIT)
    # The groups led are the same for both rights: their members are read once per reach, not
    # once per right (a change reads two reaches before it and two after).
    groups = sorted(read.member_of)
    members = uow.groups.persons_in(groups, MEMBER) if groups else set()
    return rule.Reach(
        read=frozenset(own | read.ids | members), edit=frozenset(own | edit.ids | members)
    )


def register_scopes(uow: UnitOfWork, person_id: str | None) -> dict:
    """The groups a person leads and the family rights they hold, as the register has them."""
    if not person_id:
        return {}
    return {
        "groups_led": uow.groups.of_person(person_id, LEADER),
        "family_rights": _family_rights(uow, person_id),
    }


def _family_rights(uow: UnitOfWork, person_id: str) -> dict[str, list[str]]:
    """{other member: rights} for the person's family."""
    me = uow.families.member(person_id)
    rights = rule.rights_held(me.is_head, me.rights) if me is not None else []
    if not rights:
        return {}
    return {
        m.person_id: rights for m in uow.families.members(me.family_id) if m.person_id != person_id
    }


def _merged(*all_scopes: dict) -> dict:
    rights: dict[str, set[str]] = {}
    groups: set[str] = set()
    for scopes in all_scopes:
        for person_id, granted in (scopes.get("family_rights") or {}).items():
            rights.setdefault(person_id, set()).update(granted)
        groups.update(scopes.get("groups_led") or [])
    return {"groups_led": sorted(groups), "family_rights": rights}
