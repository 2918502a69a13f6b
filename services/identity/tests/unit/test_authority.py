"""The rule that keeps staff within their own rights (identity/authority.py), without I/O."""

from __future__ import annotations

from datetime import timedelta

import pytest

from foyer_shared.db import utcnow
from identity.domain import authority
from identity.domain.actor import Actor
from identity.domain.roles import BUILT_IN_ROLES
from identity.models import User, UserRole

OWNER = Actor(user_id="o", permissions=frozenset({"*"}))
ADMIN = Actor(user_id="a", permissions=BUILT_IN_ROLES["administrator"])
IMPERSONATE = "identity.impersonate"


def account(*assignments: UserRole) -> User:
    return User(username="someone", roles=list(assignments))


def test_lacking_names_what_is_not_covered():
    assert authority.lacking(["a.b.c"], ["*"]) == []
    assert authority.lacking(["a.b.c"], ["a.b.c", "d.e.f"]) == []
    assert authority.lacking(["*"], ["a.b.c"]) == ["*"]
    assert authority.lacking(["x.y.z", "a.b.c", "q.r.s"], ["a.b.c"]) == ["q.r.s", "x.y.z"]


def test_a_role_is_authored_only_within_its_authors_rights_before_and_after():
    authority.ensure_may_author(ADMIN, "kassa", ["registry.persons.read"])
    with pytest.raises(authority.BeyondOwnRights) as caught:
        # Narrowing a role that now holds more than the author is refused too.
        authority.ensure_may_author(ADMIN, "support", [IMPERSONATE], ["registry.persons.read"])
    assert caught.value.permissions == [IMPERSONATE]
    assert IMPERSONATE in str(caught.value) and "support" in str(caught.value)
    authority.ensure_may_author(OWNER, "support", [IMPERSONATE])


def test_granting_or_removing_needs_the_roles_permissions():
    authority.ensure_may_grant(ADMIN, "manager", BUILT_IN_ROLES["manager"])
    with pytest.raises(authority.BeyondOwnRights) as caught:
        authority.ensure_may_grant(ADMIN, "owner", BUILT_IN_ROLES["owner"])
    assert caught.value.permissions == ["*"] and "only owners" in str(caught.value)


def test_only_an_owner_changes_an_owner():
    owner = account(UserRole(role="owner"))
    with pytest.raises(authority.BeyondOwnRights) as caught:
        authority.ensure_may_change_account(ADMIN, owner)
    assert caught.value.permissions == ["*"]
    authority.ensure_may_change_account(OWNER, owner)
    authority.ensure_may_change_account(ADMIN, account(UserRole(role="administrator")))


def test_a_future_owner_counts_a_former_owner_does_not():
    now = utcnow()
    future = account(UserRole(role="owner", valid_from=now + timedelta(days=1)))
    former = account(UserRole(role="owner", valid_until=now - timedelta(seconds=1)))
    assert authority.is_owner(future) and not authority.is_owner(former)
    authority.ensure_may_change_account(ADMIN, former)


def test_acting_as_someone_needs_all_they_hold():
    with pytest.raises(authority.BeyondOwnRights) as caught:
        authority.ensure_may_act_as(ADMIN, [IMPERSONATE, "registry.persons.read"])
    assert caught.value.permissions == [IMPERSONATE]
