"""What the consumer contract tests are for: the registry renaming a field of
registry.person.created (regenerated into contracts/) makes the CRM's handler tests fail."""

from __future__ import annotations

import json
import shutil

import jsonschema
import pytest

from crm import handlers
from foyer_shared import contracts


def _registry_renames_person_id(folder) -> None:
    path = folder / "registry.person.created.v1.json"
    schema = json.loads(path.read_text("utf-8"))
    schema["properties"]["id"] = schema["properties"].pop("person_id")
    schema["required"] = sorted("id" if r == "person_id" else r for r in schema["required"])
    path.write_text(json.dumps(schema), "utf-8")


def test_a_renamed_field_fails_the_consumers_tests(db, tmp_path):
    folder = tmp_path / "contracts"
    shutil.copytree(contracts.CONTRACTS_DIR, folder)
    _registry_renames_person_id(folder)
    # A test naming the old field is refused by the schema ...
    with pytest.raises(jsonschema.ValidationError, match="person_id"):
        contracts.envelope("registry.person.created", contracts_dir=folder, person_id="p1")
    # ... and the handler fails on the message the registry would now send.
    renamed = contracts.envelope("registry.person.created", contracts_dir=folder)
    with pytest.raises(KeyError, match="person_id"), db.transaction() as session:
        handlers.on_person_created(session, renamed)
