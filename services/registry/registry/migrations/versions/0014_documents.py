"""documents: personal documents attached to a person, bytes in a store (issue 23 §8)

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

from foyer_shared.db import UTCDateTime, UUIDStr

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", UUIDStr(), primary_key=True),
        sa.Column(
            "person_id", UUIDStr(), sa.ForeignKey("persons.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("uploaded_at", UTCDateTime(), nullable=False),
        sa.Column("uploaded_by", sa.String(64), nullable=True),
    )
    op.create_index("ix_documents_person_id", "documents", ["person_id"])


def downgrade() -> None:
    op.drop_table("documents")
