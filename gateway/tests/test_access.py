"""Refusals before anything reaches a service: tokens, permissions, declarations."""

from __future__ import annotations

import time

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def _get(gateway, path, authorization=None, method="GET"):
    headers = {"Authorization": authorization} if authorization else {}
    return requests.request(method, f"{gateway}{path}", headers=headers, timeout=5)


def _assert_error(response, code):
    assert response.status_code == code, response.text
    body = response.json()
    assert body["code"] == code and body["status"] and body["message"]
    assert body["request_id"] == response.headers["X-Request-ID"]
    return body["message"]


def test_no_token_is_401(gateway):
    assert "missing token" in _assert_error(_get(gateway, "/api/registry/persons"), 401)


@pytest.mark.parametrize(
    "changes, reason",
    [
        ({"key": Ed25519PrivateKey.generate()}, "invalid token"),
        ({"exp": int(time.time()) - 60}, "token expired"),
        ({"aud": "someone-else"}, "invalid token"),
        ({"iss": "mallory"}, "invalid token"),
        ({"kid": "unknown-kid"}, "unknown signing key"),
    ],
    ids=["bad-signature", "expired", "wrong-aud", "wrong-iss", "unknown-kid"],
)
def test_bad_tokens_are_401_with_a_reason(gateway, make_token, changes, reason):
    response = _get(gateway, "/api/registry/persons", make_token(**changes))
    assert reason in _assert_error(response, 401)


def test_alg_none_and_hmac_tokens_are_401(gateway, make_token):
    unsigned = make_token(key=None, algorithm="none")
    assert "not accepted" in _assert_error(_get(gateway, "/api/registry/persons", unsigned), 401)
    hmac = make_token(key="a-guessable-secret-of-32-bytes-or-more!", algorithm="HS256")
    assert "not accepted" in _assert_error(_get(gateway, "/api/registry/persons", hmac), 401)
    garbage = _get(gateway, "/api/registry/persons", "Bearer not-a-jwt")
    assert "invalid token" in _assert_error(garbage, 401)


def test_missing_permission_is_403_naming_it(gateway, make_token):
    response = _get(gateway, "/api/registry/persons", make_token("u-reader"), method="POST")
    assert "registry.persons.write" in _assert_error(response, 403)


def test_most_literal_path_template_wins(gateway, make_token):
    response = _get(gateway, "/api/registry/persons/search", make_token("u-reader"))
    assert "registry.persons.search" in _assert_error(response, 403)


def test_inactive_and_unknown_users_are_401(gateway, make_token):
    assert "not active" in _assert_error(
        _get(gateway, "/api/registry/persons", make_token("u-inactive")), 401
    )
    assert "unknown" in _assert_error(
        _get(gateway, "/api/registry/persons", make_token("u-nobody")), 401
    )


def test_owner_wildcard_passes(gateway, make_token):
    assert _get(gateway, "/api/registry/persons/search", make_token("u-owner")).status_code == 200


def test_undeclared_route_is_refused_by_default(gateway, make_token):
    response = _get(gateway, "/api/registry/undeclared", make_token("u-owner"))
    assert "declares no permission" in _assert_error(response, 403)


def test_internal_routes_and_unknown_paths_are_404(gateway, make_token):
    owner = make_token("u-owner")
    _assert_error(_get(gateway, "/api/registry/internal/sync", owner), 404)
    _assert_error(_get(gateway, "/api/identity/internal/users/u-owner/access", owner), 404)
    _assert_error(_get(gateway, "/api/registry/nothing-here", owner), 404)
    _assert_error(_get(gateway, "/api/nosuchservice/persons", owner), 404)


def test_unknown_method_is_405_with_allow(gateway, make_token):
    response = _get(gateway, "/api/registry/persons", make_token("u-owner"), method="DELETE")
    _assert_error(response, 405)
    assert "POST" in response.headers["Allow"]


def test_permissions_are_cached_per_user_within_the_ttl(gateway, stack, make_token):
    calls = stack["identity"].calls
    before = calls["u-cache"]
    for _ in range(3):
        assert _get(gateway, "/api/registry/persons", make_token("u-cache")).status_code == 200
    assert calls["u-cache"] == before + 1


def test_jwks_is_not_fetched_per_request(gateway, stack, make_token):
    _get(gateway, "/api/registry/persons", make_token())
    before = stack["identity"].calls["jwks"]
    for _ in range(3):
        _get(gateway, "/api/registry/persons", make_token())
    assert stack["identity"].calls["jwks"] == before


def _hs256_token(secret: bytes, claims: dict) -> str:
    """An HS256 token keyed with a public key: the classic algorithm-confusion attack."""
    import base64
    import hashlib
    import hmac
    import json

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    head = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": "test-key-1"}).encode())
    body = b64(json.dumps(claims).encode())
    signature = hmac.new(secret, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"Bearer {head}.{body}.{b64(signature)}"


def test_hs256_signed_with_the_public_key_is_401(gateway, token_key):
    from cryptography.hazmat.primitives import serialization

    public = token_key.public_key()
    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    now = int(time.time())
    claims = {"sub": "u-owner", "iss": "foyer-identity", "aud": "foyer", "exp": now + 60}
    for secret in (pem, raw):
        response = _get(gateway, "/api/registry/persons", _hs256_token(secret, claims))
        assert "not accepted" in _assert_error(response, 401)


def test_revoked_session_is_401_and_the_token_sid_is_asked(gateway, stack, make_token):
    stack["identity"].revoked_sessions.add("sid-revoked")
    response = _get(gateway, "/api/registry/persons", make_token("u-reader", sid="sid-revoked"))
    assert "session has been revoked" in _assert_error(response, 401)
    assert "sid-revoked" in stack["identity"].sessions_seen


def test_tampered_or_replayed_context_is_refused_by_the_service(gateway, stack, make_token):
    from foyer_shared.access import CONTEXT_HEADER

    response = _get(gateway, "/api/registry/persons/42", make_token("u-reader"))
    context = response.json()["headers"][CONTEXT_HEADER]
    registry = stack["servers"]["registry"].url
    # Replayed as-is on the same route: accepted within its 30 s (bound to this request).
    assert (
        requests.get(
            f"{registry}/persons/42", headers={CONTEXT_HEADER: context}, timeout=5
        ).status_code
        == 200
    )
    replayed = requests.get(f"{registry}/persons/43", headers={CONTEXT_HEADER: context}, timeout=5)
    assert replayed.status_code == 401 and "another request" in replayed.json()["message"]
    head, body, signature = context.split(".")
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    tampered = requests.get(
        f"{registry}/persons/42", timeout=5, headers={CONTEXT_HEADER: f"{head}.{body}.{flipped}"}
    )
    assert tampered.status_code == 401
    missing = requests.get(f"{registry}/persons/42", timeout=5)
    assert missing.status_code == 401
