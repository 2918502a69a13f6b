"""Valid payloads built from the committed contracts, for consumers' tests.

A consumer's handler test builds its messages here rather than by hand: the publisher's
committed schema decides what a message holds, so a publisher change that a consumer's test
relies on (a field removed or renamed, an override that is no longer allowed) fails that test.
Optional fields appear only when the test gives them: made-up values there would change what
the consumer does (a `previous_batch_no` makes the registry wait for that batch).
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

from foyer_shared.contracts.json_schema import CONTRACTS_DIR, committed
from foyer_shared.db import new_id, utcnow
from foyer_shared.envelope import Envelope


def example(
    name: str, version: int | None = None, /, *, contracts_dir: Path = CONTRACTS_DIR, **overrides
) -> dict:
    """Every required field with a plausible value (ids fresh each call), then `overrides`
    (whole top-level fields), checked against the schema. `version`: the newest by default."""
    schema = committed(name, version, contracts_dir)
    data = {**_value("", schema), **overrides}
    _validate(schema, data)
    return data


def envelope(
    name: str,
    version: int | None = None,
    /,
    *,
    contracts_dir: Path = CONTRACTS_DIR,
    **overrides,
) -> Envelope:
    """`example(...)` in the envelope its publisher would send."""
    schema = committed(name, version, contracts_dir)
    data = example(name, schema["x-version"], contracts_dir=contracts_dir, **overrides)
    return Envelope(
        type=name, source=schema["x-publishers"][0], schema=schema["x-version"], data=data
    )


def off_contract(envelope: Envelope, **fields) -> Envelope:
    """A copy with fields its contract does not allow, on purpose: for a consumer's test that
    such a message is refused cleanly."""
    return dataclasses.replace(envelope, data={**envelope.data, **fields})


def _validate(schema: dict, data: dict) -> None:
    import jsonschema  # a test-time dependency (requirements-dev.txt)

    validator = jsonschema.Draft202012Validator
    validator(schema, format_checker=validator.FORMAT_CHECKER).validate(data)


def _value(name: str, schema: dict):
    if "example" in schema:
        return copy.deepcopy(schema["example"])
    if schema.get("enum"):
        return schema["enum"][0]
    kinds = schema.get("type", "object")
    kinds = [kinds] if isinstance(kinds, str) else [k for k in kinds if k != "null"] or ["null"]
    kind = kinds[0]
    if kind == "object":
        required = set(schema.get("required", []))
        return {
            key: _value(key, sub)
            for key, sub in schema.get("properties", {}).items()
            if key in required
        }
    if kind == "array":
        return [_value(name, schema.get("items", {}))]
    if kind == "string":
        return _text(name, schema)
    return {"integer": 1, "number": 1.0, "boolean": False, "null": None}.get(kind)


def _text(name: str, schema: dict) -> str:
    if name.endswith(("_id", "_ids")):
        return new_id()
    if schema.get("format") == "date-time":
        return utcnow().isoformat()
    if schema.get("format") == "email" or name == "email":
        return "someone@example.se"
    return name or "text"
