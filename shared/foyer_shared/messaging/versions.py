"""Which versions of a message a handler accepts: consumers dispatch on (type, version).

A publisher raising a message's version keeps sending the old one's consumers something they
can read for one release: each consumer first accepts both (`@accepts(1, 2)`, or a table
{version: handler}), then the publisher switches. Without a declaration a handler accepts
version 1 only, so a new version is never handled by code that was not written for it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

DEFAULT_VERSIONS = frozenset({1})


class VersionNotAccepted(LookupError):
    """The consumer knows the message but not this version of it; retrying cannot help."""


def accepts(*versions: int) -> Callable:
    def declare(handler: Callable) -> Callable:
        handler.accepted_versions = frozenset(versions)
        return handler

    return declare


def accepted_versions(entry) -> frozenset[int]:
    if isinstance(entry, Mapping):
        return frozenset(entry)
    return getattr(entry, "accepted_versions", DEFAULT_VERSIONS)


def resolve(handlers: Mapping, type_: str, version: int):
    """The handler for this (type, version); None when the type is not handled here."""
    entry = handlers.get(type_)
    if entry is None:
        return None
    if version not in accepted_versions(entry):
        raise VersionNotAccepted(
            f"{type_} version {version} not accepted here (accepts "
            f"{sorted(accepted_versions(entry))})"
        )
    return entry[version] if isinstance(entry, Mapping) else entry
