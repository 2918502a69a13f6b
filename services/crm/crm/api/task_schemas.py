"""Request and response shapes of to-dos and history entries."""

from marshmallow import Schema, fields, validate

from crm.api.schemas import EXAMPLE_ID, TagRef
from crm.domain.tasks import ALL, CLOSED, KINDS, OPEN
from foyer_shared.fields import AwareDateTime, FreeText, SingleLine

_USER = {"validate": validate.Length(min=1, max=100)}
_NOTE = {"validate": validate.Length(max=10_000), "allow_none": True}


def _when(**kwargs):
    """ISO 8601 with its zone (`Z` or `+01:00`); one without is refused, not guessed."""
    return AwareDateTime(**kwargs)


class TaskOut(Schema):
    id = fields.String(metadata={"example": EXAMPLE_ID})
    kind = fields.String(metadata={"example": "person"})
    contact_id = fields.String(allow_none=True)
    created_by = fields.String()
    assignee_user_id = fields.String()
    type_id = fields.String(allow_none=True)
    type = fields.Nested(TagRef, allow_none=True)
    note = fields.String(allow_none=True)
    remind_at = fields.DateTime(allow_none=True)
    reminded_at = fields.DateTime(allow_none=True)
    state = fields.String(
        metadata={"description": "red: overdue, blue: today, white: later or none, done: closed"}
    )
    closed_at = fields.DateTime(allow_none=True)
    closed_by = fields.String(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class TaskPatch(Schema):
    assignee_user_id = SingleLine(**_USER)
    type_id = fields.UUID(allow_none=True)
    note = FreeText(**_NOTE)
    remind_at = _when(allow_none=True)


class TaskIn(TaskPatch):
    kind = fields.String(load_default="private", validate=validate.OneOf(KINDS))
    contact_id = fields.UUID(allow_none=True, metadata={"description": "the card (not private)"})


class TaskQuery(Schema):
    assignee_user_id = SingleLine(
        load_default=None, metadata={"description": "whose to-dos (default: the caller's)"}, **_USER
    )
    contact_id = fields.UUID(load_default=None)
    state = fields.String(load_default=OPEN, validate=validate.OneOf((OPEN, CLOSED, ALL)))


class HistoryIn(Schema):
    type_id = fields.UUID(allow_none=True, metadata={"description": "a history event type"})
    note = FreeText(**_NOTE)
    occurred_at = _when(metadata={"description": "default: now"})


class HistoryOut(Schema):
    id = fields.String(metadata={"example": EXAMPLE_ID})
    contact_id = fields.String()
    type_id = fields.String(allow_none=True)
    type = fields.Nested(TagRef, allow_none=True)
    note = fields.String(allow_none=True)
    written_by = fields.String()
    occurred_at = fields.DateTime()
    source = fields.String(metadata={"description": "staff, task or trial_booking"})
    task_id = fields.String(allow_none=True)
    created_at = fields.DateTime()


class NextTaskIn(TaskPatch):
    """The next to-do about the same card; unset fields are the closed to-do's."""


class CloseIn(Schema):
    history = fields.Nested(HistoryIn, metadata={"description": "write this on the card"})
    next = fields.Nested(NextTaskIn, metadata={"description": "and chain this to-do"})


class CloseOut(Schema):
    task = fields.Nested(TaskOut)
    next = fields.Nested(TaskOut, allow_none=True)
    history_entry = fields.Nested(HistoryOut, allow_none=True)


class BadgeOut(Schema):
    user_id = fields.String()
    count = fields.Integer(metadata={"description": "open to-dos due today or overdue"})


class AssigneeOut(Schema):
    assignee_user_id = fields.String()
    open = fields.Integer()
    due = fields.Integer(metadata={"description": "due today or overdue"})
