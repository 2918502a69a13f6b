"""What every CRM blueprint needs: the caller as an Actor."""

from __future__ import annotations

import uuid

from crm.use_cases import Actor
from foyer_shared.access import current_access


def actor() -> Actor:
    context = current_access()
    return Actor(user_id=context.acting_user_id or context.user_id, permissions=context.permissions)


def as_text(data: dict) -> dict:
    """UUIDs as the text the tables and events hold (lists of them too)."""

    def text(value):
        if isinstance(value, list):
            return [text(item) for item in value]
        return str(value) if isinstance(value, uuid.UUID) else value

    return {name: text(value) for name, value in data.items()}
