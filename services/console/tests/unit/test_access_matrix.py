"""The console's access matrix: each page route of the blueprints listed in COVERED × (signed
out, signed in without the permission, signed in with it) → what the user gets. The API's own
matrix is tests_e2e/access_matrix.csv; this one checks that the console denies by default
before it calls the API at all. It starts with the card's links (relations, family); a new
route of a covered blueprint fails the first test until it has its row."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import csrf_of  # noqa: E402

P, F, M, R = (
    "0b1e6f9e-2c1e-4f3f-9d65-3f0f8c1b9a10",
    "7c9e6679-7425-40de-944b-e07fc1f90ae7",
    "5a2c7d3e-1b4f-4a8e-9c6d-7e8f9a0b1c2d",
    "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
)
COVERED = ("families", "relations")
FAMILIES, RELATIONS = "registry.families.write", "registry.relations.write"
# (method, the route, its permission, the status with it: a page or a redirect to the card)
MATRIX = [
    ("POST", "/persons/<uuid:person_id>/family", FAMILIES, 302),
    ("GET", "/persons/<uuid:person_id>/family/<uuid:family_id>/members/new", FAMILIES, 200),
    ("POST", "/persons/<uuid:person_id>/family/<uuid:family_id>/members", FAMILIES, 302),
    (
        "POST",
        "/persons/<uuid:person_id>/family/<uuid:family_id>/members/<uuid:member_id>",
        FAMILIES,
        302,
    ),
    (
        "POST",
        "/persons/<uuid:person_id>/family/<uuid:family_id>/members/<uuid:member_id>/delete",
        FAMILIES,
        302,
    ),
    ("GET", "/persons/<uuid:person_id>/relations/new", RELATIONS, 200),
    ("POST", "/persons/<uuid:person_id>/relations", RELATIONS, 302),
    ("POST", "/persons/<uuid:person_id>/relations/<uuid:relation_id>/delete", RELATIONS, 302),
]
IDS = {"person_id": P, "family_id": F, "member_id": M, "relation_id": R}


def address(rule: str) -> str:
    for name, value in IDS.items():
        rule = rule.replace(f"<uuid:{name}>", value)
    return rule


def writes(gateway) -> list:
    """The API calls that change something (reading who the user is does not)."""
    return [(m, p) for m, p, _t, _kw in gateway.calls if m != "GET"]


def test_every_route_of_a_covered_blueprint_has_its_row(app):
    routes = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".")[0] in COVERED
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes == {(method, rule) for method, rule, _p, _s in MATRIX}


@pytest.fixture
def registry(gateway):
    """Answers for the allowed calls: a card, its family, a search, every change taken."""
    family = {"id": F, "name": "Familjen Ek", "members": []}
    gateway.on("GET", f"/api/registry/persons/{P}", 200, {"id": P, "display_name": "Mia Ek"})
    gateway.on("GET", f"/api/registry/families/{F}", 200, family)
    gateway.on("GET", "/api/registry/relation-types", 200, [])
    gateway.on("POST", "/api/registry/families", 201, family)
    gateway.on("POST", f"/api/registry/families/{F}/members", 200, family)
    gateway.on("PATCH", f"/api/registry/families/{F}/members/{M}", 200, family)
    gateway.on("DELETE", f"/api/registry/families/{F}/members/{M}", 204)
    gateway.on("POST", f"/api/registry/persons/{P}/relations", 201, {})
    gateway.on("DELETE", f"/api/registry/relations/{R}", 204)
    return gateway


@pytest.mark.parametrize(("method", "rule", "permission", "allowed"), MATRIX)
def test_each_route_opens_only_with_its_permission(
    signed_in, registry, method, rule, permission, allowed
):
    token = csrf_of(signed_in.get("/login?next=/search").text)
    data = {"csrf_token": token, "person_id": M, "to_person_id": M, "type": "parent"}
    call = signed_in.get if method == "GET" else lambda url: signed_in.post(url, data=data)
    registry.calls.clear()  # the log-in

    registry.permissions = ["registry.persons.read"]  # everyone reads; not the permission
    assert call(address(rule)).status_code == 403 and writes(registry) == []

    registry.permissions = ["registry.persons.read", permission]
    answered = call(address(rule))
    assert answered.status_code == allowed, answered.text
    if allowed == 302:
        assert answered.headers["Location"].startswith(f"/persons/{P}#")
        assert writes(registry)


@pytest.mark.parametrize(("method", "rule", "permission", "allowed"), MATRIX)
def test_each_route_sends_a_signed_out_user_to_log_in(
    client, gateway, method, rule, permission, allowed
):
    if method == "POST":  # signed out there is no session, so no CSRF token to carry either
        client.application.config["WTF_CSRF_ENABLED"] = False
    answered = client.open(address(rule), method=method)
    assert answered.status_code == 302 and "/login" in answered.headers["Location"]
    assert gateway.calls == []
