"""The answer to the registry's `<service>.export_personal_data` command, one shape for all.

Each service holding personal data publishes `<service>.personal_data.exported` in this shape
(docs/registry.md → GDPR export); the registry gathers the parts into one zip. The service
declares it in its own events.py as a subclass whose docstring says what its part holds.
"""

from __future__ import annotations

from marshmallow import Schema, fields


class PersonalDataPart(Schema):
    export_id = fields.String(required=True)
    person_id = fields.String(required=True)
    data = fields.Dict(keys=fields.String(), values=fields.Raw(), required=True)
