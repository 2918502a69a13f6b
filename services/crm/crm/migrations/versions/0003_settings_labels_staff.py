"""CRM settings, labels (tags, to-do types, history types), staff members and role names

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

import foyer_shared.db

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

UUID = foyer_shared.db.UUIDStr(length=36)
WHEN = foyer_shared.db.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "labels",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("applies_to", sa.String(16), nullable=False),
        sa.Column("archived_at", WHEN, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    op.create_index("uq_labels_name", "labels", ["kind", "applies_to", "name"], unique=True)
    op.create_table(
        "crm_settings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("responsible_role", sa.String(100), nullable=True),
        sa.Column("auto_link_customers", sa.Boolean, nullable=False),
        sa.Column("customer_role", sa.String(100), nullable=False),
        sa.Column("trial_prospects", sa.Boolean, nullable=False),
        sa.Column("trial_tag_id", UUID, nullable=True),
        sa.Column("trial_history_type_id", UUID, nullable=True),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=True),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    op.create_table(
        "staff_members",
        sa.Column("user_id", UUID, primary_key=True),
        sa.Column("person_id", UUID, nullable=True),
        sa.Column("username", sa.String(150), nullable=False),
        sa.Column("roles", sa.JSON, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    op.create_index("ix_staff_members_person_id", "staff_members", ["person_id"])
    op.create_table("known_roles", sa.Column("name", sa.String(100), primary_key=True))


def downgrade() -> None:
    op.drop_table("known_roles")
    op.drop_index("ix_staff_members_person_id", "staff_members")
    op.drop_table("staff_members")
    op.drop_table("crm_settings")
    op.drop_index("uq_labels_name", "labels")
    op.drop_table("labels")
