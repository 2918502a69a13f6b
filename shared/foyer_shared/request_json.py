"""Request bodies that cannot crash a handler: no lone surrogates, no nesting past a limit.

`json.loads` accepts `"\\ud800"` (a string PostgreSQL, hashing and logging cannot encode) and
raises RecursionError on deep nesting; both used to surface as 500s. Every Foyer blueprint
parses its JSON bodies with `FoyerParser`, which checks once, after the caller's access.
"""

from __future__ import annotations

import re
from typing import Any

from webargs import core
from webargs.flaskparser import FlaskParser, abort, is_json_request

# Deeper than any body the API takes (the deepest is a bulk filter: 3 levels).
MAX_JSON_DEPTH = 32
_SURROGATE = re.compile("[\ud800-\udfff]")
UNENCODABLE = "a lone surrogate (\\ud800-\\udfff) is not text: send UTF-8 characters"


class NestedTooDeeply(ValueError):
    """The body nests arrays/objects deeper than MAX_JSON_DEPTH."""


class UnencodableText(ValueError):
    """A string (or an object key) holds a lone surrogate; `path` leads to it."""

    def __init__(self, path: tuple):
        super().__init__(UNENCODABLE)
        self.path = path


def load_json(raw: bytes | str) -> Any:
    """Parse a request body; JSONDecodeError for bad syntax, else the two errors above."""
    try:
        value = core.parse_json(raw)
    except RecursionError:
        raise NestedTooDeeply(f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
    _check(value)
    return value


def _check(value: Any) -> None:
    """Walk the document without recursion: depth of containers and every string and key."""
    stack = [(value, (), 1)]
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise UnencodableText(path)
            continue
        if isinstance(item, dict):
            children = item.items()
        elif isinstance(item, list):
            children = enumerate(item)
        else:
            continue
        if depth > MAX_JSON_DEPTH:
            raise NestedTooDeeply(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
        for key, child in children:
            if isinstance(key, str) and _SURROGATE.search(key):
                raise UnencodableText((*path, key))
            stack.append((child, (*path, key), depth + 1))


def errors_at(path: tuple, message: str) -> dict | list:
    """`{"a": {"0": {"b": [message]}}}` for path ("a", 0, "b"), as marshmallow names fields."""
    errors: dict | list = [message]
    for key in reversed(path):
        # A key that is itself the bad text is named escaped ("\\udc00"): it must encode.
        errors = {str(key).encode("utf-8", "backslashreplace").decode("utf-8"): errors}
    return errors


class FoyerParser(FlaskParser):
    """webargs' Flask parser with the checked JSON loader: 400 too deep, 422 naming the field."""

    def _raw_load_json(self, req):
        if not is_json_request(req):
            return core.missing
        try:
            return load_json(req.get_data(cache=True))
        except NestedTooDeeply as exc:
            abort(400, exc=exc, message=str(exc), messages={"json": [str(exc)]})
        except UnencodableText as exc:
            abort(
                422,
                exc=exc,
                message=UNENCODABLE,
                messages={"json": errors_at(exc.path, UNENCODABLE)},
            )
