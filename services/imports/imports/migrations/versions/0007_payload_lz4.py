"""batches.payload: stored as JSON and compressed by PostgreSQL (lz4), not by the worker

Revision ID: 0007
Revises: 0006

The sender zlib-compressed every stored batch (~3 ms a batch, in the one thread that reads the
file); PostgreSQL's lz4 does it in its own process for less (imports/payloads.py). Payloads
stored before stay zlib and are read back alike. SQLite is unchanged (the worker still
compresses there).
"""
from alembic import op

from foyer_shared.migrations import set_toast_compression

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE batches ALTER COLUMN payload SET STORAGE EXTENDED")
    set_toast_compression("lz4", (("batches", "payload"),))


def downgrade() -> None:
    set_toast_compression("pglz", (("batches", "payload"),))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE batches ALTER COLUMN payload SET STORAGE EXTERNAL")
