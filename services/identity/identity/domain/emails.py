"""Login e-mail rules: when it differs from the card's, and when the username follows it."""

from __future__ import annotations


def same(a: str | None, b: str | None) -> bool:
    return (a or "").strip().lower() == (b or "").strip().lower()


def mismatch(login_email: str | None, contact_email: str | None) -> bool:
    """Both known and different (case does not count): the notice on the list and the card."""
    return bool(login_email and contact_email) and not same(login_email, contact_email)


def username_after_change(username: str, old_email: str | None, new_email: str) -> str:
    """A username that is the old login e-mail follows it; any other username stays."""
    if old_email and same(username, old_email):
        return new_email.strip().lower()
    return username
