"""Which differences between two versions of a contract break a consumer."""

from __future__ import annotations

# Words for people and tools, not for the wire: changing them breaks nobody.
_ANNOTATIONS = {"description", "title", "example", "examples", "$id", "$schema", "x-publishers"}


def breaking_changes(old: dict, new: dict, path: str = "") -> list[str]:
    """Removed, renamed (= removed + added) or retyped fields, and new required fields.
    A new optional field is not breaking: consumers ignore what they do not read."""
    if _kind(old) == "object" and _kind(new) == "object" and "properties" in old:
        return _object_changes(old, new, path)
    if _kind(old) == "array" and _kind(new) == "array":
        return breaking_changes(old.get("items", {}), new.get("items", {}), f"{path}[]")
    if _essentials(old) != _essentials(new):
        return [f"{path or 'the payload'} retyped: {_essentials(old)} → {_essentials(new)}"]
    return []


def _object_changes(old: dict, new: dict, path: str) -> list[str]:
    problems = []
    old_fields, new_fields = old.get("properties", {}), new.get("properties") or {}
    for name, schema in old_fields.items():
        where = f"{path}.{name}" if path else name
        if name not in new_fields:
            problems.append(f"{where} removed (or renamed)")
        else:
            problems.extend(breaking_changes(schema, new_fields[name], where))
    for name in sorted(set(new.get("required", [])) - set(old.get("required", []))):
        problems.append(f"{f'{path}.{name}' if path else name} is newly required")
    if _nullable(new) and not _nullable(old):
        problems.append(f"{path or 'the payload'} may now be null")
    return problems


def _kind(schema: dict) -> str | None:
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or [])
    kinds = [k for k in kinds if k != "null"]
    return kinds[0] if len(kinds) == 1 else None


def _nullable(schema: dict) -> bool:
    kinds = schema.get("type")
    return kinds == "null" or (isinstance(kinds, list) and "null" in kinds)


def _essentials(schema: dict) -> dict:
    return {k: v for k, v in schema.items() if k not in _ANNOTATIONS}
