"""The permission catalogue: the union of what the services declare as `x-permission`.

Sources, merged: the shipped `permissions.json` (fallback, with descriptions), identity's own
OpenAPI document, and each URL in the `permission_sources` setting fetched with a short
timeout and remembered for a minute. A service that cannot be reached keeps its shipped entries.
A use case, not a domain rule: it reads the shipped file and fetches documents over HTTP.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from pathlib import Path

import requests

from foyer_shared import words
from foyer_shared.access import ALL_PERMISSIONS, INTERNAL, PUBLIC
from identity.words import TRANSLATIONS

log = logging.getLogger(__name__)

SHIPPED = Path(__file__).with_name("permissions.json")
_METHODS = {"get", "put", "post", "patch", "delete"}
_cache: dict[str, tuple[float, dict]] = {}
_lock = threading.Lock()


class UnknownPermission(ValueError):
    field = "permissions"

    def __init__(self, names: list[str]):
        super().__init__(f"unknown permission(s): {', '.join(names)}")


def shipped() -> dict[str, dict]:
    entries = json.loads(SHIPPED.read_text(encoding="utf-8"))["permissions"]
    return {entry["permission"]: dict(entry) for entry in entries}


def declared_in(document: dict, service: str) -> dict[str, dict]:
    """Permissions an OpenAPI document declares, each described by the operations needing it."""
    found: dict[str, dict] = {}
    for path, item in (document.get("paths") or {}).items():
        for method, op in item.items():
            permission = op.get("x-permission") if method in _METHODS else None
            if permission in (None, PUBLIC, INTERNAL, ALL_PERMISSIONS):
                continue
            entry = found.setdefault(
                permission,
                {
                    "permission": permission,
                    "service": service,
                    "operations": [],
                },
            )
            entry["operations"].append(f"{method.upper()} {path}")
            entry.setdefault("description", op.get("summary") or "")
    return found


def _fetch(service: str, url: str, timeout: float, ttl: float) -> dict[str, dict] | None:
    with _lock:
        cached = _cache.get(url)
    if cached and time.monotonic() - cached[0] < ttl:
        return cached[1]
    try:
        response = requests.get(url, timeout=timeout)
        response.raise_for_status()
        found = declared_in(response.json(), service)
    except (requests.RequestException, ValueError) as exc:
        log.warning("permission catalogue: %s unreadable (%s); using the shipped list", url, exc)
        return None
    with _lock:
        _cache[url] = (time.monotonic(), found)
    return found


def catalogue(
    settings, own_document: dict | None = None, language: str = words.DEFAULT_LANGUAGE
) -> list[dict]:
    """Every known permission with its service and a description in `language` (the shipped
    ones are translated; a service's own summary stays as it wrote it), sorted by name."""
    merged = shipped()
    declared: list[dict[str, dict]] = []
    if own_document is not None:
        declared.append(declared_in(own_document, "identity"))
    for source in settings.permission_sources:
        service, _, url = source.partition("=")
        found = _fetch(service.strip(), url.strip(), settings.permission_fetch_timeout, 60.0)
        if found is not None:
            declared.append(found)
    for found in declared:
        for name, entry in found.items():
            known = merged.get(name, {})
            # The shipped description is written for people; a summary is the fallback.
            merged[name] = {
                **entry,
                "description": known.get("description") or entry.get("description", ""),
            }
    said = words.translator(TRANSLATIONS, language)
    return [
        {**merged[name], "description": said(merged[name]["description"])}
        for name in sorted(merged)
    ]


def ensure_known(permissions: list[str], settings, own_document: dict | None = None) -> None:
    known = {entry["permission"] for entry in catalogue(settings, own_document)}
    unknown = sorted(set(permissions) - known)
    if unknown:
        raise UnknownPermission(unknown)
