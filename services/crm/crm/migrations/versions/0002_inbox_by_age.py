"""inbox: an index on processed_at; the relay deletes records older than FOYER_INBOX_KEEP_DAYS

Revision ID: 0002
Revises: 0001
"""
from foyer_shared.migrations import index_inbox_by_age, unindex_inbox_by_age

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    index_inbox_by_age()


def downgrade() -> None:
    unindex_inbox_by_age()
