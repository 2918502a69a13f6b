"""What every CRM blueprint needs: the caller as an Actor."""

from __future__ import annotations

from crm.use_cases import Actor
from foyer_shared.access import current_access


def actor() -> Actor:
    context = current_access()
    return Actor(user_id=context.acting_user_id or context.user_id, permissions=context.permissions)
