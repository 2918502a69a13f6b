"""Fakes and helpers for the console's unit tests (imported by path: --import-mode=importlib)."""

from __future__ import annotations

import base64
import io
import json
import re
import time

import requests


def token(username: str = "anna", minutes: float = 15) -> str:
    """An unsigned JWT-shaped token: the console only reads its payload (the gateway checks)."""
    payload = {"sub": "u-1", "username": username, "exp": int(time.time() + minutes * 60)}
    body = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    return f"e30.{body}.sig"


def answer(status: int, body=None, headers=None) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = b"" if body is None else json.dumps(body).encode()
    response.raw = io.BytesIO(response._content)  # so a streamed answer reads it too
    response.headers.update({"Content-Type": "application/json", **(headers or {})})
    return response


IMPORT_FIELDS = ("GET", "/api/imports/fields")
ACCOUNTS = ("GET", "/api/identity/users")


def import_fields() -> dict:
    """What imports' GET /fields answers, from imports' own catalogue and schema."""
    from imports.api.schemas import FieldsOut
    from imports.domain import fields

    return FieldsOut().dump(fields.catalogue())


class FakeGateway:
    """Answers by (method, path); records every call with the token it carried."""

    def __init__(self):
        self.routes: dict[tuple[str, str], object] = {}
        self.calls: list[tuple[str, str, str | None, dict]] = []
        self.permissions = ["registry.persons.read"]

    def on(self, method: str, path: str, status: int, body=None, headers=None) -> None:
        self.routes[(method, path)] = (status, body, headers)

    def request(self, method, path, token=None, request_id=None, **kwargs):
        self.calls.append((method, path, token, kwargs))
        if (method, path) == ("GET", "/api/access/me") and (method, path) not in self.routes:
            return answer(
                200,
                {
                    "user_id": "u-1",
                    "person_id": "p-1",
                    "roles": [],
                    "permissions": self.permissions,
                    "scopes": {},
                },
            )
        if (method, path) == IMPORT_FIELDS and IMPORT_FIELDS not in self.routes:
            return answer(200, import_fields())
        if (method, path) == ACCOUNTS and "id" in (kwargs.get("params") or {}):
            return answer(200, self._accounts(kwargs["params"]["id"]))
        found = self.routes.get((method, path))
        if found is None:
            return answer(404, {"code": 404, "message": f"no fake for {method} {path}"})
        if callable(found):
            return found(**kwargs)
        status, body, headers = found
        return answer(status, body, headers)

    def _accounts(self, ids) -> list:
        """identity's list by ids, as its per-id answers set up here have them."""
        found = (self.routes.get(("GET", f"{ACCOUNTS[1]}/{user_id}")) for user_id in ids)
        return [body for status, body, _h in filter(None, found) if status == 200]


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
