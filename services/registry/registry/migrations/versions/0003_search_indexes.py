"""search indexes: trigram GIN on PostgreSQL (free text), plain b-tree elsewhere

Revision ID: 0003
Revises: 0002
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # `ILIKE '%text%'` over the one search column uses this index (3+ characters).
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX ix_persons_search_trgm ON persons USING gin (search_text gin_trgm_ops)"
        )
        # Default sort order of the list: last name, first name, id.
        op.execute("CREATE INDEX ix_persons_name_order ON persons (last_name, first_name, id)")
    else:
        # SQLite (embedded default): a LIKE scan is fine for a small register.
        op.create_index("ix_persons_name_order", "persons", ["last_name", "first_name", "id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_persons_search_trgm")
    op.drop_index("ix_persons_name_order", table_name="persons")
