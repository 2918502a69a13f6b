"""person_reads: the read log, who viewed which person's card and when (issue 23 §4)

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

from foyer_shared.db import UTCDateTime, UUIDStr

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_reads",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True,
            autoincrement=True,
        ),
        sa.Column(
            "person_id", UUIDStr(), sa.ForeignKey("persons.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("viewer", sa.String(64), nullable=False),
        sa.Column("read_at", UTCDateTime(), nullable=False),
        sa.Column("what", sa.String(16), nullable=False, server_default="card"),
    )
    op.create_index("ix_person_reads_person", "person_reads", ["person_id", "read_at"])
    op.create_index("ix_person_reads_read_at", "person_reads", ["read_at"])


def downgrade() -> None:
    op.drop_table("person_reads")
