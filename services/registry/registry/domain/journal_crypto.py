"""Envelope encryption of journal entries (issue 23 §5), with the `cryptography` package.

Each entry gets its own data key (AES-256-GCM) that encrypts its text; the data key is stored
wrapped (encrypted) by a key-encryption key (KEK) named by `key_id`. The KEKs live outside the
database (a file or an environment variable, docs/registry.md → Journal), so a copy of the
database alone reads no entry. The entry's id and person are the associated data: a ciphertext
moved to another row does not decrypt. Rotation: a new KEK becomes the active one (new entries
use it); `rewrap` re-encrypts only the small data keys with it, so the old KEK can be retired.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE = 12


class JournalUnavailable(RuntimeError):
    """No keys configured, or an entry's key is not among them; a 503 saying so."""


@dataclasses.dataclass(frozen=True)
class Sealed:
    key_id: str
    wrapped_key: bytes  # nonce + the data key encrypted by the KEK
    ciphertext: bytes  # nonce + the text encrypted by the data key


class Keyring:
    """KEKs by id and the one new entries use. `text`: JSON {"active": id, "keys": {id:
    base64 of 32 bytes}} (FOYER_JOURNAL_KEYS or the file FOYER_JOURNAL_KEYS_FILE)."""

    def __init__(self, keys: dict[str, bytes], active: str):
        if active not in keys or any(len(k) != 32 for k in keys.values()):
            raise ValueError("journal keys: `active` must name one of `keys`, each 32 bytes")
        self._keys, self.active = keys, active

    @classmethod
    def from_json(cls, text: str) -> Keyring:
        data = json.loads(text)
        keys = {kid: base64.b64decode(value) for kid, value in data["keys"].items()}
        return cls(keys, data["active"])

    @staticmethod
    def new_key() -> str:
        """A fresh KEK, base64 (for the keys file)."""
        return base64.b64encode(AESGCM.generate_key(bit_length=256)).decode()

    def seal(self, text: str, associated: bytes) -> Sealed:
        data_key = AESGCM.generate_key(bit_length=256)
        return Sealed(
            self.active,
            _encrypt(self._keys[self.active], data_key, associated),
            _encrypt(data_key, text.encode("utf-8"), associated),
        )

    def open(self, sealed: Sealed, associated: bytes) -> str:
        data_key = _decrypt(self._kek(sealed.key_id), sealed.wrapped_key, associated)
        return _decrypt(data_key, sealed.ciphertext, associated).decode("utf-8")

    def rewrap(self, sealed: Sealed, associated: bytes) -> Sealed:
        """The same entry with its data key wrapped by the active KEK (the text untouched)."""
        if sealed.key_id == self.active:
            return sealed
        data_key = _decrypt(self._kek(sealed.key_id), sealed.wrapped_key, associated)
        wrapped = _encrypt(self._keys[self.active], data_key, associated)
        return Sealed(self.active, wrapped, sealed.ciphertext)

    def _kek(self, key_id: str) -> bytes:
        if key_id not in self._keys:
            raise JournalUnavailable(f"the journal key {key_id!r} is not configured")
        return self._keys[key_id]


def _encrypt(key: bytes, plain: bytes, associated: bytes) -> bytes:
    nonce = os.urandom(NONCE)
    return nonce + AESGCM(key).encrypt(nonce, plain, associated)


def _decrypt(key: bytes, sealed: bytes, associated: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(sealed[:NONCE], sealed[NONCE:], associated)
    except InvalidTag as exc:
        raise JournalUnavailable("a journal entry does not decrypt with its key") from exc
