"""Consents (issue 23 §3) on the in-memory unit of work: history kept, who gave it, scopes."""

from __future__ import annotations

import pytest
from registry_fakes import STAFF, a_person, scoped

from registry.domain import InvalidInput
from registry.use_cases import OutOfScope
from registry.use_cases.consents import list_consents, record_consent

PHOTOS = {"purpose": "photos", "text_version": "2026-01", "given": True}


def test_given_then_withdrawn_keeps_both_answers_and_the_current_one(uow):
    person = a_person(uow)
    record_consent(uow, STAFF, person.id, {**PHOTOS, "channel": "console"})
    withdrawn = record_consent(uow, STAFF, person.id, {**PHOTOS, "given": False})
    assert (withdrawn["by_self"], withdrawn["recorded_by"], withdrawn["channel"]) == (
        False,
        "u-desk",
        "api",
    )
    listed = list_consents(uow, STAFF, person.id)
    assert [(c["purpose"], c["given"]) for c in listed["current"]] == [("photos", False)]
    assert [(c["given"], c["channel"]) for c in listed["history"]] == [
        (True, "console"),
        (False, "api"),
    ]


def test_a_member_records_their_own_consent_and_no_one_elses(uow):
    me, stranger = a_person(uow), a_person(uow, first_name="Other")
    member = scoped(me.id)
    assert record_consent(uow, member, me.id, PHOTOS)["by_self"] is True
    with pytest.raises(OutOfScope):
        record_consent(uow, member, stranger.id, PHOTOS)
    with pytest.raises(OutOfScope):
        list_consents(uow, member, stranger.id)


def test_a_bad_purpose_version_or_channel_is_named(uow):
    person = a_person(uow)
    with pytest.raises(InvalidInput) as refused:
        record_consent(
            uow,
            STAFF,
            person.id,
            {"purpose": "Photos!", "text_version": " ", "given": True, "channel": "fax"},
        )
    assert set(refused.value.errors) == {"purpose", "text_version", "channel"}
    assert uow.consents.events == []
