"""owners' templates; contacts: notify's copy of the registry persons' contact facts

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

import foyer_shared.db

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_WHEN = foyer_shared.db.UTCDateTime(timezone=True)
_ID = foyer_shared.db.UUIDStr(length=36)


def upgrade() -> None:
    op.create_table(
        "templates",
        sa.Column("id", _ID, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=True),
        sa.Column("sms", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=True),
        sa.Column("updated_at", _WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "language", name="uq_templates_kind_language"),
    )
    op.create_table(
        "contacts",
        sa.Column("person_id", _ID, nullable=False),
        sa.Column("first_name", sa.String(100), nullable=True),
        sa.Column("last_name", sa.String(200), nullable=True),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("phone", sa.String(32), nullable=True),
        sa.Column("mobile_phone", sa.String(32), nullable=True),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("remind_by_email", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("remind_by_sms", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("updated_at", _WHEN, nullable=False),
        sa.PrimaryKeyConstraint("person_id"),
    )


def downgrade() -> None:
    op.drop_table("contacts")
    op.drop_table("templates")
