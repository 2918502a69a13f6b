"""the send queue: message content, type, attempts and schedule; suppressed addresses

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

_WHEN = foyer_shared.db.UTCDateTime(timezone=True)
_ID = foyer_shared.db.UUIDStr(length=36)


def upgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(40), nullable=False, server_default="staff_message")
        )
        batch_op.add_column(sa.Column("language", sa.String(8), nullable=True))
        batch_op.add_column(sa.Column("body_text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("body_html", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("mail_out", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("attempts", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("next_attempt_at", _WHEN, nullable=True))
        batch_op.add_column(sa.Column("last_attempt_at", _WHEN, nullable=True))
        batch_op.add_column(sa.Column("handed_at", _WHEN, nullable=True))
        batch_op.add_column(sa.Column("sent_at", _WHEN, nullable=True))
        batch_op.add_column(sa.Column("reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("provider", sa.String(40), nullable=True))
        batch_op.add_column(sa.Column("bulk_id", _ID, nullable=True))
        batch_op.create_index("ix_messages_bulk_id", ["bulk_id"], unique=False)
        batch_op.create_index("ix_messages_due", ["state", "next_attempt_at"], unique=False)
    op.create_table(
        "suppressed_addresses",
        sa.Column("address", sa.String(254), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("message_id", _ID, nullable=True),
        sa.Column("person_id", _ID, nullable=True),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.PrimaryKeyConstraint("address"),
    )
    with op.batch_alter_table("suppressed_addresses", schema=None) as batch_op:
        batch_op.create_index("ix_suppressed_addresses_person_id", ["person_id"], unique=False)


def downgrade() -> None:
    op.drop_table("suppressed_addresses")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index("ix_messages_due")
        batch_op.drop_index("ix_messages_bulk_id")
        for name in (
            "bulk_id",
            "provider",
            "reason",
            "sent_at",
            "handed_at",
            "last_attempt_at",
            "next_attempt_at",
            "attempts",
            "mail_out",
            "body_html",
            "body_text",
            "language",
            "kind",
        ):
            batch_op.drop_column(name)
