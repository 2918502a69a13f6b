"""How stored values read on a page. The API stores one canonical spelling (196905029317,
+46701234567, times in UTC) so that lookups compare; people read and dial them grouped, and
read times on their own clock. Display only: forms keep the stored value, and a value that is
not in the canonical form is shown as it is."""

from __future__ import annotations

import phonenumbers
from flask_babel import lazy_gettext as _l

from console import crm

# identity's built-in roles (foyer_shared.access.BUILT_IN_ROLE_NAMES) as people call them, with
# what each is for. A custom role's name and description are the owner's own words, shown as
# typed.
BUILT_IN_ROLES = {
    "owner": (_l("Owner"), _l("Everything, including what later versions of Foyer add.")),
    "administrator": (
        _l("Administrator"),
        _l("Runs the register, staff accounts and roles, sessions, the audit log and the CRM."),
    ),
    "manager": (
        _l("Manager"),
        _l("Runs the register (merges, deletions, imports, groups), the CRM and messages."),
    ),
    "receptionist": (
        _l("Receptionist"),
        _l("The desk: finds, registers and changes people, families and groups; reads the CRM."),
    ),
    "trainer": (_l("Trainer"), _l("Reads the register and the CRM.")),
    "group_leader": (
        _l("Group leader"),
        _l("Sees and changes the members of the groups they lead, and their own card."),
    ),
    "member": (_l("Member"), _l("Their own card and the family members they have rights over.")),
}


def personnummer(value):
    """196905029317 → 19690502-9317, as Skatteverket and every Swedish form write it."""
    if isinstance(value, str) and len(value) == 12 and value.isdigit():
        return f"{value[:8]}-{value[8:]}"
    return value


def phone(value):
    """+46701234567 → +46 70 123 45 67: the number's own country's grouping, dialable from
    anywhere (a desk in Sweden may call a Danish member)."""
    if not isinstance(value, str) or not value.startswith("+"):
        return value
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def when(value, seconds: bool = False):
    """An API time (ISO 8601, UTC) on the installation's clock (the CRM's time zone, as the
    CRM's own pages show theirs): 2026-12-07T21:53:24+00:00 → 2026-12-07 22:53."""
    if not value:
        return ""
    try:
        local = crm.local(value)
    except ValueError:
        return value
    return local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def day(value):
    """The local date of an API time (2026-12-07T23:30:00+00:00 → 2026-12-08 in Stockholm)."""
    return when(value)[:10]


def role(name):
    """A role as people call it: "group_leader" → "Group leader"; a custom role as named."""
    words = BUILT_IN_ROLES.get(name)
    return str(words[0]) if words else name


def role_description(found: dict) -> str:
    """What a role (identity's role object) is for, in the reader's language when built in."""
    words = BUILT_IN_ROLES.get(found.get("name")) if found.get("built_in") else None
    return str(words[1]) if words else found.get("description") or ""


def init_app(app) -> None:
    app.add_template_filter(personnummer, "personnummer")
    app.add_template_filter(phone, "phone")
    app.add_template_filter(when, "when")
    app.add_template_filter(day, "day")
    app.add_template_filter(role, "role")
    app.add_template_filter(role_description, "role_description")
