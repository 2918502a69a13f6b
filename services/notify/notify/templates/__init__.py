"""The built-in templates: one TOML file per message type and language (builtin/)."""

from __future__ import annotations

import functools
import tomllib
from importlib import resources


@functools.cache
def builtin(kind: str, language: str) -> dict[str, str]:
    """subject, text, html and sms of the built-in template."""
    path = resources.files(__package__) / "builtin" / f"{kind}.{language}.toml"
    with path.open("rb") as source:
        return tomllib.load(source)
