"""The confidential journal on a person's card (issue 23 §5): encrypted at rest, read with its
own permission, every read in the read log."""

from flask import current_app
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from foyer_shared.access import requires
from foyer_shared.fields import FreeText
from registry import permissions as P
from registry.api.common import actor, read_log, unit_of_work
from registry.api.versions import VersionedBlueprint
from registry.use_cases import journal

blp = VersionedBlueprint("journal", __name__, description="Confidential journal per person")


class EntryIn(Schema):
    text = FreeText(
        required=True,
        validate=validate.Length(min=1, max=journal.TEXT_MAX),
        metadata={"example": "Talked about the knee injury; the trainer knows."},
    )


class EntryOut(Schema):
    id = fields.String()
    author = fields.String(metadata={"example": "user id"})
    written_at = fields.DateTime()
    text = fields.String(metadata={"example": "Talked about the knee injury; the trainer knows."})


def keyring():
    return current_app.extensions.get("registry.journal_keys")


@blp.route("/persons/<uuid:person_id>/journal")
class PersonJournal(MethodView):
    @requires(P.JOURNAL_READ)
    @blp.response(200, EntryOut(many=True))
    @blp.alt_response(503, description="the journal's keys are not configured")
    def get(self, person_id):
        """The person's journal entries, oldest first (the read is in the read log)"""
        return journal.read_entries(unit_of_work(), actor(), keyring(), str(person_id), read_log())

    @requires(P.JOURNAL_WRITE)
    @blp.arguments(EntryIn, example={"text": "Talked about the knee injury; the trainer knows."})
    @blp.response(201, EntryOut)
    @blp.alt_response(503, description="the journal's keys are not configured")
    def post(self, data, person_id):
        """Write a journal entry (encrypted before it is stored)"""
        return journal.write_entry(unit_of_work(), actor(), keyring(), str(person_id), data["text"])
