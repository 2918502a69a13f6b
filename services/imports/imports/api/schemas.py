"""Request and response shapes for jobs and mappings (marshmallow), with examples."""

from flask_smorest.fields import Upload
from marshmallow import RAISE, Schema, fields, validate

from foyer_shared.fields import FreeText, SingleLine
from imports.domain.fields import KINDS, MATCH_ON, MODES, OPTIONS, YES_NO_OPTIONS
from imports.domain.reading.encoding import ENCODINGS

JOB_ID = "6f1c0f3e-8c1d-4b53-9a43-2f1f0b1c2d3e"
# A column is named as the file's header names it: a header cell may hold a line break.
COLUMN = FreeText()
COLUMNS_EXAMPLE = {
    "Förnamn": "first_name",
    "Efternamn": "last_name",
    "E-post": "email",
    "Personnummer": "personnummer",
    "Telefon": None,
}


class UploadForm(Schema):
    type = fields.String(
        required=True, validate=validate.OneOf(list(KINDS)), metadata={"example": "customers"}
    )
    sheet = SingleLine(metadata={"description": "XLSX: the sheet to read (default: first)"})


class UploadFile(Schema):
    file = Upload(required=True, metadata={"description": "CSV (any delimiter/encoding) or XLSX"})


class Options(Schema):
    class Meta:
        unknown = RAISE

    set_aside_without_personnummer = fields.Boolean(load_default=False)
    create_pending_accounts = fields.Boolean(load_default=False)
    create_missing_statuses = fields.Boolean(
        load_default=False,
        metadata={"description": "create every status the file names that does not exist"},
    )
    create_statuses = fields.List(
        SingleLine(validate=validate.Length(min=1, max=120)),
        metadata={
            "description": "create these of the file's unknown statuses (the dry run's "
            "unknown_statuses lists them), compared in any case",
            "example": ["Guld"],
        },
    )
    status_values = fields.Dict(
        keys=SingleLine(validate=validate.Length(min=1, max=120)),
        values=SingleLine(validate=validate.Length(min=1, max=120)),
        metadata={
            "description": "a status value as the file writes it → the existing status it "
            "stands for (compared in any case); a name that does not exist is unknown in "
            "the next dry run",
            "example": {"Guldkund": "VIP"},
        },
    )


class MappingIn(Schema):
    mapping_id = SingleLine(
        metadata={"description": "start from this saved mapping; fields given here override it"}
    )
    columns = fields.Dict(
        keys=COLUMN,
        values=SingleLine(allow_none=True),
        metadata={"example": COLUMNS_EXAMPLE, "description": "required unless mapping_id is given"},
    )
    mode = fields.String(
        validate=validate.OneOf(MODES), metadata={"description": "default create_or_update"}
    )
    match_on = fields.String(
        validate=validate.OneOf(MATCH_ON), metadata={"description": "default personnummer"}
    )
    options = fields.Nested(Options)
    sheet = SingleLine(metadata={"description": "XLSX: read another sheet"})
    header_row = fields.Integer(validate=validate.Range(min=1))
    encoding = fields.String(
        validate=validate.OneOf(ENCODINGS),
        metadata={
            "description": "CSV: read the file in this encoding instead of the one detected (when "
            "the preview shows letters wrong, e.g. Pøíjmení for Příjmení); the "
            "header is read again, so name the columns as they read in it",
            "example": "windows-1250",
        },
    )
    save_as = SingleLine(
        validate=validate.Length(min=1, max=120),
        metadata={"description": "also save this mapping under a name"},
    )


class SavedMappingIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(list(KINDS)))
    name = SingleLine(required=True, validate=validate.Length(min=1, max=120))
    columns = fields.Dict(
        keys=COLUMN,
        values=SingleLine(allow_none=True),
        required=True,
        metadata={"example": COLUMNS_EXAMPLE},
    )
    mode = fields.String(validate=validate.OneOf(MODES), load_default="create_or_update")
    match_on = fields.String(validate=validate.OneOf(MATCH_ON), load_default="personnummer")
    options = fields.Nested(Options, load_default=dict)


class SavedMappingOut(Schema):
    id = fields.String(metadata={"example": JOB_ID})
    kind = fields.String(metadata={"example": "customers"})
    name = fields.String(metadata={"example": "Export från gamla kassan"})
    mapping = fields.Dict(
        metadata={
            "example": {
                "columns": COLUMNS_EXAMPLE,
                "mode": "create_or_update",
                "match_on": "personnummer",
                "options": {},
            }
        }
    )


class JobOut(Schema):
    id = fields.String(dump_only=True, metadata={"example": JOB_ID})
    kind = fields.String(dump_only=True, metadata={"example": "customers"})
    filename = fields.String(dump_only=True, metadata={"example": "medlemmar-2019.csv"})
    state = fields.String(dump_only=True, metadata={"example": "uploaded"})
    created_at = fields.DateTime(dump_only=True)
    started_at = fields.DateTime(
        dump_only=True,
        allow_none=True,
        metadata={
            "description": "When the worker started the current dry run or run (null while queued)",
            "example": "2026-11-30T08:00:01.250000+00:00",
        },
    )
    finished_at = fields.DateTime(
        dump_only=True,
        allow_none=True,
        metadata={
            "description": "When the current dry run or run finished (null until then)",
            "example": "2026-11-30T08:00:09.870000+00:00",
        },
    )
    file_format = fields.String(dump_only=True, data_key="format", metadata={"example": "csv"})
    encoding = fields.String(dump_only=True, metadata={"example": "utf-8-sig"})
    delimiter = fields.String(dump_only=True, metadata={"example": ";"})
    sheets = fields.List(fields.String(), dump_only=True, metadata={"example": []})
    sheet = fields.String(dump_only=True, allow_none=True)
    header_row = fields.Integer(dump_only=True, metadata={"example": 1})
    header = fields.List(
        fields.String(), dump_only=True, metadata={"example": ["Förnamn", "Efternamn", "E-post"]}
    )
    total_rows = fields.Integer(dump_only=True, allow_none=True, metadata={"example": 80})
    mapping = fields.Dict(dump_only=True, allow_none=True)
    phase = fields.String(dump_only=True, allow_none=True, metadata={"example": "run"})
    counts = fields.Method(
        "_counts",
        dump_only=True,
        metadata={
            "type": "object",
            "example": {"run": {"rows": 80, "errors": 3}},
        },
    )
    unknown_statuses = fields.Method(
        "_unknown_statuses",
        dump_only=True,
        metadata={
            "type": "array",
            "description": "After a dry run: the status values of the file the installation "
            "does not have and the job has not decided about, once each with the rows naming "
            "them. Their rows are judged as if the status were created (not refused one by "
            "one). Decide in PUT /jobs/{id}/mapping: options.create_statuses (create them) or "
            "options.status_values (value → an existing status); a run refuses the rows of a "
            "value still undecided.",
            "example": [{"value": "Guld", "rows": 312, "choices": ["create", "map"]}],
        },
    )
    failure = fields.String(dump_only=True, allow_none=True)
    undo_result = fields.Dict(
        dump_only=True,
        allow_none=True,
        metadata={
            "description": "After an undo: `removed` (count), `kept` (the persons kept, with the "
            "reason: changed since the import, or a deletion blocker; at most the "
            "first 1,000) and `kept_count` (all of them)",
            "example": {
                "removed": 39870,
                "kept_count": 1,
                "kept": [{"person_id": JOB_ID, "reason": "changed since the import"}],
            },
        },
    )

    def _counts(self, job) -> dict:
        return {k: v for k, v in (job.counts or {}).items() if k != "unknown_statuses"}

    def _unknown_statuses(self, job) -> list[dict]:
        found = (job.counts or {}).get("unknown_statuses") or {}
        return [
            {"value": value, "rows": rows, "choices": ["create", "map"]}
            for value, rows in sorted(found.items(), key=lambda item: (-item[1], item[0]))
        ]


class UploadOut(Schema):
    job = fields.Nested(JobOut)
    header = fields.List(fields.String(), metadata={"example": ["Förnamn", "E-post"]})
    rows = fields.List(
        fields.List(fields.String()), metadata={"example": [["Anders", "anders@example.se"]]}
    )
    suggested_mapping = fields.Dict(
        metadata={"example": {"Förnamn": "first_name", "E-post": "email"}}
    )
    suggestion = fields.Dict(
        metadata={
            "description": "Per column, why it was suggested: `matched` is the part of the "
            "header that is a known name of `field` (a header joining two names, "
            '"E-mail (login)", maps through its first known part); `note` says why a '
            "look-alike column (a Danish CPR number) is left unmapped.",
            "example": {
                "Förnamn": {"field": "first_name", "matched": "Förnamn", "note": None},
                "E-mail (login)": {"field": "email", "matched": "E-mail", "note": None},
            },
        }
    )
    saved_mappings = fields.List(fields.Dict(), metadata={"example": []})


class Progress(Schema):
    """Of the dry run or run in progress (or last done); while an undo runs (undo_requested),
    of the undo: rows_total is the persons the run created, rows_done those removed or kept."""

    rows_total = fields.Integer(metadata={"example": 100000})
    rows_done = fields.Integer(metadata={"example": 42000})
    rows_per_second = fields.Float(allow_none=True, metadata={"example": 12000.0})
    eta_seconds = fields.Float(allow_none=True, metadata={"example": 4.8})
    waiting_for_registry_seconds = fields.Integer(
        allow_none=True,
        metadata={
            "description": "Set when the registry has not answered for a minute or more (it is "
            "down or busy): the import goes on by itself when it answers; nothing "
            "is lost. The estimate of time left is then null.",
            "example": None,
        },
    )


class JobDetailOut(JobOut):
    progress = fields.Nested(Progress, dump_only=True)


class OutcomeOut(Schema):
    row_no = fields.Integer(metadata={"example": 12})
    outcome = fields.String(metadata={"example": "updated"})
    person_id = fields.String(allow_none=True)
    error = fields.String(allow_none=True)
    diff = fields.Dict(allow_none=True, metadata={"example": {"email": ["a@x.se", "b@x.se"]}})
    duplicate_of_row = fields.Integer(
        allow_none=True,
        metadata={
            "description": "An earlier row of the file has the same e-mail (this row is imported "
            "with a username made from its name; members of one household may share "
            "an e-mail) or the same personnummer (this row updates the person that "
            "row created). Check whether the two rows are the same person.",
            "example": None,
        },
    )


class OutcomeQuery(Schema):
    phase = fields.String(validate=validate.OneOf(["dry_run", "run"]), load_default="dry_run")
    outcome = SingleLine(metadata={"example": "updated"})
    duplicates = fields.Boolean(
        metadata={
            "description": "Only the rows that repeat an earlier row's e-mail or personnummer "
            "(for review): as many as the counts' duplicates_in_file",
            "example": True,
        }
    )


class FieldsOut(Schema):
    """GET /fields: imports' own catalogue (imports.domain.fields), so no client keeps a copy."""

    kinds = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={
            "description": "the fields each kind of import can fill, in the wizard's order",
            "example": {"groups": ["name", "description", "external_number"]},
        },
    )
    required = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={
            "description": "fields a row of that kind cannot do without (customers: see "
            "docs/imports.md)",
            "example": {"groups": ["name"]},
        },
    )
    modes = fields.List(fields.String(), metadata={"example": list(MODES)})
    match_on = fields.List(fields.String(), metadata={"example": list(MATCH_ON)})
    options = fields.List(
        fields.String(),
        metadata={"description": "every option a mapping takes", "example": list(OPTIONS)},
    )
    yes_no_options = fields.List(
        fields.String(),
        metadata={
            "description": "the options that are a yes or no (the others carry values)",
            "example": list(YES_NO_OPTIONS),
        },
    )
    extra_field_prefix = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata={
            "description": "kinds whose columns may also fill one of the registry's extended "
            "fields: the prefix of its key (`extra_fields.level`); the registry checks the key "
            "and each value as it stores them",
            "example": {"customers": "extra_fields."},
        },
    )
