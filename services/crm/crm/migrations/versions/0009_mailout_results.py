"""mailout_recipients: notify's result per recipient (sent or failed, when, why), found by
the message id the CRM gave notify

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

import foyer_shared.db

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

WHEN = foyer_shared.db.UTCDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("mailout_recipients") as batch:
        batch.add_column(sa.Column("result_at", WHEN, nullable=True))
        batch.add_column(sa.Column("result_reason", sa.String(200), nullable=True))
        batch.create_index("ix_mailout_recipients_message", ["message_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mailout_recipients") as batch:
        batch.drop_index("ix_mailout_recipients_message")
        batch.drop_column("result_reason")
        batch.drop_column("result_at")
