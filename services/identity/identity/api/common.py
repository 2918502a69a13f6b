"""Turning the current request into an Actor for the use cases."""

from __future__ import annotations

from flask import current_app, g, request

from foyer_shared.access import CONTEXT_HEADER, AccessDenied
from identity.domain.actor import Actor


def client_address() -> str | None:
    """The client's address as the gateway determined it, from the signed access context.

    Never from a header: X-Forwarded-For is whatever the client wrote. Public routes (login)
    are not verified by `requires`, so their context is verified here. Without a valid context
    (a direct call during development) the socket peer; a context of an older gateway that
    does not carry the address gives None (no per-address throttling rather than one shared
    bucket for everyone behind the gateway).
    """
    context = g.get("foyer_access") or _public_route_context()
    if context is not None:
        address = context.client_address
    else:
        address = request.remote_addr
    return address[:64] if address else None


def _public_route_context():
    try:
        return current_app.extensions["foyer_access"].verify(
            request.headers.get(CONTEXT_HEADER), request.method, request.path
        )
    except AccessDenied:
        return None


def actor() -> Actor:
    context = g.get("foyer_access")
    return Actor(
        user_id=context.user_id if context else None,
        permissions=context.permissions if context else frozenset(),
        client_address=client_address(),
        request_id=g.get("request_id"),
        user_agent=(request.headers.get("User-Agent") or "")[:300] or None,
    )


def own_openapi() -> dict:
    """Identity's own OpenAPI document: its x-permission declarations join the catalogue."""
    return current_app.extensions["foyer_identity_api"].spec.to_dict()
