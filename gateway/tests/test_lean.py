"""The lean hot path (gateway/lean.py): the same answers as the Flask path, without Flask.

The shared stack's gateway and a second gateway app built from the same settings with
`lean_path` flipped serve the same requests against the same upstreams; status, headers and
bodies must be equal. (`make test` also runs every gateway test with FOYER_LEAN_PATH=false.)
"""

from __future__ import annotations

import dataclasses
import json

import pytest
import requests

from foyer_shared.access import CONTEXT_HEADER
from gateway import create_app
from gateway.lean import LeanDispatch
from gateway.settings import Settings

# Differ between any two answers, whichever path serves them.
_VOLATILE = {"date", "server", "x-foyer-decision-id", "connection", "keep-alive"}


@pytest.fixture(scope="module")
def both(stack, fake_services):
    """(the shared stack's gateway URL, the same gateway with the other path)."""
    parts = stack["stack"]
    other_settings = dataclasses.replace(
        parts.settings,
        lean_path=not parts.settings.lean_path,
        internal_port=0,
        events_enabled=False,
    )
    other = fake_services.Server(create_app(other_settings))
    yield stack["gateway"], other.url
    other.stop()


def _answer(base: str, method: str, path: str, **kwargs) -> tuple:
    response = requests.request(method, f"{base}{path}", timeout=10, **kwargs)
    headers = sorted(
        (k.lower(), v) for k, v in response.headers.items() if k.lower() not in _VOLATILE
    )
    body = response.content
    if response.headers.get("Content-Type", "").startswith("application/json") and body:
        data = json.loads(body)
        if isinstance(data, dict) and isinstance(data.get("headers"), dict):
            # The echo of what reached the upstream: only the gateway's own address differs.
            # The signed context is checked by the upstream itself (it answered, so it was valid).
            data["headers"].pop("X-Forwarded-Host", None)
            data["headers"].pop(CONTEXT_HEADER, None)
            data["headers"].pop("X-Foyer-Context", None)
        body = data
    return response.status_code, headers, body


def _cases(make_token):
    reader, writer = make_token("u-reader"), make_token("u-writer")
    owner = make_token("u-owner")
    return [
        ("GET", "/api/registry/persons?q=%C3%85sa&tag=a&tag=b", {"Authorization": reader}, None),
        ("GET", "/api/registry/persons/p-1", {"Authorization": reader}, None),
        ("GET", "/api/registry/persons/", {"Authorization": reader}, None),
        ("HEAD", "/api/registry/persons/p-1", {"Authorization": reader}, None),
        ("OPTIONS", "/api/registry/persons", {"Authorization": reader}, None),
        ("POST", "/api/registry/persons", {"Authorization": writer}, b'{"a": "\xc3\xa5"}'),
        ("POST", "/api/registry/persons", {"Authorization": reader}, b"{}"),
        ("DELETE", "/api/registry/persons", {"Authorization": owner}, None),
        ("GET", "/api/registry/persons", {}, None),
        ("GET", "/api/registry/persons", {"Authorization": "Bearer not.a.token"}, None),
        ("GET", "/api/registry/undeclared", {"Authorization": owner}, None),
        ("GET", "/api/registry/internal/sync", {"Authorization": owner}, None),
        ("GET", "/api/registry/no/such/thing", {"Authorization": owner}, None),
        ("GET", "/api/crm/persons", {"Authorization": owner}, None),
        ("GET", "/api/nothing/here", {}, None),
        ("GET", "/api/registry/big", {}, None),
        ("GET", "/api/registry/unsized", {}, None),
        ("GET", "/api/registry/stream-out", {}, None),
        ("POST", "/api/registry/stream-in", {}, b"s" * 200_000),
        ("POST", "/api/registry/stream-in", {}, b"t" * 4_000_001),
        ("GET", "/api/registry/public/ping", {"X-Request-ID": "bad id\t<x>"}, None),
        # Left to Flask. (Not /api/openapi.json: each gateway merges the upstreams' documents
        # it fetched, at its own moment, while other tests of the module stop upstreams.)
        ("GET", "/api/docs", {}, None),
        ("TRACE", "/api/registry/public/ping", {}, None),
    ]


def test_lean_and_flask_paths_answer_alike(both, make_token):
    lean_url, flask_url = both
    for number, (method, path, headers, body) in enumerate(_cases(make_token)):
        # The same request id both ways (an implausible one is replaced on both: dropped below).
        sent = {"X-Request-ID": f"lean-compare-{number}", **headers}
        one = _answer(lean_url, method, path, headers=sent, data=body)
        two = _answer(flask_url, method, path, headers=sent, data=body)
        if "bad id" in sent["X-Request-ID"]:
            one, two = _without_request_id(one), _without_request_id(two)
        assert one == two, f"{method} {path}"


def _without_request_id(answer: tuple) -> tuple:
    status, headers, body = answer
    headers = [(k, v) for k, v in headers if k != "x-request-id"]
    if isinstance(body, dict):
        body["headers"].pop("X-Request-Id", None)
    return status, headers, body


def test_ordinary_requests_skip_flask_and_the_rest_reach_it(stack, make_token):
    """A proxied request never enters the Flask app on the lean path; docs, access and the
    gateway's own paths do."""
    parts = stack["stack"]
    if not parts.settings.lean_path:
        pytest.skip("the suite runs on the Flask path (FOYER_LEAN_PATH=false)")
    app = parts.app
    assert isinstance(app.wsgi_app, LeanDispatch)
    seen = []
    app.before_request_funcs.setdefault(None, []).insert(0, lambda: seen.append(1))
    try:
        token = {"Authorization": make_token("u-reader")}
        assert requests.get(f"{parts.url}/api/registry/persons", headers=token, timeout=5).ok
        nope = requests.get(f"{parts.url}/api/registry/nope", headers=token, timeout=5)
        assert nope.status_code == 404  # the gateway's own refusal, on the lean path too
        assert seen == []
        for path in ("/api/openapi.json", "/api/access/me", "/health", "/api/nothing/x"):
            requests.get(f"{parts.url}{path}", headers=token, timeout=5)
        assert len(seen) == 4
    finally:
        app.before_request_funcs[None].pop(0)


def test_claim_leaves_to_flask_what_flask_serves(stack):
    lean = LeanDispatch(None, stack["stack"].parts, None, None, cors=True)
    plain = {}
    assert lean.claim(plain, "GET", "/api/registry/persons") is not None
    for method, path, environ in [
        ("GET", "/api/openapi.json", plain),
        ("GET", "/api/docs/assets/x.js", plain),
        ("GET", "/api/access/explain", plain),
        ("GET", "/api//registry/persons", plain),  # Flask redirects merged slashes
        ("POST", "/api/identity/auth/login", plain),  # the body is read for the limiter
        ("GET", "/api/registry/persons", {"HTTP_ORIGIN": "https://a.example"}),  # CORS
        ("TRACE", "/api/registry/persons", plain),
        ("GET", "/dashboard", plain),  # the console's pages
    ]:
        assert lean.claim(environ, method, path) is None, path


def test_lean_path_is_a_setting():
    assert Settings.from_env({"FOYER_LEAN_PATH": "false"}).lean_path is False
    assert Settings.from_env({}).lean_path is True
