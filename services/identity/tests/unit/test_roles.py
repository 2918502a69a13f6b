"""Built-in roles: the union rule and the boundaries that matter."""

import pytest

from identity.domain import passwords, roles


def test_union_of_roles():
    union = set(roles.permissions_of(["receptionist", "trainer"]))
    assert union == roles.BUILT_IN_ROLES["receptionist"] | roles.BUILT_IN_ROLES["trainer"]


def test_member_and_group_leader_are_narrowed_by_scopes():
    # Without registry.persons.all the registry narrows them to their own scopes.
    for name in ("member", "group_leader"):
        held = set(roles.permissions_of([name]))
        assert "registry.persons.read" in held and "registry.persons.all" not in held
        assert "registry.persons.delete" not in held


def test_front_desk_sees_the_whole_register_but_cannot_delete_or_merge():
    held = set(roles.permissions_of(["receptionist"]))
    assert {"registry.persons.read", "registry.persons.all", "registry.persons.write"} <= held
    assert not {"registry.persons.delete", "registry.persons.merge"} & held


def test_owner_holds_everything():
    assert roles.permissions_of(["owner"]) == ["*"]


def test_unknown_role_is_refused_naming_the_field():
    with pytest.raises(roles.UnknownRole) as caught:
        roles.ensure_known(["owner", "wizard"])
    assert caught.value.field == "roles" and "wizard" in str(caught.value)


@pytest.mark.parametrize("password", ["short", "kassa.anna1", "KASSA.ANNA1"])
def test_password_policy(password):
    with pytest.raises(passwords.WeakPassword):
        passwords.check_policy(password, "kassa.anna1")


def test_custom_roles_join_the_union():
    custom = {"kassa": ["crm.contacts.read", "imports.jobs.read"]}
    assert roles.permissions_of(["kassa", "member"], custom) == [
        "crm.contacts.read",
        "imports.jobs.read",
        "registry.persons.read",
        "registry.persons.write",
    ]


def test_staff_is_any_role_but_member():
    assert roles.is_staff(["member", "trainer"]) and not roles.is_staff(["member"])
    assert not roles.is_staff([])


@pytest.mark.parametrize("password", ["password123", "qwertyuiop", "QWERTYUIOP", "1234567890"])
def test_common_passwords_are_refused(password):
    with pytest.raises(passwords.WeakPassword) as caught:
        passwords.check_policy(password, "someone")
    assert "common" in str(caught.value)


def test_a_long_uncommon_password_passes():
    passwords.check_policy("correct horse battery staple", "someone")


def test_register_lookups_belong_to_the_staff_who_edit_cards():
    """registry.lookups.use (issue 23 §1): the desk and up; never the narrowed roles."""
    for role in ("administrator", "manager", "receptionist"):
        assert "registry.lookups.use" in roles.BUILT_IN_ROLES[role], role
    for role in ("trainer", "group_leader", "member"):
        assert "registry.lookups.use" not in roles.BUILT_IN_ROLES[role], role


def test_the_built_in_roles_are_the_ones_every_service_knows_by_name():
    from foyer_shared.access import BUILT_IN_ROLE_NAMES
    from identity.domain.roles import BUILT_IN_ROLES

    assert set(BUILT_IN_ROLES) == set(BUILT_IN_ROLE_NAMES)
