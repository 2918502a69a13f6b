"""The fields each kind of import can fill, and the job options; the mapping names these."""

from __future__ import annotations

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


def catalogue() -> dict:
    """All of the above as GET /fields serves it (the console's import wizard reads it)."""
    return {
        "kinds": KINDS,
        "required": REQUIRED,
        "modes": MODES,
        "match_on": MATCH_ON,
        "options": OPTIONS,
        "yes_no_options": YES_NO_OPTIONS,
    }
