"""A person or company in the register: a member, customer, staff member or legal entity."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from foyer_shared.db import UTCDateTime, UUIDStr, new_id, utcnow
from registry.models import Base

PERSON, COMPANY = "person", "company"

# Fields a client may set (the rest the registry keeps itself); the change log covers these
# and the kept flags (staff, bad address, login account).
PERSON_FIELDS = (
    "first_name",
    "last_name",
    "personnummer",
    "email",
    "phone",
    "mobile_phone",
    "address",
    "postal_code",
    "city",
    "country",
    "language",
    "remind_by_email",
    "remind_by_sms",
    "note",
    "important_note",
    "external_number",
    "home_facility",
)
COMPANY_FIELDS = (
    "company_name",
    "org_number",
    "email",
    "phone",
    "country",
    "language",
    "note",
    "important_note",
    "external_number",
    "home_facility",
    "invoice_address",
    "invoice_postal_code",
    "invoice_city",
    "visiting_address",
    "visiting_postal_code",
    "visiting_city",
)
EDITABLE_FIELDS = tuple(dict.fromkeys(PERSON_FIELDS + COMPANY_FIELDS))
ADDRESS_FIELDS = ("email", "address", "postal_code", "city")  # a change clears bad_address
# Facts published in registry.person.created / persons.imported (docs/events.md): what other
# services need to reach and address the person. Not the personnummer: no consumer needs it, and
# messages sit in queues and outboxes that many more people can read than the register.
EVENT_FIELDS = ("first_name", "last_name", "email", "phone")
# And, when known, how notify should reach them (its reminders): language, channel choices.
OPTIONAL_EVENT_FIELDS = ("mobile_phone", "language", "remind_by_email", "remind_by_sms")


class Person(Base):
    __tablename__ = "persons"

    id: Mapped[str] = mapped_column(UUIDStr, primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(16), default=PERSON)
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    company_name: Mapped[str | None] = mapped_column(String(200))
    org_number: Mapped[str | None] = mapped_column(String(11))
    personnummer: Mapped[str | None] = mapped_column(String(13), unique=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(32))
    mobile_phone: Mapped[str | None] = mapped_column(String(32))
    address: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(16))
    city: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(2))
    language: Mapped[str | None] = mapped_column(String(8))
    remind_by_email: Mapped[bool] = mapped_column(Boolean, default=True)
    remind_by_sms: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    important_note: Mapped[str | None] = mapped_column(Text)
    external_number: Mapped[str | None] = mapped_column(String(64))
    home_facility: Mapped[str | None] = mapped_column(String(100))
    invoice_address: Mapped[str | None] = mapped_column(String(200))
    invoice_postal_code: Mapped[str | None] = mapped_column(String(16))
    invoice_city: Mapped[str | None] = mapped_column(String(100))
    visiting_address: Mapped[str | None] = mapped_column(String(200))
    visiting_postal_code: Mapped[str | None] = mapped_column(String(16))
    visiting_city: Mapped[str | None] = mapped_column(String(100))
    bad_address: Mapped[bool] = mapped_column(Boolean, default=False)
    is_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    user_id: Mapped[str | None] = mapped_column(UUIDStr)  # linked login account
    # Lower-cased names, e-mail, phones, numbers in one column: one trigram index serves the
    # free-text search (see migration 0002 and docs/registry.md).
    search_text: Mapped[str] = mapped_column(Text, default="")
    # "lastname firstname" or the company name, lower-cased: one order for persons and companies.
    sort_name: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}
    # The list's default order (migration 0005; the trigram index is PostgreSQL-only, 0003).
    # Mostly-empty columns index only the rows a query looks for (migration 0007: an import
    # inserts thousands of persons a second); SQLite keeps plain indexes of the same names.
    __table_args__ = (
        Index("ix_persons_sort_name", "sort_name", "id"),
        Index("ix_persons_kind", "kind", postgresql_where=text("kind = 'company'")),
        Index("ix_persons_is_staff", "is_staff", postgresql_where=text("is_staff")),
        Index("ix_persons_user_id", "user_id", postgresql_where=text("user_id IS NOT NULL")),
        Index(
            "ix_persons_external_number",
            "external_number",
            postgresql_where=text("external_number IS NOT NULL"),
        ),
        Index(
            "uq_persons_org_number",
            "org_number",
            unique=True,
            postgresql_where=text("org_number IS NOT NULL"),
        ),
    )

    @property
    def display_name(self) -> str:
        return display_name_of(_Attributes(self))

    def refresh_search_text(self) -> None:
        for name, value in search_columns(self.kind, _Attributes(self)).items():
            setattr(self, name, value)

    def facts(self) -> dict:
        return facts_of(self.kind, _Attributes(self))


def display_name_of(values) -> str:
    """The name shown for a person or company (`values`: a mapping of its columns)."""
    if values.get("kind") == COMPANY:
        return values.get("company_name") or ""
    return f"{values.get('first_name') or ''} {values.get('last_name') or ''}".strip()


class _Attributes:
    """An instance read like a dict (getattr, so expired attributes load; vars() would not)."""

    def __init__(self, instance):
        self.get = lambda name: getattr(instance, name)


def search_columns(kind: str, values: dict) -> dict:
    """search_text and sort_name from a person's values (an instance's or a bulk row's)."""
    get = values.get
    parts = [
        get("first_name"),
        get("last_name"),
        get("company_name"),
        get("email"),
        get("phone"),
        get("mobile_phone"),
        get("personnummer"),
        get("org_number"),
        get("external_number"),
    ]
    # Numbers typed as digits only ("5560360793", "202417") find "556036-0793", "2024-17".
    numbers = [
        "".join(ch for ch in n if ch.isdigit())
        for n in (get("org_number"), get("external_number"))
        if n
    ]
    parts += [n for n in numbers if n]
    if kind == COMPANY:
        sort_name = (get("company_name") or "").lower()[:200]
    else:
        sort_name = f"{get('last_name') or ''} {get('first_name') or ''}".lower()[:200]
    return {"search_text": " ".join(p.lower() for p in parts if p), "sort_name": sort_name}


def facts_of(kind: str, values: dict) -> dict:
    """What events say about a person: ids and plain facts, never secrets."""
    facts = {name: values.get(name) for name in EVENT_FIELDS}
    # Optional: only when known (a bulk import row may leave them to the column defaults).
    facts.update({n: values.get(n) for n in OPTIONAL_EVENT_FIELDS if values.get(n) is not None})
    if kind == COMPANY:
        facts.update(company_name=values.get("company_name"), org_number=values.get("org_number"))
    return facts
