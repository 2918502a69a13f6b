"""What imports publishes and sends (its public contract, docs/events.md) and what it consumes.

Each message it sends is declared once here, versioned; `make contracts` writes its JSON Schema
to contracts/.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from foyer_shared.contracts import Declarations
from foyer_shared.contracts.personal_data import PersonalDataPart
from foyer_shared.messaging import Outbox
from imports.models import messaging

declared = Declarations("imports")
outbox = Outbox(messaging, source="imports")

_Row = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True))


class ImportBatch(Schema):
    """Apply (or, in a dry run, judge) one batch of an import's rows; answered by
    registry.import_batch.processed. (`job_id`, `batch_no`) names one command: apply it once."""

    job_id = fields.String(required=True)
    batch_no = fields.Integer(required=True)
    previous_batch_no = fields.Integer(allow_none=True)
    after_batches = fields.List(fields.Integer())
    kind = fields.String(
        validate=validate.OneOf(["customers", "groups", "group_members", "statuses"])
    )
    dry_run = fields.Boolean()
    mode = fields.String(
        required=True,
        validate=validate.OneOf(["create_only", "update_existing", "create_or_update"]),
    )
    match_on = fields.String(
        required=True, validate=validate.OneOf(["personnummer", "email", "external_number"])
    )
    options = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True), required=True)
    rows = fields.List(_Row, required=True)  # {row_no, field: value...}, docs/events.md
    earlier_rows = fields.List(_Row)  # dry runs only


class KeptPerson(Schema):
    person_id = fields.String(required=True)
    reason = fields.String(required=True)


class ImportUndo(Schema):
    """Undo an import job's persons; the registry sends itself the rest, with the counts so
    far. Sent by imports (the first) and the registry (the rest): declared alike by both."""

    job_id = fields.String(required=True)
    removed_so_far = fields.Integer()
    kept_so_far = fields.List(fields.Nested(KeptPerson))
    kept_count_so_far = fields.Integer()


class JobCompleted(Schema):
    """An import's run finished; `counts` as the job shows them."""

    job_id = fields.String(required=True)
    kind = fields.String(required=True)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    created_by = fields.String(allow_none=True)  # the uploader's user id: notify tells them


class JobFailed(Schema):
    """An import's dry run or run failed; `reason` in plain words, `counts` so far."""

    job_id = fields.String(required=True)
    kind = fields.String(required=True)
    phase = fields.String(required=True, allow_none=True)
    reason = fields.String(required=True)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    created_by = fields.String(allow_none=True)  # the uploader's user id: notify tells them


class PersonalDataExported(PersonalDataPart):
    """imports' part of a GDPR export: the person's rows of each import file."""


# Commands imports sends.
IMPORT_BATCH = declared.command("registry.import_batch", 1, ImportBatch)
IMPORT_UNDO = declared.command("registry.import_undo", 1, ImportUndo)
# Events imports publishes.
JOB_COMPLETED = declared.event("imports.job.completed", 1, JobCompleted)
JOB_FAILED = declared.event("imports.job.failed", 1, JobFailed)
PERSONAL_DATA_EXPORTED = declared.event("imports.personal_data.exported", 1, PersonalDataExported)
# What it consumes (other services' contracts, in contracts/).
BATCH_PROCESSED = "registry.import_batch.processed"
UNDO_PROCESSED = "registry.import_undo.processed"
UNDO_PROGRESS = "registry.import_undo.progress"
EXPORT_PERSONAL_DATA = "imports.export_personal_data"
