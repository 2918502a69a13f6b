"""How notify's routes of the access matrix are played (registered into matrix_calls)."""

from __future__ import annotations

from matrix_calls import Call, _json, _person, plays

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
