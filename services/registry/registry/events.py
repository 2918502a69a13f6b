"""The events and commands the registry publishes: its public contract (docs/events.md).

Each is declared once here, versioned; `make contracts` writes its JSON Schema to contracts/.
"""

from marshmallow import Schema, fields, validate

from foyer_shared.contracts import Declarations
from foyer_shared.messaging import Outbox
from registry.models import messaging

declared = Declarations("registry")
outbox = Outbox(messaging, source="registry")

_Id, _Text, _Int = fields.String, fields.String, fields.Integer
_KIND = validate.OneOf(["person", "company"])


def _ids(**kw):
    return fields.List(fields.String(), required=True, **kw)


class PersonFacts(Schema):
    """What events say about a person: names and contact facts, never the personnummer."""

    first_name = _Text(required=True, allow_none=True)
    last_name = _Text(required=True, allow_none=True)
    email = _Text(required=True, allow_none=True)
    phone = _Text(required=True, allow_none=True)
    company_name = _Text(allow_none=True)  # companies only
    org_number = _Text(allow_none=True)  # companies only
    # How to reach the person, so notify knows it from creation (absent: the register's default)
    mobile_phone = _Text(allow_none=True)
    language = _Text(allow_none=True)
    remind_by_email = fields.Boolean()
    remind_by_sms = fields.Boolean()


class PersonCreated(Schema):
    """A person or company was added to the register (by hand or by an import row)."""

    person_id = _Id(required=True)
    kind = _Text(required=True, validate=_KIND)
    fields = fields.Nested(PersonFacts, required=True)


class PersonsImported(Schema):
    """The persons one import batch's bulk path created, in one event."""

    job_id = _Id(required=True)
    persons = fields.List(fields.Nested(PersonCreated), required=True)


class PersonUpdated(Schema):
    """Fields of a person changed: only those, with their new values (dates as ISO text)."""

    person_id = _Id(required=True)
    kind = _Text(required=True, validate=_KIND)
    changed = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True), required=True)


class PersonsUpdated(Schema):
    """The persons one import batch's set-wise path changed, in one event: each as in
    registry.person.updated (only the changed fields, with their new values)."""

    job_id = _Id(required=True)
    persons = fields.List(fields.Nested(PersonUpdated), required=True)


class PersonDeleted(Schema):
    """A person was erased: every copy of their data goes too."""

    person_id = _Id(required=True)


class PersonsDeleted(Schema):
    """Up to 2,500 persons erased at once (a chunk of an import's undo)."""

    person_ids = _ids()


class PersonMerged(Schema):
    """Two records were one person: references to `removed_id` now belong to `kept_id`."""

    kept_id = _Id(required=True)
    removed_id = _Id(required=True)


class GroupMembershipChanged(Schema):
    """Members or leaders of a group changed: these persons' scopes changed."""

    group_id = _Id(required=True)
    person_ids = _ids()


class FamilyChanged(Schema):
    """A family changed: these persons' family scopes changed."""

    family_id = _Id(required=True)
    person_ids = _ids()


class RowOutcome(Schema):
    row_no = _Int(required=True, allow_none=True)
    outcome = _Text(
        required=True, validate=validate.OneOf(["created", "updated", "unchanged", "error"])
    )
    person_id = _Id(required=True, allow_none=True)  # null: a dry run's person to be created
    error = _Text(required=True, allow_none=True)
    diff = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True))
    duplicate_of_row = _Int()


class ImportBatchProcessed(Schema):
    """The answer to registry.import_batch: every row's outcome (plain creations as pairs)."""

    job_id = _Id(required=True)
    batch_no = _Int(required=True)
    dry_run = fields.Boolean(required=True)
    created_rows = fields.List(fields.List(fields.Raw(allow_none=True)))  # [row_no, person_id]
    outcomes = fields.List(fields.Nested(RowOutcome))
    error = _Text()  # the batch refused whole (then no outcomes)
    # A dry run: statuses the installation lacks and the job has not decided about
    # (create or map), as first written → the batch's rows naming them (issue 23 §11).
    unknown_statuses = fields.Dict(keys=fields.String(), values=fields.Integer())


class KeptPerson(Schema):
    person_id = _Id(required=True)
    reason = _Text(required=True)


class ImportUndoProcessed(Schema):
    """The answer to registry.import_undo, after its last chunk."""

    job_id = _Id(required=True)
    removed = _Int(required=True)
    kept = fields.List(fields.Nested(KeptPerson), required=True)  # at most the first 1,000
    kept_count = _Int()  # all of them; sent since 2026-11, older registries left it out


class ImportUndoProgress(Schema):
    """After each chunk of 500 persons of a long undo (not after the last): counts so far."""

    job_id = _Id(required=True)
    removed = _Int(required=True)
    kept = _Int(required=True)


class ImportUndo(Schema):
    """Undo an import job's persons; the registry sends itself the rest, with the counts so
    far. Sent by imports (the first) and the registry (the rest): declared alike by both."""

    job_id = _Id(required=True)
    removed_so_far = _Int()
    kept_so_far = fields.List(fields.Nested(KeptPerson))
    kept_count_so_far = _Int()


class AccountWanted(Schema):
    person_id = _Id(required=True)
    username = _Text(required=True, allow_none=True)
    email = _Text(required=True, allow_none=True)


class CreateAccounts(Schema):
    """Pending login accounts for the persons an import created (create_pending_accounts)."""

    job_id = _Id(required=True)
    batch_no = _Int(required=True)
    accounts = fields.List(fields.Nested(AccountWanted), required=True)


class ExportPersonalData(Schema):
    """A GDPR export: answer with `<service>.personal_data.exported`."""

    export_id = _Id(required=True)
    person_id = _Id(required=True)


PERSON_CREATED = declared.event("registry.person.created", 1, PersonCreated)
# One per import batch instead of one registry.person.created per row (docs/events.md).
PERSONS_IMPORTED = declared.event("registry.persons.imported", 1, PersonsImported)
PERSON_UPDATED = declared.event("registry.person.updated", 1, PersonUpdated)
# One per import batch instead of one registry.person.updated per changed row (docs/events.md).
PERSONS_UPDATED = declared.event("registry.persons.updated", 1, PersonsUpdated)
PERSON_DELETED = declared.event("registry.person.deleted", 1, PersonDeleted)
# One per chunk of an import's undo instead of one registry.person.deleted each (docs/events.md).
PERSONS_DELETED = declared.event("registry.persons.deleted", 1, PersonsDeleted)
PERSON_MERGED = declared.event("registry.person.merged", 1, PersonMerged)
GROUP_MEMBERSHIP_CHANGED = declared.event(
    "registry.group.membership_changed", 1, GroupMembershipChanged
)
FAMILY_CHANGED = declared.event("registry.family.changed", 1, FamilyChanged)
BATCH_PROCESSED = declared.event("registry.import_batch.processed", 1, ImportBatchProcessed)
UNDO_PROCESSED = declared.event("registry.import_undo.processed", 1, ImportUndoProcessed)
UNDO_PROGRESS = declared.event("registry.import_undo.progress", 1, ImportUndoProgress)
UNDO = declared.command("registry.import_undo", 1, ImportUndo)
CREATE_ACCOUNTS = declared.command("identity.create_accounts", 1, CreateAccounts)
EXPORT_COMMANDS = {
    service: declared.command(f"{service}.export_personal_data", 1, ExportPersonalData)
    for service in ("crm", "identity", "notify", "imports")
}


def export_command(service: str):
    """`<service>.export_personal_data`, sent to each service holding personal data."""
    return EXPORT_COMMANDS[service]
