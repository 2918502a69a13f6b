"""messages.request_id, mailout_id, task_id: whom a message was sent for (crm's commands)

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

import foyer_shared.db

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_ID = foyer_shared.db.UUIDStr(length=36)


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("request_id", _ID, nullable=True))
        batch.add_column(sa.Column("mailout_id", _ID, nullable=True))
        batch.add_column(sa.Column("task_id", _ID, nullable=True))
        batch.create_index("ix_messages_request_id", ["request_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_index("ix_messages_request_id")
        batch.drop_column("task_id")
        batch.drop_column("mailout_id")
        batch.drop_column("request_id")
