""" "Why can't X see this?": the common pages as the API calls behind them, and the gateway's
explanation put in words a manager understands (the gateway's own reason is for engineers)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from console import api

# Any id will do: the gateway matches the route's pattern, never the object.
ANY_ID = "00000000-0000-0000-0000-000000000000"

# (key, label, method, path): each console page by the API call that decides whether it opens.
COMMON_PAGES = (
    ("search", _l("Search the register"), "GET", "/api/registry/persons"),
    ("card", _l("Open a person's card"), "GET", f"/api/registry/persons/{ANY_ID}"),
    ("edit", _l("Change a person's card"), "PATCH", f"/api/registry/persons/{ANY_ID}"),
    ("delete", _l("Delete a person"), "DELETE", f"/api/registry/persons/{ANY_ID}"),
    ("export", _l("GDPR export of a person"), "POST", f"/api/registry/persons/{ANY_ID}/exports"),
    ("merge", _l("Merge two cards"), "POST", "/api/registry/merges"),
    ("log", _l("A person's communication log"), "GET", f"/api/notify/persons/{ANY_ID}/messages"),
    ("import", _l("Import"), "GET", "/api/imports/jobs"),
    ("crm", _l("CRM"), "GET", "/api/crm/contacts"),
    ("todos", _l("My to-dos"), "GET", "/api/crm/tasks"),
    ("mailouts", _l("Mail-outs"), "POST", "/api/crm/mailouts"),
    ("crm-settings", _l("CRM settings"), "PATCH", "/api/crm/settings"),
    ("staff", _l("Staff and roles"), "GET", "/api/identity/users"),
    ("audit", _l("Audit log"), "GET", "/api/identity/audit"),
)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def target(form) -> tuple[str, str]:
    """(method, path) from a common page picked, or else the method and path typed."""
    picked = next((p for p in COMMON_PAGES if p[0] == form.get("page")), None)
    if picked:
        return picked[2], picked[3]
    return (form.get("method") or "GET").upper(), (form.get("path") or "").strip()


def ask(user: dict, method: str, path: str) -> dict:
    """The gateway's explanation for `user`, in words; ApiError when it refuses the question."""
    answer = api.json(
        "GET", "/api/access/explain", params={"method": method, "path": path, "user_id": user["id"]}
    )
    catalogue = api.optional("/api/identity/permissions", [])
    described = {item["permission"]: item["description"] for item in catalogue}
    return in_words(answer, user, described)


def in_words(answer: dict, user: dict, described: dict[str, str]) -> dict:
    """The explanation as sentences: the verdict, what is needed, what the user holds, and
    what is missing (with the roles that would give it)."""
    name = user.get("username") or answer["user_id"]
    permission = answer.get("permission")
    allowed = answer.get("verdict") == "allow"
    words = {
        "allowed": allowed,
        "permission": permission,
        "described": described.get(permission or "", ""),
        "route": answer.get("route"),
        "roles": answer.get("roles") or [],
        "granted_by": answer.get("granted_by_roles") or [],
        "missing": None,
    }
    if not answer.get("route"):
        words["verdict"] = _("No part of Foyer answers this address, so nobody can open it.")
    elif permission == "public":
        words["verdict"] = _("Anyone may do this, even without logging in.")
    elif user.get("status") not in (None, "active"):
        words["verdict"] = _("%(name)s cannot: the account is not active.", name=name)
        words["missing"] = _("An active account (reactivate it on the user's page).")
    elif allowed:
        words["verdict"] = _("%(name)s may do this.", name=name)
    elif permission is None:
        words["verdict"] = _("%(name)s cannot: no permission opens this.", name=name)
    else:
        words["verdict"] = _("%(name)s cannot: it needs a permission they do not hold.", name=name)
        words["missing"] = _("The permission %(permission)s.", permission=permission)
    return words
