"""The registry's tables: one module per aggregate, plus the outbox and inbox."""

from sqlalchemy.orm import DeclarativeBase

from foyer_shared.messaging import messaging_tables


class Base(DeclarativeBase):
    pass


messaging = messaging_tables(Base.metadata)

# The modules below need Base above.
from registry.models.change import PersonChange  # noqa: E402
from registry.models.consents import Consent, ConsentEvent  # noqa: E402
from registry.models.documents import Document  # noqa: E402
from registry.models.export import Export, ExportPart  # noqa: E402
from registry.models.family import Family, FamilyMember, NotDuplicate, Relation  # noqa: E402
from registry.models.fields import FieldDefinition, FieldValue  # noqa: E402
from registry.models.imports import ImportBatch, ImportedPerson, ImportFamily  # noqa: E402
from registry.models.journal import JournalEntry  # noqa: E402
from registry.models.lookups import PersonLookup  # noqa: E402
from registry.models.person import Person  # noqa: E402
from registry.models.reads import PersonRead  # noqa: E402
from registry.models.requirements import RequiredField  # noqa: E402
from registry.models.segments import (  # noqa: E402
    Group,
    GroupMembership,
    InterestArea,
    PersonInterest,
    PersonStatus,
    Status,
)

__all__ = [
    "Base",
    "Consent",
    "Document",
    "ConsentEvent",
    "Export",
    "ExportPart",
    "Family",
    "FamilyMember",
    "FieldDefinition",
    "FieldValue",
    "Group",
    "GroupMembership",
    "ImportBatch",
    "ImportFamily",
    "ImportedPerson",
    "InterestArea",
    "JournalEntry",
    "NotDuplicate",
    "Person",
    "PersonChange",
    "PersonInterest",
    "PersonLookup",
    "PersonRead",
    "PersonStatus",
    "Relation",
    "RequiredField",
    "Status",
    "messaging",
]
