"""Mail-outs and their recipients

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

import foyer_shared.db

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

UUID = foyer_shared.db.UUIDStr(length=36)
WHEN = foyer_shared.db.UTCDateTime(timezone=True)
PENDING = sa.text("state = 'pending'")


def upgrade() -> None:
    op.create_table(
        "mailouts",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("subject", sa.String(200), nullable=True),
        sa.Column("body", sa.Text, nullable=True),
        sa.Column("template", sa.String(100), nullable=True),
        sa.Column("audience", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("suppressed", sa.Integer, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("finished_at", WHEN, nullable=True),
    )
    op.create_table(
        "mailout_recipients",
        sa.Column("id", UUID, primary_key=True),
        sa.Column(
            "mailout_id", UUID, sa.ForeignKey("mailouts.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "contact_id", UUID, sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("person_id", UUID, nullable=False),
        sa.Column("name", sa.String(201), nullable=False),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("reason", sa.String(32), nullable=True),
        sa.Column("message_id", UUID, nullable=True),
        sa.Column("handed_at", WHEN, nullable=True),
    )
    op.create_index(
        "ix_mailout_recipients_mailout", "mailout_recipients", ["mailout_id", "state"]
    )
    op.create_index("ix_mailout_recipients_contact", "mailout_recipients", ["contact_id"])
    op.create_index(
        "ix_mailout_recipients_pending",
        "mailout_recipients",
        ["mailout_id"],
        postgresql_where=PENDING,
        sqlite_where=PENDING,
    )


def downgrade() -> None:
    op.drop_table("mailout_recipients")
    op.drop_table("mailouts")
