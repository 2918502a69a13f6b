"""Cards: a trigram index for the free-text search (PostgreSQL; SQLite reads the table)

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Exactly crm.repository.contacts.SEARCH_TEXT, so the planner uses it.
EXPRESSION = "lower(first_name || ' ' || last_name || ' ' || coalesce(email, ''))"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            f"CREATE INDEX ix_contacts_search_trgm ON contacts USING gin (({EXPRESSION}) gin_trgm_ops)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_contacts_search_trgm")
