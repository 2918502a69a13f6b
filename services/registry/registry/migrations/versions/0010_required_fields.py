"""required_fields: the fields the owner requires per scenario (issue 23 §2)

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "required_fields",
        sa.Column("scenario", sa.String(32), primary_key=True),
        sa.Column("field", sa.String(100), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("required_fields")
