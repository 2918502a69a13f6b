"""persons.name_slice: which run of the name order a person is in, for a large register's search

PostgreSQL only. `person_name_slice(sort_name)` gives a person's slice from bounds that
`python -m registry slice-names` writes into it (`person_name_slices_set`); until then it is
NULL for everyone and no slice index exists, so a register that is never sliced pays nothing
but one NULL column (docs/registry.md → Search, "Name slices").

Revision ID: 0016
Revises: 0015
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# Rewrites both functions from the bounds given (sorted sort names; none: not sliced). The
# bounds are quoted by format(%L) here, in the database, so no caller builds SQL from names.
# Declared IMMUTABLE for the generated column; a new body is only ever installed together with
# the rewrite of that column (registry/repository/name_slices.py), so no stored slice is stale.
SETTER = """
CREATE FUNCTION person_name_slices_set(bounds text[]) RETURNS void LANGUAGE plpgsql AS $set$
BEGIN
    IF coalesce(array_length(bounds, 1), 0) = 0 THEN
        EXECUTE 'CREATE OR REPLACE FUNCTION person_name_slice(sort_name text) RETURNS smallint '
            'LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT NULL::smallint $$';
        EXECUTE 'CREATE OR REPLACE FUNCTION person_name_slices() RETURNS smallint '
            'LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT 0::smallint $$';
        RETURN;
    END IF;
    EXECUTE format(
        'CREATE OR REPLACE FUNCTION person_name_slice(sort_name text) RETURNS smallint '
        'LANGUAGE sql IMMUTABLE PARALLEL SAFE AS %L',
        format('SELECT (width_bucket(sort_name, %L::text[]) + 1)::smallint', bounds)
    );
    EXECUTE format(
        'CREATE OR REPLACE FUNCTION person_name_slices() RETURNS smallint '
        'LANGUAGE sql IMMUTABLE PARALLEL SAFE AS %L',
        format('SELECT %s::smallint', array_length(bounds, 1) + 1)
    );
END
$set$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite (a laptop's register) is never sliced
    op.execute(SETTER)
    op.execute("SELECT person_name_slices_set('{}')")
    op.execute(
        "ALTER TABLE persons ADD COLUMN name_slice smallint "
        "GENERATED ALWAYS AS (person_name_slice(sort_name)) STORED"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        DO $drop$
        DECLARE slice_index text;
        BEGIN
            FOR slice_index IN SELECT indexname FROM pg_indexes
                WHERE tablename = 'persons' AND indexname LIKE 'ix\\_persons\\_search\\_slice\\_%'
            LOOP
                EXECUTE format('DROP INDEX %I', slice_index);
            END LOOP;
        END
        $drop$
        """
    )
    op.execute("ALTER TABLE persons DROP COLUMN name_slice")
    op.execute("DROP FUNCTION person_name_slice(text)")
    op.execute("DROP FUNCTION person_name_slices()")
    op.execute("DROP FUNCTION person_name_slices_set(text[])")
