"""Password hashing with argon2id (OWASP parameters) and the password policy.

No I/O but reading the shipped list of common passwords beside this module, once.
"""

from __future__ import annotations

import functools
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from foyer_shared.words import N_

# OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
# Verifying against this keeps unknown usernames as slow as known ones (no timing oracle).
_DUMMY_HASH = _hasher.hash("not-a-real-password-0")

MIN_LENGTH = 10


class WeakPassword(ValueError):
    field = "password"


@functools.cache
def common_passwords() -> frozenset[str]:
    """The 10,000 most common passwords, shipped with the service (lower-cased)."""
    text = Path(__file__).with_name("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


def check_policy(password: str, username: str) -> None:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(
            N_("the password needs at least %(count)s characters") % {"count": MIN_LENGTH}
        )
    if password.lower() == username.strip().lower():
        raise WeakPassword(N_("the password must not be the username"))
    if password.lower() in common_passwords():
        raise WeakPassword(N_("this password is one of the most common ones; choose another"))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
