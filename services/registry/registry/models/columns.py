"""Columns several tables share: a label's id and name, and a key to another table's row."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UUIDStr, new_id


class Label:
    """Something staff name once and put on persons (a status, an interest area)."""

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100), unique=True)


def key_to(table: str, **column):
    """Part of a link table's primary key: a row of `table`; the link goes with that row.

    A function, not a mixin: a mixin's columns come after the class's own, and the order of a
    composite key is the order `session.get(Model, (...))` takes its values in."""
    return mapped_column(ForeignKey(f"{table}.id", ondelete="CASCADE"), primary_key=True, **column)
