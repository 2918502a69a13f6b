"""Trial bookers become prospects (settings → trial_prospects): tagged with the chosen tag and
with a history entry of the chosen type saying what they tried (booking.trial_booked)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from crm.domain import cards
from crm.models import HistoryEntry
from crm.repository import (
    ContactRepository,
    HistoryRepository,
    LabelRepository,
    PreferencesRepository,
)
from crm.use_cases.cards import set_status

log = logging.getLogger(__name__)

BOOKINGS = "service:booking"


class CardNotYetKnown(LookupError):
    """A booking for a person whose registry.person.created the CRM has not handled (yet):
    raising makes the consumer retry with back-off, and park it if it never comes."""


def trial_booked(session: Session, data: dict) -> None:
    settings = PreferencesRepository(session).get()
    if not settings.trial_prospects:
        log.info("trial booking %s: trial bookers are not added (settings)", data["booking_id"])
        return
    reference = f"booking:{data['booking_id']}"
    if HistoryRepository(session).by_reference(reference) is not None:
        return  # the same booking told again
    contact = ContactRepository(session).by_person_id(data["person_id"])
    if contact is None:
        raise CardNotYetKnown(data["person_id"])
    if contact.status != cards.CUSTOMER:
        set_status(session, contact, cards.PROSPECT, BOOKINGS)
    _tag(session, contact, settings.trial_tag_id)
    starts_at = datetime.fromisoformat(data["starts_at"])
    if starts_at.tzinfo is None:  # the contract says date-time with a zone; be lenient: UTC
        starts_at = starts_at.replace(tzinfo=UTC)
    local = starts_at.astimezone(ZoneInfo(settings.timezone)).strftime("%Y-%m-%d %H:%M")
    HistoryRepository(session).add(
        HistoryEntry(
            contact_id=contact.id,
            type_id=settings.trial_history_type_id,
            note=f"Trial booking: {data['activity']} ({local})",
            written_by=BOOKINGS,
            occurred_at=starts_at,
            source="trial_booking",
            reference=reference,
        )
    )


def _tag(session: Session, contact, tag_id: str | None) -> None:
    tag = LabelRepository(session).get(tag_id)
    if tag is None or tag in contact.tags:
        return
    if tag.archived_at is not None or tag.applies_to != contact.kind:
        log.warning("trial tag %s not added to %s: archived or not its kind", tag.name, contact.id)
        return
    contact.tags.append(tag)
