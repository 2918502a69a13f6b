"""The registry's contracts: what it publishes is committed in contracts/ and cannot change
incompatibly without a new version; what it consumes is declared by its publisher."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import pytest
from marshmallow import Schema, fields

from foyer_shared import contracts
from foyer_shared.contracts import BreakingChange, Declarations
from registry import events, handlers

EXPORT_SERVICES = ("crm", "identity", "notify", "imports")


def test_what_the_registry_publishes_matches_the_committed_contracts():
    assert contracts.problems([events.declared]) == []


def test_what_the_registry_consumes_is_declared_by_its_publisher():
    settings = SimpleNamespace(default_phone_region="SE", import_turn_timeout_seconds=1.0)
    consumed = {
        **handlers.EVENT_HANDLERS,
        **handlers.export_handlers(EXPORT_SERVICES),
        **handlers.command_handlers(settings),
    }
    assert contracts.unknown_consumed(consumed) == []


def _person_created_but(**changes) -> type[Schema]:
    """A copy of registry.person.created's schema with fields replaced (None: removed)."""
    current = dict(events.PersonCreated._declared_fields)
    current.update(changes)
    return Schema.from_dict(
        {k: v for k, v in current.items() if v is not None}, name="PersonCreated"
    )


def _registry_declaring(schema: type[Schema], version: int, keep_old: bool) -> Declarations:
    copy = Declarations("registry")
    copy.messages = [
        m for m in events.declared.messages if keep_old or m is not events.PERSON_CREATED
    ]
    copy.event(events.PERSON_CREATED.name, version, schema)
    return copy


@pytest.mark.parametrize(
    "change, words",
    [
        ({"kind": None}, "kind removed"),
        ({"person_id": None, "id": fields.String(required=True)}, "person_id removed"),
        ({"kind": fields.Integer(required=True)}, "kind retyped"),
        ({"source": fields.String(required=True)}, "source is newly required"),
    ],
)
def test_a_breaking_change_fails_ci_until_the_version_goes_up(tmp_path, change, words):
    folder = tmp_path / "contracts"
    shutil.copytree(contracts.CONTRACTS_DIR, folder)
    broken = _person_created_but(**change)
    same_version = _registry_declaring(broken, 1, keep_old=False)
    [problem] = contracts.problems([same_version], folder)
    assert (
        problem.startswith("registry.person.created.v1.json: breaking change without a new version")
        and words in problem
    )
    with pytest.raises(BreakingChange, match=words):  # `make contracts` refuses it too
        contracts.write([same_version], folder)
    # Version 2, version 1 still declared (consumers accept both for one release): generated,
    # committed, and CI is content.
    bumped = _registry_declaring(broken, 2, keep_old=True)
    contracts.write([bumped], folder)
    assert contracts.problems([bumped], folder) == []
    assert contracts.committed(events.PERSON_CREATED.name, folder=folder)["x-version"] == 2
