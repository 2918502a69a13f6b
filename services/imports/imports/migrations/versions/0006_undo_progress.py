"""jobs: when an undo started and how many of the job's persons it has done (its progress)

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

from foyer_shared.db import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("jobs", sa.Column("undo_started_at", UTCDateTime(timezone=True), nullable=True))
    op.add_column("jobs", sa.Column("undo_done", sa.Integer(), nullable=False,
                                    server_default="0"))


def downgrade() -> None:
    op.drop_column("jobs", "undo_done")
    op.drop_column("jobs", "undo_started_at")
