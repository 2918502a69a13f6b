"""To-dos (with their reminder claim), badge counts, history entries

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

UUID = foyer_shared.db.UUIDStr(length=36)
WHEN = foyer_shared.db.UTCDateTime(timezone=True)
OPEN = sa.text("closed_at IS NULL")
NOT_REMINDED = sa.text("closed_at IS NULL AND reminded_at IS NULL")


def upgrade() -> None:
    op.create_table(
        "tasks",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column(
            "contact_id", UUID, sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=True
        ),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("assignee_user_id", sa.String(100), nullable=False),
        sa.Column("type_id", UUID, sa.ForeignKey("labels.id"), nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("remind_at", WHEN, nullable=True),
        sa.Column("reminded_at", WHEN, nullable=True),
        sa.Column("closed_at", WHEN, nullable=True),
        sa.Column("closed_by", sa.String(100), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    op.create_index(
        "ix_tasks_open_by_assignee",
        "tasks",
        ["assignee_user_id", "remind_at"],
        postgresql_where=OPEN,
        sqlite_where=OPEN,
    )
    op.create_index(
        "ix_tasks_reminders_due",
        "tasks",
        ["remind_at"],
        postgresql_where=NOT_REMINDED,
        sqlite_where=NOT_REMINDED,
    )
    op.create_index("ix_tasks_contact", "tasks", ["contact_id"])
    op.create_table(
        "badges",
        sa.Column("user_id", sa.String(100), primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    op.create_table(
        "history_entries",
        sa.Column("id", UUID, primary_key=True),
        sa.Column(
            "contact_id", UUID, sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("type_id", UUID, sa.ForeignKey("labels.id"), nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("written_by", sa.String(100), nullable=False),
        sa.Column("occurred_at", WHEN, nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("task_id", UUID, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_index("ix_history_contact", "history_entries", ["contact_id", "occurred_at"])


def downgrade() -> None:
    op.drop_table("history_entries")
    op.drop_table("badges")
    op.drop_table("tasks")
