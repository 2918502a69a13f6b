"""Contracts: generated from declarations, compared with what is committed, breaking changes
refused without a new version, examples built from the committed schema."""

from __future__ import annotations

import jsonschema
import pytest
from marshmallow import Schema, fields

from foyer_shared import contracts
from foyer_shared.contracts import BreakingChange, ContractViolation, Declarations
from foyer_shared.messaging import Outbox, messaging_tables


class ThingHappened(Schema):
    """Something happened to a thing."""

    thing_id = fields.String(required=True)
    size = fields.Integer(required=True)
    note = fields.String(allow_none=True)


def declared(schema=ThingHappened, version=1, keep=()) -> Declarations:
    out = Declarations("tests")
    for old_schema, old_version in keep:
        out.event("tests.thing.happened", old_version, old_schema)
    out.event("tests.thing.happened", version, schema)
    return out


def changed(**fields_) -> type[Schema]:
    """A copy of ThingHappened with some fields replaced (None: removed)."""
    current = {name: field for name, field in ThingHappened._declared_fields.items()}
    current.update(fields_)
    return Schema.from_dict(
        {k: v for k, v in current.items() if v is not None}, name="ThingHappened"
    )


@pytest.fixture
def folder(tmp_path):
    contracts.write([declared()], tmp_path)
    return tmp_path


def test_the_committed_file_is_the_declarations_json_schema(folder):
    schema = contracts.committed("tests.thing.happened", 1, folder)
    assert schema["x-version"] == 1 and schema["x-publishers"] == ["tests"]
    assert schema["required"] == ["size", "thing_id"]
    assert schema["properties"]["note"]["type"] == ["string", "null"]
    assert contracts.problems([declared()], folder) == []


@pytest.mark.parametrize(
    "breaking, words",
    [
        (changed(size=None), "size removed"),
        (changed(size=None, bulk=fields.Integer(required=True)), "size removed"),  # renamed
        (changed(size=fields.String(required=True)), "size retyped"),
        (changed(colour=fields.String(required=True)), "colour is newly required"),
        (changed(note=fields.String(required=True, allow_none=True)), "note is newly required"),
        (changed(thing_id=fields.String(required=True, allow_none=True)), "thing_id retyped"),
    ],
)
def test_a_breaking_change_fails_unless_the_version_goes_up(folder, breaking, words):
    found = contracts.problems([declared(breaking)], folder)
    assert len(found) == 1 and "breaking change without a new version" in found[0]
    assert words in found[0]
    with pytest.raises(BreakingChange, match=words):
        contracts.write([declared(breaking)], folder)
    # Version 2, the old one kept for a release: generated, and then nothing to say.
    bumped = declared(breaking, version=2, keep=[(ThingHappened, 1)])
    assert contracts.problems([bumped], folder) == [
        f"tests.thing.happened.v2.json: not in contracts/; {contracts.checks.HOW_TO_FIX}"
    ]
    contracts.write([bumped], folder)
    assert contracts.problems([bumped], folder) == []


def test_a_new_optional_field_is_not_breaking_but_must_be_regenerated(folder):
    wider = declared(changed(colour=fields.String()))
    assert contracts.problems([wider], folder) == [
        f"tests.thing.happened.v1.json: out of date; {contracts.checks.HOW_TO_FIX}"
    ]
    contracts.write([wider], folder)
    assert contracts.problems([wider], folder) == []


def test_a_contract_nobody_declares_any_more_is_stale(folder):
    assert contracts.problems([Declarations("tests")], folder) == [
        f"tests.thing.happened.v1.json: no declaration publishes it any more; "
        f"{contracts.checks.HOW_TO_FIX}"
    ]


def test_two_services_sending_one_command_must_declare_it_alike(tmp_path):
    first, second = Declarations("one"), Declarations("two")
    first.command("one.do_it", 1, ThingHappened)
    second.command("one.do_it", 1, ThingHappened)
    contracts.write([first, second], tmp_path)
    assert contracts.committed("one.do_it", 1, tmp_path)["x-publishers"] == ["one", "two"]
    other = Declarations("two")
    other.command("one.do_it", 1, changed(size=None))
    with pytest.raises(ValueError, match="declare it differently"):
        contracts.generated([first, other])


def envelope_of(folder):
    return contracts.envelope("tests.thing.happened", contracts_dir=folder)


def test_an_example_holds_the_required_fields_and_the_overrides_the_schema_allows(folder):
    data = contracts.example("tests.thing.happened", contracts_dir=folder, size=3)
    assert set(data) == {"thing_id", "size"} and data["size"] == 3
    assert (
        contracts.example("tests.thing.happened", contracts_dir=folder, note=None)["note"] is None
    )
    assert (
        contracts.example("tests.thing.happened", contracts_dir=folder)["thing_id"]
        != data["thing_id"]
    )
    with pytest.raises(jsonschema.ValidationError):
        contracts.example(
            "tests.thing.happened", contracts_dir=folder, colour="red"
        )  # not declared
    with pytest.raises(jsonschema.ValidationError):
        contracts.example("tests.thing.happened", contracts_dir=folder, size="big")
    assert contracts.off_contract(envelope_of(folder), size="big").data["size"] == "big"
    envelope = contracts.envelope("tests.thing.happened", contracts_dir=folder, size=3)
    assert (envelope.type, envelope.source, envelope.schema) == ("tests.thing.happened", "tests", 1)


def test_the_outbox_sends_only_declared_messages_and_checks_them():
    from sqlalchemy import MetaData

    outbox = Outbox(messaging_tables(MetaData()), source="tests")
    with pytest.raises(TypeError, match="declared in the service's events.py"):
        outbox.event(None, "tests.thing.happened", {"thing_id": "t", "size": 1})
    message = declared().messages[0]
    with pytest.raises(TypeError):
        outbox.command(None, message, {"thing_id": "t", "size": 1})  # an event, not a command
    assert contracts.checking_published()  # the root conftest.py turns it on
    with pytest.raises(ContractViolation, match="size"):
        outbox.event(None, message, {"thing_id": "t", "size": "big"})


def test_a_consumer_handling_what_nobody_declares_is_told(folder):
    from foyer_shared.messaging import accepts

    @accepts(1, 2)
    def on_thing(session, envelope):
        pass

    handlers = {"tests.thing.happened": on_thing, "tests.thing.hapened": on_thing}
    assert contracts.unknown_consumed(handlers, folder) == [
        "tests.thing.happened v2: handled here, but no service declares it",
        "tests.thing.hapened v1: handled here, but no service declares it",
        "tests.thing.hapened v2: handled here, but no service declares it",
    ]


def test_every_committed_contract_is_linked_from_docs_events_md():
    events_md = (contracts.CONTRACTS_DIR.parent / "docs" / "events.md").read_text("utf-8")
    missing = [name for name in contracts.read() if f"(../contracts/{name})" not in events_md]
    assert missing == []
