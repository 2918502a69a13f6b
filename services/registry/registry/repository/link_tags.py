"""Link tags: a person's statuses, interests and group memberships on the person's row.

PostgreSQL only (migration 0017 adds `persons.link_tags`, its GIN index and the triggers that
keep it). A word searched within a status, an interest or a group then ANDs the tags' index
with the trigram index instead of looking up every member by id: at 1M persons 6-31 ms instead
of 44-255 ms (docs/registry.md → Search, "Link tags"). The tags' spelling is the one the
migration's `person_link_tags` gives; a test compares the two.
"""

from __future__ import annotations

import contextlib

from sqlalchemy import Text, literal_column, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

STATUS, INTEREST, GROUP_MEMBER = "s:", "i:", "g:"
# Not mapped on Person: SQLite has no such column, and the ORM never reads or writes it.
COLUMN = literal_column("persons.link_tags", ARRAY(Text))


def status_tag(status_id: str) -> str:
    return f"{STATUS}{status_id}"


def group_tag(group_id: str) -> str:
    """A member's tag (a leader's role carries none: leading a group is not being in it)."""
    return f"{GROUP_MEMBER}{group_id}"


def of_new_person(status_id: str | None) -> list[str]:
    """The tags of a person created with this status or none (an import's new person)."""
    return [status_tag(status_id)] if status_id else []


def of_filters(filters: dict) -> list[str]:
    """The tags a person must carry to pass a search's group/status/interest filters."""
    tags = []
    if filters.get("group_id"):
        tags.append(group_tag(filters["group_id"]))
    if filters.get("status_id"):
        tags.append(status_tag(filters["status_id"]))
    if filters.get("interest_id"):
        tags.append(f"{INTEREST}{filters['interest_id']}")
    return tags


def carries(tags: list[str]):
    """The condition: the person carries every one of `tags` (the GIN index answers it)."""
    return COLUMN.contains(tags)


def carries_any(tags: list[str]):
    """The condition: the person carries at least one of `tags` (`&&`, the GIN index too)."""
    return COLUMN.overlap(tags)


_WRITTEN = text("SELECT set_config('foyer.link_tags_written', :on, true)")


@contextlib.contextmanager
def written_with_persons(session: Session):
    """Link rows inserted in this block belong to persons just written with their tags (an
    import's COPY): the triggers skip checking them. Checking cost ~6 ms of the database's CPU
    per 1,000 imported rows (10 µs a status: a look-up of each person), a fifth of its work."""
    if session.get_bind().dialect.name != "postgresql":
        yield
        return
    session.execute(_WRITTEN, {"on": "on"})
    yield
    # Not reached when the block fails: the rollback of its transaction (or savepoint) takes
    # the setting back with it.
    session.execute(_WRITTEN, {"on": "off"})
