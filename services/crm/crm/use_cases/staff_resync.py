"""The staff resync: ask identity for every account, and take its answer into the copy.

identity's events keep the copy of staff members (staff.py). An event published while the
CRM's queue did not exist yet is dropped by the broker, and the copy stays wrong: on a fresh
install the owner identity makes at start-up was never staff here. So the worker asks identity
for the whole list (`identity.send_accounts`, at its start and every FOYER_STAFF_RESYNC_HOURS,
crm/worker.py), and `identity.accounts.listed` answers, in parts, on crm.on-identity-events.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from crm import events
from crm.domain.preferences import BUILT_IN_ROLES
from crm.models.staff import StaffMember
from crm.repository import StaffRepository
from crm.use_cases import staff
from foyer_shared.db import Database

REQUESTED_BY = "crm"


def request_accounts(database: Database) -> None:
    """Write the command to the outbox; the relay sends it once identity's queue is bound to
    it (a command nobody receives yet waits in the outbox, it is never dropped)."""
    with database.transaction() as session:
        events.outbox.command(session, events.SEND_ACCOUNTS, {"requested_by": REQUESTED_BY})


def accounts_listed(session: Session, data: dict) -> None:
    """One part of identity's list: each account as `identity.user.*` would have told it, and
    the custom role names. An account the CRM knows and the list does not name is left as it
    is (deleted accounts stay, deactivated, as identity.user.deleted leaves them); so is a role
    name: only identity.role.changed forgets one. Taking the same part twice changes nothing."""
    accounts = data["accounts"]
    known = StaffRepository(session).by_user_ids([a["user_id"] for a in accounts])
    for account in accounts:
        member = known.get(account["user_id"])
        if member is None or _differs(member, account):
            staff.account_seen(session, account, active=account["active"])
    repository = StaffRepository(session)
    for name in sorted(set(data["roles"]) - set(BUILT_IN_ROLES)):
        repository.remember_role(name)


def _differs(member: StaffMember, account: dict) -> bool:
    return (member.person_id, member.username, sorted(member.roles or ()), member.active) != (
        account["person_id"],
        account["username"],
        sorted(account["roles"]),
        account["active"],
    )
