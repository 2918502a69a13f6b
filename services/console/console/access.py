"""Who is signed in and what they may do: the gateway's own answer (`/api/access/me`)."""

from __future__ import annotations

import dataclasses
import functools

from flask import abort, g, redirect, request, url_for

from console import api
from console import session as tokens

# Identity adds it to every active account (docs/identity.md): "signed in", as the API asks it
# for one's own account, password and communication log.
OWN_ACCOUNT = "identity.own_account.manage"


@dataclasses.dataclass(frozen=True)
class Me:
    user_id: str
    username: str
    person_id: str | None
    roles: tuple[str, ...]
    permissions: frozenset[str]
    scopes: dict

    def can(self, permission: str) -> bool:
        return "*" in self.permissions or permission in self.permissions

    @property
    def is_staff(self) -> bool:
        """Sees the whole register rather than their own scopes."""
        return self.can("registry.persons.all")


def me() -> Me | None:
    """The signed-in user, asked once per request (the gateway caches its own answer), so a
    role taken away shows at the next page, not at the next log-in."""
    if "me" not in g:
        g.me = _fetch() if tokens.signed_in() else None
    return g.me


def _fetch() -> Me:
    body = api.json("GET", "/api/access/me")
    claims = tokens.claims(tokens.access_token())
    return Me(
        user_id=body["user_id"],
        username=claims.get("username") or body["user_id"],
        person_id=body.get("person_id"),
        roles=tuple(body.get("roles") or ()),
        permissions=frozenset(body.get("permissions") or ()),
        scopes=body.get("scopes") or {},
    )


def can(permission: str) -> bool:
    user = me()
    return bool(user and user.can(permission))


def login_required(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if not tokens.signed_in():
            return redirect(url_for("account.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapper


def requires(permission: str):
    """Signed in and holding `permission`, or 403 (the page is not even linked for them)."""

    def decorate(view):
        @login_required
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if not can(permission):
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorate
