"""A declaration as JSON Schema (apispec's marshmallow converter), and the files in contracts/."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from apispec.ext.marshmallow.openapi import OpenAPIConverter

from foyer_shared.contracts.declaration import Message

# shared/foyer_shared/contracts/ → the repository root's contracts/.
CONTRACTS_DIR = Path(__file__).resolve().parents[3] / "contracts"
DIALECT = "https://json-schema.org/draft/2020-12/schema"

# OpenAPI 3.1 schema objects are JSON Schema 2020-12; a resolver answering None inlines nested
# schemas instead of referring to components of an API spec we do not have.
_converter = OpenAPIConverter("3.1.0", schema_name_resolver=lambda schema: None, spec=None)


def file_name(name: str, version: int) -> str:
    return f"{name}.v{version}.json"


def to_json_schema(message: Message, publishers: Iterable[str] | None = None) -> dict:
    body = _converter.schema2jsonschema(message.schema())
    return {
        "$schema": DIALECT,
        "$id": file_name(message.name, message.version),
        "title": message.name,
        "description": message.description,
        "x-kind": message.kind,
        "x-version": message.version,
        "x-publishers": sorted(publishers or [message.publisher]),
        **body,
    }


def dumps(schema: dict) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def read(folder: Path = CONTRACTS_DIR) -> dict[str, dict]:
    """{file name: schema} of every committed contract."""
    return {
        path.name: json.loads(path.read_text("utf-8")) for path in sorted(folder.glob("*.v*.json"))
    }


def committed(name: str, version: int | None = None, folder: Path = CONTRACTS_DIR) -> dict:
    """The committed schema of `name` at `version` (default: the newest committed)."""
    if version is None:
        versions = [s["x-version"] for s in read(folder).values() if s["title"] == name]
        if not versions:
            raise LookupError(f"no contract for {name} in {folder}")
        version = max(versions)
    path = folder / file_name(name, version)
    if not path.exists():
        raise LookupError(f"no contract for {name} v{version} in {folder}")
    return json.loads(path.read_text("utf-8"))
