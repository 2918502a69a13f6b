"""The confidential journal (issue 23 §5): envelope encryption, rotation, the read log."""

from __future__ import annotations

import base64
import json

import pytest
from registry_fakes import STAFF, a_person, scoped

from registry.domain.journal_crypto import JournalUnavailable, Keyring
from registry.use_cases.journal import read_entries, rewrap, write_entry


def keyring(active="k1", *ids) -> Keyring:
    keys = {kid: Keyring.new_key() for kid in {active, *ids}}
    return Keyring.from_json(json.dumps({"active": active, "keys": keys}))


class Reads:
    def __init__(self):
        self.noted = []

    def note(self, viewer, person_id, what="card"):
        self.noted.append((viewer, person_id, what))


def test_an_entry_is_stored_encrypted_and_read_back_with_its_author(uow):
    person, keys = a_person(uow), keyring()
    written = write_entry(uow, STAFF, keys, person.id, "  Knee injury; careful with squats.  ")
    (stored,) = uow.journal.rows
    assert b"Knee" not in stored.ciphertext and b"Knee" not in stored.wrapped_key
    assert stored.key_id == "k1" and written["text"] == "Knee injury; careful with squats."
    reads = Reads()
    (shown,) = read_entries(uow, STAFF, keys, person.id, reads)
    assert (shown["text"], shown["author"]) == ("Knee injury; careful with squats.", "u-desk")
    assert reads.noted == [("u-desk", person.id, "journal")]
    assert uow.published == []  # never in an event


def test_a_ciphertext_moved_to_another_person_does_not_decrypt(uow):
    one, two, keys = a_person(uow), a_person(uow, first_name="Two"), keyring()
    write_entry(uow, STAFF, keys, one.id, "secret")
    uow.journal.rows[0].person_id = two.id
    with pytest.raises(JournalUnavailable):
        read_entries(uow, STAFF, keys, two.id)


def test_rotation_rewraps_the_data_keys_and_the_old_key_can_go(uow):
    person = a_person(uow)
    old = keyring("k1")
    write_entry(uow, STAFF, old, person.id, "before the rotation")
    old_key = base64.b64encode(old._keys["k1"]).decode()
    raw = {"active": "k2", "keys": {"k1": old_key, "k2": Keyring.new_key()}}
    both = Keyring.from_json(json.dumps(raw))
    ciphertext = uow.journal.rows[0].ciphertext
    assert rewrap(uow, both) == 1 and rewrap(uow, both) == 0
    assert uow.journal.rows[0].key_id == "k2" and uow.journal.rows[0].ciphertext == ciphertext
    only_new = Keyring.from_json(json.dumps({"active": "k2", "keys": {"k2": raw["keys"]["k2"]}}))
    assert read_entries(uow, STAFF, only_new, person.id)[0]["text"] == "before the rotation"


def test_without_keys_or_outside_scope_nothing_is_read(uow):
    person = a_person(uow)
    with pytest.raises(JournalUnavailable):
        write_entry(uow, STAFF, None, person.id, "x")
    from registry.use_cases import OutOfScope

    with pytest.raises(OutOfScope):
        read_entries(uow, scoped("someone-else"), keyring(), person.id)
