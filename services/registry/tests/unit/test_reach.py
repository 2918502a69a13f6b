"""The rule "no action widens the actor's own access" without I/O (registry/domain/reach.py)."""

from registry.domain.reach import Reach, gained, refusal


def test_a_person_newly_read_or_newly_changed_is_gained():
    before = Reach(read=frozenset({"me", "kid"}), edit=frozenset({"me"}))
    assert gained(before, before) == []
    assert gained(before, Reach(read=frozenset({"me"}), edit=frozenset())) == []
    assert gained(before, Reach(read=frozenset({"me", "kid", "x"}), edit=frozenset({"me"}))) == [
        "x"
    ]
    # view → change widens as well
    assert gained(before, Reach(read=before.read, edit=frozenset({"me", "kid"}))) == ["kid"]


def test_persons_created_by_the_same_request_are_not_gained():
    before = Reach(read=frozenset({"me"}), edit=frozenset({"me"}))
    after = Reach(read=frozenset({"me", "new"}), edit=frozenset({"me", "new"}))
    assert gained(before, after, created=["new"]) == []


def test_the_refusal_names_the_permission_and_no_person():
    message = refusal("registry.groups.manage")
    assert message.startswith("this needs the permission 'registry.groups.manage'")
