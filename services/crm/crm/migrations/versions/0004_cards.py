"""CRM cards: kind, responsible, company link, note, status change, bad address; tags on
cards; status changes

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

UUID = foyer_shared.db.UUIDStr(length=36)
WHEN = foyer_shared.db.UTCDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="person"))
        batch.add_column(
            sa.Column("bad_address", sa.Boolean, nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("responsible_user_id", UUID, nullable=True))
        batch.add_column(sa.Column("company_id", UUID, nullable=True))
        batch.add_column(sa.Column("note", sa.Text, nullable=True))
        batch.add_column(sa.Column("status_changed_at", WHEN, nullable=True))
        batch.add_column(sa.Column("status_changed_by", sa.String(100), nullable=True))
        batch.create_foreign_key(
            "fk_contacts_company", "contacts", ["company_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_index("ix_contacts_responsible", ["responsible_user_id", "status"])
        batch.create_index("ix_contacts_status", ["status"])
        batch.create_index("ix_contacts_name", ["last_name", "first_name", "id"])
        batch.create_index("ix_contacts_company", ["company_id"])
    op.create_table(
        "contact_tags",
        sa.Column(
            "contact_id",
            UUID,
            sa.ForeignKey("contacts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("tag_id", UUID, sa.ForeignKey("labels.id"), primary_key=True),
    )
    op.create_index("ix_contact_tags_tag", "contact_tags", ["tag_id", "contact_id"])
    op.create_table(
        "status_changes",
        sa.Column("id", UUID, primary_key=True),
        sa.Column(
            "contact_id", UUID, sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("from_status", sa.String(32), nullable=True),
        sa.Column("to_status", sa.String(32), nullable=False),
        sa.Column("changed_by", sa.String(100), nullable=False),
        sa.Column("changed_at", WHEN, nullable=False),
    )
    op.create_index("ix_status_changes_contact_id", "status_changes", ["contact_id"])


def downgrade() -> None:
    op.drop_table("status_changes")
    op.drop_table("contact_tags")
    with op.batch_alter_table("contacts") as batch:
        for name in ("company", "name", "status", "responsible"):
            batch.drop_index(f"ix_contacts_{name}")
        batch.drop_constraint("fk_contacts_company", type_="foreignkey")
        for column in (
            "status_changed_by",
            "status_changed_at",
            "note",
            "company_id",
            "responsible_user_id",
            "bad_address",
            "kind",
        ):
            batch.drop_column(column)
