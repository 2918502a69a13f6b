"""The fields each kind of import can fill: a copy of imports.domain.fields.KINDS (the API
offers no list; tests/unit/test_import_fields.py fails when the two part)."""

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
    "statuses": ("name",),
}
MODES = ("create_only", "update_existing", "create_or_update")
MATCH_ON = ("personnummer", "email", "external_number")
OPTIONS = ("set_aside_without_personnummer", "create_pending_accounts", "create_missing_statuses")
# While the job is in one of these, its page polls for progress.
BUSY = ("dry_run_queued", "dry_running", "run_queued", "running", "undo_requested")
