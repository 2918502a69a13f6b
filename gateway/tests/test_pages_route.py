"""The console's `pages` route (every path outside /api) and `/api/access/me`, which the
console asks what to show: the table keeps the two kinds of route apart."""

from __future__ import annotations

import pytest
import requests

from gateway.responses import _response_headers
from gateway.routes import RouteTable

URLS = {
    "registry": ("http://127.0.0.1:9002",),
    "console": ("http://127.0.0.1:9006",),
    "crm": (),
}
TABLE = """
[routes.registry]
upstream = "registry"
[routes.console]
prefix = "/"
upstream = "console"
pages = true
optional = true
"""


def _table(tmp_path, text: str = TABLE, urls=URLS) -> RouteTable:
    path = tmp_path / "routes.toml"
    path.write_text(text)
    return RouteTable.load(path, urls)


def test_the_pages_route_is_no_api_route(tmp_path):
    table = _table(tmp_path)
    assert table.pages is not None and table.pages.upstream == "console"
    assert [route.name for route in table.api_routes] == ["registry"]
    assert table.match("/api/registry/persons")[0].name == "registry"
    assert table.match("/api/console/x") is None and table.match("/login") is None
    assert "console" not in table.upstream_urls()  # it has no OpenAPI document to read
    assert "console" in table.servers()  # but /health asks it


def test_an_optional_route_without_servers_is_left_out(tmp_path):
    table = _table(tmp_path, urls={**URLS, "console": ()})
    assert table.pages is None and [r.name for r in table.routes] == ["registry"]
    with pytest.raises(ValueError, match="no servers"):
        _table(tmp_path, '[routes.crm]\nupstream = "crm"\n')


def test_a_pages_route_must_be_served_at_the_root(tmp_path):
    with pytest.raises(ValueError, match="prefix"):
        _table(tmp_path, '[routes.console]\nprefix = "/ui"\nupstream = "console"\npages = true\n')


class _Upstream:
    headers = [("Location", "/search"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")]

    def header(self, name):
        return None


def test_a_redirect_of_the_console_stays_on_the_site(tmp_path):
    table = _table(tmp_path)
    headers = _response_headers(_Upstream(), table.pages)
    assert ("Location", "/search") in headers  # not "//search": another host to a browser
    assert [v for k, v in headers if k == "Set-Cookie"] == ["a=1", "b=2"]
    api = _response_headers(_Upstream(), table.match("/api/registry/x")[0])
    assert ("Location", "/api/registry/search") in api


def test_access_me_answers_the_callers_permissions_and_scopes(gateway, make_token):
    answer = requests.get(
        f"{gateway}/api/access/me", headers={"Authorization": make_token("u-reader")}, timeout=5
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["user_id"] == "u-reader"
    assert body["permissions"] == ["registry.persons.read"]
    assert set(body["scopes"]) == {"groups_led", "family_rights"}
    assert requests.get(f"{gateway}/api/access/me", timeout=5).status_code == 401


def test_without_a_console_every_other_path_is_a_404_in_the_error_shape(gateway):
    answer = requests.get(f"{gateway}/login", timeout=5)
    assert answer.status_code == 404 and answer.json()["code"] == 404
