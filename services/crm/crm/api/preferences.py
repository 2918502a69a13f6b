"""The CRM's settings: read by the sales team, changed by owners and administrators."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from crm.api.common import actor, as_text
from crm.use_cases import preferences
from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.fields import SingleLine
from foyer_shared.service import current_db

blp = Blueprint("settings", __name__, url_prefix="/settings", description="CRM settings")

_ROLE = {"validate": validate.Length(min=1, max=100)}


class SettingsOut(Schema):
    responsible_role = fields.String(
        allow_none=True,
        metadata={"description": "holders may be responsible or assignee; null: every staff"},
    )
    auto_link_customers = fields.Boolean(
        metadata={"description": "persons with an e-mail holding customer_role become customers"}
    )
    customer_role = fields.String(metadata={"example": "member"})
    trial_prospects = fields.Boolean(
        metadata={"description": "trial bookers (booking.trial_booked) become tagged prospects"}
    )
    trial_tag_id = fields.String(allow_none=True)
    trial_history_type_id = fields.String(allow_none=True)
    timezone = fields.String(metadata={"example": "Europe/Stockholm"})
    updated_by = fields.String(allow_none=True)
    updated_at = fields.DateTime()


class SettingsPatch(Schema):
    responsible_role = SingleLine(allow_none=True, **_ROLE)
    auto_link_customers = fields.Boolean()
    customer_role = SingleLine(**_ROLE)
    trial_prospects = fields.Boolean()
    trial_tag_id = fields.UUID(allow_none=True)
    trial_history_type_id = fields.UUID(allow_none=True)
    timezone = SingleLine(validate=validate.Length(min=1, max=64))


@blp.route("")
class Settings(MethodView):
    @requires("crm.contacts.read")
    @blp.response(200, SettingsOut)
    def get(self):
        """Show the CRM's settings"""
        return preferences.get_settings(current_db())

    @requires("crm.settings.write")
    @blp.arguments(SettingsPatch, example={"responsible_role": "manager"})
    @blp.response(200, SettingsOut)
    def patch(self, changes):
        """Change some of the settings (the fields given)"""
        return preferences.change_settings(current_db(), actor(), as_text(changes))
