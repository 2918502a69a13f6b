"""person_contacts (the card's e-mail, from registry events); one_time_tokens.new_email

Expand only: a new table and a nullable column; an older identity ignores both.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

import foyer_shared.db

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_contacts",
        sa.Column("person_id", foyer_shared.db.UUIDStr(length=36), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("updated_at", foyer_shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("person_id"),
    )
    op.add_column("one_time_tokens", sa.Column("new_email", sa.String(length=254), nullable=True))


def downgrade() -> None:
    op.drop_column("one_time_tokens", "new_email")
    op.drop_table("person_contacts")
