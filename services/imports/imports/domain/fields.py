"""The fields each kind of import can fill, and the job options; the mapping names these."""

from __future__ import annotations

import re

KINDS = {
    "customers": (
        "first_name",
        "last_name",
        "name",
        "personnummer",
        "email",
        "phone",
        "address",
        "postal_code",
        "city",
        "company",
        "home_facility",
        "status",
        "username",
        "external_number",
        "family",
        "org_number",
    ),
    "groups": ("name", "description", "external_number"),
    "group_members": (
        "group",
        "group_external_number",
        "personnummer",
        "email",
        "external_number",
        "role",
    ),
    "statuses": ("name",),  # a status is only its name in the registry
}
# Fields a row of that kind cannot do without (customers have their own rules in rows/).
REQUIRED = {
    "groups": ("name",),
    "group_members": ("group",),
    "statuses": ("name",),
}
MODES = ("create_only", "update_existing", "create_or_update")
MATCH_ON = ("personnummer", "email", "external_number")
# The options that are a yes or no (the console's tick boxes); the others carry values.
YES_NO_OPTIONS = (
    "set_aside_without_personnummer",
    "create_pending_accounts",
    "create_missing_statuses",
)
OPTIONS = (
    *YES_NO_OPTIONS,
    "create_statuses",  # the unknown statuses of the file to create (issue 23 §11)
    "status_values",  # a file's status value → the existing status it stands for
)


# A customer column may also fill one of the registry's extended fields, named by its key
# (`extra_fields.level`): the registry checks the key and the value per row, as it stores them.
EXTRA_FIELD = "extra_fields."
_EXTRA_KEY = re.compile(r"[a-z][a-z0-9_]{0,63}")  # the registry's rule for a field's key


def is_field(kind: str, field: str) -> bool:
    """Whether a mapping may send a column of a `kind` file to `field`."""
    if field in KINDS[kind]:
        return True
    return (
        kind == "customers"
        and field.startswith(EXTRA_FIELD)
        and _EXTRA_KEY.fullmatch(field[len(EXTRA_FIELD) :]) is not None
    )


def catalogue() -> dict:
    """All of the above as GET /fields serves it (the console's import wizard reads it)."""
    return {
        "kinds": KINDS,
        "required": REQUIRED,
        "modes": MODES,
        "match_on": MATCH_ON,
        "options": OPTIONS,
        "yes_no_options": YES_NO_OPTIONS,
        "extra_field_prefix": {"customers": EXTRA_FIELD},
    }
