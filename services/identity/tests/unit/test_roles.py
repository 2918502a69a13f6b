"""Built-in roles: the union rule and the boundaries that matter."""

import pytest

from identity import passwords, roles


def test_union_of_roles():
    union = set(roles.permissions_of(["receptionist", "trainer"]))
    assert union == roles.BUILT_IN_ROLES["receptionist"] | roles.BUILT_IN_ROLES["trainer"]


def test_member_cannot_write_the_register():
    assert "registry.persons.write" not in roles.permissions_of(["member"])


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
    assert roles.permissions_of(["kassa", "group_leader"], custom) == [
        "crm.contacts.read", "imports.jobs.read", "registry.persons.read"]


def test_staff_is_any_role_but_member():
    assert roles.is_staff(["member", "trainer"]) and not roles.is_staff(["member"])
    assert not roles.is_staff([])


def test_within_guards_against_escalation():
    assert roles.within(["a.b.c"], ["*"])
    assert roles.within(["a.b.c"], ["a.b.c", "d.e.f"])
    assert not roles.within(["*"], ["a.b.c"])
    assert not roles.within(["a.b.c", "x.y.z"], ["a.b.c"])


@pytest.mark.parametrize("password", ["password123", "qwertyuiop", "QWERTYUIOP", "1234567890"])
def test_common_passwords_are_refused(password):
    with pytest.raises(passwords.WeakPassword) as caught:
        passwords.check_policy(password, "someone")
    assert "common" in str(caught.value)


def test_a_long_uncommon_password_passes():
    passwords.check_policy("correct horse battery staple", "someone")
