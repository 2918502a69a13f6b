"""identity's accounts and roles, copied as its events tell them (run in the consumer's
transaction). The CRM needs them to know who may be made responsible or assignee."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crm.models.staff import StaffMember
from crm.repository import StaffRepository
from crm.use_cases.customers import link_if_customer


def account_seen(session: Session, data: dict, active: bool | None = None) -> None:
    """user.created / roles_changed / person_changed / (de|re)activated: keep what is new."""
    staff = StaffRepository(session)
    member = staff.get(data["user_id"])
    if member is None:
        member = StaffMember(user_id=data["user_id"], roles=[], active=True)
        staff.add(member)
    if "person_id" in data:
        member.person_id = data["person_id"]
    if data.get("username"):
        member.username = data["username"]
    if "roles" in data:
        member.roles = sorted(data["roles"])
    if active is not None:
        member.active = active
    link_if_customer(session, member.person_id)


def account_deleted(session: Session, data: dict) -> None:
    """Kept (deactivated) rather than deleted: to-dos and history still name the user id."""
    account_seen(session, data, active=False)


def role_changed(session: Session, data: dict) -> None:
    staff = StaffRepository(session)
    if data["change"] == "deleted":
        staff.forget_role(data["name"])
    else:
        staff.remember_role(data["name"])
