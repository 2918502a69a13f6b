"""What a unit test starts from: callers, and persons, groups, families, fields in the register."""

from __future__ import annotations

from foyer_shared.db import new_id
from registry.models import Family, FamilyMember, FieldDefinition, Group, Person
from registry.permissions import ROLE_PERMISSIONS
from registry.use_cases import Actor
from registry_fakes.unit_of_work import FakeUnitOfWork

# Who asks, as the access context describes them.
STAFF = Actor(user_id="u-desk", permissions=ROLE_PERMISSIONS["receptionist"])
MANAGER = Actor(user_id="u-manager", permissions=ROLE_PERMISSIONS["manager"])


def scoped(person_id: str | None = None, user_id: str = "u-member", **scopes) -> Actor:
    """A caller narrowed by scopes (a member or group leader): their own person as the gateway
    sent it, `family_rights` {person id: [rights]} and `groups_led` [group ids]."""
    return Actor(
        user_id=user_id,
        permissions=ROLE_PERMISSIONS["group_leader"],
        scopes={**({"person_id": person_id} if person_id else {}), **scopes},
        subject_user_id=user_id,
    )


def a_person(uow: FakeUnitOfWork, first="Åsa", last="Lindström", **fields) -> Person:
    """A person already in the register (as if committed before the test)."""
    person = Person(id=new_id(), kind=fields.pop("kind", "person"), **fields)
    person.first_name, person.last_name = first, last
    person.refresh_search_text()
    uow.persons.add(person)
    return person


def a_group(uow: FakeUnitOfWork, name: str = "P12", **members: str) -> Group:
    """A group with {person id: role} in it."""
    group = Group(id=new_id(), name=name)
    uow.groups.add(group)
    for person_id, role in members.items():
        uow.groups.add_membership(group.id, person_id, role)
    return group


def a_family(uow: FakeUnitOfWork, head: Person, *others: tuple[Person, str]) -> Family:
    """A family led by `head`, with (person, "view,manage"-style rights) members."""
    family = Family(id=new_id(), name=f"Familjen {head.last_name}")
    uow.families.add(family)
    uow.families.add_member(FamilyMember(person_id=head.id, family_id=family.id, is_head=True))
    for person, rights in others:
        uow.families.add_member(
            FamilyMember(person_id=person.id, family_id=family.id, rights=rights)
        )
    return family


def a_field(uow: FakeUnitOfWork, key: str, type_: str = "long_text", **kw) -> FieldDefinition:
    definition = FieldDefinition(
        id=new_id(),
        key=key,
        label=key,
        type=type_,
        options=kw.pop("options", "[]"),
        required_in=kw.pop("required_in", ""),
        staff_only=kw.pop("staff_only", False),
        **kw,
    )
    uow.fields.by_key[key] = definition
    return definition
