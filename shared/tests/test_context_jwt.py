"""The verifier's own reading of the context JWT keeps every rule PyJWT applied to it."""

from __future__ import annotations

import time

import jwt
import pytest

from foyer_shared.access import AccessDenied, ContextVerifier


@pytest.fixture()
def private_key(context_keys):
    return context_keys[0].read_text()


@pytest.fixture()
def verifier(context_keys):
    return ContextVerifier(context_keys[1].read_text(), "demo")


def claims(**changes) -> dict:
    now = int(time.time())
    base = {"iss": "foyer-gateway", "aud": "demo", "iat": now, "exp": now + 30}
    base.update({"m": "GET", "p": "/x", "rid": "r", "perms": ["*"], "scopes": {}, "sub": "u1"})
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def test_a_token_pyjwt_encodes_with_the_gateways_key_is_read_whole(verifier, private_key):
    token = jwt.encode(claims(aud=["other", "demo"]), private_key, algorithm="EdDSA")

    context = verifier.verify(token, "GET", "/x")

    assert (context.user_id, context.permissions, context.request_id) == (
        "u1",
        frozenset({"*"}),
        "r",
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"rid": None},
        {"exp": None},
        {"iss": "someone-else"},
        {"aud": ["other"]},
        {"iat": int(time.time()) + 3600},
        {"nbf": int(time.time()) + 3600},
        {"exp": "tomorrow"},
        {"sub": 42},
    ],
    ids=[
        "no-rid",
        "no-exp",
        "issuer",
        "audience-list",
        "iat-future",
        "nbf-future",
        "exp-text",
        "sub",
    ],
)
def test_a_context_breaking_a_rule_is_refused(verifier, private_key, changes):
    token = jwt.encode(claims(**changes), private_key, algorithm="EdDSA")

    with pytest.raises(AccessDenied):
        verifier.verify(token, "GET", "/x")


@pytest.mark.parametrize("token", ["", "a.b", "a.b.c.d", "!!.??.**", "e30.e30.e30"])
def test_malformed_tokens_are_refused(verifier, token):
    with pytest.raises(AccessDenied):
        verifier.verify(token, "GET", "/x")
