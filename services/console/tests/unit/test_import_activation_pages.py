"""“Send activation to the new accounts” against a fake gateway: the button on a finished
import that made accounts, one request to notify, the counts followed; a refusal shown;
hidden from those without `identity.users.manage`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import answer, csrf_of  # noqa: E402

JOB = "6f1c0f3e-8c1d-4b53-9a43-2f1f0b1c2d3e"
RUN = "0b7e3c52-2f44-4d1a-8d7e-5a1f2b3c4d5e"
DONE_JOB = {
    "id": JOB,
    "filename": "k.csv",
    "kind": "customers",
    "state": "completed",
    "phase": "run",
    "counts": {"run": {"rows": 3, "created": 3}},
    "mapping": {"options": {"create_pending_accounts": True}},
}
RUN_BODY = {
    "id": RUN,
    "import_job_id": JOB,
    "state": "sending",
    "accounts": 3,
    "links_issued": 2,
    "skipped": 1,
    "messages": {"queued": 1, "sending": 0, "sent": 1, "failed": 0},
}


@pytest.fixture
def owner(signed_in, gateway):
    gateway.permissions = ["imports.jobs.read", "imports.jobs.run", "identity.users.manage"]
    gateway.on("GET", f"/api/imports/jobs/{JOB}", 200, DONE_JOB)
    gateway.on("GET", f"/api/notify/activation-runs/{RUN}", 200, RUN_BODY)
    return signed_in


def test_the_button_asks_notify_once_and_the_page_follows_the_counts(owner, gateway):
    page = owner.get(f"/imports/{JOB}")
    assert "Send activation to the new accounts" in page.text
    sent = []
    gateway.routes[("POST", "/api/notify/activation-runs")] = lambda **kw: (
        sent.append(kw["json"]) or answer(202, RUN_BODY)
    )
    response = owner.post(f"/imports/{JOB}/activation", data={"csrf_token": csrf_of(page.text)})
    assert sent == [{"import_job_id": JOB}]
    assert response.headers["Location"] == f"/imports/{JOB}/activation/{RUN}"
    shown = owner.get(response.headers["Location"]).text
    assert f'data-poll-url="/imports/{JOB}/activation/{RUN}/progress.json"' in shown
    assert 'data-live-count="sent" id="count-sent">1<' in shown
    assert 'data-live-count="skipped" id="count-skipped">1<' in shown
    live = owner.get(f"/imports/{JOB}/activation/{RUN}/progress.json").json
    assert live["counts"]["issued"] == 2 and live["counts"]["waiting"] == 1
    assert live["done"] is False


def test_a_finished_run_stops_polling(owner, gateway):
    done = {**RUN_BODY, "state": "done", "messages": {"sent": 2, "failed": 0}}
    gateway.on("GET", f"/api/notify/activation-runs/{RUN}", 200, done)
    shown = owner.get(f"/imports/{JOB}/activation/{RUN}").text
    assert "data-poll-url" not in shown and 'id="count-sent">2<' in shown


def test_notify_knowing_no_accounts_is_said(owner, gateway):
    refusal = {"code": 422, "errors": {"json": {"import_job_id": ["notify knows no account"]}}}
    gateway.on("POST", "/api/notify/activation-runs", 422, refusal)
    page = owner.get(f"/imports/{JOB}")
    response = owner.post(
        f"/imports/{JOB}/activation",
        data={"csrf_token": csrf_of(page.text)},
        follow_redirects=True,
    )
    assert 'role="alert">notify knows no account' in response.text


def test_hidden_and_refused_without_the_permission(owner, gateway):
    gateway.permissions = ["imports.jobs.read", "imports.jobs.run"]
    page = owner.get(f"/imports/{JOB}")
    assert "Send activation" not in page.text
    response = owner.post(f"/imports/{JOB}/activation", data={"csrf_token": csrf_of(page.text)})
    assert response.status_code == 403
    assert owner.get(f"/imports/{JOB}/activation/{RUN}").status_code == 403


def test_no_button_when_the_import_made_no_accounts(owner, gateway):
    gateway.on("GET", f"/api/imports/jobs/{JOB}", 200, {**DONE_JOB, "mapping": {"options": {}}})
    assert "Send activation" not in owner.get(f"/imports/{JOB}").text
