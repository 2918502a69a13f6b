"""The matrix's permissions against the API's own: opened with exactly what its row names, a
page sends no change to an API route that asks for a permission the row does not name (each
operation's `x-permission` in the services' OpenAPI documents, read as the gateway reads it).
Reads are left out: a page that reads with another permission is refused by the API and says so
(a custom role holding `registry.persons.write` without `registry.persons.read` gets the edit
page's 403 from the registry)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from gateway.permissions import ServicePermissions

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import csrf_of  # noqa: E402
from console_matrix import MATRIX, address, needs  # noqa: E402
from console_matrix_api import IDS, answer_everything, form  # noqa: E402

SERVICES = ("identity", "registry", "crm", "imports", "notify")


@pytest.fixture(scope="module")
def api_permissions(tmp_path_factory) -> dict[str, ServicePermissions]:
    """Each service's permissions, from its own app's OpenAPI document (no database asked)."""
    where = tmp_path_factory.mktemp("services")
    key = ed25519.Ed25519PrivateKey.generate().public_key()
    public = key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    (where / "context_public.pem").write_bytes(public)
    documents = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(where)  # anything a service makes at start stays out of the repository
        patch.setenv("FOYER_CONTEXT_PUBLIC_KEY_FILE", str(where / "context_public.pem"))
        for service in SERVICES:
            app = importlib.import_module(service).create_app()
            documents[service] = app.test_client().get("/openapi.json").json
    return {service: ServicePermissions(doc) for service, doc in documents.items()}


def test_no_page_sends_a_change_its_row_does_not_allow(signed_in, gateway, api_permissions):
    answer_everything(gateway)
    token = csrf_of(signed_in.get("/login?next=/search").text)
    beyond = []
    for row in MATRIX:
        method, rule, _need, _status = row
        gateway.permissions = list(needs(row))
        gateway.calls.clear()
        url = address(rule, IDS)
        signed_in.get(url) if method == "GET" else signed_in.post(url, data=form(token))
        for sent, path in [(m, p) for m, p, _t, _kw in gateway.calls if m != "GET"]:
            service, _, rest = path.removeprefix("/api/").partition("/")
            asked = api_permissions[service].lookup(sent, "/" + rest).permission
            if asked not in gateway.permissions:
                beyond.append(f"{method} {rule}: {sent} {path} asks {asked}")
    assert beyond == []
