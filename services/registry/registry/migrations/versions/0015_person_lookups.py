"""person_lookups: the record of look-ups in public registers (issue 23 §1)

Revision ID: 0015
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

from foyer_shared.db import UTCDateTime, UUIDStr

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_lookups",
        sa.Column("id", UUIDStr(), primary_key=True),
        sa.Column(
            "person_id", UUIDStr(), sa.ForeignKey("persons.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("looked_up_by", sa.String(64), nullable=True),
        sa.Column("looked_up_at", UTCDateTime(), nullable=False),
        sa.Column("register", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("cached", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("taken", sa.String(400), nullable=False, server_default=""),
    )
    op.create_index("ix_person_lookups_person", "person_lookups", ["person_id", "looked_up_at"])


def downgrade() -> None:
    op.drop_table("person_lookups")
