"""No action widens the actor's own access: the rule, in one place (docs/access.md).

A caller narrowed by scopes (anyone without `registry.persons.all`) reaches persons through
three things the register itself holds: their own person, the family rights they hold, and the
groups they lead. Several actions change those things, so a caller could otherwise write
themselves a wider reach: add a stranger to the group they lead, add one to their family,
raise their own family rights, become the family's head, or merge someone who leads a group
into themselves. The rule:

    After an action, the caller reaches (reads or changes) no person they did not reach before,
    unless that person was created by the same request, or the caller holds the staff
    permission that governs the action (`WAIVERS`).

Reading and changing count apart: turning a family `view` right into the change a group leader
has over members widens too. Callers holding `registry.persons.all` reach everyone already, so
nothing widens theirs. Appointing a group leader gives another person reach over the group's
members; that is `registry.groups.manage`'s alone (`APPOINT_LEADERS`), whoever asks.

Paths the rule covers (use_cases/access.py → `not_widening` applies it): group members, one
(POST /groups/{id}/members) or in bulk (POST /persons/bulk add_group); families (POST /families,
POST /families/{id}/members, PATCH /families/{id}/members/{person_id}); merges (POST /merges).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from registry import permissions as P
from registry.models.family import RIGHTS

# Who may bring persons from outside their reach within it, per kind of action.
GROUP_MEMBERS = P.GROUPS_MANAGE  # decides who is in which group
FAMILIES = P.PERSONS_ALL  # families.write is desk staff's, who reach everyone anyway
MERGES = P.PERSONS_ALL
WAIVERS = {"group_members": GROUP_MEMBERS, "families": FAMILIES, "merges": MERGES}
APPOINT_LEADERS = P.GROUPS_MANAGE


@dataclasses.dataclass(frozen=True)
class Reach:
    """Ids of the persons a caller may read and may change."""

    read: frozenset[str] = frozenset()
    edit: frozenset[str] = frozenset()

    def __or__(self, other: Reach) -> Reach:
        return Reach(read=self.read | other.read, edit=self.edit | other.edit)


@dataclasses.dataclass(frozen=True)
class Scope:
    """Whom a scoped caller reaches, in the form the register asks it: these persons by id
    (their own, the family members they hold the right over) and the members of these groups
    (the groups they lead). Kept apart so a search or a check asks the database "a member of
    one of these groups" instead of listing every member of a group of thousands."""

    ids: frozenset[str] = frozenset()
    member_of: frozenset[str] = frozenset()


def gained(before: Reach, after: Reach, created: Iterable[str] = ()) -> list[str]:
    """The persons the action brought within the caller's reach (read or change), sorted;
    persons created by the same request do not count."""
    new = (after.read - before.read) | (after.edit - before.edit)
    return sorted(new - set(created))


def rights_held(is_head: bool, rights: str) -> list[str]:
    """The rights a family member holds over the other members (`rights` as stored, comma-
    separated): the head holds every right."""
    return list(RIGHTS) if is_head else [r for r in rights.split(",") if r]


WIDENS = "the change would bring persons outside your scopes within them"
GRANTS = "a group's leaders reach its members, so appointing or removing one is staff's"


def refusal(permission: str, why: str = WIDENS) -> str:
    """The 403 message, naming the permission as every missing-permission answer does. It
    names no person: a merge would reveal whom the removed one's groups hold."""
    return f"this needs the permission {permission!r}: {why}"
