"""GDPR export: commands to every service, parts back as events, zip, missing services named."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

from registry_testing import EXPORT_SERVICES, answer_export

from foyer_shared import contracts
from foyer_shared.db import utcnow
from foyer_shared.messaging import EVENTS_EXCHANGE
from foyer_testing import publish_envelope, running, wait_until
from registry.use_cases import exports
from registry.worker import events_consumer

SERVICES = EXPORT_SERVICES


def start(api, person):
    response = api.post(f"/persons/{person['id']}/exports")
    assert response.status_code == 202, response.json
    return response.json


def unzip(response) -> dict[str, str]:
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    return {name: archive.read(name).decode() for name in archive.namelist()}


def test_export_asks_every_service_and_assembles_the_zip(api, db, outbox):
    person = api.person(email="asa@x.se", city="Lund")
    export = start(api, person)
    assert export["status"] == "pending"
    commands = {s: outbox(f"{s}.export_personal_data") for s in SERVICES}
    assert all(
        c == [{"export_id": export["id"], "person_id": person["id"]}] for c in commands.values()
    )
    assert api.get(f"/exports/{export['id']}/download").status_code == 409
    for service in SERVICES:
        answer_export(db, service, export["id"], person["id"], {f"{service}_rows": [{"x": 1}]})
    shown = api.get(f"/exports/{export['id']}").json
    assert (shown["status"], shown["missing"], shown["answered"]) == (
        "complete",
        [],
        sorted(SERVICES),
    )
    files = unzip(api.get(f"/exports/{export['id']}/download"))
    assert set(files) == {"registry.json", "summary.txt", *(f"{s}.json" for s in SERVICES)}
    registry_part = json.loads(files["registry.json"])
    assert registry_part["person"]["city"] == "Lund"
    assert {c["field"] for c in registry_part["changes"]} >= {"email", "city"}
    assert json.loads(files["crm.json"]) == {"crm_rows": [{"x": 1}]}
    assert "MISSING" not in files["summary.txt"] and "Åsa Lindström" in files["summary.txt"]


def test_a_service_that_does_not_answer_in_time_is_named_missing(api, db):
    person = api.person()
    export = start(api, person)
    answer_export(db, "crm", export["id"], person["id"], {"contacts": []})
    assert exports.finish_overdue(db, SERVICES) == 0  # deadline not reached yet
    later = utcnow() + timedelta(seconds=5)  # the test settings give 1 s
    assert exports.finish_overdue(db, SERVICES, now=later) == 1
    shown = api.get(f"/exports/{export['id']}").json
    assert shown["status"] == "complete"
    assert shown["missing"] == ["identity", "notify", "imports"]
    files = unzip(api.get(f"/exports/{export['id']}/download"))
    assert "crm.json" in files and "notify.json" not in files
    assert "MISSING" in files["summary.txt"] and "- imports" in files["summary.txt"]
    # A late answer does not change a finished export.
    answer_export(db, "notify", export["id"], person["id"], {"messages": []})
    assert api.get(f"/exports/{export['id']}").json["missing"] == ["identity", "notify", "imports"]


def test_export_of_unknown_person_or_export_is_404_and_needs_permission(api):
    missing = "00000000-0000-4000-8000-000000000000"
    assert api.post(f"/persons/{missing}/exports").status_code == 404
    assert api.get(f"/exports/{missing}").status_code == 404
    person = api.person()
    assert api.as_("trainer").post(f"/persons/{person['id']}/exports").status_code == 403


def test_a_part_arrives_through_rabbitmq(settings, db, api):
    person = api.person()
    export = start(api, person)
    envelope = contracts.envelope(
        "crm.personal_data.exported",
        export_id=export["id"],
        person_id=person["id"],
        data={"contacts": []},
    )
    with running(events_consumer(settings, db), settings.amqp_url):
        publish_envelope(settings.amqp_url, EVENTS_EXCHANGE, envelope)
        wait_until(lambda: api.get(f"/exports/{export['id']}").json["answered"] == ["crm"])
