"""Helpers the identity tests import (conftest.py cannot be imported with importlib mode)."""

from __future__ import annotations

from identity.use_cases import accounts


def account(db, username="coach.bo", roles=("trainer",), password=None, email=None, **more):
    """An account made as the API makes one (accounts.create_user): active when a password is
    given; its e-mail <username>@example.se unless given."""
    return accounts.create_user(
        db,
        username=username,
        password=password,
        email=email or f"{username}@example.se",
        role_names=list(roles),
        **more,
    )
