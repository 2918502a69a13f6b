"""PersonOut's JSON made without marshmallow, for the person GET (issue 24 §1).

The schema stays the documented contract (OpenAPI) and the dump every other route uses; this
is the read path's copy of what its dump gives, at a fraction of the CPU (a dump walked ~40
fields through marshmallow's machinery on every GET). tests/api/test_person_json.py proves
the two equal for a fully filled person.
"""

from __future__ import annotations

import datetime

from flask import Response, jsonify

from registry.api.schemas import PersonOut
from registry.models.person import display_name_of

# (key in the JSON, attribute read): what PersonOut dumps, in its order.
_FIELDS = tuple(
    (field.data_key or name, field.attribute or name)
    for name, field in PersonOut().dump_fields.items()
)


def person_json(card: dict) -> dict:
    """PersonOut().dump() of a card (use_cases/persons.read_card): keys it lacks are left
    out, as marshmallow leaves out attributes an object lacks; dates as ISO text."""
    card = {**card, "display_name": display_name_of(card)}
    out = {}
    for key, attribute in _FIELDS:
        if attribute in card:
            value = card[attribute]
            out[key] = value.isoformat() if isinstance(value, datetime.date) else value
    return out


def person_response(card: dict) -> Response:
    return jsonify(person_json(card))
