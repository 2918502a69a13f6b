"""persons.link_tags: a person's statuses, interests and group memberships on the person's row

PostgreSQL only. A search for a word within a status, an interest or a group looked each member
up by id (~5 µs each: 100-140 ms for a status of 20,000 at 1M persons, 170-220 ms for a group of
50,000). With the links as tags on the row ("s:<status id>", "i:<interest id>", "g:<group id>"
for members, not leaders) and a GIN index on them, PostgreSQL ANDs that index with the trigram
index: 6-31 ms for the same searches (docs/registry.md → Search, "Link tags").

The tags are kept by triggers on the three link tables, so every path that links or unlinks
(the API, bulk operations, imports, merges, a status or group deleted with its links) keeps them
without knowing about them: after each statement, the persons whose tags the statement's rows
change are given `person_link_tags(id)`, computed from the link rows. A person whose row already
holds the tags is not rewritten; an import writes them in its COPY of persons and skips the
check for its statuses (registry use_cases/imports/fast.py). The price: a link change rewrites
the person's row and its indexes, ~0.1 ms a person (a group of 50,000 deleted: ~5 s at 1M
persons instead of 0.02 s).

Revision ID: 0017
Revises: 0016
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

TABLES = ("person_statuses", "group_memberships", "person_interests")

FUNCTIONS = """
CREATE FUNCTION person_link_tags(person varchar) RETURNS text[]
LANGUAGE sql STABLE AS $tags$
    SELECT coalesce(array_agg(tag ORDER BY tag COLLATE "C"), '{}') FROM (
        SELECT 's:' || status_id AS tag FROM person_statuses WHERE person_id = person
        UNION ALL
        SELECT 'i:' || interest_id FROM person_interests WHERE person_id = person
        UNION ALL
        SELECT 'g:' || group_id FROM group_memberships
        WHERE person_id = person AND role = 'member'
    ) AS links
$tags$;

-- The tag one link row gives (a row of any of the three tables, as JSON); NULL for a leader.
CREATE FUNCTION link_row_tag(link jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $tag$
    SELECT CASE
        WHEN link ? 'status_id' THEN 's:' || (link ->> 'status_id')
        WHEN link ? 'interest_id' THEN 'i:' || (link ->> 'interest_id')
        WHEN link ->> 'role' = 'member' THEN 'g:' || (link ->> 'group_id')
    END
$tag$;

-- After a statement on a link table: `changed` holds its rows, added (TG_ARGV[0] 'added') or
-- removed. Only persons whose tags miss an added tag or hold a removed one are recomputed.
-- An import's statuses, whose persons it has just written with their tags, are not checked
-- (the setting is on for that one statement: registry/repository/link_tags.py).
CREATE FUNCTION persons_link_tags_refresh() RETURNS trigger
LANGUAGE plpgsql AS $refresh$
BEGIN
    IF current_setting('foyer.link_tags_written', true) = 'on' THEN
        RETURN NULL;
    END IF;
    UPDATE persons AS p SET link_tags = person_link_tags(p.id)
    FROM (
        SELECT person_id, array_agg(tag) AS tags
        FROM (SELECT person_id, link_row_tag(to_jsonb(c)) AS tag FROM changed AS c) AS rows
        WHERE tag IS NOT NULL
        GROUP BY person_id
    ) AS c
    WHERE p.id = c.person_id
      AND CASE TG_ARGV[0]
          WHEN 'added' THEN NOT p.link_tags @> c.tags
          ELSE p.link_tags && c.tags
      END;
    RETURN NULL;
END
$refresh$;
"""

# A transition table is either the new rows or the old ones, so an UPDATE has two triggers.
TRIGGERS = (
    ("added", "INSERT", "NEW"),
    ("removed", "DELETE", "OLD"),
    ("moved_from", "UPDATE", "OLD"),
    ("moved_to", "UPDATE", "NEW"),
)

BACKFILL = """
UPDATE persons AS p SET link_tags = person_link_tags(p.id)
WHERE p.id IN (
    SELECT person_id FROM person_statuses
    UNION SELECT person_id FROM person_interests
    UNION SELECT person_id FROM group_memberships WHERE role = 'member'
)
"""


def _trigger_name(table: str, name: str) -> str:
    return f"{table}_link_tags_{name}"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite's search filters by the link tables (registry/repository/search.py)
    op.execute("ALTER TABLE persons ADD COLUMN link_tags text[] NOT NULL DEFAULT '{}'")
    op.execute(FUNCTIONS)
    for table in TABLES:
        for name, event, rows in TRIGGERS:
            change = "removed" if rows == "OLD" else "added"
            op.execute(
                f"CREATE TRIGGER {_trigger_name(table, name)} AFTER {event} ON {table} "
                f"REFERENCING {rows} TABLE AS changed FOR EACH STATEMENT "
                f"EXECUTE FUNCTION persons_link_tags_refresh('{change}')"
            )
    op.execute(BACKFILL)
    op.execute("CREATE INDEX ix_persons_link_tags ON persons USING gin (link_tags)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        for name, _event, _rows in TRIGGERS:
            op.execute(f"DROP TRIGGER {_trigger_name(table, name)} ON {table}")
    op.execute("DROP FUNCTION persons_link_tags_refresh()")
    op.execute("DROP FUNCTION link_row_tag(jsonb)")
    op.execute("DROP FUNCTION person_link_tags(varchar)")
    op.execute("DROP INDEX ix_persons_link_tags")
    op.execute("ALTER TABLE persons DROP COLUMN link_tags")
