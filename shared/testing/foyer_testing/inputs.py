"""Tests every service runs against its own app: bad input is a 4xx naming the field.

In a service's tests/api/test_bad_input.py:
    class TestEveryService(EveryServiceInputTests):
        pass
Lists are found in the app's OpenAPI (every GET taking `page`), so a new list is covered.
"""

from __future__ import annotations

import re

import flask_smorest
import pytest

from foyer_shared.access import INTERNAL
from foyer_shared.blueprint import Blueprint
from foyer_shared.db import new_id
from foyer_shared.pagination import MAX_PAGE, MAX_PAGE_SIZE

OUT_OF_RANGE = [
    ("page", "9223372036854775807"),
    ("page", str(MAX_PAGE + 1)),
    ("page", "0"),
    ("page", "-1"),
    ("page", "1" * 5000),
    ("page_size", "0"),
    ("page_size", str(MAX_PAGE_SIZE + 1)),
    ("page_size", "9223372036854775807"),
]


def list_endpoints(client) -> list[tuple[str, str]]:
    """(path with its parameters filled, permission) of every GET that takes `page`."""
    spec = client.get("/openapi.json").json
    found = []
    for path, operations in spec["paths"].items():
        get = operations.get("get") or {}
        names = {
            p["name"]
            for p in get.get("parameters", []) + operations.get("parameters", [])
            if p.get("in") == "query"
        }
        if "page" in names:
            filled = re.sub(r"\{[^}]+\}", lambda _m: new_id(), path)
            found.append((filled, get.get("x-permission", "*")))
    return found


def get_list(client, as_staff, path: str, permission: str, query: str):
    extra = {"caller_service": "tests"} if permission == INTERNAL else {}
    return client.get(f"{path}?{query}", headers=as_staff("GET", path, "*", **extra))


class EveryServiceInputTests:
    """The bad-input tests every service runs against its own app (its `client`, `as_staff` and
    `app` fixtures). A service collects them in its tests/api/test_bad_input.py with
    `class TestEveryService(EveryServiceInputTests): ...`."""

    @pytest.mark.parametrize(
        ("name", "value"), OUT_OF_RANGE, ids=[f"{n}={v[:20]}" for n, v in OUT_OF_RANGE]
    )
    def test_out_of_range_paging_is_422_naming_it(self, client, as_staff, name, value):
        """Every list refuses each out-of-range page or page_size with a 422 naming it."""
        lists = list_endpoints(client)
        assert lists, "the OpenAPI lists no paginated GET"
        wrong = []
        for path, permission in lists:
            response = get_list(client, as_staff, path, permission, f"{name}={value}")
            errors = (response.json or {}).get("errors", {}).get("query", {})
            if response.status_code != 422 or name not in errors:
                wrong.append(f"{path}: {response.status_code} {response.get_data(as_text=True)}")
        assert not wrong, "\n".join(wrong)

    def test_the_last_page_answers(self, client, as_staff):
        """The largest page of the largest size answers (no OFFSET overflow)."""
        for path, permission in list_endpoints(client):
            response = get_list(
                client, as_staff, path, permission, f"page={MAX_PAGE}&page_size={MAX_PAGE_SIZE}"
            )
            assert response.status_code in (200, 404), (path, response.json)
            if response.status_code == 200:
                assert response.json == [], path

    def test_every_blueprint_is_foyers(self, app):
        """Every API blueprint of the app is foyer_shared's (checked JSON, bounded paging)."""
        others = [
            name
            for name, blp in app.blueprints.items()
            if isinstance(blp, flask_smorest.Blueprint) and not isinstance(blp, Blueprint)
        ]
        assert not others, f"use foyer_shared.blueprint.Blueprint in {others}"


def send_json(client, method: str, path: str, raw: str, headers: dict | None = None):
    """Send `raw` as the JSON body, exactly as written (e.g. with a `\\ud800` escape)."""
    return client.open(
        path,
        method=method,
        data=raw.encode("utf-8"),
        headers={"Content-Type": "application/json", **(headers or {})},
    )


DEEPLY_NESTED = "[" * 100_000 + "]" * 100_000


def field_errors(response, location: str = "json") -> dict:
    """The errors of one location in the error body ({} when there are none)."""
    return (response.json or {}).get("errors", {}).get(location, {})
