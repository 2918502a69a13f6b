"""messages: drop ix_messages_state; ix_messages_due (state, next_attempt_at) serves the same look-ups

Every message written or moved between states updated both indexes.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_index("ix_messages_state")


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.create_index("ix_messages_state", ["state"], unique=False)
