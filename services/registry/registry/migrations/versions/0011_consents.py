"""consents and consent_history: a person's consents per purpose (issue 23 §3)

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

from foyer_shared.db import UTCDateTime, UUIDStr

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _answer() -> list:
    return [
        sa.Column("text_version", sa.String(64), nullable=False),
        sa.Column("given", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=True),
        sa.Column("by_self", sa.Boolean(), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "consents",
        sa.Column(
            "person_id",
            UUIDStr(),
            sa.ForeignKey("persons.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("purpose", sa.String(64), primary_key=True),
        *_answer(),
    )
    op.create_index("ix_consents_purpose_given", "consents", ["purpose", "given"])
    op.create_table(
        "consent_history",
        sa.Column("id", UUIDStr(), primary_key=True),
        sa.Column(
            "person_id", UUIDStr(), sa.ForeignKey("persons.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("purpose", sa.String(64), nullable=False),
        *_answer(),
    )
    op.create_index("ix_consent_history_person", "consent_history", ["person_id", "recorded_at"])


def downgrade() -> None:
    op.drop_table("consent_history")
    op.drop_table("consents")
