"""Upstreams that are down or slow: quick 503/504 with Retry-After, never a hang."""

from __future__ import annotations

import time

import requests


def _timed(method, url, **kwargs):
    started = time.monotonic()
    response = requests.request(method, url, timeout=10, **kwargs)
    return response, time.monotonic() - started


def test_service_down_from_the_start_is_503_fast_while_others_work(gateway, make_token):
    response, elapsed = _timed("GET", f"{gateway}/api/crm/tasks")
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"]
    assert response.json()["request_id"]
    assert elapsed < 2
    ok = requests.get(f"{gateway}/api/registry/public/ping", timeout=5)
    assert ok.status_code == 200


def test_service_going_down_after_start_is_503_fast(gateway, stack, make_token):
    assert requests.get(f"{gateway}/api/imports/public/ping", timeout=5).status_code == 200
    stack["servers"]["imports"].stop()
    response, elapsed = _timed("GET", f"{gateway}/api/imports/public/ping")
    assert response.status_code == 503, response.text
    assert "imports" in response.json()["message"]
    assert response.headers["Retry-After"]
    assert elapsed < 2
    assert requests.get(f"{gateway}/api/notify/public/ping", timeout=5).status_code == 200


def test_slow_upstream_is_504_after_the_read_timeout(gateway):
    response, elapsed = _timed("GET", f"{gateway}/api/registry/slow")
    assert response.status_code == 504, response.text
    assert response.headers["Retry-After"]
    assert elapsed < 2


def test_health_names_the_upstreams_that_are_down(internal):
    response = requests.get(f"{internal}/health", timeout=5)
    assert response.status_code == 503
    upstreams = response.json()["errors"]["upstreams"]
    assert upstreams["registry"] == "ready"
    assert upstreams["crm"].startswith("down")
    assert "crm" in response.json()["message"]
