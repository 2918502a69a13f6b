"""Request and response shapes for statuses, interests, groups, families, relations, fields."""

from marshmallow import Schema, fields, validate

from foyer_shared.fields import FreeText, SingleLine
from registry.domain.field_types import CONTEXTS, TYPES
from registry.domain.relation_types import RELATION_TYPES
from registry.models.family import RIGHTS

NAME = validate.Length(min=1, max=100)


class Named(Schema):
    id = fields.String(dump_only=True)
    name = SingleLine(required=True, validate=NAME, metadata={"example": "VIP"})


class GroupIn(Schema):
    name = SingleLine(required=True, validate=NAME, metadata={"example": "P12 fotboll"})
    description = FreeText(allow_none=True, validate=validate.Length(max=2000))
    kind = fields.String(load_default="group", validate=validate.OneOf(["group", "team"]))


class GroupPatch(GroupIn):
    pass


class GroupPerson(Schema):
    person_id = fields.String(metadata={"example": "6f1c0f3e-8c1d-4b53-9a43-2f1f0b1c2d3e"})
    name = fields.String(metadata={"example": "Åsa Lindström"})
    role = fields.String(metadata={"example": "member"})


class GroupListed(GroupIn):
    """A group as listed, created or renamed: who is in it is GET /groups/{id}'s."""

    id = fields.String(dump_only=True)


class GroupOut(GroupListed):
    leaders = fields.List(
        fields.Nested(GroupPerson),
        dump_only=True,
        metadata={
            "description": "the first 100 by name; all: GET /groups/{id}/members?role=leader"
        },
    )
    members = fields.List(
        fields.Nested(GroupPerson),
        dump_only=True,
        metadata={
            "description": "the first 100 by name; all, page by page: GET /groups/{id}/members"
        },
    )
    leader_count = fields.Integer(dump_only=True, metadata={"example": 2})
    member_count = fields.Integer(dump_only=True, metadata={"example": 18})


class MembershipIn(Schema):
    person_id = fields.UUID(required=True)
    role = fields.String(load_default="member", validate=validate.OneOf(["member", "leader"]))


class RoleQuery(Schema):
    role = fields.String(load_default="member", validate=validate.OneOf(["member", "leader"]))


RIGHTS_FIELD = fields.List(
    fields.String(validate=validate.OneOf(RIGHTS)),
    load_default=list,
    metadata={"example": ["view", "book"]},
)


class FamilyMemberIn(Schema):
    person_id = fields.UUID(required=True)
    rights = RIGHTS_FIELD


class FamilyIn(Schema):
    name = SingleLine(required=True, validate=NAME, metadata={"example": "Familjen Lindström"})
    head_id = fields.UUID(required=True)
    members = fields.List(fields.Nested(FamilyMemberIn), load_default=list)


class FamilyMemberPatch(Schema):
    rights = fields.List(fields.String(validate=validate.OneOf(RIGHTS)))
    is_head = fields.Boolean(validate=validate.Equal(True, error="set another member as head"))


class FamilyMemberOut(Schema):
    person_id = fields.String()
    name = fields.String()
    is_head = fields.Boolean()
    rights = fields.List(fields.String())


class FamilyOut(Schema):
    id = fields.String()
    name = fields.String()
    members = fields.List(fields.Nested(FamilyMemberOut))


class RelationIn(Schema):
    to_person_id = fields.UUID(required=True)
    type = fields.String(required=True, validate=validate.OneOf(sorted(RELATION_TYPES)))


class RelationOut(Schema):
    id = fields.String()
    type = fields.String(metadata={"example": "parent"})
    person_id = fields.String()
    label = fields.String(metadata={"example": "parent of"})


class RelationTypeOut(Schema):
    type = fields.String()
    label = fields.String()
    reverse_label = fields.String()


class InterestsIn(Schema):
    interest_ids = fields.List(SingleLine(), required=True)


class FieldIn(Schema):
    key = fields.String(
        required=True,
        validate=validate.Regexp(r"^[a-z][a-z0-9_]{0,63}$"),
        metadata={"example": "tshirt_size"},
    )
    label = SingleLine(required=True, validate=validate.Length(min=1, max=200))
    type = fields.String(required=True, validate=validate.OneOf(TYPES))
    options = fields.List(SingleLine(), load_default=list)
    required_in = fields.List(fields.String(validate=validate.OneOf(CONTEXTS)), load_default=list)
    staff_only = fields.Boolean(load_default=False)


class FieldOut(FieldIn):
    id = fields.String(dump_only=True)
