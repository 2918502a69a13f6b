"""The CRM's settings page (owners and administrators): responsible role, customers linked
automatically, trial bookers; only what changed is sent, each refusal shown at its field."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from console import api, display
from console.access import can, requires
from console.client import ApiError
from console.views.crm_labels import TITLES
from foyer_shared.access import BUILT_IN_ROLE_NAMES

blp = Blueprint("crm_settings", __name__, url_prefix="/crm/settings")
SETTINGS = "crm.settings.write"
# identity's built-in roles, offered when the user may not read identity's list of roles.
BUILT_IN_ROLES = BUILT_IN_ROLE_NAMES
CHOICES = ("responsible_role", "customer_role", "trial_tag_id", "trial_history_type_id")
SWITCHES = ("auto_link_customers", "trial_prospects")


@blp.route("", methods=["GET", "POST"])
@requires(SETTINGS)
def index():
    current = api.json("GET", "/api/crm/settings")
    if request.method == "GET":
        return _render(current, {})
    changes = {
        name: value
        for name, value in _from_form(request.form).items()
        if current.get(name) != value
    }
    try:
        if changes:
            api.call("PATCH", "/api/crm/settings", json=changes)
    except ApiError as refused:
        if refused.status not in (400, 409, 422):
            raise
        errors = refused.field_errors() or {"_": refused.message}
        return _render({**current, **changes}, errors, 422)
    flash(_("The CRM settings are saved."))
    return redirect(url_for("crm_settings.index"))


def _from_form(form) -> dict:
    """The settings as the form says them: an empty choice is "none" (null)."""
    values: dict = {name: (form.get(name) or "").strip() or None for name in CHOICES}
    values.update({name: form.get(name) == "on" for name in SWITCHES})
    values["timezone"] = form.get("timezone", "").strip()
    if not values["customer_role"]:
        values.pop("customer_role")  # it cannot be null: left as it is
    return values


def _render(values: dict, errors: dict, status: int = 200):
    return render_template(
        "crm_settings.html",
        values=values,
        errors=errors,
        titles=TITLES,
        roles=_roles(values),
        tags=_choosable("tags", values.get("trial_tag_id"), applies_to="person"),
        history_types=_choosable("history-types", values.get("trial_history_type_id")),
    ), status


def _roles(values: dict) -> list[tuple[str, str]]:
    """identity's roles (built-in first, then custom) and always the ones chosen now."""
    names = list(BUILT_IN_ROLES)
    if can("identity.users.read"):
        names = [role["name"] for role in api.optional("/api/identity/roles", []) or []] or names
    for chosen in (values.get("responsible_role"), values.get("customer_role")):
        if chosen and chosen not in names:
            names.append(chosen)
    return [(name, display.role(name)) for name in names]


def _choosable(url: str, chosen: str | None, **params) -> list[tuple[str, str]]:
    """(id, name) of the labels in use, and of the one chosen now even when archived (said)."""
    every = api.optional(f"/api/crm/{url}", [], params=params) or []
    return [
        (
            label["id"],
            _("%(name)s (archived)", name=label["name"])
            if label.get("archived")
            else label["name"],
        )
        for label in every
        if not label.get("archived") or label["id"] == chosen
    ]
