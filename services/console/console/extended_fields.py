"""The registry's extended fields in the console's forms: which there are, the value a form
typed in the type the registry takes, and the changes an edit makes. The registry checks each
value (a wrong one is a 422 naming `extra_fields.<key>`)."""

from __future__ import annotations

from console import api

PREFIX = "extra_"  # a form's name of an extended field: extra_<key>


def definitions() -> list[dict]:
    """Every extended field the user may see (staff-only ones only to staff), in order."""
    return api.optional("/api/registry/fields", []) or []


def typed(definition: dict, form):
    """The value typed for the field, or None for an empty one (a box: True or False)."""
    name = PREFIX + definition["key"]
    if definition["type"] == "checkbox":
        return name in form
    if definition["type"] == "multi_select":
        return form.getlist(name) or None
    text = form.get(name, "").strip()
    return text or None


def changes(defs: list[dict], stored: dict, form) -> dict:
    """{key: new value} of what the form changes (None clears); unchanged ones are left out.
    Numbers are compared as typed, so "10" against a stored 10 is no change."""
    changed = {}
    for definition in defs:
        key, value = definition["key"], typed(definition, form)
        before = stored.get(key)
        if definition["type"] == "checkbox":
            before = bool(before)
        elif before is not None and not isinstance(before, list):
            before = str(before)
        if value != before:
            changed[key] = value
    return changed


def form_errors(found: dict[str, str], defs: list[dict]) -> dict[str, str]:
    """The registry's field errors under the form's names (an extended field's is its key)."""
    keys = {d["key"] for d in defs}
    return {(PREFIX + name if name in keys else name): text for name, text in found.items()}
