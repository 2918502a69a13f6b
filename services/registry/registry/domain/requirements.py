"""Required fields per scenario (issue 23 §2): which fields a person must have when staff
register them, when they register themselves, when an extra participant is added, at purchase.

The owner lists them per scenario; a name is a base field (`phone`), an extended field
(`extra_fields.tshirt_size`) or a box to tick (an extended checkbox field, which must be
true: the terms). Pure rules; the lists are stored by the repository.
"""

from __future__ import annotations

from registry.models.person import COMPANY, COMPANY_FIELDS, PERSON_FIELDS

STAFF_CREATE = "staff_create"
# The three older contexts of extended fields (field_types.CONTEXTS) keep their names:
# "registration" is the customer registering themselves.
SCENARIOS = (STAFF_CREATE, "registration", "extra_participant", "purchase")
EXTRA = "extra_fields."
BASE_FIELDS = tuple(dict.fromkeys(PERSON_FIELDS + COMPANY_FIELDS))


def invalid_names(names: list[str], extended: dict[str, str]) -> dict[str, list[str]]:
    """{position: [why]} for names that are neither a base field nor a defined extended field
    (`extended`: key → type)."""
    errors: dict[str, list[str]] = {}
    for index, name in enumerate(names):
        if name.startswith(EXTRA):
            if name[len(EXTRA) :] not in extended:
                errors[str(index)] = [f"no extended field {name[len(EXTRA) :]!r}"]
        elif name not in BASE_FIELDS:
            errors[str(index)] = [
                f"{name!r} is not a field; use a base field or extra_fields.<key>"
            ]
    return errors


def missing(
    scenario: str,
    required: set[str],
    kind: str,
    fields: dict,
    extra: dict,
    checkboxes: frozenset[str] = frozenset(),
) -> dict[str, list]:
    """The required names `fields` (base, after the change) and `extra` (extended values after
    the change) lack, as InvalidInput errors naming each; a checkbox must be ticked. Base fields
    a kind does not have (a personnummer for a company) are not asked of it."""
    own = COMPANY_FIELDS if kind == COMPANY else PERSON_FIELDS
    errors: dict[str, list] = {}
    lacking: dict[str, list[str]] = {}
    for name in sorted(required):
        if name.startswith(EXTRA):
            key = name[len(EXTRA) :]
            value = extra.get(key)
            if key in checkboxes and value is not True:
                lacking[key] = [f"must be ticked for {scenario}"]
            elif value is None or value == "" or value == []:
                lacking[key] = [f"required for {scenario}"]
        elif name in own and fields.get(name) in (None, ""):
            errors[name] = [f"required for {scenario}"]
    if lacking:
        errors["extra_fields"] = lacking
    return errors
