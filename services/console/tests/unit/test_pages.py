"""Log-in, sessions, CSRF, security headers and what a user without a permission sees."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console import create_app  # noqa: E402
from console.settings import Settings  # noqa: E402
from console_fakes import answer, csrf_of, token  # noqa: E402

HTTPS = "https://localhost"


def test_every_page_has_a_csp_without_inline_script_and_labelled_fields(client):
    page = client.get("/login")
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "<script>" not in page.text  # only <script src=...>
    assert '<label for="f-username">' in page.text and 'id="f-username"' in page.text
    assert page.headers["Cache-Control"] == "no-store"


def test_logging_in_sets_a_secure_httponly_samesite_cookie(gateway):
    settings = Settings(secret_key="test-key", cookie_secure=True, log_level="WARNING")
    client = create_app(settings, gateway=gateway).test_client()
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"csrf_token": csrf_of(page.text), "username": "anna", "password": "pw"},
        base_url=HTTPS,
        headers={"Referer": HTTPS + "/login"},  # CSRF over https also checks the referrer
    )
    assert response.status_code == 302 and response.headers["Location"] == "/search"
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_a_form_without_its_csrf_token_is_refused(client, gateway):
    response = client.post("/login", data={"username": "anna", "password": "pw"})
    assert response.status_code == 400
    assert not any(path == "/api/identity/auth/login" for _m, path, _t, _k in gateway.calls)


@pytest.mark.parametrize(
    ("status", "says"),
    [
        (401, "Wrong username or password"),
        (429, "Too many attempts"),  # the gateway's login limit, per address and per account
    ],
)
def test_a_refused_login_says_why_and_keeps_the_user_out(client, gateway, status, says):
    gateway.on("POST", "/api/identity/auth/login", status, {"code": status, "message": "no"})
    page = client.get("/login")
    response = client.post(
        "/login", data={"csrf_token": csrf_of(page.text), "username": "anna", "password": "x"}
    )
    assert response.status_code == 400 and says in response.text
    assert client.get("/search").status_code == 302


def test_next_never_leads_off_the_site(client):
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "csrf_token": csrf_of(page.text),
            "username": "anna",
            "password": "pw",
            "next": "//evil.example/x",
        },
    )
    assert response.headers["Location"] == "/search"


def test_a_member_sees_no_import_and_is_refused_it(signed_in, gateway):
    page = signed_in.get("/search")
    assert page.status_code == 200
    assert "/imports" not in page.text
    assert signed_in.get("/imports").status_code == 403


def test_staff_with_the_permission_see_the_import(signed_in, gateway):
    gateway.permissions = ["registry.persons.read", "imports.jobs.read"]
    gateway.on("GET", "/api/imports/jobs", 200, [])
    assert 'href="/imports"' in signed_in.get("/search").text
    assert signed_in.get("/imports").status_code == 200


def test_an_expired_token_is_refreshed_once_for_concurrent_requests(signed_in, gateway, app):
    refreshes = []

    def refresh(**kwargs):
        refreshes.append(kwargs["json"]["refresh_token"])
        return answer(200, {"access_token": token("anna"), "refresh_token": "r2"})

    gateway.on("POST", "/api/identity/auth/refresh", 200)
    gateway.routes[("POST", "/api/identity/auth/refresh")] = refresh
    refresher = app.extensions["console"].refresher
    first = refresher.refresh(gateway, "r1", None)
    second = refresher.refresh(gateway, "r1", None)  # a second request with the same old cookie
    assert first == second and refreshes == ["r1"]


def test_the_language_is_remembered_in_a_cookie(client):
    page = client.get("/login")
    response = client.post(
        "/language",
        data={"csrf_token": csrf_of(page.text), "language": "sv", "next": "/login"},
    )
    assert "foyer_lang=sv" in response.headers["Set-Cookie"]
    swedish = client.get("/login")
    assert 'lang="sv"' in swedish.text and "Logga in" in swedish.text


def test_the_probes_answer_without_a_session(client):
    """Kubernetes' liveness (/health) and readiness (/ready) probes of the console's pods."""
    for path in ("/health", "/ready"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.is_json, path


def test_a_search_past_the_registrys_count_shows_the_count_as_a_floor(signed_in, gateway):
    """The registry counts up to 10,000 matches (docs/registry.md → Search)."""
    counted = {"total": 10000, "page": 1, "total_is_lower_bound": True}
    gateway.on("GET", "/api/registry/persons", 200, [], {"X-Pagination": json.dumps(counted)})
    assert "10,000+ found" in signed_in.get("/search?q=berg").text
    exact = {"total": 12, "page": 1}
    gateway.on("GET", "/api/registry/persons", 200, [], {"X-Pagination": json.dumps(exact)})
    assert "12 found" in signed_in.get("/search?q=berg").text
