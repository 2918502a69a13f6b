"""Rate limits, CORS, the access explanation, decision ids, metrics and impersonation."""

from __future__ import annotations

import json

import pytest
import requests

from foyer_shared.access import CONTEXT_HEADER, ContextVerifier

ORIGIN = "https://console.example"


@pytest.fixture(scope="module")
def limited(make_stack):
    return make_stack(
        rate_limit_login_per_address="3/minute",
        rate_limit_login_per_account="2/minute",
        rate_limit_per_account="5/minute",
        cors_origins=(ORIGIN,),
    )


def _assert_429(response):
    assert response.status_code == 429, response.text
    assert int(response.headers["Retry-After"]) >= 1
    assert response.json()["code"] == 429


def test_login_is_limited_per_account(limited):
    login = f"{limited.url}/api/identity/auth/login"
    for _ in range(2):
        assert requests.post(login, json={"username": "Anna"}, timeout=5).status_code == 200
    _assert_429(requests.post(login, json={"username": "anna "}, timeout=5))


def test_password_reset_is_limited_per_client_address(limited):
    reset = f"{limited.url}/api/identity/auth/password-reset"
    for n in range(3):
        ok = requests.post(reset, json={"email": f"p{n}@example.se"}, timeout=5)
        assert ok.status_code == 200
    _assert_429(requests.post(reset, json={"email": "other@example.se"}, timeout=5))


def test_general_per_account_limit(limited, make_token):
    limited.identity.users["u-busy"] = {
        "permissions": ["*"],
        "status": "active",
        "roles": [],
        "person_id": None,
    }
    headers = {"Authorization": make_token("u-busy")}
    url = f"{limited.url}/api/registry/persons"
    for _ in range(5):
        assert requests.get(url, headers=headers, timeout=5).status_code == 200
    _assert_429(requests.get(url, headers=headers, timeout=5))
    # Another account is not affected.
    assert requests.get(url, headers={"Authorization": make_token("u-owner")}, timeout=5).ok


def test_cors_preflight_and_headers_only_for_configured_origins(limited, gateway):
    url = f"{limited.url}/api/registry/persons"
    preflight = requests.options(
        url,
        timeout=5,
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert preflight.status_code == 204
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert preflight.headers["Access-Control-Allow-Headers"] == "authorization, content-type"
    simple = requests.get(
        f"{limited.url}/api/registry/public/ping", headers={"Origin": ORIGIN}, timeout=5
    )
    assert simple.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "X-Foyer-Decision-Id" in simple.headers["Access-Control-Expose-Headers"]
    stranger = requests.get(
        f"{limited.url}/api/registry/public/ping",
        headers={"Origin": "https://evil.example"},
        timeout=5,
    )
    assert "Access-Control-Allow-Origin" not in stranger.headers
    # The default gateway has no CORS at all.
    plain = requests.get(
        f"{gateway}/api/registry/public/ping", headers={"Origin": ORIGIN}, timeout=5
    )
    assert "Access-Control-Allow-Origin" not in plain.headers


def _explain(gateway, token, **query):
    return requests.get(
        f"{gateway}/api/access/explain",
        params=query,
        timeout=5,
        headers={"Authorization": token} if token else {},
    )


def test_explain_for_the_caller(gateway, make_token, stack):
    # A user of this test's own: another test's cached answer for u-reader must not leak in.
    stack["identity"].users["u-explain"] = {
        "permissions": ["registry.persons.read"],
        "status": "active",
        "roles": ["member"],
        "person_id": None,
    }
    allowed = _explain(
        gateway, make_token("u-explain"), method="GET", path="/api/registry/persons/42"
    )
    assert allowed.status_code == 200, allowed.text
    body = allowed.json()
    assert body["verdict"] == "allow" and body["permission"] == "registry.persons.read"
    assert body["user_id"] == "u-explain" and body["route"] == "registry"
    # A reader may not list identity's roles, so explain names the reader's own roles.
    assert body["granted_by_roles"] == ["member"] and "own roles" in body["roles_source"]
    assert body["scopes"] == {"groups_led": [], "family_rights": {}}
    denied = _explain(gateway, make_token("u-explain"), method="POST", path="/api/registry/persons")
    assert denied.json()["verdict"] == "deny" and denied.json()["granted_by_roles"] == []
    assert "registry.persons.write" in denied.json()["reason"]
    unknown = _explain(gateway, make_token("u-explain"), method="GET", path="/api/nowhere/x")
    assert unknown.json()["verdict"] == "deny" and unknown.json()["permission"] is None


def test_explain_for_another_user_needs_users_manage(gateway, make_token):
    refused = _explain(
        gateway,
        make_token("u-reader"),
        method="GET",
        path="/api/registry/persons",
        user_id="u-writer",
    )
    assert refused.status_code == 403 and "identity.users.manage" in refused.json()["message"]
    answer = _explain(
        gateway,
        make_token("u-owner"),
        method="POST",
        path="/api/registry/persons",
        user_id="u-reader",
    ).json()
    assert answer["user_id"] == "u-reader" and answer["verdict"] == "deny"
    # The owner may read identity's role catalogue: every role that grants it ('*' included).
    assert answer["granted_by_roles"] == ["owner", "receptionist"]
    assert answer["roles_source"] == "identity role catalogue"
    inactive = _explain(
        gateway,
        make_token("u-owner"),
        method="GET",
        path="/api/registry/persons",
        user_id="u-inactive",
    ).json()
    assert inactive["verdict"] == "deny" and "not active" in inactive["reason"]
    missing = _explain(
        gateway,
        make_token("u-owner"),
        method="GET",
        path="/api/registry/persons",
        user_id="u-nobody",
    )
    assert missing.status_code == 404


def test_explain_validates_its_query_and_needs_a_token(gateway, make_token):
    bad = _explain(gateway, make_token(), method="FETCH")
    assert bad.status_code == 422
    assert set(bad.json()["errors"]["query"]) == {"method", "path"}
    assert _explain(gateway, None, method="GET", path="/api/registry/persons").status_code == 401


def _access_lines(capsys) -> dict:
    """The gateway's JSON access lines written so far, by decision id."""
    lines = [
        json.loads(text)
        for text in capsys.readouterr().err.splitlines()
        if '"logger": "gateway.access"' in text
    ]
    return {line["decision_id"]: line for line in lines}


def test_decision_id_header_matches_the_access_log_line(gateway, make_token, capsys):
    capsys.readouterr()
    ok = requests.get(
        f"{gateway}/api/registry/persons",
        timeout=5,
        headers={"Authorization": make_token("u-reader")},
    )
    refused = requests.get(f"{gateway}/api/registry/persons", timeout=5)
    lines = _access_lines(capsys)
    line = lines[ok.headers["X-Foyer-Decision-Id"]]
    assert line["user_id"] == "u-reader" and line["route"] == "registry"
    assert line["status"] == 200 and line["upstream_ms"] is not None
    assert line["upstream"].startswith("http://127.0.0.1:")
    assert line["request_id"] == ok.headers["X-Request-ID"] and line["level"] == "INFO"
    refusal = lines[refused.headers["X-Foyer-Decision-Id"]]
    assert refusal["status"] == 401 and "missing token" in refusal["reason"]


def test_impersonation_is_carried_in_the_context_and_marked_in_the_log(
    gateway, make_token, context_keys, capsys
):
    capsys.readouterr()
    response = requests.get(
        f"{gateway}/api/registry/persons",
        timeout=5,
        headers={"Authorization": make_token("u-reader", act={"sub": "u-owner"})},
    )
    assert response.status_code == 200, response.text
    verifier = ContextVerifier(context_keys[1].read_text(), "registry")
    context = verifier.verify(response.json()["headers"][CONTEXT_HEADER], "GET", "/persons")
    assert context.user_id == "u-reader" and context.acting_user_id == "u-owner"
    line = _access_lines(capsys)[response.headers["X-Foyer-Decision-Id"]]
    assert line["impersonated_by"] == "u-owner" and line["user_id"] == "u-reader"
    staff_gone = requests.get(
        f"{gateway}/api/registry/persons",
        timeout=5,
        headers={"Authorization": make_token("u-reader", act={"sub": "u-inactive"})},
    )
    assert staff_gone.status_code == 401


def test_metrics_expose_requests_latency_errors_cache_and_upstream_health(
    gateway, internal, make_token
):
    reader = {"Authorization": make_token("u-reader")}
    for _ in range(2):  # the second is a decision-cache hit, whatever ran before this test
        requests.get(f"{gateway}/api/registry/persons", timeout=5, headers=reader)
    requests.get(f"{gateway}/api/crm/tasks", timeout=5)
    text = requests.get(f"{internal}/metrics", timeout=5).text
    assert 'foyer_gateway_requests_total{route="registry",status="200"' in text
    assert 'foyer_gateway_request_seconds_bucket{le="0.005",route="registry",upstream="http' in text
    assert 'foyer_gateway_request_seconds_count{route="crm",upstream="-"}' in text
    assert 'foyer_gateway_errors_total{route="crm",status="503"' in text
    assert 'foyer_gateway_cache_lookups_total{cache="decisions",result="hit"}' in text
    assert 'foyer_gateway_internal_calls_total{call="access",service="identity"}' in text
