"""batches: the command is read back from its outbox row (message_id), not stored twice

Revision ID: 0007
Revises: 0006

The sender stored each batch's JSON in `batches.payload` and again as the outbox row that
carried it; the first copy was ~12 % of a 100k dry run's time (imports/payloads.py). New
batches name their outbox row instead; older ones keep their payload.
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("batches") as batch:
        batch.add_column(sa.Column("message_id", sa.String(length=36), nullable=True))
        batch.alter_column("payload", existing_type=sa.LargeBinary(), nullable=True)


def downgrade() -> None:
    # Batches written since have no payload; they cannot be resent by the older sender.
    op.execute("DELETE FROM batches WHERE payload IS NULL")
    with op.batch_alter_table("batches") as batch:
        batch.alter_column("payload", existing_type=sa.LargeBinary(), nullable=False)
        batch.drop_column("message_id")
