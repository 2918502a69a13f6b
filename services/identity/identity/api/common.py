"""Turning the current request into an Actor for the use cases."""

from __future__ import annotations

from flask import current_app, g, request

from identity.actor import Actor


def client_address() -> str | None:
    """The client as the gateway saw it: the LAST X-Forwarded-For entry, the one it appended.

    Earlier entries come from the client and anyone on the way, so they are never trusted.
    Without the header (direct call in development) the peer address is used.
    """
    forwarded = request.headers.get("X-Forwarded-For", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    address = hops[-1] if hops else request.remote_addr
    return address[:64] if address else None


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
