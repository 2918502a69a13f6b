"""Bulk operations on persons picked by ids or by a filter: each person in its own transaction
(all-or-nothing per person), with a result per person."""

from __future__ import annotations

from foyer_shared.words import N_
from registry import permissions as P
from registry.domain import InvalidInput, person_input
from registry.use_cases import (
    Actor,
    Blocked,
    Conflict,
    NotFound,
    OutOfScope,
    StaleVersion,
    access,
    deletion,
    extended,
    groups,
    links,
    persons,
)
from registry.use_cases.unit_of_work import UnitOfWork

MAX_ITEMS = 5000
# The permission each action needs besides registry.persons.bulk.
ACTION_PERMISSIONS = {
    "add_group": P.GROUPS_WRITE,
    "remove_group": P.GROUPS_WRITE,
    "set_status": P.STATUSES_WRITE,
    "remove_status": P.STATUSES_WRITE,
    "set_field": P.PERSONS_WRITE,
    "delete": P.PERSONS_DELETE,
}


def run(
    uow: UnitOfWork,
    actor: Actor,
    ids: list[str] | None,
    filters: dict | None,
    action: dict,
    region: str,
) -> dict:
    needed = ACTION_PERMISSIONS[action["type"]]
    if not actor.holds(needed):
        raise OutOfScope(f"this action needs the permission {needed!r}")
    _check_action(action)
    targets = ids if ids is not None else _ids_of(uow, filters or {})
    if len(targets) > MAX_ITEMS:
        raise InvalidInput.one("ids", f"at most {MAX_ITEMS} persons per request")
    results = [_one(uow, actor, person_id, action, region) for person_id in targets]
    failed = sum(1 for r in results if not r["ok"])
    return {"results": results, "succeeded": len(results) - failed, "failed": failed}


def _one(uow: UnitOfWork, actor: Actor, person_id: str, action: dict, region: str) -> dict:
    try:
        with uow.transaction():
            _apply(uow, actor, person_id, action, region)
    except InvalidInput as exc:
        return {"person_id": person_id, "ok": False, "error": str(exc)}
    except Blocked as exc:
        return {"person_id": person_id, "ok": False, "error": "; ".join(exc.reasons)}
    except (NotFound, Conflict, OutOfScope, StaleVersion) as exc:
        return {"person_id": person_id, "ok": False, "error": str(exc)}
    return {"person_id": person_id, "ok": True, "error": None}


def _apply(uow: UnitOfWork, actor: Actor, person_id: str, action: dict, region: str) -> None:
    kind = action["type"]
    access.ensure_reachable(uow, actor, person_id, access.EDIT)
    if kind in ("add_group", "remove_group"):
        persons.load(uow, person_id)
        if kind == "add_group":
            groups.add_member_in(uow, actor, action["group_id"], person_id, "member")
        elif not groups.remove_member_in(uow, actor, action["group_id"], person_id, "member"):
            raise NotFound(N_("not a member of this group"))
    elif kind in ("set_status", "remove_status"):
        links.set_status_in(uow, actor, person_id, action["status_id"], kind == "set_status")
    elif kind == "set_field":
        person = persons.load(uow, person_id)
        field, value = action["field"], action.get("value")
        if field.startswith("extra_fields."):
            extended.apply_values(
                uow, actor, person, {field.split(".", 1)[1]: value}, None, creating=False
            )
        else:
            fields = person_input.clean({field: value}, person.kind, region, creating=False)
            persons.apply_fields(uow, actor, person, fields)
    elif kind == "delete":
        deletion.delete_in(uow, actor, person_id)


def _check_action(action: dict) -> None:
    required = {
        "add_group": "group_id",
        "remove_group": "group_id",
        "set_status": "status_id",
        "remove_status": "status_id",
        "set_field": "field",
    }.get(action["type"])
    if required and not action.get(required):
        raise InvalidInput({"action": {required: ["required for this action"]}})


def _ids_of(uow: UnitOfWork, filters: dict) -> list[str]:
    with uow.read_only():
        return uow.persons.ids_matching(filters, MAX_ITEMS + 1)
