"""lz4 for the outbox's message bodies; no second compression of stored batches (PostgreSQL)

Revision ID: 0003
Revises: 0002

Each batch command in the outbox holds a few thousand rows as JSON (hundreds of kilobytes);
PostgreSQL compressed them with pglz, a noticeable share of its time during an import. A
stored batch payload is zlib-compressed already: EXTERNAL storage keeps it out of line without
trying to compress it again. SQLite is unchanged.
"""
from alembic import op

from foyer_shared.migrations import set_toast_compression

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    set_toast_compression("lz4", (("outbox", "body"),))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE batches ALTER COLUMN payload SET STORAGE EXTERNAL")


def downgrade() -> None:
    set_toast_compression("pglz", (("outbox", "body"),))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE batches ALTER COLUMN payload SET STORAGE EXTENDED")
