"""A CRM card: a person or company of the registry with a pipeline status, a responsible
staff member, a company link, a note and tags."""

from __future__ import annotations

from crm.domain import InvalidInput
from foyer_shared.identifiers import InvalidIdentifier, normalise_email, normalise_phone
from foyer_shared.words import N_

PROSPECT, CUSTOMER, FORMER = "prospect", "customer", "former"
# prospect → customer → former customer; any step may be taken (a former customer returns).
STATUSES = (PROSPECT, CUSTOMER, FORMER)
PERSON, COMPANY = "person", "company"
KINDS = (PERSON, COMPANY)
# What a card created in the CRM sends the registry; none of it is required (the guide).
REGISTRY_FIELDS = {
    PERSON: ("first_name", "last_name", "email", "phone"),
    COMPANY: ("company_name", "email", "phone"),
}


def check_status(status: str, field: str = "status") -> str:
    if status not in STATUSES:
        raise InvalidInput.one(field, f"unknown status {status!r}: one of {', '.join(STATUSES)}")
    return status


def registry_fields(kind: str, data: dict, region: str) -> dict:
    """The person's or company's facts for the registry, checked by the rules it applies
    (foyer_shared.identifiers), so the registry does not refuse what the CRM accepted."""
    errors, out = {}, {}
    for name in REGISTRY_FIELDS[kind]:
        value = data.get(name)
        if isinstance(value, str):
            value = " ".join(value.split()) or None
        try:
            if value is not None and name == "email":
                value = normalise_email(value)
            elif value is not None and name == "phone":
                value = normalise_phone(value, region)
        except (InvalidIdentifier, ValueError) as exc:
            errors[name] = [str(exc)]
        out[name] = value
    if errors:
        raise InvalidInput(errors)
    return out


def check_company_link(kind: str, company) -> None:
    """A person may be a contact at a company card; a company is at no company."""
    if company is None:
        return
    if kind == COMPANY:
        raise InvalidInput.one("company_id", N_("a company cannot be a contact at a company"))
    if company.kind != COMPANY:
        raise InvalidInput.one("company_id", N_("not a company's card"))
