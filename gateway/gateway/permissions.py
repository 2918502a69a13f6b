"""Required permission per (service, method, path), compiled from the OpenAPI documents."""

from __future__ import annotations

import dataclasses
import re

from foyer_shared.access import INTERNAL

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PARAM = re.compile(r"\{[^}/]+\}")


@dataclasses.dataclass(frozen=True)
class Lookup:
    """What the document says about a request: a permission, or why there is none."""

    found_path: bool
    permission: str | None = None  # None: the operation is missing or declares nothing
    declared: bool = False  # the operation exists and carries x-permission
    allowed: tuple[str, ...] = ()  # methods reachable from outside, for 405


def _template_regex(template: str) -> re.Pattern:
    parts = _PARAM.split(template)
    return re.compile("^" + "[^/]+".join(re.escape(part) for part in parts) + "$")


class ServicePermissions:
    """One service's operations: exact paths in a dict, templated ones as ordered regexes."""

    def __init__(self, doc: dict):
        self._exact: dict[str, dict[str, str | None]] = {}
        templated = []
        for template, item in (doc.get("paths") or {}).items():
            ops = {
                method.upper(): op.get("x-permission")
                for method, op in item.items()
                if method in _METHODS and isinstance(op, dict)
            }
            # Flask answers HEAD with the GET view, so HEAD needs what GET needs.
            if "GET" in ops and "HEAD" not in ops:
                ops["HEAD"] = ops["GET"]
            if _PARAM.search(template):
                literal = len(_PARAM.sub("", template))
                templated.append((literal, _template_regex(template), ops))
            else:
                self._exact[template] = ops
        # The most literal template wins: /persons/search before /persons/{person_id}.
        templated.sort(key=lambda entry: entry[0], reverse=True)
        self._templated = [(regex, ops) for _literal, regex, ops in templated]

    def lookup(self, method: str, path: str) -> Lookup:
        ops = self._exact.get(path)
        if ops is None:
            ops = next((o for regex, o in self._templated if regex.match(path)), None)
        if ops is None:
            return Lookup(found_path=False)
        # Internal operations do not exist as far as outside callers can tell.
        allowed = tuple(sorted(m for m, p in ops.items() if p != INTERNAL))
        if method not in ops or ops[method] == INTERNAL:
            return Lookup(found_path=bool(allowed), allowed=allowed)
        permission = ops[method]
        return Lookup(True, permission, declared=permission is not None, allowed=allowed)


class PermissionMap:
    """Compiled permissions for every service whose document has been read."""

    MEMO_SIZE = 4096

    def __init__(self):
        self._services: dict[str, ServicePermissions] = {}
        # Recent (service, method, path) answers: most traffic repeats a few paths, and the
        # template scan is the costliest part of the lookup. Emptied whole when full.
        self._memo: dict[tuple[str, str, str], Lookup] = {}

    def compile(self, service: str, doc: dict) -> None:
        # Replaced whole, never mutated: readers on other threads see old or new, not half.
        self._services[service] = ServicePermissions(doc)
        self._memo = {}

    def lookup(self, service: str, method: str, path: str) -> Lookup | None:
        """None when the service's document is not known yet."""
        key = (service, method, path)
        found = self._memo.get(key)
        if found is not None:
            return found
        compiled = self._services.get(service)
        if compiled is None:
            return None
        found = compiled.lookup(method.upper(), path)
        if len(self._memo) >= self.MEMO_SIZE:
            self._memo = {}
        self._memo[key] = found
        return found
