"""The console's access matrix: every route × (signed out; signed in holding nothing; holding
every other permission but the one it needs; holding exactly that) → what the user gets. The
table is tests/console_matrix.py; the API's own matrix is tests_e2e/access_matrix.csv. This one
checks that the console denies by default before it calls the API at all, and that a page shows
no control its user may not use; a new route fails the first test until it has its row (or is
named public, with the reason)."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.exceptions import HTTPException

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import csrf_of  # noqa: E402
from console_matrix import MATRIX, PUBLIC, address, every_permission, needs  # noqa: E402
from console_matrix_api import IDS, answer_everything, form  # noqa: E402

ROWS = [pytest.param(*row, id=f"{row[0]} {row[1]}") for row in MATRIX]
NEEDS = {(row[0], row[1]): needs(row) for row in MATRIX}
ACCESS_ME = ("GET", "/api/access/me")
POST_FORM = re.compile(r'<form method="post"[^>]*\saction="(/[^"]*)"')
LINK = re.compile(r'<a\b[^>]*\shref="(/[^"]*)"')


def writes(gateway) -> list:
    """The API calls that change something (reading who the user is does not)."""
    return [(m, p) for m, p, _t, _kw in gateway.calls if m != "GET"]


def asked(gateway) -> list:
    """Every API call but the one asking who the user is."""
    return [(m, p) for m, p, _t, _kw in gateway.calls if (m, p) != ACCESS_ME]


def test_every_route_has_its_row_or_is_public(app):
    routes = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule not in PUBLIC
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    rows = [(method, rule) for method, rule, _need, _status in MATRIX]
    assert len(rows) == len(set(rows)), "a route has two rows"
    assert routes == set(rows)
    assert set(PUBLIC) <= {rule.rule for rule in app.url_map.iter_rules()}, "a stale public row"


@pytest.fixture
def send(signed_in, gateway):
    """`send(method, rule)` opens the route as a signed-in user, every answer taught (a POST
    with the one form every route takes as a change)."""
    answer_everything(gateway)
    token = csrf_of(signed_in.get("/login?next=/search").text)
    gateway.calls.clear()  # the log-in

    def opened(method, rule):
        url = address(rule, IDS)
        return signed_in.get(url) if method == "GET" else signed_in.post(url, data=form(token))

    return opened


@pytest.mark.parametrize(("method", "rule", "need", "allowed"), ROWS)
def test_without_what_it_needs_nothing_is_asked(send, gateway, method, rule, need, allowed):
    """Holding nothing: 403 before any API call but "who is this"."""
    gateway.permissions = []
    assert send(method, rule).status_code == 403
    assert asked(gateway) == []


@pytest.mark.parametrize(("method", "rule", "need", "allowed"), ROWS)
def test_everything_else_is_not_enough(send, gateway, method, rule, need, allowed):
    """Holding every permission the matrix names but one the route needs: 403, nothing sent."""
    for missing in needs((method, rule, need, allowed)):
        gateway.permissions = sorted(every_permission() - {missing})
        assert send(method, rule).status_code == 403, missing
        assert writes(gateway) == []


@pytest.mark.parametrize(("method", "rule", "need", "allowed"), ROWS)
def test_with_exactly_what_it_needs_it_opens(app, send, gateway, method, rule, need, allowed):
    gateway.permissions = list(needs((method, rule, need, allowed)))
    answered = send(method, rule)
    assert answered.status_code == allowed, answered.text[:2000]
    if allowed == 302:
        assert "/login" not in answered.headers["Location"]
    if method == "POST":  # the change reached the API
        assert writes(gateway), asked(gateway)
    if answered.status_code == 200 and answered.mimetype == "text/html":
        assert controls_beyond(answered.text, app, gateway.permissions) == []


def controls_beyond(page: str, app, held) -> list[str]:
    """The forms on the page that send a change the user may not make, and the links to a page
    that makes one (Edit, New, Merge, ...). Links to a list or a card (back, cancel) are left
    out: every built-in role that may change a thing may read it."""
    adapter = app.url_map.bind("localhost")
    targets = [("POST", url) for url in POST_FORM.findall(page)]
    targets += [("GET", url) for url in LINK.findall(page)]
    beyond = []
    for method, url in targets:
        try:
            rule, _args = adapter.match(urlsplit(html.unescape(url)).path, method, return_rule=True)
        except HTTPException:  # not a page of the console's (a download's own name, ...)
            continue
        wanted = set(NEEDS.get((method, rule.rule), ()))
        if method == "GET":
            wanted = {p for p in wanted if not p.endswith(".read")}
        if not wanted <= set(held):
            beyond.append(f"{method} {url}")
    return beyond


@pytest.mark.parametrize(("method", "rule", "need", "allowed"), ROWS)
def test_signed_out_is_sent_to_log_in(client, gateway, method, rule, need, allowed):
    if method == "POST":  # signed out there is no session, so no CSRF token to carry either
        client.application.config["WTF_CSRF_ENABLED"] = False
    answered = client.open(address(rule, IDS), method=method)
    assert answered.status_code == 302 and "/login" in answered.headers["Location"]
    assert gateway.calls == []


@pytest.mark.parametrize("rule", PUBLIC)
def test_a_public_page_opens_signed_out_without_asking_the_api(client, gateway, rule):
    answered = client.get(address(rule, {"filename": "console.css"}))
    assert answered.status_code in (200, 302, 405)  # 405: a POST-only one (log out, language)
    if answered.status_code == 302:
        assert answered.headers["Location"].startswith("/login")
    assert gateway.calls == []
