"""Tests every service runs against its own app: bad input is a 4xx naming the field.

In a service's tests/api/test_bad_input.py:
    test_out_of_range_paging_is_422_naming_it = out_of_range_paging_test()
    test_the_last_page_answers = last_page_test()
    test_every_blueprint_is_foyers = foyer_blueprints_test()
Lists are found in the app's OpenAPI (every GET taking `page`), so a new list is covered.
"""

from __future__ import annotations

import re
import uuid

import flask_smorest
import pytest

from foyer_shared.access import INTERNAL
from foyer_shared.blueprint import Blueprint
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
            filled = re.sub(r"\{[^}]+\}", lambda _m: str(uuid.uuid4()), path)
            found.append((filled, get.get("x-permission", "*")))
    return found


def get_list(client, as_staff, path: str, permission: str, query: str):
    extra = {"caller_service": "tests"} if permission == INTERNAL else {}
    return client.get(f"{path}?{query}", headers=as_staff("GET", path, "*", **extra))


def out_of_range_paging_test():
    """A test: every list refuses each out-of-range page or page_size with a 422 naming it."""

    @pytest.mark.parametrize(
        ("name", "value"), OUT_OF_RANGE, ids=[f"{n}={v[:20]}" for n, v in OUT_OF_RANGE]
    )
    def test(client, as_staff, name, value):
        lists = list_endpoints(client)
        assert lists, "the OpenAPI lists no paginated GET"
        wrong = []
        for path, permission in lists:
            response = get_list(client, as_staff, path, permission, f"{name}={value}")
            errors = (response.json or {}).get("errors", {}).get("query", {})
            if response.status_code != 422 or name not in errors:
                wrong.append(f"{path}: {response.status_code} {response.get_data(as_text=True)}")
        assert not wrong, "\n".join(wrong)

    return test


def last_page_test():
    """A test: the largest page of the largest size answers (no OFFSET overflow)."""

    def test(client, as_staff):
        for path, permission in list_endpoints(client):
            response = get_list(
                client, as_staff, path, permission, f"page={MAX_PAGE}&page_size={MAX_PAGE_SIZE}"
            )
            assert response.status_code in (200, 404), (path, response.json)
            if response.status_code == 200:
                assert response.json == [], path

    return test


def foyer_blueprints_test():
    """A test: every API blueprint of the app is foyer_shared's (checked JSON, bounded paging)."""

    def test(app):
        others = [
            name
            for name, blp in app.blueprints.items()
            if isinstance(blp, flask_smorest.Blueprint) and not isinstance(blp, Blueprint)
        ]
        assert not others, f"use foyer_shared.blueprint.Blueprint in {others}"

    return test


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
