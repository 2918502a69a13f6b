"""Session-bound collections: every query of the CRM; they never commit."""

from crm.repository.contacts import ContactRepository
from crm.repository.labels import LabelRepository, PreferencesRepository
from crm.repository.mailouts import MailoutRepository
from crm.repository.staff import StaffRepository
from crm.repository.tasks import HistoryRepository, TaskRepository

__all__ = [
    "ContactRepository",
    "HistoryRepository",
    "LabelRepository",
    "MailoutRepository",
    "PreferencesRepository",
    "StaffRepository",
    "TaskRepository",
]
