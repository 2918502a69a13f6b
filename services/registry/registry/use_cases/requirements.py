"""Required fields per scenario (issue 23 §2): listed for forms, set by the owner, enforced
on every write that registers or completes a person (API here, imports in imports/rows.py)."""

from __future__ import annotations

from registry.domain import InvalidInput
from registry.domain.requirements import (
    EXTRA,
    SCENARIOS,
    STAFF_CREATE,
    invalid_names,
    missing,
)
from registry.use_cases.unit_of_work import UnitOfWork


def list_requirements(uow: UnitOfWork) -> list[dict]:
    """Every scenario with what it requires: the owner's list plus the extended fields whose
    `required_in` names the scenario; boxes to tick apart."""
    with uow.read_only():
        stored, defs = uow.requirements.all(), uow.fields.definitions()
    return [_listing(scenario, set(stored.get(scenario, ())), defs) for scenario in SCENARIOS]


def set_requirements(uow: UnitOfWork, scenario: str, names: list[str]) -> dict:
    if scenario not in SCENARIOS:
        raise InvalidInput.one("scenario", f"must be one of {list(SCENARIOS)}")
    with uow.transaction():
        defs = uow.fields.definitions()
        errors = invalid_names(names, {key: d.type for key, d in defs.items()})
        if errors:
            raise InvalidInput({"fields": errors})
        uow.requirements.replace(scenario, names)
    return _listing(scenario, set(names), defs)


def enforce(uow: UnitOfWork, scenario: str | None, kind: str, fields: dict, extra: dict) -> None:
    """Inside the caller's transaction: InvalidInput naming each required field `fields` and
    `extra` (the person's base and extended values after the write) lack."""
    scenario = scenario or STAFF_CREATE
    required = uow.requirements.of(scenario)
    if not required:
        return
    defs = uow.fields.definitions()
    boxes = frozenset(key for key, d in defs.items() if d.type == "checkbox")
    errors = missing(scenario, required, kind, fields, extra, boxes)
    if errors:
        raise InvalidInput(errors)


def _listing(scenario: str, names: set[str], defs: dict) -> dict:
    names |= {EXTRA + key for key, d in defs.items() if scenario in d.required_in.split(",")}
    extended = sorted(n[len(EXTRA) :] for n in names if n.startswith(EXTRA))
    base = sorted(n for n in names if not n.startswith(EXTRA))
    boxes = [key for key in extended if key in defs and defs[key].type == "checkbox"]
    return {
        "scenario": scenario,
        "fields": sorted(names),
        "base": base,
        "extra_fields": [key for key in extended if key not in boxes],
        "must_tick": boxes,
        # An import file has no extended fields: it is held to the base fields of staff_create.
        "enforced_on_import": base if scenario == STAFF_CREATE else [],
    }
