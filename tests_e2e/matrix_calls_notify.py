"""How notify's routes of the access matrix are played (registered into matrix_calls)."""

from __future__ import annotations

from matrix_calls import Call, _json, _person, plays
from matrix_world import unique

DRAFT = {"subject": "Hej {{ person.first_name }}", "text": "{{ body }}", "sms": "{{ body }}"}
TEMPLATE = {"kind": "staff_message", "language": "sv"}


@plays("POST /api/notify/messages")
def _send(world, role, obj):
    # The outsider was seeded first: notify knows them from the registry's events by now.
    return _json({"person_ids": [world.outsider], "subject": "Matrix", "body": "Hej"})


@plays(
    "GET /api/notify/templates/{kind}/{language}",
    "DELETE /api/notify/templates/{kind}/{language}",
)
def _template(world, role, obj):
    return Call(path=dict(TEMPLATE))


@plays("PUT /api/notify/templates/{kind}/{language}")
def _save_template(world, role, obj):
    return _json(DRAFT, **TEMPLATE)


@plays("POST /api/notify/templates/{kind}/preview")
def _preview(world, role, obj):
    return _json({"person_id": world.outsider}, kind="staff_message")


@plays("GET /api/notify/persons/{person_id}/messages")
def _log(world, role, obj):
    return Call(path={"person_id": _person(world, role, obj)})


@plays("POST /api/notify/callbacks/sms")
def _report(world, role, obj):
    return _json({"status": "failed"})  # no signed message_id/token: refused whoever calls


def _import_with_accounts(world) -> tuple[str, str]:
    """An import whose run created a pending account, and a bulk activation of it (once)."""
    content = f"Förnamn;Efternamn;E-post\nBulk;{unique('Matrix')};{unique('bulk')}@example.se\n"
    job_id = world.call(
        "POST",
        "/api/imports/jobs",
        expect=201,
        data={"type": "customers"},
        files={"file": ("bulk.csv", content.encode(), "text/csv")},
    ).json()["job"]["id"]
    mapping = {**world.mapping(), "options": {"create_pending_accounts": True}}
    world.call("PUT", f"/api/imports/jobs/{job_id}/mapping", json=mapping)
    world.call("POST", f"/api/imports/jobs/{job_id}/run", expect=202)

    def started():  # notify learns the import's accounts from identity's event
        answer = world.http.post(
            f"{world.gateway}/api/notify/activation-runs",
            headers=world.owner,
            json={"import_job_id": job_id},
            timeout=10,
        )
        return answer.json()["id"] if answer.status_code == 202 else None

    return job_id, world.eventually(started, timeout=90)


@plays("POST /api/notify/activation-runs")
def _bulk_activation(world, role, obj):
    job_id, _ = world.once("bulk-activation", lambda: _import_with_accounts(world))
    return _json({"import_job_id": job_id})


@plays("GET /api/notify/activation-runs/{run_id}")
def _bulk_activation_progress(world, role, obj):
    _, run_id = world.once("bulk-activation", lambda: _import_with_accounts(world))
    return Call(path={"run_id": run_id})
