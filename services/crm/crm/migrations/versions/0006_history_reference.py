"""history_entries.reference: the outside fact an entry records (a trial booking's id), once

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("history_entries") as batch:
        batch.add_column(sa.Column("reference", sa.String(100), nullable=True))
        batch.create_index("uq_history_reference", ["reference"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("history_entries") as batch:
        batch.drop_index("uq_history_reference")
        batch.drop_column("reference")
