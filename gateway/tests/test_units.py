"""Pure units: the routing table, the permission map and settings from the environment."""

from __future__ import annotations

import pytest

from foyer_shared.access import INTERNAL, PUBLIC
from gateway.permissions import ServicePermissions
from gateway.routes import RouteTable
from gateway.settings import Settings

URLS = {"registry": "http://r", "identity": "http://i"}


def test_route_table_matches_whole_segments_and_strips_the_prefix(tmp_path):
    path = tmp_path / "routes.toml"
    path.write_text(
        '[defaults]\nread_timeout = 7.0\n[routes.registry]\nupstream = "registry"\n'
        "[routes.identity]\nmax_body_bytes = 10\n"
    )
    table = RouteTable.load(path, URLS)
    route, rest = table.match("/api/registry/persons/1")
    assert (route.upstream, rest, route.read_timeout) == ("registry", "/persons/1", 7.0)
    assert table.match("/api/registry")[1] == "/"
    assert table.match("/api/registryx/persons") is None
    assert table.match("/api/identity/x")[0].max_body_bytes == 10


def test_route_table_refuses_an_unknown_upstream(tmp_path):
    path = tmp_path / "routes.toml"
    path.write_text('[routes.billing]\nupstream = "billing"\n')
    with pytest.raises(ValueError, match="billing"):
        RouteTable.load(path, URLS)


def test_permission_map_lookup_rules():
    doc = {
        "paths": {
            "/persons": {"get": {"x-permission": "p.read"}, "post": {}},
            "/persons/{id}": {"get": {"x-permission": "p.read"}},
            "/persons/merge": {"post": {"x-permission": "p.merge"}},
            "/sync": {"post": {"x-permission": INTERNAL}},
            "/login": {"post": {"x-permission": PUBLIC}},
        }
    }
    perms = ServicePermissions(doc)
    assert perms.lookup("GET", "/persons/7").permission == "p.read"
    assert perms.lookup("HEAD", "/persons/7").permission == "p.read"
    assert perms.lookup("POST", "/persons/merge").permission == "p.merge"
    assert not perms.lookup("POST", "/persons").declared
    assert not perms.lookup("POST", "/sync").found_path
    assert not perms.lookup("GET", "/persons/7/extra").found_path
    assert perms.lookup("POST", "/login").permission == PUBLIC


def test_settings_read_upstreams_and_ttl_from_the_environment():
    settings = Settings.from_env(
        {"FOYER_UPSTREAM_CRM": "http://crm:8083/", "FOYER_PERMISSION_CACHE_TTL_SECONDS": "5"}
    )
    assert settings.upstreams()["crm"] == "http://crm:8083"
    assert settings.upstreams()["identity"] == "http://127.0.0.1:8081"
    assert settings.permission_cache_ttl_seconds == 5.0
    assert settings.service == "gateway"
