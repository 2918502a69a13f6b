"""Consumers dispatch on (type, version): a handler says which versions it accepts."""

from __future__ import annotations

import pytest

from foyer_shared.messaging import VersionNotAccepted, accepts
from foyer_shared.messaging.versions import resolve


def on_v1(session, envelope):
    return "v1"


@accepts(1, 2)
def on_v1_or_v2(session, envelope):
    return "either"


def on_v2(session, envelope):
    return "v2"


def test_a_handler_without_a_declaration_accepts_version_1_only():
    handlers = {"a.thing.happened": on_v1}
    assert resolve(handlers, "a.thing.happened", 1) is on_v1
    with pytest.raises(VersionNotAccepted, match="version 2 not accepted"):
        resolve(handlers, "a.thing.happened", 2)


def test_during_a_change_over_a_handler_accepts_the_previous_version_too():
    handlers = {"a.thing.happened": on_v1_or_v2}
    assert resolve(handlers, "a.thing.happened", 1) is on_v1_or_v2
    assert resolve(handlers, "a.thing.happened", 2) is on_v1_or_v2
    with pytest.raises(VersionNotAccepted):
        resolve(handlers, "a.thing.happened", 3)


def test_a_table_by_version_picks_the_handler_written_for_it():
    handlers = {"a.thing.happened": {1: on_v1, 2: on_v2}}
    assert resolve(handlers, "a.thing.happened", 1) is on_v1
    assert resolve(handlers, "a.thing.happened", 2) is on_v2
    with pytest.raises(VersionNotAccepted):
        resolve(handlers, "a.thing.happened", 3)


def test_a_type_nobody_handles_resolves_to_nothing():
    assert resolve({"a.thing.happened": on_v1}, "b.other.happened", 1) is None
