"""journal_entries: confidential journal per person, envelope-encrypted (issue 23 §5)

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

from foyer_shared.db import UTCDateTime, UUIDStr

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journal_entries",
        sa.Column("id", UUIDStr(), primary_key=True),
        sa.Column(
            "person_id", UUIDStr(), sa.ForeignKey("persons.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("written_at", UTCDateTime(), nullable=False),
        sa.Column("key_id", sa.String(64), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
    )
    op.create_index("ix_journal_entries_person", "journal_entries", ["person_id", "written_at"])


def downgrade() -> None:
    op.drop_table("journal_entries")
