"""Every query of notify: session-bound collections that never commit (the use case does)."""

from notify.repository.contacts import ContactRepository
from notify.repository.messages import (
    MessageRepository,
    SuppressionRepository,
    handed_over,
    lease_start,
)
from notify.repository.templates import TemplateRepository

__all__ = [
    "ContactRepository",
    "MessageRepository",
    "SuppressionRepository",
    "TemplateRepository",
    "handed_over",
    "lease_start",
]
