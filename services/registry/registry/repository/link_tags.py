"""Link tags: a person's statuses, interests and group memberships on the person's row.

PostgreSQL only (migration 0017 adds `persons.link_tags`, its GIN index and the triggers that
keep it). A word searched within a status, an interest or a group then ANDs the tags' index
with the trigram index instead of looking up every member by id: at 1M persons 6-31 ms instead
of 44-255 ms (docs/registry.md → Search, "Link tags"). The tags' spelling is the one the
migration's `person_link_tags` gives; a test compares the two.
"""

from __future__ import annotations

from sqlalchemy import Text, literal_column
from sqlalchemy.dialects.postgresql import ARRAY

STATUS, INTEREST, GROUP_MEMBER = "s:", "i:", "g:"
# Not mapped on Person: SQLite has no such column, and the ORM never reads or writes it.
COLUMN = literal_column("persons.link_tags", ARRAY(Text))


def status_tag(status_id: str) -> str:
    return f"{STATUS}{status_id}"


def of_filters(filters: dict) -> list[str]:
    """The tags a person must carry to pass a search's group/status/interest filters."""
    tags = []
    if filters.get("group_id"):
        tags.append(f"{GROUP_MEMBER}{filters['group_id']}")
    if filters.get("status_id"):
        tags.append(status_tag(filters["status_id"]))
    if filters.get("interest_id"):
        tags.append(f"{INTEREST}{filters['interest_id']}")
    return tags


def carries(tags: list[str]):
    """The condition: the person carries every one of `tags` (the GIN index answers it)."""
    return COLUMN.contains(tags)
