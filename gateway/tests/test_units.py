"""Pure units: the routing table, the permission map and settings from the environment."""

from __future__ import annotations

import pytest

from foyer_shared.access import INTERNAL, PUBLIC
from gateway.balancer import Balancer
from gateway.cache import TaggedCache
from gateway.permissions import ServicePermissions
from gateway.routes import RouteTable
from gateway.settings import Settings

URLS = {"registry": ("http://r",), "identity": ("http://i",)}


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
        {
            "FOYER_UPSTREAM_CRM": "http://crm:8083/",
            "FOYER_UPSTREAM_REGISTRY": "http://r1:8082, http://r2:8082/",
            "FOYER_PERMISSION_CACHE_TTL_SECONDS": "5",
            "FOYER_CORS_ORIGINS": "https://console.example, http://localhost:3000",
        }
    )
    assert settings.upstreams()["crm"] == ("http://crm:8083",)
    assert settings.upstreams()["registry"] == ("http://r1:8082", "http://r2:8082")
    assert settings.upstreams()["identity"] == ("http://127.0.0.1:8081",)
    assert settings.cors_origins == ("https://console.example", "http://localhost:3000")
    assert settings.permission_cache_ttl_seconds == 5.0
    assert settings.service == "gateway"


def test_routes_take_servers_from_the_table_over_the_environment(tmp_path):
    path = tmp_path / "routes.toml"
    path.write_text(
        '[routes.registry]\nservers = ["http://a:1/", "http://b:2"]\nfail_timeout = 3\n'
        "[routes.identity]\n"
    )
    table = RouteTable.load(path, URLS)
    registry = table.match("/api/registry/x")[0]
    assert registry.servers == ("http://a:1", "http://b:2")
    assert registry.fail_timeout == 3.0
    assert table.match("/api/identity/x")[0].servers == ("http://i",)


def test_balancer_rotates_and_skips_a_failed_instance_for_its_fail_timeout(tmp_path):
    path = tmp_path / "routes.toml"
    path.write_text('[routes.registry]\nservers = ["http://a", "http://b", "http://c"]\n')
    route = RouteTable.load(path, URLS).routes[0]
    balancer = Balancer([route])
    firsts = [balancer.order(route)[0] for _ in range(6)]
    assert firsts == ["http://a", "http://b", "http://c"] * 2
    balancer.failed(route, "http://b")
    orders = [balancer.order(route) for _ in range(3)]
    assert all(order[-1] == "http://b" for order in orders)  # tried last, only if all else fails
    balancer.succeeded(route, "http://b")
    assert not balancer.is_down("http://b")


def test_tagged_cache_ttl_size_bound_tags_and_degraded_trust():
    now = [100.0]
    cache = TaggedCache("t", ttl=30, max_entries=2, degraded_ttl=5, clock=lambda: now[0])
    cache.put("a", 1, [("user", "u1")])
    cache.put("b", 2, [("user", "u2"), ("person", "p2")])
    assert cache.get("a") == 1
    cache.put("c", 3, [("user", "u1")])  # full: the oldest ("a") goes
    assert cache.get("a") is None and len(cache) == 2
    assert cache.drop_tag(("person", "p2")) == 1
    assert cache.get("b") is None and cache.get("c") == 3
    cache.trusted = False  # consumer disconnected: entries older than 5 s are not believed
    now[0] += 6
    assert cache.get("c") is None
    cache.trusted = True
    assert cache.get("c") == 3
    now[0] += 30
    assert cache.get("c") is None  # past its TTL
    cache.put("d", 4, ttl=1)  # a shorter TTL (the token's own expiry) wins
    now[0] += 2
    assert cache.get("d") is None


def test_a_value_fetched_before_a_drop_is_not_stored_after_it():
    cache = TaggedCache("t", ttl=30, max_entries=10)
    epoch = cache.epoch  # a fetch starts...
    cache.drop_tag(("user", "u1"))  # ...an event arrives meanwhile...
    cache.put("k", "stale", [("user", "u1")], epoch=epoch)  # ...its answer may predate it
    assert cache.get("k") is None
    cache.put("k", "fresh", [("user", "u1")], epoch=cache.epoch)
    assert cache.get("k") == "fresh"


def test_disabled_cache_stores_nothing():
    cache = TaggedCache("t", ttl=0, max_entries=10)
    cache.put("a", 1)
    assert cache.get("a") is None


def test_merged_document_declares_the_gateways_own_errors_in_the_one_shape():
    from gateway.openapi import merge

    doc = {
        "paths": {
            "/persons": {"get": {"x-permission": "p.read", "responses": {"200": {}}}},
            "/health": {"get": {"x-permission": PUBLIC, "responses": {"200": {}}}},
        },
        "components": {"schemas": {}},
    }
    merged = merge({"registry": doc}, {})
    error = merged["components"]["schemas"]["Error"]
    assert {"code", "status", "message", "errors", "request_id"} == set(error["properties"])
    assert set(error["required"]) == {"code", "status", "message", "request_id"}
    secured = merged["paths"]["/api/registry/persons"]["get"]["responses"]
    public = merged["paths"]["/api/registry/health"]["get"]["responses"]
    assert {"401", "403", "429", "503"} <= set(secured)
    assert "401" not in public and "503" in public
    assert secured["401"] == {"$ref": "#/components/responses/GatewayError"}
