"""What the gateway's public port shows (issue 17, finding 8): /metrics and the detailed health
only on the internal port, a public /health that says up or down, `nosniff` on every answer,
and an API docs page that loads nothing from outside the suite."""

from __future__ import annotations

import re
import urllib.parse

import pytest
import requests

ERROR_KEYS = {"code", "status", "message", "errors", "request_id"}


@pytest.fixture(scope="module")
def all_up(make_stack):
    return make_stack(down=(), events_enabled=False)


def test_metrics_are_served_on_the_internal_port_only(gateway, internal):
    public = requests.get(f"{gateway}/metrics", timeout=5)
    assert public.status_code == 404 and set(public.json()) == ERROR_KEYS
    assert "foyer_gateway" not in public.text
    # The listener is told by the socket, not by anything the client can write.
    port = urllib.parse.urlsplit(internal).port
    forged = requests.get(f"{gateway}/metrics", headers={"Host": f"127.0.0.1:{port}"}, timeout=5)
    assert forged.status_code == 404
    inside = requests.get(f"{internal}/metrics", timeout=5)
    assert inside.status_code == 200 and "foyer_gateway_requests_total" in inside.text


def test_public_health_says_only_up_or_down(gateway, internal, all_up):
    down = requests.get(f"{gateway}/health", timeout=5)  # the shared stack's crm never runs
    assert (down.status_code, down.json()) == (503, {"status": "down"})
    assert down.headers["Retry-After"]
    up = requests.get(f"{all_up.url}/health", timeout=5)
    assert (up.status_code, up.json()) == (200, {"status": "up"})
    assert requests.get(f"{all_up.url}/ready", timeout=5).json() == {"status": "up"}
    detailed = requests.get(f"{internal}/health", timeout=5)
    assert detailed.status_code == 503
    assert detailed.json()["errors"]["upstreams"]["crm"].startswith("down")
    inside = requests.get(f"{all_up.internal_url}/health", timeout=5).json()
    assert inside["upstreams"]["registry"] == "ready"


def test_every_answer_carries_nosniff(gateway, make_token):
    answers = {
        "proxied": requests.get(f"{gateway}/api/registry/public/ping", timeout=5),
        "proxied big": requests.get(f"{gateway}/api/registry/big", timeout=5),
        "no route": requests.get(f"{gateway}/api/nowhere", timeout=5),
        "no token": requests.get(f"{gateway}/api/registry/persons", timeout=5),
        "refused": requests.get(
            f"{gateway}/api/registry/persons/search",
            timeout=5,
            headers={"Authorization": make_token("u-reader")},
        ),
        "down": requests.get(f"{gateway}/api/crm/tasks", timeout=5),
        "health": requests.get(f"{gateway}/health", timeout=5),
        "docs": requests.get(f"{gateway}/api/docs", timeout=5),
        "openapi": requests.get(f"{gateway}/api/openapi.json", timeout=5),
        "not found": requests.get(f"{gateway}/elsewhere", timeout=5),
    }
    assert {name: r.headers.get("X-Content-Type-Options") for name, r in answers.items()} == {
        name: "nosniff" for name in answers
    }
    assert [r.status_code for r in answers.values()] == [
        200,
        200,
        404,
        401,
        403,
        503,
        503,
        200,
        200,
        404,
    ]


def test_api_docs_load_from_the_suite_itself(gateway):
    page = requests.get(f"{gateway}/api/docs", timeout=5)
    assert page.status_code == 200
    assert "persistAuthorization: false" in page.text
    assert not re.search(r"(src|href)=\"(https?:)?//", page.text), "an outside URL in the page"
    assets = re.findall(r"(?:src|href)=\"(/api/docs/assets/[^\"]+)\"", page.text)
    assert {"/api/docs/assets/swagger-ui.css", "/api/docs/assets/swagger-ui-bundle.js"} <= set(
        assets
    )
    for asset in assets:
        served = requests.get(gateway + asset, timeout=5)
        assert served.status_code == 200 and len(served.content) > 100, asset
        assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert (
        "javascript"
        in requests.get(f"{gateway}/api/docs/assets/swagger-ui-bundle.js", timeout=5).headers[
            "Content-Type"
        ]
    )
    for other in ("index.html", "..%2Fpyproject.toml", "swagger-initializer.js"):
        assert requests.get(f"{gateway}/api/docs/assets/{other}", timeout=5).status_code == 404
