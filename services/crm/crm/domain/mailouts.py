"""Who a mail-out reaches: a card with an address that is not known to bounce, once per
address; the rest are suppressed with the reason."""

from __future__ import annotations

from crm.domain import InvalidInput
from foyer_shared.words import N_

NO_EMAIL, BAD_ADDRESS, DUPLICATE = "no_email", "bad_address", "duplicate_address"


def suppression(card, seen: set[str]) -> str | None:
    """Why this card gets no e-mail (None: it gets one); `seen` collects the addresses."""
    if not card.email:
        return NO_EMAIL
    if card.bad_address:
        return BAD_ADDRESS
    address = card.email.lower()
    if address in seen:
        return DUPLICATE
    seen.add(address)
    return None


def check_content(subject: str | None, body: str | None, template: str | None) -> None:
    if not body and not template:
        raise InvalidInput.one("body", N_("a free text (body) or a notify template is needed"))
    if body and template:
        raise InvalidInput.one("template", N_("either a template or a free text, not both"))
    if body and not subject:
        raise InvalidInput.one("subject", N_("a free-text e-mail needs a subject"))
